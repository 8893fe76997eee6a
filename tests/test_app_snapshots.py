"""Snapshot tests of every screen with real content (pytest-textual-snapshot).

The README's scenes (tui/app/screenshots.py) plus the sizes and states a user meets: 80x24 and
200x60, a hostile paste, the example picker. The app runs with a fake environment, the retry
countdown's clock is frozen and cursors do not blink, so a picture only changes when the app
does. Review a changed picture before accepting it: `pytest tests/test_app_snapshots.py
--snapshot-update`, then look at the SVGs in tests/__snapshots__/.
"""

from __future__ import annotations

import pytest

pytest.importorskip("pytest_textual_snapshot")

from tui.app import screenshots  # noqa: E402
from tui.app.screenshots import SCENES, example, make_app, settle  # noqa: E402

from tests.helpers import ROOT  # noqa: E402

INJECTION = ("anthropic.BadRequestError: Error code: 400 - {'type': 'error', 'error': {'type': "
             "'invalid_request_error', 'message': 'bad [@click=app.quit]x[/] \x1b[31mred\x1b[0m "
             "\x1b]52;c;aGVsbG8=\x07 [bold]b[/bold]'}}")


@pytest.mark.parametrize("scene", SCENES, ids=[s.name for s in SCENES])
def test_readme_scene(snap_compare, scene):
    assert snap_compare(make_app(), terminal_size=scene.size, run_before=scene.prepare)


@pytest.mark.parametrize("scene", SCENES, ids=[s.name for s in SCENES])
async def test_readme_screenshots_are_current(scene):
    """screenshots/ holds what `python -m tui.app.screenshots` makes today (and no key)."""
    committed = ROOT / "screenshots" / f"{scene.name}.svg"
    assert committed.exists(), "run `python -m tui.app.screenshots` and commit screenshots/"
    assert await screenshots.shoot(scene) == committed.read_text(encoding="utf-8"), \
        f"{committed.name} is stale: run `python -m tui.app.screenshots` and review the SVGs"


async def _typo(pilot):
    await screenshots._diagnose(pilot, example("access.model-id-typo"))


async def _injection(pilot):
    await screenshots._diagnose(pilot, INJECTION)


async def _tool_result(pilot):
    await screenshots._diagnose(pilot, example("request.tool-use-without-result"))


async def _tool_result_all_open(pilot):
    await _tool_result(pilot)
    await pilot.press("f6")  # open every cause's block
    await settle(pilot)


async def _example_picker(pilot):
    await pilot.press("ctrl+l")
    await settle(pilot)
    await pilot.press(*"overloaded")
    await settle(pilot)


def _catalogue_search(query: str):
    async def search(pilot):
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("ctrl+f", *query)
        await pilot.pause(0.5)
        await settle(pilot)
    return search


def test_diagnose_at_80x24(snap_compare):
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_typo)


def test_diagnose_blocks_at_80x24(snap_compare):
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_tool_result)


def test_diagnose_blocks_open_at_120x40(snap_compare):
    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=_tool_result_all_open)


def test_diagnose_at_200x60(snap_compare):
    assert snap_compare(make_app(), terminal_size=(200, 60), run_before=screenshots.rate_limit_scene)


def test_hostile_paste_is_shown_literally(snap_compare):
    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=_injection)


def test_example_picker(snap_compare):
    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=_example_picker)


def test_catalogue_search_at_80x24(snap_compare):
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_catalogue_search("dual"))


def test_catalogue_search_by_relevance_at_120x40(snap_compare):
    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=_catalogue_search("overloaded"))


def test_checks_first_step(snap_compare):
    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=screenshots.checks_scene)


def test_checks_conclusions(snap_compare):
    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=screenshots.checks_conclusions_scene)
