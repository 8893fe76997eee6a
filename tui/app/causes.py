"""One collapsible block per cause in the Diagnose results (imported after the first frame).

A cause is a Textual `Collapsible` whose title row (rank, confidence bar, title, id) wraps with a
hanging indent, and whose body (summary, evidence, fix steps, docs) is a HangingText. Enter or a
click on the title row opens and closes it (Collapsible's own keys).
"""

from __future__ import annotations

from textual.widgets import Collapsible
from textual.widgets._collapsible import CollapsibleTitle

from ..render.doc import Doc
from .blocks import Hanging, HangingText


class CauseTitle(Hanging, CollapsibleTitle):
    """A cause's title row: ▶/▼, rank, confidence, title and id; a wrapped title continues under
    the title's first word. Enter or a click opens and closes the block (CollapsibleTitle's own)."""

    DEFAULT_CSS = "CauseTitle { width: 1fr; padding: 0; }"

    def __init__(self, row: list[tuple[str, str]], hang: int, collapsed: bool) -> None:
        self.row, self.hang = row, hang
        self.doc = Doc()
        super().__init__(label="", collapsed_symbol="▶", expanded_symbol="▼", collapsed=collapsed)

    def set_row(self, row: list[tuple[str, str]], hang: int) -> None:
        self.row, self.hang = row, hang
        self._restate()

    def _restate(self) -> None:
        symbol = self.collapsed_symbol if self.collapsed else self.expanded_symbol
        self.set_doc(Doc().line((symbol + " ", "dim"), *self.row, hang=self.hang + 2))

    # CollapsibleTitle's watchers update a Static's label; this title draws its own row instead.
    def _watch_collapsed(self, collapsed: bool) -> None:
        self._restate()

    def _watch_label(self) -> None:
        pass


class CauseBlock(Collapsible):
    """One cause: its title row, and (when open) its summary, evidence, fix steps and docs link."""

    DEFAULT_CSS = """
    CauseBlock { background: transparent; border-top: none; padding: 0; margin: 0; }
    CauseBlock:focus-within { background-tint: $foreground 0%; }
    CauseBlock > Contents { padding: 0 0 1 4; }
    """

    def __init__(self, row: list[tuple[str, str]], hang: int, body: Doc, cause_id: str, collapsed: bool) -> None:
        self._body = HangingText(body, classes="cause-body")
        super().__init__(self._body, collapsed=collapsed)
        self._title = CauseTitle(row, hang, collapsed)
        self.cause_id = cause_id

    def show(self, row: list[tuple[str, str]], hang: int, body: Doc, cause_id: str, collapsed: bool) -> None:
        """Show another cause in this block (blocks are reused from paste to paste: mounting new
        widgets costs more than updating these)."""
        self.cause_id = cause_id
        self._title.set_row(row, hang)
        self._body.set_doc(body)
        self.set_collapsed(collapsed)

    def set_collapsed(self, collapsed: bool) -> None:
        self._quiet = True  # set by the app, not the user: do not scroll to the block
        self.collapsed = collapsed
        self._quiet = False

    @property
    def plain(self) -> str:
        title = self._title.plain
        return title if self.collapsed else f"{title}\n{self._body.plain}"

    _quiet = False

    def _watch_collapsed(self, collapsed: bool) -> None:
        # Collapsible's own watcher, but a block opened by a new paste does not scroll itself into view.
        self._title.collapsed = collapsed
        self.set_class(collapsed, "-collapsed")
        self.post_message(self.Collapsed(self) if collapsed else self.Expanded(self))
        if self.is_mounted and not self._quiet:
            self.call_after_refresh(self.scroll_visible)
