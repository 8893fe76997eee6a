"""`claude-triage scan`: every Claude API failure in a log, grouped by cause.

Contents, in the order the bytes flow:
- source.py     open files, gzip (by magic bytes) and stdin; read them in 1 MiB blocks
- split.py      the fast prefilter (trigger strings found with bytes.find) and the multi-line
                event around each hit: tracebacks, Node dumps, curl -v, SSE, Claude Code blocks
- jsonlines.py  a JSON-lines record → the text and time it holds
- stamps.py     timestamps of the common log formats → epoch seconds
- signature.py  an event's cheap *shape* (reader cache key) and its *signature* (grouping key)
- groups.py     a group of events and its aggregates (count, first/last seen, ids, models…)
- scanner.py    Scanner/Stream: blocks in, groups out; one reading per shape, one diagnosis per signature
- parallel.py   a large plain file cut into ranges, each scanned by a forked process, merged in order
- follow.py     `--follow`: tail -F over growing, rotated and truncated files
- report.py     the JSON contract (version 1), the text table with sparklines, Markdown

No Textual and no httpx here; layer: imports reader, engine and render only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .source import STDIN, Unreadable, open_input

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .groups import Group
    from .scanner import Scanner, Stream


def __getattr__(name: str):
    """Scanner, Stream and Group load the engine and the knowledge base: only when asked for, so
    that `looks_like_log` (the app's start-up decision) stays cheap."""
    if name in ("Scanner", "Stream"):
        from . import scanner
        return getattr(scanner, name)
    if name == "Group":
        from .groups import Group
        return Group
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = ["Group", "STDIN", "Scanner", "Stream", "Unreadable", "looks_like_log", "scan_files", "scan_bytes"]

# What makes a paste or file a log, opened in the app's Scan view rather than in Diagnose: a few
# failure events among many lines, or many events. A single paste holds up to 5 (Claude Code's
# retries of one 529, among the knowledge base's 314 example pastes), in under 30 lines.
LOG_EVENTS, LOG_LINES, LOG_MANY_EVENTS = 3, 40, 8
LOG_SNIFF = 4 << 20   # bytes looked at to decide


def looks_like_log(data: bytes) -> bool:
    """Is `data` a log of failures rather than one failure? Splitting only, no reading: cheap
    enough to decide at the app's start whether a file opens in Diagnose or in Scan."""
    from .split import RELEVANT, cut_point, event_span, trigger_lines
    block = data[:LOG_SNIFF]
    if len(data) > LOG_SNIFF:
        block = block[:cut_point(block) or len(block)]
    at_least = LOG_EVENTS if block.count(b"\n") >= LOG_LINES else LOG_MANY_EVENTS
    found = done = 0
    for ls in trigger_lines(block):
        if ls < done:
            continue
        s, done = event_span(block, ls, done)
        if RELEVANT.search(block, s, done):
            found += 1
            if found >= at_least:
                return True
    return False


def scan_files(names: Iterable[str], scanner: Scanner | None = None,
               progress: Callable[[str, int, int | None], None] | None = None, jobs: int = 1) -> Scanner:
    """Scan FILEs (or "-" for stdin) to the end; raises Unreadable for one that cannot be read.
    `jobs` > 1: a large plain file is scanned by that many processes (parallel.py; no other
    thread may be running)."""
    from .scanner import Scanner
    scanner = scanner or Scanner()
    names = list(names)
    labelled = len(names) > 1
    for name in names:
        inp = open_input(name)
        try:
            tick = None if progress is None else (lambda pos, n=inp.label, s=inp.size: progress(n, pos, s))
            if jobs > 1 and scanner.on_event is None:
                from . import parallel
                if parallel.can_split(inp, jobs) and parallel.scan_file(inp, scanner, jobs, labelled, tick):
                    continue
            stream = scanner.stream(name, labelled)
            for block in inp.blocks(tick):
                stream.feed(block)
            stream.close()
        finally:
            inp.close()
    scanner.finish()
    return scanner


def scan_bytes(data: bytes, name: str = "paste", scanner: Scanner | None = None) -> Scanner:
    """Scan text already in memory (a paste in the app, a test)."""
    from .scanner import Scanner
    scanner = scanner or Scanner()
    stream = scanner.stream(name)
    for i in range(0, len(data), 1 << 20):
        stream.feed(data[i:i + (1 << 20)])
    stream.close()
    scanner.finish()
    return scanner
