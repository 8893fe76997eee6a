"""`claude-triage scan`: the command around tui.scan (input choice, progress bar, --follow, output).

Exit codes: 0 at least one failure found, 1 none, 2 a usage error or an unreadable FILE.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from .cli_io import EXIT_FINDINGS, EXIT_OK, UsageError, print_doc, print_json, terminal_width

PROGRESS_OVER = 64 * 1024 * 1024  # bytes of input before a progress bar is worth drawing
REFRESH_S = 1.0                   # --follow on a terminal: redraw at most this often
REDRAW_S = 0.1                    # the progress bar: redraw at most this often


def run(args: argparse.Namespace) -> int:
    from .scan import STDIN, Unreadable, scan_files
    from .scan.scanner import Scanner

    names = list(args.files) or [STDIN]
    if names == [STDIN] and not args.files and (sys.stdin is None or sys.stdin.isatty()):
        raise UsageError("scan needs a FILE, or a log piped on standard input (- reads stdin)")
    if names.count(STDIN) > 1:
        raise UsageError("standard input (-) can be read only once")
    if args.top is not None and args.top < 1:
        raise UsageError("--top must be at least 1")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    top = args.top if args.top is not None else (None if args.format == "json" else 20)
    for name in names:
        if name != STDIN and not os.path.exists(name) and not args.follow:
            raise UsageError(f"cannot read {name}: No such file or directory")
    if args.follow:
        return _follow(args, names, top)
    scanner = Scanner()
    if args.jobs is None:
        from .scan.parallel import default_jobs
        jobs = default_jobs()
    else:
        jobs = args.jobs
    try:
        with _progress(names) as tick:
            scan_files(names, scanner, progress=tick, jobs=jobs)
    except Unreadable as exc:
        raise UsageError(str(exc)) from None
    _print(scanner, args.format, top)
    return EXIT_OK if scanner.groups else EXIT_FINDINGS


def _print(scanner, fmt: str, top: int | None) -> None:
    from .scan import report
    if fmt == "json":
        print_json(report.to_dict(scanner, top))
    elif fmt == "markdown":
        sys.stdout.write(report.markdown(scanner, top))
    else:
        print_doc(report.scan_doc(scanner, top, terminal_width()))


class _progress:
    """A Rich progress bar on stderr while large files are scanned, only when stderr is a terminal.
    It is redrawn from the ticks, at most every REDRAW_S, never from a thread of Rich's own: a
    parallel scan forks (tui/scan/parallel.py), and a process that forks should run one thread."""

    def __init__(self, names: list[str]) -> None:
        sizes = []
        for n in names:
            try:
                sizes.append(os.path.getsize(n) if n != "-" else 0)
            except OSError:
                sizes.append(0)
        self.sizes = dict(zip(names, sizes, strict=True))
        self.total = sum(sizes)
        self.bar = None
        self.done_before = 0
        self.current = None

    def __enter__(self):
        if self.total < PROGRESS_OVER or not sys.stderr.isatty():
            return None
        return self._tick

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn, TextColumn
        self.bar = Progress(TextColumn("scanning"), BarColumn(), DownloadColumn(), TimeRemainingColumn(),
                            console=Console(stderr=True), transient=True, auto_refresh=False)
        self.task = self.bar.add_task("scan", total=self.total)
        self.bar.start()
        self.drawn = 0.0

    def _tick(self, name: str, pos: int, size: int | None) -> None:
        if self.bar is None:
            self._start()
        if name != self.current:
            if self.current is not None:
                self.done_before += self.sizes.get(self.current, 0)
            self.current = name
        self.bar.update(self.task, completed=self.done_before + pos)
        if time.monotonic() - self.drawn >= REDRAW_S:
            self.drawn = time.monotonic()
            self.bar.refresh()

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


def _terminal_rows() -> int:
    try:
        return os.get_terminal_size(sys.stdout.fileno()).lines
    except (OSError, ValueError):
        return 24


def _follow(args: argparse.Namespace, names: list[str], top: int | None) -> int:
    from .scan import report
    from .scan.follow import follow
    from .scan.scanner import Scanner

    live = sys.stdout.isatty() and args.format == "text"
    if not live:
        # Piped: one plain line per event as it is found (JSON and Markdown print at the end).
        def on_event(group, where, t) -> None:
            if args.format == "text":
                sys.stdout.write(report.event_line(group, where, t) + "\n")
        scanner = Scanner(on_event=on_event)
    else:
        scanner = Scanner()
    last, dirty = [0.0], [True]

    def tick(changed: bool) -> None:
        dirty[0] = dirty[0] or changed
        if live and dirty[0] and time.monotonic() - last[0] >= REFRESH_S:
            last[0], dirty[0] = time.monotonic(), False
            sys.stdout.write("\x1b[H\x1b[2J")  # home, clear: the table is redrawn in place
            rows = max(1, _terminal_rows() - 6)  # the summary, the header, a blank line and a margin
            print_doc(report.scan_doc(scanner, min(top or rows, rows), terminal_width(), details=False))
        sys.stdout.flush()

    try:
        follow(names, scanner, tick)
    except KeyboardInterrupt:
        pass
    if args.format != "text" or live:
        _print(scanner, args.format, top)
    return EXIT_OK if scanner.groups else EXIT_FINDINGS
