"""Characters that look like ASCII but are not, inside identifiers: model ids, header names, JSON keys.

A model id copied from a web page often carries U+2011 NON-BREAKING HYPHEN instead of "-"
(`claude-sonnet-4‑6`); a key typed on a phone, an en dash; a string from a document, a zero-width
space. The API reads a different id or name, and answers 404 or "Extra inputs are not permitted"
while the text on screen looks right. The reader keeps such characters inside the id it reads, and
`find` names each one and where it is.
"""

from __future__ import annotations

import unicodedata

HYPHENS = "\u00ad\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"  # soft hyphen, dashes, minus
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


def looks_like(c: str, homoglyphs: dict[str, str] | None = None) -> str:
    """The ASCII a reader takes the character for ("" for an invisible one)."""
    if c in HYPHENS:
        return "-"
    if c in ZERO_WIDTH:
        return ""
    if homoglyphs and c in homoglyphs:
        return homoglyphs[c]
    plain = unicodedata.normalize("NFKD", c).encode("ascii", "ignore").decode()
    return plain if plain.isprintable() else "?"


def find(text: str, homoglyphs: dict[str, str] | None = None, limit: int = 4) -> list[tuple[int, str, str]]:
    """(1-based position, character, what it looks like) for each non-ASCII character in `text`."""
    if text.isascii():
        return []
    return [(i + 1, c, looks_like(c, homoglyphs)) for i, c in enumerate(text) if not c.isascii()][:limit]


def ascii_form(text: str, homoglyphs: dict[str, str] | None = None) -> str:
    """The identifier the user meant: each look-alike replaced by what it looks like."""
    return text if text.isascii() else "".join(c if c.isascii() else looks_like(c, homoglyphs) for c in text)


def describe(what: str, text: str, hits: list[tuple[int, str, str]]) -> str:
    """“the model id “claude-sonnet-4‑6” holds U+2011 NON-BREAKING HYPHEN at character 16 (looks like “-”)”."""
    parts = []
    for pos, c, like in hits:
        name = unicodedata.name(c, "an unnamed character")
        seen = f"looks like “{like}”" if like else "invisible"
        parts.append(f"U+{ord(c):04X} {name} at character {pos} ({seen})")
    return f"{what} “{text}” holds " + ", ".join(parts)
