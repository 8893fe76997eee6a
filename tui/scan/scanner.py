"""The scanner: bytes of one or more logs in, groups of failure events out.

Feed it blocks in order (`Stream.feed`), then `Stream.close()`. Memory stays flat in the size of
the log: a block is processed and dropped; only the groups, a bounded cache of event shapes and
the tail of the last block (the start of an event still being written) are kept.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import knowledge

from ..engine import Diagnosis, diagnose_observation
from ..engine.env import Environment
from ..reader import normalise, read
from . import jsonlines, signature, stamps
from .groups import Group
from .split import RELEVANT, cut_point, event_span, first_cut, trigger_lines

MAX_SHAPES = 20_000          # distinct event shapes remembered; beyond, the cache starts over
MAX_PENDING = 8 * 1024 * 1024  # a block with no safe cut is processed whole past this size
EXAMPLE_BYTES = 8192         # of an event kept as its group's example (escapes and controls removed)
LOOK_BACK = 4                # lines looked at above an event without a time of its own
ABOVE_BYTES = 4096           # at most this much of them kept from one block for the next
MAX_GROUPS = 5_000           # beyond, events of a new shape are only counted ("ungrouped"), not read
_MISSING = object()
_UNGROUPED = object()   # a shape whose group would be past MAX_GROUPS
_IRRELEVANT = object()  # a shape that says nothing about an API call (an app's own "error" line)


class Scanner:
    def __init__(self, kb=None, on_event: Callable[[Group, int | str, float | None], None] | None = None,
                 keep_readings: bool = False) -> None:
        self.kb = kb or knowledge.load()
        self.env = Environment.disabled()  # a log was written elsewhere: this machine's variables say nothing
        self.on_event = on_event
        self.shapes: dict[bytes, object] = {}         # an event's shape → its Group, None or a marker
        self.record_shapes: dict[bytes, object] = {}  # the same for a JSON record's error fields
        self.diagnoses: dict[tuple, Diagnosis] = {}
        self.groups: dict[tuple, Group] = {}
        # Per group, the text it was read from and the head of its first event (parallel.py sends
        # these to the parent, which reads them again rather than receive a Diagnosis).
        self.readings: dict[tuple, tuple[bytes, bytes]] | None = {} if keep_readings else None
        self.files: list[str] = []
        self.bytes = self.lines = self.events = self.unrecognised = self.ungrouped = 0
        self.started = time.perf_counter()
        self.elapsed: float | None = None

    def stream(self, name: str, labelled: bool = False) -> Stream:
        """A new input; `labelled`: its line numbers are given as NAME:LINE (several inputs)."""
        if name not in self.files:
            self.files.append(name)
        return Stream(self, name, labelled)

    @property
    def seconds(self) -> float:
        """Seconds spent so far, or in all once `finish()` was called."""
        return self.elapsed if self.elapsed is not None else time.perf_counter() - self.started

    def finish(self) -> None:
        self.elapsed = time.perf_counter() - self.started

    def sorted_groups(self) -> list[Group]:
        return sorted(self.groups.values(), key=Group.sort_key)

    # --- one event ------------------------------------------------------------------------

    def event(self, ev: bytes, line: int, label: str, block: bytes = b"", at: int = 0) -> None:
        """A candidate event, starting on `line` (1-based) of input `label` (empty for a single
        input), at offset `at` of `block` (the line above it often holds a traceback's time).

        The hot path: a known shape costs a dict lookup; only a new shape is read (and its
        signature diagnosed, if that signature is new too)."""
        tokens = signature.Tokens(ev)
        key = signature.shape(ev, tokens)
        group = self.shapes.get(key, _MISSING)
        if group is _MISSING:
            if len(self.shapes) >= MAX_SHAPES:
                self.shapes.clear()
            group = self.shapes[key] = self._classify(ev)
        if group is _IRRELEVANT:
            return
        self.events += 1
        if group is None or group is _UNGROUPED:
            if group is None:
                self.unrecognised += 1
            else:
                self.ungrouped += 1
            return
        t = stamps.parse(ev)
        if t is None and ev[:1] == b"{":
            rec = jsonlines.read(ev)  # a time as epoch seconds or deeper in the record
            t = rec.time if rec is not None else None
        if t is None:
            t = _time_above(block, at)
        where = f"{label}:{line}" if label else line
        group.add(where, t, tokens.request_ids, tokens.models)
        if self.on_event is not None:
            self.on_event(group, where, t)

    def _classify(self, ev: bytes):
        """A new shape: irrelevant, past the group limit, or the group of what it reads as.

        A JSON-lines record is read through the fields that hold its error; their own shape is
        a second cache, so records that differ only in other fields (a trace id, a user, a
        host) are read once."""
        if RELEVANT.search(ev) is None:
            return _IRRELEVANT
        if len(self.groups) >= MAX_GROUPS:
            return _UNGROUPED  # a log of endless distinct failures: no more readings (time stays bounded)
        if ev[:1] == b"{" and ev.count(b"\n") <= 1 and (rec := jsonlines.read(ev)) is not None:
            key = signature.shape(rec.text, signature.Tokens(rec.text))
            group = self.record_shapes.get(key, _MISSING)
            if group is _MISSING:
                if len(self.record_shapes) >= MAX_SHAPES:
                    self.record_shapes.clear()
                group = self.record_shapes[key] = self.group_of(rec.text, ev)
            return group
        return self.group_of(ev, ev)

    def group_of(self, text: bytes, raw: bytes) -> Group | None:
        """Read one new shape (`text`: what the reader sees; `raw`: the event as the log has it);
        diagnose its signature unless it was diagnosed already."""
        obs = read(text)
        sig = signature.of(obs)
        key = sig.key()
        anonymous = key == (None, None, None, None)
        d = None if anonymous else self.diagnoses.get(key)
        if d is None:
            d = diagnose_observation(obs, self.env, self.kb)
            if not anonymous:
                self.diagnoses[key] = d
        if not d.causes and obs.status is None and obs.error_type is None:
            return None
        gkey = (key, d.top.id if d.top else None)
        group = self.groups.get(gkey)
        if group is None:
            group = self.groups[gkey] = Group(sig, d, normalise(raw[:EXAMPLE_BYTES]))
            if self.readings is not None:
                self.readings[gkey] = (text, raw[:EXAMPLE_BYTES])
        for s in (obs.source, *obs.wrappers):
            if s not in ("text", "raw-json"):
                group.sources[s] = None
        return group


def _time_above(block: bytes, at: int, lines: int = LOOK_BACK) -> float | None:
    """The time of the nearest stamped line above an event that has none (a traceback printed
    under the logger's line, a Claude Code block under a debug line)."""
    for _ in range(lines):
        if at <= 0:
            return None
        start = block.rfind(b"\n", 0, at - 1) + 1
        t = stamps.parse(block[start:at])
        if t is not None:
            return t
        at = start
    return None


class Stream:
    """One input (a file or stdin) being scanned: keeps the unfinished tail between blocks.

    A block is read where it lies: only its head (up to the first place an event cannot span) is
    joined to the tail of the previous block. Joining whole blocks cost two copies of every
    megabyte and, through the allocator, a page fault for every 4 KiB (0.2 s of a 200 MB scan)."""

    def __init__(self, scanner: Scanner, name: str, labelled: bool = False) -> None:
        self.scanner, self.name = scanner, name
        self.pending = b""  # the tail not scanned yet: an event there may go on in the next block
        self.line = 0  # lines before the pending tail
        self.above = b""  # the last few lines already scanned (see _region)
        self.label = name if labelled else ""

    def feed(self, data: bytes) -> None:
        if not data:
            return
        self.scanner.bytes += len(data)
        start = 0  # data before this was scanned (as the head, joined to what came before)
        if self.pending or self.above:
            k = first_cut(data, _after_lines(data, LOOK_BACK))
            if k < 0:  # no place to cut near the head: join the whole block (rare, and bounded)
                start = len(self.above)
                data, self.pending = self.above + self.pending + data, b""
            else:
                self._region(self.pending + data[:k])
                self.pending, start = b"", k
        cut = cut_point(data, start)
        if cut == start and len(data) - start < MAX_PENDING:
            self.pending, self.above = data[start:], lines_before(data, start)
            return
        if cut == start:
            cut = len(data)
        self._region(data, start, cut)
        self.pending = data[cut:]

    def close(self) -> None:
        """Everything fed so far is final (end of file, or --follow found the writer idle)."""
        if self.pending:
            self._region(self.pending if self.pending.endswith(b"\n") else self.pending + b"\n")
            self.pending = b""

    def _region(self, block: bytes, lo: int | None = None, hi: int | None = None) -> None:
        """Scan block[lo:hi] (a run of whole events). The lines above `lo` are looked at only for
        the time of an event that has none; with no `lo`, `block` is new text that goes after the
        lines kept from the last region (`above`)."""
        if lo is None:
            lo = len(self.above)
            block = self.above + block if lo else block
        hi = len(block) if hi is None else hi
        sc = self.scanner
        done = counted = lo
        line = self.line
        for ls in trigger_lines(block, lo, hi):
            if ls < done:
                continue
            s, e = event_span(block, ls, done, hi)
            done = e
            line += block.count(b"\n", counted, s)
            counted = s
            sc.event(block[s:e].rstrip(b"\r\n"), line + 1, self.label, block, s)
        line += block.count(b"\n", counted, hi)
        sc.lines += line - self.line
        self.line = line
        self.above = lines_before(block, hi)


def lines_before(block: bytes, hi: int) -> bytes:
    """The last LOOK_BACK lines of block[:hi] (at most ABOVE_BYTES of them)."""
    floor = max(0, hi - ABOVE_BYTES)
    cut = hi
    for _ in range(LOOK_BACK):
        cut = block.rfind(b"\n", floor, cut - 1) + 1
        if cut <= floor:
            cut = floor
            break
    return block[cut:hi]


def _after_lines(block: bytes, n: int) -> int:
    """Where the (n+1)-th line of block starts (len(block) if it has fewer lines): a cut there
    leaves the lines above it to be looked back at."""
    pos = 0
    for _ in range(n):
        nl = block.find(b"\n", pos)
        if nl < 0:
            return len(block)
        pos = nl + 1
    return pos
