"""The Diagnose screen's results panel: it only displays an `Outcome` (see outcome.py)."""

from __future__ import annotations

import time

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Label, Select, Static

from ..render.doc import Doc
from .blocks import Hanging, HangingText
from .outcome import DEFAULT_LANGUAGE, Outcome, code_of, snippet_text

WELCOME = (
    "Paste what you have into the box: an error body, an SDK traceback, a curl -v dump, an SSE stream, "
    "a Claude Code \"API Error\" line or a request body. The diagnosis follows as you type.\n\n"
    "  ctrl+l (F12)  load a bundled example paste\n"
    "  F1            help and every key\n"
    "  F3            browse the error catalogue\n"
    "  F4            guided checks of your setup\n"
)


def _welcome() -> Doc:
    doc = Doc()
    for line in WELCOME.splitlines():
        doc.line(line, hang=len(line) - len(line.lstrip()) + 14 if line.startswith("  ") else 0)
    return doc


class RetryCountdown(Hanging, Widget):
    """'Retry in N s', counted down live from the moment the paste was diagnosed.

    The error only says how long to wait from when it was sent; the paste is the best clock we
    have, and the text says so.
    """

    clock = staticmethod(time.monotonic)  # tests and screenshots replace it for a fixed frame
    DEFAULT_CSS = "RetryCountdown { height: auto; }"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.doc = Doc()
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
            self.set_doc(Doc().line(("↻ retry in ", "bold yellow"), (f"{left:.0f} s", "bold yellow"),
                                    (f"  (the server asked for {self._after:g} s; counted from the paste)", "dim"),
                                    hang=2))
        else:
            self.set_doc(Doc().line(("✓ retry allowed now", "bold green"),
                                    (f"  ({self._after:g} s have passed since the paste)", "dim"), hang=2))
            if self._timer is not None:
                self._timer.stop()
                self._timer = None


SPARE_BLOCKS = 5  # cause blocks mounted ahead of the first paste (most pastes have two to eight causes)


class ResultsPanel(VerticalScroll):
    """The right-hand (or lower) half of the Diagnose screen.

    The catch-chain picker and snippet are mounted with the first diagnosis, not at start-up:
    nothing hidden is built before the first paint.
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._language_pinned = False  # the user picked an SDK language: keep it across pastes
        self._shown_language: str | None = None  # the language whose snippet is on screen
        self._code: tuple[int | None, str | None] = (None, None)  # (status, error_code) of the outcome shown
        self._snippet_outcome: Outcome | None = None  # set while the snippet's widgets are being mounted
        self._want_snippet = False

    def compose(self) -> ComposeResult:
        yield Static(id="status")
        yield RetryCountdown(id="countdown")
        yield HangingText(_welcome(), id="report")
        yield Vertical(id="causes")
        yield HangingText(id="tail")

    def on_mount(self) -> None:
        self.query_one("#countdown", RetryCountdown).display = False

    def show_snippet(self, show: bool) -> None:
        self._want_snippet = show
        for widget in self.query("#snippet-bar, #snippet"):
            widget.display = show

    def set_status(self, text: str, style: str = "dim") -> None:
        self.query_one("#status", Static).update(Text(text, style=style))

    def show_welcome(self) -> None:
        self.set_status("")
        self.query_one("#countdown", RetryCountdown).start(None)
        self._show_parts(_welcome(), [], Doc())
        self.show_snippet(False)

    def _show_parts(self, head: Doc, causes: list, tail: Doc) -> None:
        """The head, a block per cause (the first open, the others closed to their title row) and
        the tail. Blocks are reused: only a paste with more causes than ever before mounts new ones."""
        self.query_one("#report", HangingText).set_doc(head)
        self.query_one("#tail", HangingText).set_doc(tail)
        from .causes import CauseBlock
        box = self.query_one("#causes", Vertical)
        blocks = list(box.query_children(CauseBlock).results(CauseBlock))
        for i, view in enumerate(causes):
            if i < len(blocks):
                blocks[i].show(view.row, view.hang, view.body, view.id, collapsed=i > 0)
                blocks[i].display = True
            else:
                box.mount(CauseBlock(view.row, view.hang, view.body, view.id, collapsed=i > 0))
        for block in blocks[len(causes):]:
            block.display = False

    async def prepare_blocks(self, count: int = SPARE_BLOCKS) -> None:
        """Mount hidden cause blocks for the first paste to fill (the app calls this after its
        first frame): mounting them with the first diagnosis would delay its paint."""
        from .causes import CauseBlock  # Collapsible: imported after the first frame, not before it
        box = self.query_one("#causes", Vertical)
        spare = [CauseBlock([], 0, Doc(), "", collapsed=True) for _ in range(count)]
        for block in spare:
            block.display = False
        await box.mount_all(spare)

    def blocks(self) -> list:
        """The cause blocks (causes.CauseBlock) on show, best first."""
        return [b for b in self.query_one("#causes").children if b.display]

    def text(self) -> str:
        """Everything the results show as text, unwrapped (tests and the benchmark read it)."""
        parts = [self.query_one("#report", HangingText).plain, *(b.plain for b in self.blocks()),
                 self.query_one("#tail", HangingText).plain]
        return "\n".join(p for p in parts if p)

    def toggle_all(self) -> None:
        """Open every cause, or, when all are open, close all but the first."""
        blocks = self.blocks()
        open_all = any(b.collapsed for b in blocks)
        for i, block in enumerate(blocks):
            block.set_collapsed(not open_all and i > 0)

    def show(self, outcome: Outcome) -> None:
        """Display an outcome now, in the frame being built: the causes never wait a frame for the
        snippet. The snippet's widgets are mounted with the first outcome that has one, after it."""
        self.set_status(outcome.env_note)
        self._code = code_of(outcome.summary)  # the snippet in another language keeps the code's branch
        self.query_one("#countdown", RetryCountdown).start(outcome.retry_after_s)
        self._show_parts(outcome.head, outcome.causes, outcome.tail)
        if outcome.snippet is None:
            self.show_snippet(False)
            return
        if self._snippet_outcome is not None or not self.query("#language"):
            first = self._snippet_outcome is None
            self._snippet_outcome = outcome  # the newest wins if several arrive while mounting
            self._want_snippet = True
            if first:
                self.call_later(self._mount_snippet)
            return
        self._sync_language(outcome)
        self.show_snippet(True)

    def show_failure(self, message: str) -> None:
        self._show_parts(Doc().line((message, "err")), [], Doc())
        self.show_snippet(False)

    # --- the catch-chain snippet and its SDK language ---------------------------------------

    async def _mount_snippet(self) -> None:
        outcome = self._snippet_outcome
        detected = self._detected(outcome)
        self._shown_language = detected or DEFAULT_LANGUAGE
        await self.mount_all([
            Horizontal(Label(self._label(detected), id="snippet-label"),
                       Select([(lang, lang) for lang in self._languages()], value=self._shown_language,
                              allow_blank=False, id="language", compact=True), id="snippet-bar"),
            Static(outcome.snippet, id="snippet")])
        latest, self._snippet_outcome = self._snippet_outcome, None
        if latest is not outcome:
            self._sync_language(latest)
        self.show_snippet(self._want_snippet)  # what the latest show / welcome / failure asked for

    @staticmethod
    def _languages() -> list[str]:
        import knowledge
        return list(knowledge.load().sdks)

    def _detected(self, outcome: Outcome) -> str | None:
        return outcome.language if outcome.language in self._languages() else None

    @staticmethod
    def _label(detected: str | None) -> str:
        return "Catch chain (detected) for " if detected else "Catch chain (pick your SDK) for "

    def _sync_language(self, outcome: Outcome) -> None:
        detected = self._detected(outcome)
        self.query_one("#snippet-label", Label).update(self._label(detected))
        select = self.query_one("#language", Select)
        if self._language_pinned:
            self.show_language(str(select.value))
        else:
            self._shown_language = detected or DEFAULT_LANGUAGE
            select.value = self._shown_language
            self.query_one("#snippet", Static).update(outcome.snippet)

    @on(Select.Changed, "#language")
    def _language_picked(self, event: Select.Changed) -> None:
        if event.value is Select.NULL or event.value == self._shown_language:
            return  # the Select announcing the value it was given, not a user's pick
        self._language_pinned = True
        self.show_language(str(event.value))

    def show_language(self, language: str) -> None:
        import knowledge
        self._shown_language = language
        text = snippet_text(knowledge.load(), language, self.app.current_theme.dark, *self._code)
        self.query_one("#snippet", Static).update(text or Text("No snippet for this SDK."))
