"""The Diagnose results as blocks: text with hanging indents, and one collapsible block per cause.

Textual wraps a Static's text back to the widget's left edge, so a wrapped fix step would run
into the next one. `HangingText` wraps a Doc itself, at the width it is given, with the same
word wrap as the CLI (tui.render.wrap): each row continues under its line's text. A cause is a
Textual `Collapsible` whose title row (rank, confidence, title, id) hangs the same way; its body
(summary, evidence, fix steps, docs) is a HangingText. Spans are Rich Text built piece by piece,
never parsed as markup, so a paste's `[@click=…]` stays literal.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Collapsible
from textual.widgets._collapsible import CollapsibleTitle

from ..render.doc import STYLES, Doc, to_plain
from ..render.wrap import wrap


def rows_text(rows: list[list[tuple[str, str]]]) -> Text:
    """Wrapped rows (already cleaned by render.wrap) as one Rich Text, a row per line."""
    out = Text(no_wrap=True, overflow="crop", end="")
    for i, row in enumerate(rows):
        if i:
            out.append("\n")
        for text, style in row:
            out.append(text, style=STYLES.get(style, style) or None)
    return out


class Hanging:
    """Mixin: the widget shows `self.doc` wrapped at its content width, with hanging indents."""

    doc: Doc
    _wrapped: tuple[int, Text, int] | None = None  # (width, text, rows) of the last wrap
    _plain: str | None = None

    def _at(self, width: int) -> tuple[Text, int]:
        cached = self._wrapped
        if cached is None or cached[0] != width:
            rows = wrap(self.doc, width)
            cached = self._wrapped = (width, rows_text(rows), len(rows))
        return cached[1], cached[2]

    def set_doc(self, doc: Doc) -> None:
        if doc.lines == self.doc.lines and doc.hangs == self.doc.hangs:
            return  # typing in the paste often leaves a part as it was: keep its wrap, skip a layout
        self.doc, self._wrapped, self._plain = doc, None, None
        self.refresh(layout=True)  # type: ignore[attr-defined]

    @property
    def plain(self) -> str:
        """The text shown, unwrapped (tests and the benchmark read it)."""
        if self._plain is None:
            self._plain = to_plain(self.doc).rstrip("\n")
        return self._plain

    def get_content_width(self, container, viewport) -> int:
        return container.width

    def get_content_height(self, container, viewport, width: int) -> int:
        return self._at(width)[1] if width else 0

    def render(self) -> Text:
        return self._at(self.size.width)[0]  # type: ignore[attr-defined]


class HangingText(Hanging, Widget):
    DEFAULT_CSS = "HangingText { height: auto; }"

    def __init__(self, doc: Doc | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.doc = doc if doc is not None else Doc()


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
