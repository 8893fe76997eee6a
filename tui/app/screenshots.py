"""Regenerate the README's screenshots: `python -m tui.app.screenshots [--out screenshots]`.

Each scene drives the real app headless (App.run_test) to a state with real content and saves
an SVG. The same scenes feed the snapshot tests (tests/test_app_snapshots.py), so what the
README shows is what the tests check. The environment is fake (obviously fake keys), and every
file is checked for those keys before it is written: a screenshot must never hold a secret.
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
    Scene("checks", checks_conclusions_scene),
    Scene("help", help_scene, (100, 36)),
]


def make_app():
    from .app import TriageApp
    return TriageApp(env=FAKE_ENV)


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
