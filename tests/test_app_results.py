"""The Diagnose results as blocks, through Textual's Pilot: hanging indents as drawn, open/close."""

from __future__ import annotations

import pytest

pytest.importorskip("textual")

import knowledge  # noqa: E402
from textual.geometry import Region  # noqa: E402

from tui.app.app import TriageApp  # noqa: E402
from tui.app.blocks import HangingText  # noqa: E402
from tui.app.causes import CauseBlock, CauseTitle  # noqa: E402
from tui.app.paste import PasteArea  # noqa: E402
from tui.app.results import ResultsPanel  # noqa: E402

from tests.helpers import hanging_rows, indent  # noqa: E402
from tests.test_render_ansi import LONG_MESSAGE  # noqa: E402


def example(cause_id: str, index: int = 0) -> str:
    return knowledge.load().cause_by_id[cause_id].examples[index].paste


PASTES = {"tool_result 400": example("request.tool-use-without-result"),
          "429": example("rate.input-tokens-per-minute", 1), "long message": LONG_MESSAGE}


def drawn(widget) -> list[str]:
    """The rows Textual draws for a widget (its whole height, scrolled into view or not)."""
    return [strip.text for strip in widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))]


async def diagnosed(pilot, paste: str) -> ResultsPanel:
    pilot.app.open_paste(paste)
    await pilot.pause(0.3)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return pilot.app.diagnose_screen.query_one(ResultsPanel)


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_no_wrapped_line_of_a_cause_block_starts_at_the_margin(size):
    app = TriageApp(env={})
    async with app.run_test(size=size) as pilot:
        continued_in_blocks = 0
        for name, paste in PASTES.items():
            panel = await diagnosed(pilot, paste)
            blocks = panel.blocks()
            assert len(blocks) >= 2, name
            assert not blocks[0].collapsed and all(b.collapsed for b in blocks[1:]), "the top cause opens, no other"
            panel.toggle_all()
            await pilot.pause()
            assert not any(b.collapsed for b in blocks)
            for block in blocks:
                title, body = block.query_one(CauseTitle), block.query_one(HangingText)
                assert body.region.x >= title.region.x + 4, "a block's body is indented under its title row"
                for widget in (title, body):
                    rows = drawn(widget)
                    assert len(rows) == widget.size.height and all(len(r) <= widget.size.width for r in rows)
                    continued = hanging_rows(widget.plain.splitlines(), rows)
                    continued_in_blocks += len(continued)
                    for row, hang in continued:  # under its own line's text, right of the block's margin
                        assert indent(row) == hang and widget.region.x + hang > block.region.x, (name, size, row)
            for part in ("#report", "#tail"):  # what was read, and the retry line, hang the same way
                widget = panel.query_one(part, HangingText)
                for row, hang in hanging_rows(widget.plain.splitlines(), drawn(widget)):
                    assert indent(row) == hang, (name, size, row)
        assert continued_in_blocks >= (20 if size[0] == 80 else 5), "these pastes wrap inside their blocks"


async def test_a_click_or_enter_opens_a_cause_and_f6_opens_them_all():
    app = TriageApp(env={})
    async with app.run_test(size=(120, 40)) as pilot:
        panel = await diagnosed(pilot, PASTES["tool_result 400"])
        first, second = panel.blocks()[:2]
        assert second.collapsed and "fix 1." not in panel.text().split(second.cause_id)[1]
        panel.scroll_to_widget(second, animate=False)  # as a user scrolls down to it
        await pilot.pause()
        await pilot.click(second.query_one(CauseTitle))
        await pilot.pause()
        assert not second.collapsed and "fix 1." in panel.text().split(second.cause_id)[1]
        second.query_one(CauseTitle).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert second.collapsed
        app.diagnose_screen.query_one(PasteArea).focus()  # the paste box would take F6 as "select line"
        await pilot.press("f6")
        await pilot.pause()
        assert not first.collapsed and not second.collapsed
        await pilot.press("f6")  # all open: back to the top one alone
        await pilot.pause()
        assert not first.collapsed and second.collapsed
        # A new paste reuses the blocks and opens its own top cause only.
        await diagnosed(pilot, PASTES["429"])
        blocks = panel.blocks()
        assert blocks[0] is first and blocks[0].cause_id == "rate.input-tokens-per-minute"
        assert all(b.collapsed for b in blocks[1:])
        assert isinstance(first, CauseBlock)


async def test_hostile_text_in_a_block_stays_literal():
    hostile = ("anthropic.BadRequestError: Error code: 400 - {'type': 'error', 'error': {'type': "
               "'invalid_request_error', 'message': 'tool_use ids were found without tool_result blocks "
               "[@click=app.quit]x[/] \x1b[31mred\x1b[0m [bold]b[/bold]'}}")
    app = TriageApp(env={})
    async with app.run_test(size=(100, 30)) as pilot:
        panel = await diagnosed(pilot, hostile)
        text = "\n".join("\n".join(drawn(w)) for w in panel.query(HangingText))
        assert "[@click=app.quit]x[/]" in text and "[bold]b[/bold]" in text and "\x1b" not in text
        for widget in panel.query(HangingText):
            panel.scroll_to_widget(widget, animate=False)
            await pilot.pause()
            await pilot.click(widget)
        assert app.is_running
