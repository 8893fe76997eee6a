"""The Checks screen's live step through Pilot, against the loopback fake API (real sockets).

Nothing may be sent before the user presses Run or Shrink, and nothing may leave this machine:
every connection to anything but loopback fails the test.
"""

from __future__ import annotations

import json
import socket

import pytest

pytest.importorskip("textual")

from textual.widgets import Button, Input, Static  # noqa: E402

from tests.fakeapi import FakeAPI, Reply, error_reply, message_json  # noqa: E402
from tests.test_app_catalogue import showing  # noqa: E402
from tests.test_probe import RATE_HEADERS  # noqa: E402

from tui.app.app import TriageApp  # noqa: E402
from tui.app.checks import ChecksScreen  # noqa: E402
from tui.app.live import LivePanel  # noqa: E402
from tui.app.modals import ConfirmModal, ShrinkConsentModal  # noqa: E402
from tui.app.rows import ProbeRow, RateTable  # noqa: E402

KEY = "sk-ant-api03-AppLiveTestKeyFAKE000000000000000"
TOKEN = "sk-ant-oat01-AppLiveTestTokenFAKE0000000000"
FAILING = {"model": "claude-opus-4-7", "max_tokens": 1000, "top_k": 3, "system": "be brief",
           "messages": [{"role": "user", "content": "hi"}]}


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """A probe that tried to reach another machine fails the test instead of connecting."""
    real = socket.socket.connect

    def connect(self, address):
        if not (isinstance(address, tuple) and address[0] in ("127.0.0.1", "::1")):
            raise AssertionError(f"tried to connect to {address!r}")
        return real(self, address)
    monkeypatch.setattr(socket.socket, "connect", connect)


@pytest.fixture
def fake():
    with FakeAPI() as f:
        yield f


def env_for(fake, **extra) -> dict:
    return {"ANTHROPIC_API_KEY": KEY, "ANTHROPIC_BASE_URL": fake.base_url, **extra}


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_live(pilot, env: dict) -> tuple[ChecksScreen, LivePanel]:
    pilot.app.env = env
    await pilot.press("f4")
    screen = pilot.app.screen
    screen.action_goto("live")
    await settle(pilot)  # the panel reads the Diagnose paste in a thread
    return screen, screen.query_one(LivePanel)


def rows(panel: LivePanel) -> dict[str, ProbeRow]:
    return {row.probe_id: row for row in panel.query(ProbeRow).results(ProbeRow)}


def text_of(widget) -> str:
    return " ".join(str(s.render()) for s in widget.query(Static))


async def test_nothing_is_sent_opening_the_screen_or_moving_between_steps(fake):
    app = TriageApp(paste=json.dumps(FAILING))
    async with app.run_test(size=(120, 40)) as pilot:
        screen, panel = await open_live(pilot, env_for(fake))
        await pilot.press("b", "n", "c", "r", "l", "s")  # l and s do nothing away from the live step
        screen.action_run_live()  # the palette's "Run live probes" from another step: shows the step first
        await settle(pilot)
        assert screen.query_one("#chk-switch").current == "step-live"
        assert fake.requests == []
        shown = text_of(panel)
        assert fake.base_url in shown and "sk-ant-api03-…" in shown and KEY not in shown
        assert panel.query_one("#live-model", Input).value == "claude-opus-4-7"  # the paste's model
        assert "validated with count_tokens" in shown
        assert not panel.query_one("#live-spend").value  # the paid probe is opt-in


async def test_run_shows_each_probe_passing(fake):
    app = TriageApp(paste=json.dumps(FAILING))
    async with app.run_test(size=(120, 40)) as pilot:
        screen, panel = await open_live(pilot, env_for(fake))
        await pilot.click("#live-run")
        await settle(pilot)
        assert {pid: row.result.status for pid, row in rows(panel).items()} == \
            {"live.models": "pass", "live.model": "pass", "live.count_tokens": "pass"}
        assert sorted(r.path for r in fake.requests) == \
            ["/v1/messages/count_tokens", "/v1/models", "/v1/models/claude-opus-4-7"]
        assert all(r.headers["x-api-key"] == KEY for r in fake.requests)
        assert "Done: 3 pass" in str(panel.query_one("#live-status", Static).render())


async def test_a_401_fails_every_probe_and_links_to_the_catalogue(fake):
    fake.default = error_reply(401, "authentication_error", "invalid x-api-key")
    app = TriageApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen, panel = await open_live(pilot, env_for(fake))
        await pilot.press("l")
        await settle(pilot)
        results = [row.result for row in rows(panel).values()]
        assert len(results) == 2 and all(r.status == "fail" and r.cause_id.startswith("auth.") for r in results)
        links = [b.name for b in screen.query("#results-conclusions .open-cause").results(Button)]
        assert results[0].cause_id in links  # the conclusions include the live failures
        button = panel.query("#live-results .open-cause").first(Button)
        await pilot.click(button)
        await pilot.pause(0.3)
        assert showing(app) == button.name


async def test_dual_credentials_are_refused_and_nothing_is_sent(fake):
    app = TriageApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen, panel = await open_live(pilot, env_for(fake, ANTHROPIC_AUTH_TOKEN=TOKEN))
        refusal = panel.query_one("#live-refusal")
        assert "Nothing will be sent" in text_of(refusal)
        assert refusal.query_one(Button).name == "auth.dual-credentials"
        await pilot.press("l")
        await settle(pilot)
        assert [(pid, row.result.cause_id) for pid, row in rows(panel).items()] == \
            [("live.preflight", "auth.dual-credentials")]
        assert fake.requests == []


async def test_escape_cancels_a_slow_run_and_the_app_stays_responsive(fake):
    fake.default = Reply(delay=2)
    app = TriageApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen, panel = await open_live(pilot, env_for(fake))
        await pilot.press("l")
        await pilot.pause(0.3)
        assert panel.busy and all(row.result is None for row in rows(panel).values())
        await pilot.press("escape")
        await pilot.pause(0.2)
        assert not panel.busy
        assert "Cancelled" in str(panel.query_one("#live-status", Static).render())
        assert all("cancelled" in str(row.query_one(".head", Static).render()) for row in rows(panel).values())
        await pilot.press("b")
        assert screen.query_one("#chk-switch").current == "step-setup"


async def test_plain_http_to_another_machine_needs_confirmation():
    # 192.0.2.1 (TEST-NET-1) is never reached: the test declines, and loopback_only guards it.
    app = TriageApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen, panel = await open_live(pilot, {"ANTHROPIC_API_KEY": KEY, "ANTHROPIC_BASE_URL": "http://192.0.2.1"})
        assert "plain http to another machine" in text_of(panel)
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("enter")  # the default button declines
        await settle(pilot)
        assert app.screen is screen and not panel.busy and not rows(panel)
        assert "Nothing sent" in str(panel.query_one("#live-status", Static).render())


async def test_rate_limits_are_read_only_when_asked(fake):
    fake.default = Reply(200, RATE_HEADERS, message_json("claude-haiku-4-5"))
    app = TriageApp()
    async with app.run_test(size=(120, 50)) as pilot:
        screen, panel = await open_live(pilot, env_for(fake))
        await pilot.click("#live-spend")
        await pilot.press("f9")
        await settle(pilot)
        table = rows(panel)["live.rate_limits"].query_one(RateTable)
        shown = str(table.render())
        assert "input-tokens" in shown and "requests" in shown
        table.clock = lambda: table.shown_at + 5  # five seconds on: the resets count down
        table.tick()
        assert str(table.render()) != shown
        assert sum(r.path == "/v1/messages" for r in fake.requests) == 1
        body = next(r.json for r in fake.requests if r.path == "/v1/messages")
        assert body["max_tokens"] == 1


async def test_shrink_asks_first_then_finds_the_field(fake):
    fake.reject_field("top_k", "claude-opus-4-7", "top_k: Extra inputs are not permitted")
    app = TriageApp(paste=json.dumps(FAILING))
    async with app.run_test(size=(120, 50)) as pilot:
        screen, panel = await open_live(pilot, env_for(fake))
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ShrinkConsentModal)
        assert [r.path for r in fake.requests] == ["/v1/messages/count_tokens"]  # the free estimate only
        assert "input tokens" in str(app.screen.query_one("#question", Static).render())
        app.screen.query_one("#budget", Input).value = "6"
        await pilot.click("#send")
        await settle(pilot)
        steps = [str(s.render()) for s in panel.query(".shrink-step")]
        assert any("passes" in s and "top_k" in s for s in steps)
        assert "top_k" in text_of(panel.query_one("#shrink-box")) and len(fake.requests) <= 1 + 6
        await pilot.click("#shrink-open")
        await pilot.pause(0.3)
        assert json.loads(app.diagnose_screen.paste_text)["top_k"] == 3
