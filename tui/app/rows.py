"""Rows of the Checks screen: one check's outcome, one live probe's (which starts as "running…"),
and the rate-limit table whose reset times count down.

Text comes from the same renderers as the CLI (tui.render.checks) and is shown as Rich Text, so
nothing from a check or a server's answer is read as Textual markup.
"""

from __future__ import annotations

import time

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Static

from ..checks import CheckResult
from ..render.checks import MARK, rate_table
from ..render.doc import STYLES, to_rich

LINKED = ("fail", "warn", "info")  # outcomes worth a link to their catalogue entry


class CheckRow(Vertical):
    """One check: status mark, title and detail as literal text, and a link to its catalogue entry."""

    DEFAULT_CSS = """
    CheckRow { height: auto; margin-bottom: 1; }
    CheckRow .detail { padding-left: 9; color: $text; }
    CheckRow Button { margin-left: 9; }
    """

    def __init__(self, result: CheckResult | None) -> None:
        super().__init__()
        self.result = result

    def head(self) -> Text:
        r = self.result
        assert r is not None
        mark, style = MARK.get(r.status, (r.status, ""))
        return Text.assemble((f"{mark:<7}", STYLES.get(style, "")), "  ", (r.title, "bold"))

    def compose(self) -> ComposeResult:
        r = self.result
        assert r is not None
        yield Static(self.head(), classes="head")
        if r.detail:
            yield Static(Text(r.detail), classes="detail")
        if r.cause_id and r.status in LINKED:
            yield Button(f"Open {r.cause_id} in the catalogue", name=r.cause_id, classes="open-cause",
                         compact=True)


def elapsed(ms: float) -> str:
    return f"{ms:.0f} ms"


class ProbeRow(CheckRow):
    """A live probe: "running…" until its result arrives (`show`), or "cancelled" (`cancel`)."""

    # Screenshots replace it: a committed picture must not depend on how fast the network was.
    timing = staticmethod(elapsed)

    def __init__(self, probe_id: str, title: str) -> None:
        super().__init__(None)
        self.probe_id = probe_id
        self.pending_title = title
        self.state = "running"  # until a result comes: "running" or "cancelled"

    def head(self) -> Text:
        if self.result is None:
            mark, style = MARK[self.state]
            return Text.assemble((f"{mark:<7}", STYLES.get(style, "")), "  ", (self.pending_title, "bold"),
                                 (f"  {self.state}…" if self.state == "running" else f"  {self.state}", "dim italic"))
        text = super().head()
        took = getattr(self.result, "elapsed_ms", 0.0)
        if took:
            text.append(f"  {self.timing(took)}", "dim")
        return text

    def compose(self) -> ComposeResult:
        if self.result is None:
            yield Static(self.head(), classes="head")
            return
        yield from super().compose()
        rows = (getattr(self.result, "data", None) or {}).get("rate_limits")
        if rows:
            yield RateTable(rows)

    async def show(self, result: CheckResult) -> None:
        self.result = result
        await self.recompose()

    def cancel(self) -> None:
        if self.result is None:
            self.state = "cancelled"
            self.query_one(".head", Static).update(self.head())


class RateTable(Static):
    """The rate-limit headers as a table; "resets in" counts down from when the answer came."""

    clock = staticmethod(time.monotonic)

    def __init__(self, rows: list[dict]) -> None:
        super().__init__()
        self.rows = rows
        self.shown_at = self.clock()

    def freeze(self) -> None:
        """Show the time left as it was when the answer came, and stop there (screenshots)."""
        self.clock = lambda: self.shown_at
        self.tick()

    def on_mount(self) -> None:
        self.tick()
        if any(isinstance(r.get("reset_in_s"), int | float) and r["reset_in_s"] > 0 for r in self.rows):
            self.set_interval(1.0, self.tick)

    def tick(self) -> None:
        """Show the time left now (every second, and when frozen)."""
        passed = self.clock() - self.shown_at
        now = [{**r, "reset_in_s": max(0.0, r["reset_in_s"] - passed)}
               if isinstance(r.get("reset_in_s"), int | float) else r for r in self.rows]
        self.update(to_rich(rate_table(now)))
