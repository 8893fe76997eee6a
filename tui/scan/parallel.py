"""One large plain file scanned by several processes at once (the CLI's `scan --jobs N`).

The file is cut into byte ranges at places no event can span (the rule `split.first_cut` applies
between blocks). This process scans the first range itself, as one pass would; a forked child
scans each of the others with its own Scanner (the knowledge base is already loaded and shared by
the fork) and sends back its groups as plain data, each with its key. They are merged in file
order — a group this process already has takes them without a second reading — so the result is
what one pass gives: the same groups, counts, line numbers, first and last seen, the latest
request ids. If a child fails for any reason other than an unreadable file, this process scans
the rest of the file itself.

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
    """Scan `inp` with up to `jobs` processes into `scanner`; False (and nothing done) if the file
    has no place to split it and the caller should scan it in one pass."""
    fd = inp.raw.fileno()  # the children read this very file (by pread), even if it is renamed meanwhile
    parts = ranges(fd, inp.size, jobs)
    if len(parts) < 2:
        return False
    done = mmap.mmap(-1, 8 * len(parts))  # shared with the children: bytes each has scanned
    children: list[tuple[int, int]] = []  # (pid, read end of its pipe), for parts[1:] in order
    results = None
    stream = scanner.stream(inp.name, labelled)
    try:
        for slot, (lo, hi) in enumerate(parts[1:], 1):
            r, w = os.pipe()
            try:
                pid = os.fork()
            except OSError:  # out of processes: the ranges left are scanned here
                os.close(r)
                os.close(w)
                break
            if pid == 0:  # the child: never returns into the caller's code
                os.close(r)
                _child(inp.name, fd, lo, hi, scanner, w, done, slot)
            os.close(w)
            children.append((pid, r))
        _feed(stream, fd, *parts[0], done, 0, progress)
        results = _collect(children, done, progress)
    finally:
        for pid, r in children:
            os.close(r)
            if results is None:  # interrupted (Ctrl-C), or this range unreadable: stop the others
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        done.close()
    if len(results) == len(parts) - 1 and all(res is not None and res[0] == "ok" for res in results):
        stream.close()
        _merge(scanner, stream, [res[1] for res in results])
    else:
        unreadable = next((res[1] for res in results if res and res[0] == "unreadable"), None)
        if unreadable:
            raise Unreadable(unreadable)
        _feed(stream, fd, parts[0][1], inp.size)  # a child failed: the rest in this process
        stream.close()
    return True


def _feed(stream, fd: int, lo: int, hi: int, done: mmap.mmap | None = None, slot: int = 0,
          progress: Callable[[int], None] | None = None) -> None:
    """Feed bytes [lo, hi) of the file to `stream`, noting the progress in `done[slot]`."""
    pos = lo
    while pos < hi:
        try:
            data = os.pread(fd, min(BLOCK, hi - pos), pos)
        except OSError as exc:
            raise Unreadable(f"cannot read {stream.name}: {exc.strerror or exc}") from None
        if not data:
            break  # the file shrank under us: what was there is scanned
        pos += len(data)
        stream.feed(data)
        if done is not None:
            struct.pack_into("q", done, 8 * slot, pos - lo)
            if progress is not None:
                progress(_progress(done))


def _progress(done: mmap.mmap) -> int:
    return sum(struct.unpack_from("q", done, i)[0] for i in range(0, len(done), 8))


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
    back = max(0, lo - ABOVE)
    stream.above = lines_before(os.pread(fd, lo - back, back), lo - back)
    _feed(stream, fd, lo, hi, done, slot)
    stream.close()
    groups = []
    for key, group in sc.groups.items():
        text, raw = sc.readings[key]
        group.diagnosis = None  # the parent has it, or diagnoses its own reading of `text`
        groups.append((key, text, raw, group))
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
            progress(_progress(done))
    results: list[tuple | None] = []
    for _, r in children:
        try:
            results.append(pickle.loads(b"".join(chunks[r])))
        except Exception:  # noqa: BLE001 - a child that died mid-write
            results.append(None)
    return results


def _merge(scanner: Scanner, stream, parts: list[dict]) -> None:
    """The children's parts after this process's own range, in file order."""
    line_offset = stream.line
    for part in parts:
        for key, text, raw, other in part["groups"]:
            group = scanner.groups.get(key) or scanner.group_of(text, raw)
            if group is not None:
                group.merge(other, line_offset, stream.label)
        for counter in ("bytes", "events", "unrecognised", "ungrouped"):
            setattr(scanner, counter, getattr(scanner, counter) + part[counter])
        scanner.lines += part["lines"]
        line_offset += part["lines"]


__all__ = ["can_split", "default_jobs", "ranges", "scan_file"]
