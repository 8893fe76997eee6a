"""The Scan view driven through Textual's Pilot: a log file's groups, sorting, Enter → Diagnose,
the histogram, a large file scanned in a worker with a progress bar."""

from __future__ import annotations

import sys

import pytest

pytest.importorskip("textual")

from textual.widgets import DataTable, ProgressBar  # noqa: E402

from tests.helpers import ROOT  # noqa: E402
from tui.app import scan as scan_view  # noqa: E402
from tui.app.app import TriageApp  # noqa: E402
from tui.app.scan import ScanProgress, ScanScreen  # noqa: E402
from tui.scan import looks_like_log  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "scan"
WORKER = FIXTURES / "python_worker.log"


async def _scanned(pilot, app) -> ScanScreen:
    for _ in range(200):
        await pilot.pause(0.05)
        screen = app.screen
        if isinstance(screen, ScanScreen) and screen.scanner is not None:
            return screen
    raise AssertionError("the scan did not finish")


def _column(table: DataTable, col: int) -> list[str]:
    return [str(table.get_row_at(r)[col]) for r in range(table.row_count)]


async def test_log_file_opens_scan_view_with_its_groups_sortable():
    app = TriageApp(scan=(str(WORKER), None))
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await _scanned(pilot, app)
        table = screen.query_one(DataTable)
        assert table.row_count == 4
        assert _column(table, 0) == ["3", "2", "1", "1"]
        assert _column(table, 2)[0] == "rate.input-tokens-per-minute"
        assert screen.query_one("#scan-histogram").display
        await pilot.press("t")  # by time: the latest last-seen first
        assert _column(table, 4)[0] == "12-06 02:21:45"
        assert _column(table, 4) == sorted(_column(table, 4), reverse=True)
        await pilot.press("c")
        assert _column(table, 0) == ["3", "2", "1", "1"]


async def test_enter_opens_the_groups_diagnosis_and_alt_4_comes_back():
    app = TriageApp(scan=(str(WORKER), None))
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await _scanned(pilot, app)
        await pilot.press("down")  # the second group
        group = screen.groups[1]
        await pilot.press("enter")
        for _ in range(100):
            await pilot.pause(0.05)
            d = app.diagnose_screen
            if app.current_mode == "diagnose" and d.outcome is not None:
                break
        assert app.current_mode == "diagnose"
        assert d.paste_text == group.example
        assert d.outcome.top_id == group.cause.id
        await pilot.press("alt+4")
        await pilot.pause()
        assert app.current_mode == "scan" and app.screen is screen


async def test_alt_4_on_diagnose_scans_the_paste():
    paste = (FIXTURES / "claude_code_debug.log").read_text()
    app = TriageApp(paste=paste)
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("alt+4")
        screen = await _scanned(pilot, app)
        assert screen.path is None and screen.scanner.events == 6
        assert screen.query_one(DataTable).row_count == 3


async def test_pasting_a_log_opens_the_scan_view_and_one_failure_does_not():
    import knowledge
    from textual import events
    app = TriageApp()
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.pause(0.3)
        app.post_message(events.Paste(knowledge.load().cause_by_id["server.claude-code-529"].examples[0].paste))
        await pilot.pause(0.5)
        assert app.current_mode == "diagnose"
        app.post_message(events.Paste(WORKER.read_text()))
        screen = await _scanned(pilot, app)
        assert screen.path is None and screen.scanner.events == 7


async def test_missing_file_says_so():
    app = TriageApp(scan=("/nonexistent/app.log", None))
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            text = str(app.screen.query_one("#scan-summary").render())
            if "Could not scan" in text:
                break
        assert "Could not scan" in text and "/nonexistent/app.log" in text


async def test_large_file_scans_in_a_worker_with_progress(tmp_path, monkeypatch):
    sys.path.insert(0, str(ROOT / "tests" / "bench"))
    from scanlog import write_log
    path = tmp_path / "big.log"
    events = write_log(str(path), 12_000_000)
    seen: list[tuple[int, int | None]] = []
    original = ScanScreen.on_scan_progress

    def record(self, message: ScanProgress) -> None:
        seen.append((message.done, message.total))
        assert self.scanner is None  # progress arrives while the worker still reads
        original(self, message)

    monkeypatch.setattr(ScanScreen, "on_scan_progress", record)
    monkeypatch.setattr(scan_view, "PROGRESS_EVERY_S", 0.0)  # every 1 MiB block
    app = TriageApp(scan=(str(path), None))
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await _scanned(pilot, app)
        assert not screen.query_one(ProgressBar).display  # hidden once done
        assert screen.query_one(ProgressBar).total == path.stat().st_size
    assert screen.scanner.events == events
    assert len(seen) >= 10 and all(total == path.stat().st_size for _, total in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_which_inputs_open_the_scan_view():
    import knowledge
    assert looks_like_log(WORKER.read_bytes())
    assert not any(looks_like_log(e.paste.encode()) for c in knowledge.load().causes for e in c.examples)
