"""One large plain file scanned by several processes at once (the CLI's `scan --jobs N`).

The file is cut into byte ranges at places no event can span (the rule `split.first_cut` applies
between blocks); a forked child scans each range with its own Scanner — the knowledge base is
already loaded and shared by the fork — and sends back its groups as plain data. The parent
merges them in file order, so the result is what one pass gives: the same groups, counts, line
numbers, first and last seen, the latest request ids. A child that fails for any reason other
than an unreadable file makes the parent scan the file in one pass instead.

POSIX only (fork), and only where no other thread runs: the CLI before its progress bar starts.
The app scans in one pass, in its worker thread.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import pickle
import select
import signal
import struct
from collections.abc import Callable

from .scanner import Scanner, lines_before
from .source import BLOCK, Input, Unreadable
from .split import first_cut

MIN_BYTES = 32 << 20   # below this a second process costs more than it saves (~10 ms to fork and merge)
MAX_JOBS = 8
WINDOW = 1 << 20       # bytes read past a range's nominal start to find a place to cut it
ABOVE = 4096           # bytes read before a range's start: the lines an event may take its time from


def default_jobs() -> int:
    """The CPUs this process may run on, at most MAX_JOBS."""
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        n = os.cpu_count() or 1
    return max(1, min(n, MAX_JOBS))


def can_split(inp: Input, jobs: int) -> bool:
    return (jobs > 1 and hasattr(os, "fork") and inp.size is not None and inp.size >= MIN_BYTES
            and not inp.gzip and inp.name != "-")


def ranges(fd: int, size: int, jobs: int) -> list[tuple[int, int]]:
    """[start, end) byte ranges of the open file `fd`, about size/jobs each, each starting where an
    event may start."""
    cuts = [0]
    for k in range(1, jobs):
        nominal = size * k // jobs
        if nominal <= cuts[-1]:
            continue
        window = os.pread(fd, WINDOW, nominal)
        nl = window.find(b"\n")
        at = first_cut(window, nl + 1) if nl >= 0 else -1
        if at > 0:  # none in the window (a huge line, an endless dump): the ranges merge
            cuts.append(nominal + at)
    cuts.append(size)
    return list(zip(cuts, cuts[1:]))


def scan_file(inp: Input, scanner: Scanner, jobs: int, labelled: bool,
              progress: Callable[[int], None] | None = None) -> bool:
    """Scan `inp` in up to `jobs` processes into `scanner`; False (and nothing changed) if it
    could not be done that way and the caller should scan it in one pass."""
    fd = inp.raw.fileno()  # the children read this very file (by pread), even if it is renamed meanwhile
    parts = ranges(fd, inp.size, jobs)
    if len(parts) < 2:
        return False
    done = mmap.mmap(-1, 8 * len(parts))  # shared with the children: bytes each has scanned
    children: list[tuple[int, int]] = []  # (pid, read end of its pipe)
    results = None
    try:
        for i, (lo, hi) in enumerate(parts):
            r, w = os.pipe()
            try:
                pid = os.fork()
            except OSError:  # out of processes: one pass will do
                os.close(r)
                os.close(w)
                return False
            if pid == 0:  # the child: never returns into the caller's code
                os.close(r)
                _child(inp.name, fd, lo, hi, scanner, w, done, i)
            os.close(w)
            children.append((pid, r))
        results = _collect(children, done, progress)
    finally:
        for pid, r in children:
            os.close(r)
            if results is None:  # interrupted (Ctrl-C): the children's work is wanted no more
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        done.close()
    if any(res is None or res[0] != "ok" for res in results):
        unreadable = next((res[1] for res in results if res and res[0] == "unreadable"), None)
        if unreadable:
            raise Unreadable(unreadable)
        return False
    _merge(scanner, inp.name, labelled, [res[1] for res in results])
    return True


def _child(path: str, fd: int, lo: int, hi: int, parent: Scanner, w: int, done: mmap.mmap, slot: int) -> None:
    status = 1
    try:
        try:
            out = ("ok", _scan_range(path, fd, lo, hi, parent, done, slot))
        except Unreadable as exc:
            out = ("unreadable", str(exc))
        except OSError as exc:
            out = ("unreadable", f"cannot read {path}: {exc.strerror or exc}")
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, which scans in one pass
            out = ("error", f"{type(exc).__name__}: {exc}")
        data = pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(data)
        while view:
            view = view[os.write(w, view):]
        status = 0
    finally:
        os._exit(status)


def _scan_range(path: str, fd: int, lo: int, hi: int, parent: Scanner, done: mmap.mmap, slot: int) -> dict:
    sc = Scanner(parent.kb, keep_readings=True)
    stream = sc.stream(path)
    if lo:
        back = max(0, lo - ABOVE)
        stream.above = lines_before(os.pread(fd, lo - back, back), lo - back)
    pos = lo
    while pos < hi:
        data = os.pread(fd, min(BLOCK, hi - pos), pos)
        if not data:
            break  # the file shrank under us: what was there is scanned
        pos += len(data)
        stream.feed(data)
        struct.pack_into("q", done, 8 * slot, pos - lo)
    stream.close()
    groups = []
    for key, group in sc.groups.items():
        text, raw = sc.readings[key]
        group.diagnosis = None  # the parent diagnoses its own reading of `text`
        groups.append((text, raw, group))
    return {"bytes": sc.bytes, "lines": sc.lines, "events": sc.events, "unrecognised": sc.unrecognised,
            "ungrouped": sc.ungrouped, "groups": groups}


def _collect(children: list[tuple[int, int]], done: mmap.mmap,
             progress: Callable[[int], None] | None) -> list[tuple | None]:
    """Read every child's pipe to its end (all at once, so none blocks on a full pipe)."""
    chunks: dict[int, list[bytes]] = {r: [] for _, r in children}
    open_fds = set(chunks)
    while open_fds:
        ready, _, _ = select.select(list(open_fds), [], [], 0.2)
        for r in ready:
            data = os.read(r, 1 << 16)
            if data:
                chunks[r].append(data)
            else:
                open_fds.discard(r)
        if progress is not None:
            progress(sum(struct.unpack_from("q", done, 8 * i)[0] for i in range(len(children))))
    results: list[tuple | None] = []
    for _, r in children:
        try:
            results.append(pickle.loads(b"".join(chunks[r])))
        except Exception:  # noqa: BLE001 - a child that died mid-write
            results.append(None)
    return results


def _merge(scanner: Scanner, name: str, labelled: bool, parts: list[dict]) -> None:
    if name not in scanner.files:
        scanner.files.append(name)
    label = name if labelled else ""
    line_offset = 0
    for part in parts:
        for text, raw, other in part["groups"]:
            group = scanner.group_of(text, raw)
            if group is not None:
                group.merge(other, line_offset, label)
        for counter in ("bytes", "events", "unrecognised", "ungrouped"):
            setattr(scanner, counter, getattr(scanner, counter) + part[counter])
        line_offset += part["lines"]
    scanner.lines += line_offset


__all__ = ["can_split", "default_jobs", "ranges", "scan_file"]
