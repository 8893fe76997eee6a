"""Text with hanging indents: the Diagnose results' parts and the rows of each cause block.

Textual wraps a Static's text back to the widget's left edge, so a wrapped fix step would run
into the next one. `HangingText` wraps a Doc itself, at the width it is given, with the same
word wrap as the CLI (tui.render.wrap): each row continues under its line's text. Spans are Rich
Text built piece by piece, never parsed as markup, so a paste's `[@click=…]` stays literal. The
cause blocks (causes.py) draw their title row and body with the same mixin.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

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
