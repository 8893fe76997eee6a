"""The app on pathological pastes (issue 12): each is diagnosed without taking the app down, the
results panel shows nothing raw, and a newer paste replaces one still being diagnosed — also on
the huge-paste path, where a child process does the work. (The stall and memory figures are
measured by `python tests/bench/bench_hostile.py --app`, not asserted here.)"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

pytest.importorskip("textual")

from textual import events  # noqa: E402

from tui.app import outcome as outcomes  # noqa: E402
from tui.app.app import TriageApp  # noqa: E402
from tests.helpers import shown_text  # noqa: E402
from tui.render.doc import INVISIBLE  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent / "bench"))
from bench_hostile import shapes  # noqa: E402

RAW = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{INVISIBLE}]")
OVERLOADED = 'HTTP/1.1 529\n\n{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}'
# The table's rows (the rest are the same paths at 10 MB, in the bench).
ROWS = [(name, paste) for name, paste in shapes()[:6]] + [("control bytes", "\x1b[" * 400_000 + "\u202e" * 1000)]


def _report(app) -> str:
    return shown_text(app.screen.outcome) if app.screen.outcome else ""


async def _settle(app, pilot) -> None:
    await pilot.pause(0.1)
    for _ in range(600):
        await app.workers.wait_for_complete()
        await pilot.pause(0.05)
        if not any(w.is_running for w in app.workers) and app.screen.outcome is not None \
                and app.screen.outcome.gen == app.screen._gen:
            return


@pytest.mark.parametrize("name,paste", ROWS, ids=[r[0] for r in ROWS])
async def test_hostile_paste_is_diagnosed_and_shown_clean(name, paste):
    app = TriageApp(env={})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.post_message(events.Paste(paste))
        await _settle(app, pilot)
        assert app.is_running and app.screen.outcome is not None, name
        shown = _report(app) + app.screen.outcome.markdown
        assert not RAW.search(shown), name
    outcomes.shutdown()


async def test_a_newer_paste_replaces_a_huge_one_still_being_diagnosed():
    """A 1 MB hostile paste goes to the child process; a small paste right after it is answered
    (in-process) first, and the huge one's late answer is dropped, not shown over it."""
    big = "Error code: 400 - {'type': 'error', 'error': {'message': '" + "\\'" * 500_000
    app = TriageApp(env={})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.post_message(events.Paste(big))
        await pilot.pause(0.05)
        app.screen.set_paste(OVERLOADED)
        await _settle(app, pilot)
        assert "overloaded" in _report(app)
        await pilot.pause(0.5)  # the child's answer for the older paste has come and gone by now
        await app.workers.wait_for_complete()
        assert "overloaded" in _report(app) and app.screen.outcome.gen == app.screen._gen
    outcomes.shutdown()
