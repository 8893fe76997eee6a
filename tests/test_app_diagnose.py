"""The Diagnose screen driven through Textual's Pilot: paste → causes, actions, hostile pastes."""

from __future__ import annotations

import os
import select
import struct
import sys
import threading
import time

if os.name == "posix":
    import fcntl
    import pty
    import termios

import pytest

pytest.importorskip("textual")

import knowledge  # noqa: E402
from textual import events  # noqa: E402

from tui.app import outcome as outcomes  # noqa: E402
from tui.app.app import TriageApp  # noqa: E402
from tui.app.diagnose import DEBOUNCE_S, INLINE, DiagnoseScreen  # noqa: E402
from tui.app.paste import PasteArea  # noqa: E402
from tui.app.outcome import LARGE  # noqa: E402
from tui.app.results import ResultsPanel, RetryCountdown  # noqa: E402

from tests.helpers import ROOT, run_cli  # noqa: E402

FAKE_KEY = "sk-ant-api03-FAKEfakeFAKEfake0000fakeXyZ"
KEYED_CURL = f"""> POST /v1/messages HTTP/2
> Host: api.anthropic.com
> x-api-key: {FAKE_KEY}
> anthropic-version: 2023-06-01
> content-type: application/json
>
< HTTP/2 401
< request-id: req_011CKeyedCurl00000000001
< content-type: application/json
<
{{"type":"error","error":{{"type":"authentication_error","message":"invalid x-api-key"}},"request_id":"req_011CKeyedCurl00000000001"}}
"""
RETRY_429 = """HTTP/2 429
retry-after: 18
request-id: req_011CCountdown0000000001
content-type: application/json

{"type":"error","error":{"type":"rate_limit_error","message":"This request would exceed your organization's rate limit of 50 requests per minute."}}
"""
INJECTION = ("anthropic.BadRequestError: Error code: 400 - {'type': 'error', 'error': {'type': "
             "'invalid_request_error', 'message': 'bad [@click=app.quit]x[/] \x1b[31mred\x1b[0m "
             "\x1b]52;c;aGVsbG8=\x07 [bold]b[/bold]'}}")


def example(cause_id: str) -> str:
    return knowledge.load().cause_by_id[cause_id].examples[0].paste


def plain(widget) -> str:
    return str(widget.render())


async def settle(app, pilot) -> DiagnoseScreen:
    """Let the debounce fire and the diagnosis worker finish; return the Diagnose screen."""
    await pilot.pause(DEBOUNCE_S + 0.05)
    await app.workers.wait_for_complete()
    await pilot.pause()
    return app.diagnose_screen


def report(app) -> str:
    return app.screen.query_one(ResultsPanel).text()


@pytest.fixture
def clipboard(monkeypatch):
    copied: list[str] = []
    monkeypatch.setattr(TriageApp, "copy_to_clipboard", lambda self, text: copied.append(text))
    return copied


async def test_pasted_404_model_typo_shows_its_cause():
    app = TriageApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        area = app.screen.query_one(PasteArea)
        app.post_message(events.Paste(example("access.model-id-typo")))  # as a terminal's bracketed paste
        await settle(app, pilot)
        assert area.text == example("access.model-id-typo")  # inserted once
        text = report(app)
        assert "1." in text and text.index("access.model-id-typo") < text.index("Likely causes") + 200
        assert "req_011CVm3Xr8Tq1Zs6Pd4Wy2Ka" in text and "claude-sonnet-4.6" in text
        assert "python" in plain(app.screen.query_one("#snippet-label")).lower() or app.screen.query_one("#language").value == "python"
        assert "except anthropic.NotFoundError" in plain(app.screen.query_one("#snippet"))


async def test_load_example_uses_the_examples_own_env(monkeypatch):
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-api03-RealLookingButOnlyOneKey0000")  # must be ignored
    app = TriageApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.press(*"dual-cred", "enter")
        await settle(app, pilot)
        assert app.screen.query_one(PasteArea).text == example("auth.dual-credentials")
        text = report(app)
        assert "auth.dual-credentials" in text.split("Likely causes")[1].split("\n")[1]
        status = plain(app.screen.query_one("#status"))
        assert "bundled example" in status and "ANTHROPIC_AUTH_TOKEN" in status


async def test_a_json_paste_is_highlighted_as_json():
    body = '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011CJson"}'
    app = TriageApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        area = app.screen.query_one(PasteArea)
        app.diagnose_screen.set_paste(body)
        await settle(app, pilot)
        if "json" in area.available_languages:  # tree-sitter-json installed (a dependency)
            assert area.language == "json"
        app.diagnose_screen.set_paste(example("access.model-id-typo"))  # a traceback: plain text again
        await settle(app, pilot)
        assert area.language is None


async def test_typing_rediagnoses_after_the_debounce():
    app = TriageApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.query_one(PasteArea).load_text(example("server.overloaded"))
        await settle(app, pilot)
        assert "server.overloaded" in report(app)
        await pilot.press("ctrl+n")
        await settle(app, pilot)
        assert "Paste what you have" in report(app) and app.screen.outcome is None


async def test_markup_and_terminal_escapes_stay_literal(clipboard):
    app = TriageApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.post_message(events.Paste(INJECTION))
        await settle(app, pilot)
        area = app.screen.query_one(PasteArea)
        assert "[@click=app.quit]x[/]" in area.text and "\x1b" not in area.text and "␛[31m" in area.text
        text = report(app)
        assert "[@click=app.quit]x[/]" in text and "[bold]b[/bold]" in text
        assert not any(c in text for c in "\x1b\x07\x9b")
        svg = app.export_screenshot()
        assert "\x1b" not in svg and "\x07" not in svg
        await pilot.click("#report", offset=(20, 1))
        await pilot.click("#report", offset=(30, 1))
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert clipboard and "[@click=app.quit]" in clipboard[-1]
        # the engine read the original characters, not their pictures
        assert app.screen.outcome.summary["input"]["error_type"] == "invalid_request_error"


async def test_ten_megabyte_paste_keeps_the_ui_responsive(monkeypatch):
    gate = threading.Event()
    real_build = outcomes.build_elsewhere

    def slow_build(*args, **kwargs):
        gate.wait(10)  # hold the worker until the test has pressed a key
        return real_build(*args, **kwargs)

    monkeypatch.setattr(outcomes, "build_elsewhere", slow_build)
    big = "2026-11-28T10:00:00Z INFO request ok id=7f3a\n" * 240_000 + example("access.model-id-typo")
    assert len(big) > 10_000_000
    app = TriageApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        area = screen.query_one(PasteArea)
        app.post_message(events.Paste(big))
        await pilot.pause()
        assert area.read_only and len(area.text) < LARGE  # a preview, not 10 MB of TextArea
        assert "Diagnosing 10." in plain(screen.query_one("#status"))
        assert any(w.is_running for w in app.workers)
        focused = app.focused
        await pilot.press("tab")  # handled while the worker is still busy
        assert app.focused is not focused
        assert any(w.is_running for w in app.workers)
        gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "access.model-id-typo" in report(app)
        assert "Large paste: 10." in plain(screen.query_one("#paste-note"))


async def test_newer_paste_wins_over_a_slow_older_one(monkeypatch):
    # Pastes past INLINE go to a thread worker; the first one is held until the second is done.
    release = threading.Event()
    real_build = outcomes.build
    padding = "\n" + "2026-11-28T10:00:00Z INFO request ok id=7f3a\n" * (INLINE // 40)

    def build(gen, text, *rest):
        if "not_found_error" in text:
            release.wait(10)
        return real_build(gen, text, *rest)

    monkeypatch.setattr(outcomes, "build", build)
    app = TriageApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.set_paste(example("access.model-id-typo") + padding)
        await pilot.pause()
        screen.set_paste("HTTP/1.1 529\n\n" + '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}'
                         + padding)
        await pilot.pause(0.3)
        assert "overloaded" in report(app)  # the newer paste is shown while the older one still runs
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "overloaded" in report(app) and "access.model-id-typo" not in report(app)


async def test_retry_countdown_ticks(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(RetryCountdown, "clock", staticmethod(lambda: now[0]))
    app = TriageApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.set_paste(RETRY_429)
        await settle(app, pilot)
        countdown = app.screen.query_one(RetryCountdown)
        assert countdown.display and "retry in 18 s" in plain(countdown)
        now[0] += 5
        await pilot.pause(1.1)  # the widget's own one-second interval
        assert "retry in 13 s" in plain(countdown)
        now[0] += 20
        await pilot.pause(1.1)
        assert "retry allowed now" in plain(countdown)


async def test_copy_fix_and_report_are_redacted(clipboard):
    app = TriageApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+f")  # nothing diagnosed yet: a warning, no copy
        assert not clipboard
        app.screen.set_paste(KEYED_CURL)
        await settle(app, pilot)
        assert FAKE_KEY not in report(app)
        await pilot.press("ctrl+f")
        top = knowledge.load().cause_by_id[app.screen.outcome.top_id]
        assert clipboard[-1].startswith(top.title) and "1. " in clipboard[-1]
        await pilot.press("f8")  # the fallback key of "copy report"
        md = clipboard[-1]
        assert md.startswith("## Claude API error: `401") and "req_011CKeyedCurl00000000001" in md
        assert FAKE_KEY not in "".join(clipboard)


async def test_save_report_writes_a_redacted_file(tmp_path):
    target = tmp_path / "report.md"
    app = TriageApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.set_paste(KEYED_CURL)
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        field = app.screen.query_one("#path")
        assert field.value == "./claude-triage-report.md"
        field.value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        text = target.read_text(encoding="utf-8")
        assert "## Claude API error: `401" in text and "req_011CKeyedCurl00000000001" in text
        assert FAKE_KEY not in text and "FAKEfakeFAKEfake0000" not in text


async def test_language_picker_changes_the_snippet():
    app = TriageApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.set_paste(example("access.model-id-typo"))
        await settle(app, pilot)
        select = app.screen.query_one("#language")
        assert select.value == "python"
        select.value = "go"
        await pilot.pause()
        assert "errors.As" in plain(app.screen.query_one("#snippet"))
        app.screen.set_paste(example("server.overloaded"))  # detected typescript; the user's pick stays
        await settle(app, pilot)
        assert select.value == "go"


async def test_small_terminal_stacks_the_panes_and_modes_switch():
    app = TriageApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.has_class("-narrow")
        await pilot.press("f3")
        await pilot.pause()
        assert app.current_mode == "catalogue"
        app.open_paste(example("access.model-id-typo"))
        await settle(app, pilot)
        assert app.current_mode == "diagnose" and "access.model-id-typo" in report(app)
        await pilot.press("f1")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DiagnoseScreen)


# --- launching the app from the command line ----------------------------------------------

def test_bare_command_off_a_terminal_prints_help():
    proc = run_cli()  # stdout is a pipe: no app, the help text
    assert proc.returncode == 0 and b"usage: claude-triage" in proc.stdout and b"tui" in proc.stdout


def test_tui_off_a_terminal_says_why():
    proc = run_cli("tui", stdin="whatever")
    assert proc.returncode == 2 and b"needs a terminal" in proc.stderr


@pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals are POSIX")
def test_piped_paste_opens_the_app_and_keys_come_from_the_terminal(tmp_path):
    """`cat paste | claude-triage` in a real (pseudo) terminal: the paste is diagnosed and
    ctrl+q, typed at the terminal, quits."""
    paste = tmp_path / "paste.txt"
    paste.write_text(example("access.model-id-typo"), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
    pid, fd = pty.fork()
    if pid == 0:  # the child: a shell whose controlling terminal is the pty, piping the paste in
        os.chdir(ROOT)
        os.execvpe("sh", ["sh", "-c", f"cat '{paste}' | '{sys.executable}' -m tui"], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    seen, deadline, quit_sent = b"", time.monotonic() + 30, False
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break  # the app exited and closed the terminal
                if not chunk:
                    break
                seen += chunk
            if not quit_sent and b"req_011CVm3Xr8Tq1Zs6Pd4Wy2Ka" in seen and b"model-id-typo" in seen:
                os.write(fd, b"\x11")  # ctrl+q from the keyboard
                quit_sent = True
        assert quit_sent, seen[-2000:]
        _, status = os.waitpid(pid, 0)
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    finally:
        try:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(fd)
