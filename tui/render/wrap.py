"""A Doc's lines cut into rows of a given width, with hanging indents, without importing Rich.

One word wrap for every styled output: the CLI's terminal text (render.ansi) and the app's result
blocks (tui.app.blocks) both take their rows from `wrap`. Breaks are decided as Rich decides them
(rich._wrap.divide_line), so a line without a hang wraps exactly as Rich would wrap it. A line with
a hang (Doc.line(..., hang=N)) continues N columns in, under the text that follows its label, as
ruff and rustc print: a wrapped fix step stays under its step, never back at the margin.
"""

from __future__ import annotations

import re

from .doc import Doc, clean

Span = tuple[str, str]
# A word and the spaces after it; leading spaces only at the very start. (`\s*\S+\s*` retried
# a trailing run of spaces from each of its positions: quadratic on a message of spaces.)
_WORD = re.compile(r"\A\s*+\S++\s*+|\S++\s*+")
MIN_TEXT = 20  # columns a continuation keeps for text: a narrower hang is dropped (rows start at 0)


def cells(text: str) -> int:
    """Terminal columns a string takes: wide East Asian characters two, combining marks none."""
    if text.isascii():
        return len(text)
    import unicodedata
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in text)


def _breaks(plain: str, width: int, slash: bool = False, later: int | None = None) -> list[int]:
    """Offsets where wrapped rows start, decided as Rich decides them (rich._wrap.divide_line):
    a word moves to the next row when it does not fit, and a word wider than a row is folded.
    With `slash`, a URL or path wider than a row is folded after a "/" where one fits, starting
    on the row it reaches (a docs link stays beside its label, cut where it reads as a path);
    `later` is the width of the rows after the first (narrower under a hanging indent)."""
    later = width if later is None else later
    breaks: list[int] = []
    offset = 0  # columns used on the current row
    size = len if plain.isascii() else cells
    for m in _WORD.finditer(plain):
        start, word = m.start(), m.group()
        length = size(word.rstrip())
        if width - offset >= length:
            offset += size(word)
        elif length > later and slash and "/" in word and word.isascii():
            pieces = _at_slashes(word, width - offset, later)
            for i, piece in enumerate(pieces):
                if (i or not piece) and start and offset:
                    breaks.append(start)
                offset = len(piece) if i or not piece else offset + len(piece)
                start += len(piece)
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


def _at_slashes(word: str, room: int, width: int) -> list[str]:
    """An ASCII word cut after slashes: the first piece fits in `room` ("" when no cut fits
    there), the others in `width`; a piece with no slash to cut at is cut at the width."""
    pieces, rest, limit = [], word, max(room, 0)
    while len(rest.rstrip()) > limit:
        cut = rest.rfind("/", 0, limit) + 1
        if not cut:
            cut = limit if limit == width else 0
        pieces.append(rest[:cut])
        rest, limit = rest[cut:], width
    pieces.append(rest)
    return pieces


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


def _starts(plain: str, width: int, hang: int) -> list[int]:
    """Offsets where rows start: the first row `width` wide, the others `width - hang`."""
    if cells(plain) <= width:
        return [0]
    first = _breaks(plain, width, slash=bool(hang), later=width - hang)
    if not hang or not first:
        return [0, *first]
    rest = first[0]
    return [0, rest, *(rest + b for b in _breaks(plain[rest:], width - hang, slash=True))]


def _expand_tabs(spans: list[Span], size: int = 8) -> list[Span]:
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


def _slice(spans: list[Span], start: int, end: int) -> list[Span]:
    """The part [start, end) of a line, each piece in its span's style."""
    out: list[Span] = []
    pos = 0
    for text, style in spans:
        a, b = max(start, pos), min(end, pos + len(text))
        if a < b:
            out.append((text[a - pos:b - pos], style))
        pos += len(text)
    return out


def wrap(doc: Doc, width: int) -> list[list[Span]]:
    """Every line of `doc` as rows at most `width` columns wide (cleaned: no control characters,
    keys redacted); a continuation row starts with its line's hang in spaces."""
    width = max(width, 1)
    rows: list[list[Span]] = []
    for line, hang in zip(doc.lines, doc.hangs):
        spans = line if doc.is_clean else [(clean(text), style) for text, style in line]
        if any("\t" in text for text, _ in spans):
            spans = _expand_tabs(spans)
        plain = "".join(text for text, _ in spans)
        hang = hang if width - hang >= MIN_TEXT else 0
        starts = _starts(plain, width, hang)
        for i, (start, end) in enumerate(zip(starts, [*starts[1:], len(plain)])):
            end = start + len(plain[start:end].rstrip())  # no trailing blanks at a wrap
            piece = _slice(spans, start, end)
            rows.append([(" " * hang, ""), *piece] if i and hang else piece)
    return rows
