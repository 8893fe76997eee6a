"""The paste box: a TextArea that masks keys and shows control characters as visible symbols.

Imported after the Diagnose screen's first paint (TextArea costs ~50 ms to import and mount on a
small machine, a third of the app's start-up), so nothing here is needed to draw the first frame.
"""

from __future__ import annotations

import re

from textual import events
from textual.message import Message
from textual.widgets import TextArea

from ..redact import redact
from ..render.doc import INVISIBLE
from .outcome import LARGE

# A key in a paste is masked as it enters the box (sk-ant-api03-…XyZ), so the box, a screenshot or
# a shared screen never shows it; the kind of key and its shape, which the engine reads, survive.
#
# Control characters in a paste (ESC of "\x1b[31m", OSC 52's BEL) would reach the terminal as they
# are: TextArea draws its text unfiltered. The box shows them as their Unicode control pictures
# (␛ for ESC) and `from_visible` turns them back before the engine reads the paste.
# Bidi and zero-width characters (U+202E reverses what follows it) are shown as their code point,
# ⟨U+202E⟩, as the CLI shows them, and turned back too: the engine flags a look-alike in a model id.
_CONTROL = re.compile(f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f{INVISIBLE}]")
_PICTURE = re.compile("[\\u2400-\\u2408\\u240b\\u240c\\u240e-\\u241f\\u2421]|⟨U\\+([0-9A-F]{4})⟩")
_INVISIBLE = re.compile(f"[{INVISIBLE}]")


def to_visible(text: str) -> str:
    def picture(m: re.Match[str]) -> str:
        code = ord(m.group())
        if _INVISIBLE.match(m.group()):
            return f"⟨U+{code:04X}⟩"
        return chr(0x2400 + code) if code < 0x20 else "\u2421" if code == 0x7F else "\ufffd"  # C1: no picture
    return _CONTROL.sub(picture, text) if _CONTROL.search(text) else text


def from_visible(text: str) -> str:
    def control(m: re.Match[str]) -> str:
        if m.group(1):
            c = chr(int(m.group(1), 16))
            return c if _INVISIBLE.match(c) else m.group()
        code = ord(m.group())
        return "\x7f" if code == 0x2421 else chr(code - 0x2400)
    return _PICTURE.sub(control, text) if _PICTURE.search(text) else text


PREVIEW_LINES, PREVIEW_WIDTH = 200, 1_000


def _trim(block: str, keep_end: bool) -> str:
    lines = block.split("\n")
    lines = lines[-PREVIEW_LINES:] if keep_end else lines[:PREVIEW_LINES]
    return "\n".join(line if len(line) <= PREVIEW_WIDTH else line[:PREVIEW_WIDTH] + "…" for line in lines)


class PasteArea(TextArea):
    """The paste box. A paste too big for a TextArea goes to the screen whole instead."""

    class HugePaste(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class LogPasted(Message):
        """A paste holding many failures (a log): the screen opens the Scan view on it too."""
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    async def _on_paste(self, event: events.Paste) -> None:
        # In read-only preview mode a new paste replaces the huge one (there is nothing to edit).
        if self.read_only or len(event.text) > LARGE:
            event.prevent_default()
            event.stop()
            self.post_message(self.HugePaste(event.text))
            return
        from ..scan import looks_like_log  # splitting only: a few ms even for a large paste
        if looks_like_log(event.text.encode("utf-8", "replace")):
            self.post_message(self.LogPasted(event.text))
        # Textual then calls TextArea._on_paste itself (handlers run down the class hierarchy), which
        # inserts the masked text; calling super() here as well would insert it twice.
        event.text = to_visible(redact(event.text))


def preview(text: str, head: int = 12_000, tail: int = 4_000) -> str:
    """The start and end of a huge paste, cut at line breaks, with a marker in between. At most
    PREVIEW_LINES lines of PREVIEW_WIDTH characters each way: 12,000 line breaks or one line of
    12,000 tabs cost the TextArea ~100 ms of wrapping on the UI thread at every layout."""
    start = text[:head]
    start = _trim(start[: start.rfind("\n") + 1] or start, keep_end=False)
    end = text[-tail:]
    end = _trim(end[end.find("\n") + 1:] or end, keep_end=True)
    omitted = len(text) - len(start) - len(end)
    return f"{start}\n[… {omitted:,} characters not shown here; the whole paste is diagnosed …]\n\n{end}"
