"""Map a finding's JSON path (`messages[2].content[0]`) to a line and column of the input, so SARIF
viewers can point at it. One pass over the body; strings are skipped with `str.find`, so a 30 MB
body of base64 images costs a few milliseconds, and only the wanted paths are recorded.
"""

from __future__ import annotations

import json
import re

from .context import child

_WS = re.compile(r"[ \t\r\n]*")
_SCALAR = re.compile(r'[^,\]}\s]+')


def locate(text: str, offset: int, paths: list[str]) -> dict[str, tuple[int, int]]:
    """{path: (line, column)} (1-based) for each path; a path not found maps to its nearest parent."""
    wanted = set(paths)
    prefixes = {p[:i] for p in wanted for i in range(len(p) + 1) if i == len(p) or p[i] in ".["} | {""}
    found: dict[str, int] = {"": offset}
    try:
        _walk(text, offset, "", prefixes, found)
    except (ValueError, IndexError, AttributeError, RecursionError):
        pass  # not JSON there after all: a partial map is still useful
    out = {}
    for path in wanted:
        best = max((p for p in found if p == "" or path == p or path.startswith((p + ".", p + "["))), key=len)
        pos = found[best]
        out[path] = (text.count("\n", 0, pos) + 1, pos - text.rfind("\n", 0, pos))
    return out


def _string_end(text: str, pos: int) -> int:
    """Index after the JSON string that starts at `pos` (a quote)."""
    i = pos + 1
    while True:
        j = text.index('"', i)
        k = j - 1
        while text[k] == "\\":
            k -= 1
        if (j - 1 - k) % 2 == 0:  # an even run of backslashes: the quote is not escaped
            return j + 1
        i = j + 1


def _walk(text: str, pos: int, path: str, prefixes: set[str], found: dict[str, int]) -> int:
    """Parse the value at `pos`; return the index after it, recording where wanted paths start."""
    pos = _WS.match(text, pos).end()
    if path in prefixes:
        found[path] = pos
    c = text[pos]
    if c == '"':
        return _string_end(text, pos)
    if c not in "{[":
        return _SCALAR.match(text, pos).end()
    close, index = ("}" if c == "{" else "]"), 0
    pos += 1
    while True:
        pos = _WS.match(text, pos).end()
        if text[pos] == close:
            return pos + 1
        if c == "{":
            key_end = _string_end(text, pos)
            key = json.loads(text[pos:key_end])
            pos = _WS.match(text, key_end).end() + 1  # past ':'
            pos = _walk(text, pos, child(path, key), prefixes, found)
        else:
            pos = _walk(text, pos, child(path, index), prefixes, found)
            index += 1
        pos = _WS.match(text, pos).end()
        if text[pos] == ",":
            pos += 1
