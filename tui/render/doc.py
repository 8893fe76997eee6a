"""A tiny styled-text document: lines of (text, style) spans, with three back ends.

The layout of every text report is written once, as a Doc. `to_rich` turns it into a Rich `Text`
(the Textual app); `render.ansi.to_ansi` writes it for a terminal and `to_plain` joins the spans
(pipes, files, tests), both without importing Rich, whose import alone costs ~40 ms of a CLI call.
Every span is redacted here, and nothing is ever parsed as markup.

A line may carry a hang: where its wrapped rows continue (render.wrap), e.g. under the text of a
numbered step rather than under its number. Plain output is never wrapped, so it ignores hangs.
"""

from __future__ import annotations

import re

from ..redact import redact

_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0 (but tab, newline), DEL, C1 (\x9b is CSI)
# Characters that draw nothing yet change what is read: bidi embeddings, overrides and isolates
# (U+202E reverses the text after it), marks, zero-width spaces and joiners, the BOM, the soft
# hyphen. They are shown as their code point, ⟨U+202E⟩, so the reader sees they are there.
INVISIBLE = "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
# What JSON output escapes besides what json.dumps does: DEL, C1 and the invisible characters.
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{INVISIBLE}]")

# Semantic style names → Rich styles (the app maps them to its theme through the same names).
STYLES = {
    "title": "bold", "heading": "bold underline", "dim": "dim", "ok": "green", "warn": "yellow",
    "err": "bold red", "accent": "bold cyan", "code": "magenta", "link": "blue underline",
    "id": "cyan", "": "",
}


class Doc:
    def __init__(self) -> None:
        self.lines: list[list[tuple[str, str]]] = []
        self.hangs: list[int] = []  # per line: the column its wrapped rows start at
        self.is_clean = False       # every span already went through clean() (see cleaned)

    def line(self, *spans: tuple[str, str] | str, hang: int = 0) -> Doc:
        """Add a line; a bare string is an unstyled span. `hang`: the column its wrapped rows start at."""
        self.lines.append([(s, "") if isinstance(s, str) else s for s in spans])
        self.hangs.append(hang)
        return self

    def blank(self) -> Doc:
        if self.lines and self.lines[-1]:
            self.line()
        return self

    def extend(self, other: Doc) -> Doc:
        self.lines.extend(other.lines)
        self.hangs.extend(other.hangs)
        return self


def cleaned(doc: Doc) -> Doc:
    """The same Doc with every span cleaned once, so drawing it at each width need not clean it
    again (the app builds its Docs off the UI thread and wraps them on every resize)."""
    out = Doc()
    out.lines = [[(clean(text), style) for text, style in line] for line in doc.lines]
    out.hangs = list(doc.hangs)
    out.is_clean = True
    return out


def visible(text: str) -> str:
    """Control characters as \ufffd, invisible ones as ⟨U+202E⟩: nothing acts on the terminal."""
    text = _UNSAFE.sub("\ufffd", text)
    return _INVISIBLE.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", text) if _INVISIBLE.search(text) else text


def clean(text: str) -> str:
    # Terminal escapes and control characters from a paste must never reach the terminal.
    return redact(visible(text))


def json_text(text: str) -> str:
    """JSON text (from json.dumps, ensure_ascii=False) with DEL, C1 and invisible characters
    written as \\u escapes: the same data, and nothing raw reaches a terminal that shows it."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def to_plain(doc: Doc) -> str:
    return "\n".join("".join(clean(text) for text, _ in line) for line in doc.lines) + "\n"


def to_rich(doc: Doc):
    """A Rich Text built span by span (never from markup, so `[@click=…]` stays literal)."""
    from rich.text import Text

    out = Text()
    for i, line in enumerate(doc.lines):
        if i:
            out.append("\n")
        for text, style in line:
            out.append(clean(text), style=STYLES.get(style, style) or None)
    return out
