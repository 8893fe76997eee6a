"""The Diagnose screen's results panel: it only displays an `Outcome` (see outcome.py)."""

from __future__ import annotations

import time

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Label, Select, Static

from .outcome import DEFAULT_LANGUAGE, Outcome

WELCOME = """Paste what you have on the left: an error body, an SDK traceback, a curl -v dump, an SSE
stream, a Claude Code "API Error" line or a request body. The diagnosis follows as you type.

  ctrl+l (F12)  load a bundled example paste
  F1            help and every key
  F3            browse the error catalogue     F4  guided checks
"""


class RetryCountdown(Static):
    """'Retry in N s', counted down live from the moment the paste was diagnosed.

    The error only says how long to wait from when it was sent; the paste is the best clock we
    have, and the text says so.
    """

    clock = staticmethod(time.monotonic)  # tests and screenshots replace it for a fixed frame

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._deadline: float | None = None
        self._after = 0.0
        self._timer = None

    def start(self, after_s: float | None) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._deadline = None if after_s is None else self.clock() + after_s
        self._after = after_s or 0.0
        self.display = after_s is not None
        if after_s is not None:
            self._tick()
            if after_s > 0:
                self._timer = self.set_interval(1.0, self._tick)

    def _tick(self) -> None:
        if self._deadline is None:
            return
        left = self._deadline - self.clock()
        if left > 0:
            self.update(Text.assemble(("⏱ retry in ", "bold yellow"), (f"{left:.0f} s", "bold yellow"),
                                      (f"  (the server asked for {self._after:g} s; counted from the paste)", "dim")))
        else:
            self.update(Text.assemble(("✓ retry allowed now", "bold green"),
                                      (f"  ({self._after:g} s have passed since the paste)", "dim")))
            if self._timer is not None:
                self._timer.stop()
                self._timer = None


class ResultsPanel(VerticalScroll):
    """The right-hand (or lower) half of the Diagnose screen."""

    def compose(self) -> ComposeResult:
        yield Static(id="status")
        yield RetryCountdown(id="countdown")
        yield Static(Text(WELCOME), id="report")
        with Horizontal(id="snippet-bar"):
            yield Label("Catch chain for ", id="snippet-label")
            yield Select([(DEFAULT_LANGUAGE, DEFAULT_LANGUAGE)], prompt="SDK language", allow_blank=False, id="language", compact=True)
        yield Static(id="snippet")

    def on_mount(self) -> None:
        self.query_one("#countdown", RetryCountdown).display = False
        self.show_snippet(False)

    def show_snippet(self, show: bool) -> None:
        self.query_one("#snippet-bar").display = show
        self.query_one("#snippet").display = show

    def set_status(self, text: str, style: str = "dim") -> None:
        self.query_one("#status", Static).update(Text(text, style=style))

    def show_welcome(self) -> None:
        self.set_status("")
        self.query_one("#countdown", RetryCountdown).start(None)
        self.query_one("#report", Static).update(Text(WELCOME))
        self.show_snippet(False)

    def show(self, outcome: Outcome) -> None:
        self.set_status(outcome.env_note)
        self.query_one("#countdown", RetryCountdown).start(outcome.retry_after_s)
        self.query_one("#report", Static).update(outcome.report)
        self.show_snippet(outcome.snippet is not None)
        if outcome.snippet is not None:
            self.query_one("#snippet", Static).update(outcome.snippet)

    def show_failure(self, message: str) -> None:
        self.query_one("#report", Static).update(Text(message, style="bold red"))
        self.show_snippet(False)
