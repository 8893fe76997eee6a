"""A Doc written for a terminal: SGR styles on the rows of render.wrap, without importing Rich.

The CLI's terminal output used Rich's Console, whose import alone costs ~40 ms, most of a
`claude-triage diagnose` call. A Doc needs only a few styles and a word wrap (render.wrap, with
hanging indents). Text is cleaned span by span (doc.clean: control characters and terminal
escapes never get through, keys are redacted), so the only escape sequences written are the SGR
codes below.
"""

from __future__ import annotations

from .doc import STYLES, Doc
from .wrap import cells, wrap

__all__ = ["RESET", "cells", "sgr", "to_ansi"]

_SGR = {"bold": "1", "dim": "2", "italic": "3", "underline": "4", "red": "31", "green": "32",
        "yellow": "33", "blue": "34", "magenta": "35", "cyan": "36"}
RESET = "\x1b[0m"


def sgr(style: str) -> str:
    """The escape sequence that turns on a style ("bold cyan"), "" for none or unknown words."""
    codes = sorted((_SGR[w] for w in STYLES.get(style, style).split() if w in _SGR), key=int)  # Rich's order
    return f"\x1b[{';'.join(codes)}m" if codes else ""


def to_ansi(doc: Doc, width: int = 80) -> str:
    out = []
    for row in wrap(doc, width):
        out.append("".join(f"{code}{text}{RESET}" if (code := sgr(style)) else text for text, style in row))
    return "\n".join(out) + "\n"
