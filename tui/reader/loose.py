"""Find and parse the structured objects inside a messy paste.

A paste holds JSON, Python dict reprs (`{'type': 'error', 'details': None}`), Node
`console.error` dumps (`{ status: 429, headers: { 'retry-after': '20' } }`) or a mix, wrapped in
log lines and tracebacks. `objects(text)` yields every top-level `{…}` / `[…]` that parses under
any of those dialects. Everything is bounded: nesting deeper than MAX_DEPTH, segments larger than
MAX_LOOSE, and more than MAX_ATTEMPTS failed tries are given up on, never crashed on.
"""

from __future__ import annotations

import json
import re

from ..lazyre import lazy
from collections.abc import Iterator

MAX_DEPTH = 200          # deeper nesting is garbage or an attack, not an API error
MAX_LOOSE = 2_000_000    # the dialect converter is pure Python: keep it to sane sizes
MAX_ATTEMPTS = 64        # failed parse attempts per paste before we stop trying
MAX_OBJECTS = 32
# Strings and brackets the bracket matcher reads per paste (each costs a Python loop turn, ~1 µs):
# an API error or a printed request has a few thousand; 5 M `'\\'` strings in a row took 10 s.
# Valid JSON never counts: the C decoder reads it first.
MAX_TOKENS = 100_000

_decoder = json.JSONDecoder()

# Tokens that matter for bracket matching: strings (either quote, within one line) and brackets.
# A quote that opens no string on its line is no token. Once one quote has failed that way, every
# later quote of its kind on the line fails too (its scan falls in step with the first one's), so
# the tokenisers below stop trying that kind until the line (or the segment) ends instead of
# re-scanning the rest of it from each quote: 1 MB of `\'` was 10¹² steps.
# Strings as an unrolled loop (`'[^'\\]*(?:\\.[^'\\]*)*'`: runs of plain characters in one step).
STRING = {"'": r"'[^'\\\n]*+(?:\\.[^'\\\n]*+)*+'", '"': r'"[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"'}


def lone(sq: bool, dq: bool) -> list[str]:
    """The alternative that catches a quote of a kind still tried that opened no string."""
    chars = "'" * sq + '"' * dq
    return [f"(?P<lone>[{chars}])"] if chars else []


def starts(fixed: str) -> dict:
    """For each (sq, dq): a character class of what can begin a token (`fixed` and the quote kinds
    still tried). Finding the next token is then a plain character scan, tens of times faster in
    `re` than searching with the token alternation itself; the token is matched where it starts."""
    return {(sq, dq): lazy("[" + re.escape(fixed + "'" * sq + '"' * dq) + "]")
            for sq in (True, False) for dq in (True, False)}


_BRACKET_TOKENS = {(sq, dq): lazy("|".join([STRING['"']] * dq + [STRING["'"]] * sq + [r"[{}\[\]]"]
                                           + lone(sq, dq)))
                   for sq in (True, False) for dq in (True, False)}
_BRACKET_STARTS = starts("{}[]")
# Tokens for converting Python / JS literals to JSON (strings may span lines here).
_LITERAL_STRING = {"dq": r'(?P<dq>"[^"\\]*+(?:\\.[^"\\]*+)*+")', "sq": r"(?P<sq>'[^'\\]*+(?:\\.[^'\\]*+)*+')"}
_LITERAL_TOKENS = {
    (sq, dq): lazy("|".join([_LITERAL_STRING["dq"]] * dq + [_LITERAL_STRING["sq"]] * sq + [
        r"(?P<word>[A-Za-z_$][\w$]*)", r"(?P<other>[^\"'A-Za-z_$]+)"] + lone(sq, dq)), re.S)
    for sq in (True, False) for dq in (True, False)}
_OPENER_RUN = lazy(r"[{\[ \t\r\n]*+")
_TRAILING_COMMA = lazy(r",(\s*[}\]])")
_WORDS = {"None": "null", "null": "null", "undefined": "null", "True": "true", "true": "true",
          "False": "false", "false": "false", "NaN": "null", "Infinity": "null"}


# A line break a terminal put inside a hard-wrapped line, with the next line's indent.
_HARD_WRAP = lazy(r"(\\?)\n[ \t]*")


def unwrapped(text: str) -> str:
    """Join hard-wrapped lines: each break becomes a space, except after a backslash, where the
    wrap split an escape (`\\` + `"`) and the two halves are joined as they were."""
    return _HARD_WRAP.sub(lambda m: "\\" if m.group(1) else " ", text)


class ParseNote(str):
    """A human-readable note about why part of a paste did not parse (line and column)."""


def find_end(text: str, start: int, budget: list[int] | None = None) -> tuple[int | None, int]:
    """Index after the bracket that closes the one at `start`, and the deepest nesting seen.

    Returns (None, depth) when the segment never closes (a truncated paste), nests deeper than
    MAX_DEPTH, or would take more tokens than `budget[0]` has left (tokens are counted off it);
    the caller then skips past it instead of retrying inside it.
    """
    depth = deepest = 0
    left = budget[0] if budget is not None else MAX_TOKENS
    for m in quoted_tokens(text, start, _BRACKET_TOKENS, _BRACKET_STARTS):
        left -= 1
        if left < 0:
            break
        tok = m.group()
        if tok in "{[":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    return None, deepest
        elif tok in "}]":
            depth -= 1
            if depth == 0:
                if budget is not None:
                    budget[0] = left
                return m.end(), deepest
    if budget is not None:
        budget[0] = max(left, 0)
    return None, deepest


def quoted_tokens(text: str, pos: int, variants: dict, begins: dict) -> Iterator[re.Match[str]]:
    """Tokens from `pos` on, a quote kind left out up to the end of the line on which it failed to
    open a string (see above). `variants[(sq, dq)]` is the token pattern with the single- and
    double-quoted string alternatives present or not, ending with `lone`; `begins` the matching
    `starts(...)` table. Lone quotes are not yielded. (The Python-call reader uses it too.)"""
    n = len(text)
    dead = {"'": -1, '"': -1}  # a quote kind opens no string before this index
    while pos < n:
        sq, dq = dead["'"] <= pos, dead['"'] <= pos
        stop = n if sq and dq else min(d for d in dead.values() if d > pos)
        at = begins[sq, dq].search(text, pos, stop)
        if at is None:
            pos = stop
            continue
        m = variants[sq, dq].match(text, at.start(), stop)
        if m is None:  # a character that begins only a token of a kind left out here
            pos = at.start() + 1
            continue
        if m.lastgroup == "lone":
            eol = text.find("\n", m.start())
            dead[m.group()] = n if eol < 0 else eol
            pos = m.end()
            continue
        yield m
        pos = m.end()


def _literal_tokens(segment: str) -> list[re.Match[str]]:
    """`_LITERAL_TOKENS` over a segment: once a quote kind fails to open a string, it cannot open
    one later in the segment either (strings span lines here), and lone quotes are dropped."""
    out, pos, n = [], 0, len(segment)
    sq = dq = True
    while pos < n:
        m = _LITERAL_TOKENS[sq, dq].search(segment, pos)
        if m is None:
            break
        if m.lastgroup == "lone":
            sq, dq = sq and m.group() != "'", dq and m.group() != '"'
        else:
            out.append(m)
        pos = m.end()
    return out


def _unescape_single(body: str) -> str:
    """A single-quoted Python/JS string body → a JSON string literal."""
    body = body.replace("\\'", "'")
    body = re.sub(r'(?<!\\)((?:\\\\)*)"', r'\1\\"', body)
    body = re.sub(r"\\x([0-9a-fA-F]{2})", r"\\u00\1", body)
    return f'"{body}"'


def to_json(segment: str) -> str:
    """Rewrite a Python-repr or JS-literal object as JSON text (best effort)."""
    out: list[str] = []
    tokens = _literal_tokens(segment)
    for i, m in enumerate(tokens):
        kind = m.lastgroup
        tok = m.group()
        if kind == "dq":
            out.append(tok)
        elif kind == "sq":
            out.append(_unescape_single(tok[1:-1]))
        elif kind == "word":
            nxt = tokens[i + 1].group() if i + 1 < len(tokens) else ""
            if tok in ("b", "u", "r", "rb", "br") and nxt[:1] in "'\"":
                continue  # b'...' / u'...' string prefixes
            if nxt.lstrip().startswith(":"):
                out.append(json.dumps(tok))  # bare JS key
            else:
                out.append(_WORDS.get(tok, json.dumps(tok)))  # bare word value ([Object], Headers)
        else:
            out.append(_TRAILING_COMMA.sub(r"\1", tok))
    return "".join(out)


def parse_segment(segment: str) -> object | None:
    """Parse one balanced segment as JSON, then as a Python/JS literal; None if neither works."""
    try:
        return json.loads(segment)
    except (ValueError, RecursionError):
        pass
    if len(segment) > MAX_LOOSE:
        return None
    try:
        return json.loads(to_json(segment))
    except (ValueError, RecursionError):
        return None


def objects(text: str) -> Iterator[tuple[int, int, object]]:
    """Yield (start, end, value) for each top-level object or array found in `text`.

    `end` is negative when the segment was not JSON but a Python/JS literal (a dict repr): the
    reader uses that to tell the Python SDK's mid-stream error, a bare dict repr, from JSON.
    """
    pos, attempts, found = 0, 0, 0
    n = len(text)
    budget = [MAX_TOKENS]
    while pos < n and attempts < MAX_ATTEMPTS and found < MAX_OBJECTS and budget[0] > 0:
        brace, bracket = text.find("{", pos), text.find("[", pos)
        starts = [s for s in (brace, bracket) if s >= 0]
        if not starts:
            return
        start = min(starts)
        # Fast path: valid JSON straight from here (the C decoder finds its own end).
        try:
            value, end = _decoder.raw_decode(text, start)
        except (ValueError, RecursionError):
            value = None
        if isinstance(value, dict | list) and value:
            found += 1
            yield start, end, value
            pos = end
            continue
        end, deepest = find_end(text, start, budget)
        if end is None:
            attempts += 1
            # Unclosed or too deep: nothing inside can be a complete top-level object worth
            # having that a later start would not also find, so jump ahead past the opener run.
            pos = start + max(1, deepest if deepest > MAX_DEPTH else 1)
            if deepest > MAX_DEPTH:
                pos = _skip_run(text, start)
            continue
        value = parse_segment(text[start:end])
        if isinstance(value, dict | list) and value:
            found += 1
            yield start, -end, value  # a literal, not JSON (raw_decode above failed)
            pos = end
        else:
            attempts += 1
            pos = start + 1
        # `[` of e.g. "[ERROR]" log prefixes or "[Object]" fails cheaply and moves on.


def _skip_run(text: str, start: int) -> int:
    """Skip a run of opening brackets (e.g. 100,000 '[' in a row) in one step."""
    return max(_OPENER_RUN.match(text, start).end(), start + 1)


def json_error(text: str) -> str | None:
    """If `text` looks like a JSON document but is not valid, say where it breaks."""
    stripped = text.strip()
    if not stripped or stripped[0] not in "{[" or stripped[-1] not in "}]":
        return None
    try:
        json.loads(stripped)
        return None
    except RecursionError:
        return "the JSON nests too deeply to read"
    except ValueError as exc:
        lineno, colno = getattr(exc, "lineno", None), getattr(exc, "colno", None)
        msg = getattr(exc, "msg", str(exc))
        if lineno is None:
            return f"invalid JSON: {msg}"
        return f"invalid JSON at line {lineno}, column {colno}: {msg}"
