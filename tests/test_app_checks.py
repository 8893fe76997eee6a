"""The Checks screen through Textual's Pilot: the wizard walks to conclusions that link the catalogue."""

from __future__ import annotations

import socket

import pytest

pytest.importorskip("textual")

from textual.widgets import Button, ContentSwitcher, RadioButton, RadioSet  # noqa: E402

from tests.test_app_catalogue import showing  # noqa: E402

from tui.app.app import TriageApp  # noqa: E402
from tui.app.checks import ALL_STEPS, CheckRow, ChecksScreen  # noqa: E402

DUAL = {"ANTHROPIC_API_KEY": "sk-ant-api03-AbCdEfGh0000fakeKeyXyZ",
        "ANTHROPIC_AUTH_TOKEN": "sk-ant-oat01-QrStUvWx0000fakeTokenAbCd"}


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Nothing on this screen may connect anywhere."""
    def refuse(*args, **kwargs):
        raise AssertionError("the Checks screen tried to open a connection")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


async def open_checks(pilot, env) -> ChecksScreen:
    pilot.app.env = env  # the environment the screen checks (None: os.environ)
    await pilot.app.switch_mode("checks")
    await pilot.pause()
    return pilot.app.screen


def step(screen: ChecksScreen) -> str:
    return screen.query_one(ContentSwitcher).current.removeprefix("step-")


def conclusion_links(screen: ChecksScreen) -> list[str]:
    return [b.name for b in screen.query("#results-conclusions .open-cause").results(Button)]


async def test_wizard_walks_to_dual_credentials_and_opens_the_catalogue():
    app = TriageApp()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_checks(pilot, DUAL)
        assert step(screen) == "environment"
        first = screen.query_one("#results-environment").query(CheckRow).first()
        assert first.result.cause_id == "auth.dual-credentials"
        for _ in ALL_STEPS[1:]:
            await pilot.press("n")
        assert step(screen) == "conclusions"
        await pilot.pause()
        assert conclusion_links(screen)[0] == "auth.dual-credentials"
        shown = " ".join(str(s.render()) for s in screen.query("#results-conclusions Static"))
        assert "AbCdEfGh0000fakeKeyXyZ" not in shown and "QrStUvWx0000fakeTokenAbCd" not in shown
        await pilot.click("#results-conclusions .open-cause")
        await pilot.pause(0.3)
        assert showing(app) == "auth.dual-credentials"


async def test_answers_recompute_the_conclusions():
    app = TriageApp()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_checks(pilot, {"ANTHROPIC_API_KEY": DUAL["ANTHROPIC_API_KEY"]})
        await pilot.press("n", "n", "n")
        assert step(screen) == "setup"
        assert "model.fable-retention" not in conclusion_links(screen)
        retention = screen.query_one("#q-retention", RadioSet)
        await pilot.click(retention.query(RadioButton)[1])  # "Yes: zero data retention…"
        await pilot.pause()
        assert retention.pressed_button.name == "yes"
        assert "model.fable-retention" in conclusion_links(screen)
        setup_rows = {r.result.id: r.result.status for r in screen.query("#results-setup CheckRow").results(CheckRow)}
        assert setup_rows["setup.retention"] == "warn" and setup_rows["setup.platform"] == "skip"


async def test_platform_answer_changes_the_credential_verdict():
    app = TriageApp()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_checks(pilot, {})
        assert "client.no-auth-method" in conclusion_links(screen)
        screen.query_one("#q-platform", RadioSet).focus()
        await pilot.press("down", "enter")  # Amazon Bedrock
        await pilot.pause()
        assert "client.no-auth-method" not in conclusion_links(screen)
        assert "auth.bedrock-no-credentials" in conclusion_links(screen)


async def test_the_live_step_sends_nothing_by_itself():
    app = TriageApp()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_checks(pilot, {})
        screen.action_goto("live")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert step(screen) == "live"
        assert not screen.query_one("#live-run", Button).disabled  # sends only when pressed (tests/test_app_live.py)
        refused = screen.query_one("#live-refusal")
        assert refused.query_one(Button).name == "auth.missing-key"  # no credential: it would refuse anyway
        await pilot.press("b", "b", "b", "b", "b", "b")  # back stops at the first step
        assert step(screen) == "environment"


async def test_rerun_reads_the_environment_again():
    app = TriageApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_checks(pilot, {})
        app.env = DUAL
        await pilot.press("r")
        await pilot.pause()
        assert "auth.dual-credentials" in conclusion_links(screen)
