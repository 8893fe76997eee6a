"""A Doc written for a terminal: SGR styles and word wrapping, without importing Rich.

The CLI's terminal output used Rich's Console, whose import alone costs ~40 ms, most of a
`claude-triage diagnose` call. A Doc needs only a few styles and a word wrap, done here. Text is
cleaned span by span (doc.clean: control characters and terminal escapes never get through, keys
are redacted), so the only escape sequences written are the SGR codes below.
"""

from __future__ import annotations

import re

from .doc import STYLES, Doc, clean

_SGR = {"bold": "1", "dim": "2", "italic": "3", "underline": "4", "red": "31", "green": "32",
        "yellow": "33", "blue": "34", "magenta": "35", "cyan": "36"}
# A word and the spaces after it; leading spaces only at the very start. (`\s*\S+\s*` retried
# a trailing run of spaces from each of its positions: quadratic on a message of spaces.)
_WORD = re.compile(r"\A\s*+\S++\s*+|\S++\s*+")
RESET = "\x1b[0m"


def sgr(style: str) -> str:
    """The escape sequence that turns on a style ("bold cyan"), "" for none or unknown words."""
    codes = sorted((_SGR[w] for w in STYLES.get(style, style).split() if w in _SGR), key=int)  # Rich's order
    return f"\x1b[{';'.join(codes)}m" if codes else ""


def cells(text: str) -> int:
    """Terminal columns a string takes: wide East Asian characters two, combining marks none."""
    if text.isascii():
        return len(text)
    import unicodedata
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in text)


def _breaks(plain: str, width: int) -> list[int]:
    """Offsets where wrapped rows start, decided as Rich decides them (rich._wrap.divide_line):
    a word moves to the next row when it does not fit, and a word wider than a row is folded."""
    breaks: list[int] = []
    offset = 0  # columns used on the current row
    for m in _WORD.finditer(plain):
        start, word = m.start(), m.group()
        length = cells(word.rstrip())
        if width - offset >= length:
            offset += cells(word)
        elif length > width:
            chunks = _chop(word, width)
            for i, chunk in enumerate(chunks):
                if start:
                    breaks.append(start)
                if i == len(chunks) - 1:
                    offset = cells(chunk)
                else:
                    start += len(chunk)
        elif offset and start:
            breaks.append(start)
            offset = cells(word)
    return breaks


def _chop(word: str, width: int) -> list[str]:
    """A word cut into pieces of at most `width` columns."""
    if word.isascii():
        return [word[i:i + width] for i in range(0, len(word), width)]
    pieces, start, used = [], 0, 0
    for i, ch in enumerate(word):
        w = cells(ch)
        if used + w > width:
            pieces.append(word[start:i])
            start, used = i, 0
        used += w
    pieces.append(word[start:])
    return pieces


def to_ansi(doc: Doc, width: int = 80) -> str:
    out: list[str] = []
    for line in doc.lines:
        spans = [(clean(text), style) for text, style in line]
        if any("\t" in text for text, _ in spans):
            spans = _expand_tabs(spans)
        plain = "".join(text for text, _ in spans)
        starts = [0] if cells(plain) <= width else [0, *_breaks(plain, max(width, 1))]
        for start, end in zip(starts, [*starts[1:], len(plain)]):
            end = start + len(plain[start:end].rstrip())  # no trailing blanks at a wrap
            out.append(_styled(spans, start, end))
    return "\n".join(out) + "\n"


def _expand_tabs(spans: list[tuple[str, str]], size: int = 8) -> list[tuple[str, str]]:
    """Tabs to spaces up to the next stop, counted from the start of the line (as Rich does)."""
    out, col = [], 0
    for text, style in spans:
        parts = []
        for ch in text:
            n = size - col % size if ch == "\t" else 1
            parts.append(" " * n if ch == "\t" else ch)
            col += n
        out.append(("".join(parts), style))
    return out


def _styled(spans: list[tuple[str, str]], start: int, end: int) -> str:
    """The part [start, end) of a line, each span in its style."""
    parts: list[str] = []
    pos = 0
    for text, style in spans:
        a, b = max(start, pos), min(end, pos + len(text))
        if a < b:
            piece = text[a - pos:b - pos]
            code = sgr(style)
            parts.append(f"{code}{piece}{RESET}" if code else piece)
        pos += len(text)
    return "".join(parts)
