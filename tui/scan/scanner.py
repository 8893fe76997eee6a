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
from .split import RELEVANT, cut_point, event_span, trigger_lines

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
    def __init__(self, kb=None, on_event: Callable[[Group, int | str, float | None], None] | None = None) -> None:
        self.kb = kb or knowledge.load()
        self.env = Environment.disabled()  # a log was written elsewhere: this machine's variables say nothing
        self.on_event = on_event
        self.shapes: dict[bytes, object] = {}         # an event's shape → its Group, None or a marker
        self.record_shapes: dict[bytes, object] = {}  # the same for a JSON record's error fields
        self.diagnoses: dict[tuple, Diagnosis] = {}
        self.groups: dict[tuple, Group] = {}
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
                group = self.record_shapes[key] = self._group(rec.text, ev)
            return group
        return self._group(ev, ev)

    def _group(self, text: bytes, raw: bytes) -> Group | None:
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
    """One input (a file or stdin) being scanned: keeps the unfinished tail between blocks."""

    def __init__(self, scanner: Scanner, name: str, labelled: bool = False) -> None:
        self.scanner, self.name = scanner, name
        self.pending = b""
        self.line = 0  # lines before the pending tail
        self.above = b""  # the last few lines already scanned (see _block)
        self.label = name if labelled else ""

    def feed(self, data: bytes) -> None:
        self.scanner.bytes += len(data)
        buf = self.pending + data if self.pending else data
        cut = cut_point(buf)
        if cut == 0 and len(buf) < MAX_PENDING:
            self.pending = buf
            return
        if cut == 0:
            cut = len(buf)
        self._block(buf[:cut] if cut < len(buf) else buf)
        self.pending = buf[cut:]

    def close(self) -> None:
        """Everything fed so far is final (end of file, or --follow found the writer idle)."""
        if self.pending:
            self._block(self.pending if self.pending.endswith(b"\n") else self.pending + b"\n")
            self.pending = b""

    def _block(self, block: bytes) -> None:
        sc = self.scanner
        # The last lines of the previous block go before this one, read-only: an event at the top
        # of this block may take its time from them.
        above = len(self.above)
        block = self.above + block if above else block
        done = counted = above
        line = self.line
        for ls in trigger_lines(block, above):
            if ls < done:
                continue
            s, e = event_span(block, ls, done)
            done = e
            line += block.count(b"\n", counted, s)
            counted = s
            sc.event(block[s:e].rstrip(b"\r\n"), line + 1, self.label, block, s)
        line += block.count(b"\n", counted)
        sc.lines += line - self.line
        self.line = line
        cut = len(block)
        for _ in range(LOOK_BACK):
            cut = block.rfind(b"\n", max(above, len(block) - ABOVE_BYTES), cut - 1) + 1
            if cut <= max(above, len(block) - ABOVE_BYTES):
                break
        self.above = block[max(cut, above):]
