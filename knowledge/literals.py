"""Required literals of a regex: a cheap `in` test that rules a pattern out before the regex runs.

The engine holds a couple of hundred message patterns; most pastes match a handful. For each
pattern we find lower-case strings one of which must occur in any text it matches (from the
parsed pattern: the longest literal run of the top-level sequence, or one per top-level branch).
Computed once when the knowledge-base cache is built, stored with the data.
"""

from __future__ import annotations

try:  # the parser moved in 3.11; both spellings are CPython's own
    from re import _constants as C
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

MIN_LEN = 3


def _best_run(items) -> list[str] | None:
    """Literal alternatives required by a sequence of parsed items (None: none found)."""
    best: list[str] | None = None
    run = ""

    def consider(cands: list[str] | None) -> None:
        nonlocal best
        if not cands or min(map(len, cands)) < MIN_LEN:
            return
        if best is None or min(map(len, cands)) > min(map(len, best)):
            best = cands

    for op, av in items:
        if op is C.LITERAL:
            run += chr(av).lower()
            continue
        consider([run])
        run = ""
        if op is C.SUBPATTERN:
            consider(_alternatives(av[-1]))
        elif op is C.BRANCH:
            consider(_branches(av[1]))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[0] >= 1:
            consider(_alternatives(av[2]))
    consider([run])
    return best


def _branches(branches) -> list[str] | None:
    out: list[str] = []
    for branch in branches:
        lits = _best_run(list(branch))
        if not lits:
            return None  # one branch without a literal: nothing is required
        out.extend(lits)
    return out


def _alternatives(sub) -> list[str] | None:
    items = list(sub)
    if len(items) == 1 and items[0][0] is C.BRANCH:
        return _branches(items[0][1][1])
    return _best_run(items)


def required_literals(pattern: str) -> list[str] | None:
    """Lower-case strings, one of which every match of `pattern` contains; None if unknown."""
    try:
        parsed = sre_parse.parse(pattern)
    except Exception:  # noqa: BLE001 - an odd pattern just goes without a prefilter
        return None
    return _alternatives(parsed)
