"""The Scan view: every Claude API failure in a log (tui.scan), grouped by cause, in a table.

Flow: a thread worker scans the file (or a paste holding many failures) and posts `ScanProgress`
while it reads and `ScanDone` at the end; it touches no widget. The table sorts by count or by
time; Enter opens the group's example in the Diagnose screen (the view stays one key away: alt+4).
"""

from __future__ import annotations

import time

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, ProgressBar, Static

from ..render.doc import clean
from ..scan import report

PROGRESS_EVERY_S = 0.1  # the worker posts progress at most this often
HISTOGRAM_WIDTH = 72
HISTOGRAM_HEIGHT = 4


class ScanProgress(Message):
    def __init__(self, done: int, total: int | None) -> None:
        super().__init__()
        self.done, self.total = done, total


class ScanDone(Message):
    def __init__(self, scanner) -> None:
        super().__init__()
        self.scanner = scanner


class ScanFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class ScanScreen(Screen):
    SUB_TITLE = "Scan"
    BINDINGS = [
        Binding("c", "sort('count')", "By count", tooltip="Sort the groups by how many events they have"),
        Binding("t", "sort('time')", "By time", tooltip="Sort the groups by when they were last seen"),
        # Enter on a row does the same (DataTable's RowSelected); this key names it in the footer.
        Binding("d", "diagnose", "Diagnose", tooltip="Open the group's example in Diagnose"),
    ]
    DEFAULT_CSS = """
    ScanScreen #scan-summary { height: auto; padding: 0 1; }
    ScanScreen #scan-progress { height: 1; padding: 0 1; }
    ScanScreen #scan-histogram { height: auto; padding: 0 1; color: $accent; }
    ScanScreen #scan-groups { height: 1fr; }
    ScanScreen #scan-detail { height: auto; max-height: 8; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, path: str | None = None, text: str | None = None) -> None:
        super().__init__()
        self.path, self.text = path, text
        self.scanner = None
        self.groups: list = []
        self.sorted_by = "count"

    @property
    def source_name(self) -> str:
        return self.path or "the paste"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(f"Scanning {clean(self.source_name)}…"), id="scan-summary")
        yield ProgressBar(id="scan-progress", show_eta=False)
        yield Static(id="scan-histogram")
        yield DataTable(id="scan-groups", cursor_type="row", zebra_stripes=True)
        yield Static(id="scan-detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Count", "Status / type", "Cause", "First seen (UTC)", "Last seen (UTC)")
        self.query_one("#scan-histogram").display = False
        self._scan(self.path, self.text)

    # --- the worker ---------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="scan", exit_on_error=False, description="scan the log")
    def _scan(self, path: str | None, text: str | None) -> None:
        from ..scan import Scanner, Unreadable, scan_bytes, scan_files
        last = [0.0]

        def progress(name: str, done: int, total: int | None) -> None:
            now = time.monotonic()
            if now - last[0] >= PROGRESS_EVERY_S:
                last[0] = now
                self.post_message(ScanProgress(done, total))

        try:
            scanner = Scanner()
            if path is not None:
                scan_files([path], scanner, progress=progress)
            else:
                scan_bytes((text or "").encode("utf-8", "replace"), "paste", scanner)
        except Unreadable as exc:
            self.post_message(ScanFailed(str(exc)))
            return
        except Exception as exc:  # noqa: BLE001 - shown on the screen; the app must stay up
            self.post_message(ScanFailed(f"{type(exc).__name__}: {exc}. This is a bug; please report it."))
            return
        self.post_message(ScanDone(scanner))

    def on_scan_progress(self, message: ScanProgress) -> None:
        self.query_one(ProgressBar).update(total=message.total, progress=message.done)

    def on_scan_failed(self, message: ScanFailed) -> None:
        self.query_one(ProgressBar).display = False
        self.query_one("#scan-summary", Static).update(Text(clean(f"Could not scan: {message.error}"), style="red"))

    def on_scan_done(self, message: ScanDone) -> None:
        self.scanner = message.scanner
        self.query_one(ProgressBar).display = False
        self.show_summary()
        self._show_histogram()
        self.groups = self.scanner.sorted_groups()
        self._fill()
        self.query_one(DataTable).focus()

    # --- the view -----------------------------------------------------------------------------

    def show_summary(self) -> None:
        sc = self.scanner
        head = Text(clean(self.source_name), style="bold")
        head.append("   " + report.summary(sc), style="dim")
        if not sc.groups:
            head.append("\nNo Claude API failure found.", style="yellow")
        self.query_one("#scan-summary", Static).update(head)

    def _show_histogram(self) -> None:
        groups = list(self.scanner.groups.values())
        rows = report.histogram(groups, HISTOGRAM_WIDTH, HISTOGRAM_HEIGHT)
        widget = self.query_one("#scan-histogram", Static)
        if not rows:
            return
        span = report.time_range(groups)
        first, last = report.when(span[0]), report.when(span[1])
        axis = first + " " * max(1, HISTOGRAM_WIDTH - len(first) - len(last)) + last
        widget.update(Text("\n".join([*rows, axis])))
        widget.display = True

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        short = report.one_year(self.groups)
        for i, g in enumerate(self.groups):
            cause = g.cause.id if g.cause else "no known cause"
            table.add_row(Text(f"{g.count:,}", justify="right"), Text(clean(report.headline(g))), Text(clean(cause)),
                          Text(report.when(g.first, short)), Text(report.when(g.last, short)), key=str(i))
        self._show_detail()

    def _current(self):
        table = self.query_one(DataTable)
        if not self.groups or table.cursor_row is None or not 0 <= table.cursor_row < len(self.groups):
            return None
        key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        return self.groups[int(key)]

    def _show_detail(self) -> None:
        g = self._current()
        detail = self.query_one("#scan-detail", Static)
        if g is None:
            detail.update("")
            return
        d = g.to_dict()
        out = Text()
        if g.cause:
            out.append(clean(g.cause.cause.title), style="bold")
        if g.signature.message:
            out.append("\nmessage  " + clean(g.signature.message))
        if d["fix"]:
            out.append("\nfix      " + clean(d["fix"]))
        out.append("\nlines    " + ", ".join(map(str, g.lines)))
        if g.request_ids:
            out.append("\nrequests " + clean(", ".join(g.request_ids)))
        detail.update(out)

    def on_data_table_row_highlighted(self) -> None:
        self._show_detail()

    def action_sort(self, by: str) -> None:
        if by == "time":
            self.groups.sort(key=lambda g: (-(g.last or 0.0), -g.count))
        else:
            self.groups.sort(key=lambda g: g.sort_key())
        self.sorted_by = by
        self._fill()

    def on_data_table_row_selected(self) -> None:
        self.action_diagnose()

    def action_diagnose(self) -> None:
        g = self._current()
        if g is None:
            return
        self.app.open_paste(g.example)
