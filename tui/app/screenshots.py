"""Regenerate the README's screenshots: `python -m tui.app.screenshots [--out screenshots]`.

Each scene drives the real app headless (App.run_test) to a state with real content and saves
an SVG. The same scenes feed the snapshot tests (tests/test_app_snapshots.py), so what the
README shows is what the tests check. The environment is fake (obviously fake keys), and every
file is checked for those keys before it is written: a screenshot must never hold a secret. The
live probes in the checks scene go to the tests' loopback stand-in for the API, never to the real one.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import NamedTuple

# An environment with both credentials set (the Checks screen's dual-credential conclusion),
# with keys that are obviously fake and must appear masked.
FAKE_ENV = {"ANTHROPIC_API_KEY": "sk-ant-api03-AbCdEfGh0000fakeKeyXyZ",
            "ANTHROPIC_AUTH_TOKEN": "sk-ant-oat01-QrStUvWx0000fakeTokenAbCd"}
# The anthropic release the Checks scenes speak of, whatever the host has installed.
FAKE_SDK_VERSION = "2.17.0"
FROZEN_CLOCK = 1_000.0  # the retry countdown shows its first second in every picture
SIZE = (120, 40)
_FULL_KEY = re.compile(r"sk-ant-[a-z]+\d*-[A-Za-z0-9_\-]{12,}")


def example(cause_id: str, index: int = 0) -> str:
    import knowledge
    return knowledge.load().cause_by_id[cause_id].examples[index].paste


async def settle(pilot) -> None:
    """Wait for diagnosis workers and timers, and stop cursors blinking (stable pictures)."""
    app = pilot.app
    await pilot.pause(0.3)
    await app.workers.wait_for_complete()
    await pilot.pause()
    for widget in app.screen.query("*"):
        if hasattr(widget, "cursor_blink"):
            widget.cursor_blink = False
    await pilot.pause()


async def _diagnose(pilot, paste: str) -> None:
    from .results import RetryCountdown
    pilot.app.diagnose_screen.query_one(RetryCountdown).clock = lambda: FROZEN_CLOCK
    pilot.app.open_paste(paste)
    await settle(pilot)


async def diagnose_scene(pilot) -> None:
    # A curl -v dump with an OAuth token sent as x-api-key: the token shows masked everywhere.
    await _diagnose(pilot, example("auth.oauth-in-x-api-key"))


async def rate_limit_scene(pilot) -> None:
    # A 429 with retry-after: the live countdown (clock frozen for the picture).
    await _diagnose(pilot, example("rate.input-tokens-per-minute", 1))


async def catalogue_scene(pilot) -> None:
    pilot.app.show_catalogue("auth.dual-credentials")
    await settle(pilot)


async def checks_scene(pilot) -> None:
    await pilot.press("f4")
    await settle(pilot)


async def checks_conclusions_scene(pilot) -> None:
    await pilot.press("f4")
    await settle(pilot)
    await pilot.press("c")
    await settle(pilot)


# The live step's scene: a request whose tool_use has no tool_result, in the Diagnose paste; probes
# (and the 1-token rate-limit message) go to the repository's loopback stand-in for the API, on a
# fixed port so the base URL in the picture never changes.
LIVE_PORT = 47_474
LIVE_REQUEST = {"model": "claude-opus-4-7", "max_tokens": 1024,
                "tools": [{"name": "get_weather", "description": "Weather for a city",
                           "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}}}],
                "messages": [{"role": "user", "content": "Weather in Paris?"},
                             {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_01FakeToolUse0000",
                                                                "name": "get_weather", "input": {"city": "Paris"}}]},
                             {"role": "user", "content": "And in Rome?"}]}
LIVE_ERROR = ("messages.1: `tool_use` ids were found without `tool_result` blocks immediately after: "
              "toolu_01FakeToolUse0000. Each `tool_use` block must have a corresponding `tool_result` block in the "
              "next message.")
LIMITS = {"requests": ("50", "49", 6), "input-tokens": ("30000", "29990", 42), "output-tokens": ("8000", "8000", 42)}


def _live_answers(fake):
    import time
    from datetime import datetime, timezone

    from tests.fakeapi import error_reply

    def answer(req):
        if req.path == "/v1/messages/count_tokens":
            return error_reply(400, "invalid_request_error", LIVE_ERROR)
        reply = fake._route(req)
        if req.path == "/v1/messages":
            for name, (limit, remaining, reset_s) in LIMITS.items():
                # Whole seconds from now, to the millisecond: the picture always says the same "resets in".
                reset = datetime.fromtimestamp(time.time() + reset_s, timezone.utc).isoformat(timespec="milliseconds")
                reply.headers.update({f"anthropic-ratelimit-{name}-limit": limit,
                                      f"anthropic-ratelimit-{name}-remaining": remaining,
                                      f"anthropic-ratelimit-{name}-reset": reset})
        return reply
    return answer


async def checks_live_scene(pilot) -> None:
    import json

    from tests.fakeapi import FakeAPI  # a development tool: run from a checkout, like the tests

    from .rows import ProbeRow, RateTable
    app = pilot.app
    with FakeAPI(port=LIVE_PORT) as fake:
        fake.default = _live_answers(fake)
        app.env = {"ANTHROPIC_API_KEY": FAKE_ENV["ANTHROPIC_API_KEY"], "ANTHROPIC_BASE_URL": fake.base_url}
        app.open_paste(json.dumps(LIVE_REQUEST, indent=2))
        await settle(pilot)
        await pilot.press("f4")
        app.screen.action_goto("live")
        await settle(pilot)
        await pilot.click("#live-spend")
        timing = ProbeRow.__dict__["timing"]  # the staticmethod itself, to put back as it was
        ProbeRow.timing = staticmethod(lambda ms: "3 ms")  # the network's speed is not part of the picture
        try:
            await pilot.press("l")
            await settle(pilot)
        finally:
            ProbeRow.timing = timing
        for table in app.screen.query(RateTable).results(RateTable):
            table.freeze()
        app.screen.set_focus(None)  # no highlighted checkbox in the picture
        app.screen.query_one("#step-live").scroll_end(animate=False)
        await settle(pilot)


async def scan_scene(pilot) -> None:
    # A worker's log (Python tracebacks among INFO lines) scanned: its failures grouped by cause.
    from tests.helpers import ROOT  # a development tool: run from a checkout, like the tests

    from .scan import ScanScreen
    log = (ROOT / "tests" / "fixtures" / "scan" / "python_worker.log").read_text(encoding="utf-8")
    pilot.app.open_scan(text=log)
    for _ in range(200):
        await pilot.pause(0.05)
        if isinstance(pilot.app.screen, ScanScreen) and pilot.app.screen.scanner is not None:
            break
    screen = pilot.app.screen
    screen.scanner.elapsed = 0.1  # the machine's speed is not part of the picture
    screen.show_summary()
    await settle(pilot)


async def help_scene(pilot) -> None:
    await pilot.press("f1")
    await settle(pilot)


class Scene(NamedTuple):
    name: str
    prepare: Callable[..., Awaitable[None]]
    size: tuple[int, int] = SIZE


SCENES = [
    Scene("diagnose", diagnose_scene),
    Scene("diagnose-retry", rate_limit_scene),
    Scene("catalogue", catalogue_scene),
    Scene("checks", checks_live_scene, (120, 48)),
    Scene("help", help_scene, (100, 36)),
    Scene("scan", scan_scene),
]


def make_app():
    from .app import TriageApp
    return TriageApp(env=FAKE_ENV, sdk_version=FAKE_SDK_VERSION)


def assert_no_secret(svg: str, name: str) -> None:
    leaked = [v for v in FAKE_ENV.values() if v in svg] + _FULL_KEY.findall(svg)
    if leaked:
        raise AssertionError(f"screenshot {name} would show a key in full: {leaked[0][:16]}…")


async def shoot(scene: Scene) -> str:
    app = make_app()
    async with app.run_test(size=scene.size) as pilot:
        await scene.prepare(pilot)
        svg = app.export_screenshot(title=f"claude-triage — {scene.name}")
    assert_no_secret(svg, scene.name)
    return svg


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tui.app.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="screenshots", help="folder to write the SVG files to (default: screenshots)")
    parser.add_argument("names", nargs="*", help=f"scenes to shoot (default: all of {', '.join(s.name for s in SCENES)})")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    chosen = [s for s in SCENES if not args.names or s.name in args.names]
    for scene in chosen:
        svg = asyncio.run(shoot(scene))
        path = out / f"{scene.name}.svg"
        path.write_text(svg, encoding="utf-8", newline="\n")
        print(f"wrote {path} ({scene.size[0]}x{scene.size[1]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
