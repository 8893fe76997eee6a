"""Adversarial strings for a regex, built from what its own quantifiers accept (issue 12).

For every unbounded (or long) repeat in a pattern, `attacks` builds a template: a sample match of
everything before the repeat, the repeat's body pumped N times, then either a sample of the rest
(a match at the end) or a character nothing expects (no match: the engine has to give up, which is
where backtracking explodes). Pumps use every kind of character the body accepts (one per range or
class: space, tab, newline, letter, digit, quote, backslash...), and sequences (`\\\\.` → `\\'`).

`collect` finds the patterns: module-level patterns (compiled or `tui.lazyre.lazy`, also inside
lists, tuples and dicts), patterns written inline in calls (`re.search(r"…", …)`, found in the
source), and the knowledge base's (recognisers, lint-rule parameters).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import re._constants as C  # noqa: N812
import re._parser as P  # noqa: N812
import time
from collections.abc import Iterator

MODULES = ("tui.reader", "tui.lint", "tui.engine", "tui.render", "tui.redact", "tui.observation")
# Characters that stand for a class: one of each kind a class may hold.
_SAMPLES = " \t\na0Z_-.:/\\'\"{}[]<>=@,;\u2011\u00a0\xe9"
_ODD = "\x00"  # nothing in any pattern expects a NUL


def _accepts(item, ch: str, flags: int) -> bool:
    """Does a one-character node (LITERAL, IN, ANY, NOT_LITERAL, CATEGORY) accept `ch`?"""
    op, av = item
    c = ord(ch)
    if op is C.LITERAL:
        return c == av or (flags & re.I and ch.lower() == chr(av).lower())
    if op is C.NOT_LITERAL:
        return c != av
    if op is C.ANY:
        return ch != "\n" or bool(flags & re.S)
    if op is C.IN:
        neg = av and av[0][0] is C.NEGATE
        hit = any(_accepts(x, ch, flags) for x in (av[1:] if neg else av))
        return hit != bool(neg)
    if op is C.RANGE:
        lo, hi = av
        return lo <= c <= hi or (flags & re.I and (lo <= ord(ch.lower()) <= hi or lo <= ord(ch.upper()) <= hi))
    if op is C.CATEGORY:
        return bool(re.match({C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_SPACE: r"\s",
                              C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_WORD: r"\w",
                              C.CATEGORY_NOT_WORD: r"\W"}.get(av, r"(?!)"), ch))
    return False


def _chars(item, flags: int) -> list[str]:
    """A few characters a one-character node accepts, one per kind."""
    out = [ch for ch in _SAMPLES if _accepts(item, ch, flags)]
    if item[0] is C.LITERAL:
        out = [chr(item[1])]
    return out[:24]


def _sample(seq, flags: int, variant: str | None = None) -> str:
    """A short string the node list matches (best effort; lookarounds and anchors add nothing)."""
    out = []
    for op, av in seq:
        if op in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN, C.RANGE, C.CATEGORY):
            chars = _chars((op, av), flags)
            out.append(variant if variant in chars else (chars[0] if chars else "a"))
        elif op is C.SUBPATTERN:
            out.append(_sample(av[-1], flags, variant))
        elif op is C.ATOMIC_GROUP:
            out.append(_sample(av, flags, variant))
        elif op is C.BRANCH:
            out.append(_sample(av[1][0], flags, variant))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, _, body = av
            out.append(_sample(body, flags, variant) * max(lo, 0))
        elif op is C.GROUPREF:
            out.append("")
    return "".join(out)


def _alternatives(seq, limit: int = 12) -> list[list]:
    """The node list with its first branch (at any depth) resolved each way it can be."""
    seq = list(seq)
    for i, (op, av) in enumerate(seq):
        if op is C.BRANCH:
            return [seq[:i] + list(alt) + seq[i + 1:] for alt in av[1][:limit]]
        if op is C.SUBPATTERN:
            inner = _alternatives(av[-1], limit)
            if len(inner) > 1:
                return [seq[:i] + alt + seq[i + 1:] for alt in inner]
    return [seq]


def _classes(seq, literals: bool = False) -> Iterator:
    """The one-character class nodes of a node list (and its literals), nested ones included."""
    for op, av in seq:
        if op in (C.IN, C.ANY, C.CATEGORY, C.NOT_LITERAL) or literals and op is C.LITERAL:
            yield (op, av)
        elif op is C.SUBPATTERN:
            yield from _classes(av[-1], literals)
        elif op is C.BRANCH:
            for alt in av[1]:
                yield from _classes(alt, literals)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            yield from _classes(av[2], literals)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            yield from _classes(av[1], literals)
        elif op is C.ATOMIC_GROUP:
            yield from _classes(av, literals)


def _distinct(chars: list[str], every: list, flags: int) -> list[str]:
    """One character per behaviour: two characters every class of the pattern treats alike
    make the same attack."""
    seen, out = set(), []
    for c in chars:
        key = tuple(_accepts(item, c, flags) for item in every)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def _templates(seq, flags: int, before: str = "", every: list | None = None) -> Iterator[tuple[str, str, str]]:
    """(prefix, pump, rest) for every long repeat, nested ones included."""
    items = list(seq)
    every = list(_classes(items, literals=True)) if every is None else every
    for i, (op, av) in enumerate(items):
        prefix = before + _sample(items[:i], flags)
        rest = _sample(items[i + 1:], flags)
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, hi, body = av
            if hi is C.MAXREPEAT or hi >= 50:
                body = list(body)
                pumps = {_sample(body, flags)}
                # Every branch of the body, with every kind of character its classes accept and
                # the characters of what comes before (a pump holding the pattern's own opening
                # restarts it: `\'\'\'…` for a quoted string).
                for alt in _alternatives(body):
                    for item in _classes(alt):
                        chars = _chars(item, flags) + [c for c in dict.fromkeys(prefix[-4:]) if _accepts(item, c, flags)]
                        pumps |= {_sample(alt, flags, ch) for ch in _distinct(chars, every, flags)}
                for pump in pumps:
                    if pump:
                        yield prefix, pump, rest
            yield from _templates(body, flags, prefix, every)
        elif op is C.SUBPATTERN:
            yield from _templates(av[-1], flags, prefix, every)
        elif op is C.ATOMIC_GROUP:
            yield from _templates(av, flags, prefix, every)
        elif op is C.BRANCH:
            for alt in av[1]:
                yield from _templates(alt, flags, prefix, every)


def attacks(pattern: str, flags: int = 0) -> list[tuple[str, str, str]]:
    """(prefix, pump, end) triples: the string is prefix + pump × N + end, with the end either a
    sample of what follows (a match) or a character nothing expects (a forced failure)."""
    parsed = P.parse(pattern, flags)
    flags = parsed.state.flags
    seen, out = set(), []
    for prefix, pump, rest in _templates(parsed, flags):
        for end in (rest, _ODD, ""):
            for pre in (prefix, ""):
                key = (pre, pump, end)
                if key not in seen:
                    seen.add(key)
                    out.append(key)
    return out


def cost(rx: re.Pattern, text: str, repeats: int = 2) -> float:
    """Best-of time to run the pattern over the text the ways the code does (search, every match)."""
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        rx.search(text)
        for _ in rx.finditer(text):
            pass
        best = min(best, time.perf_counter() - t)
    return best


def timed(call, text: str, repeats: int = 2) -> float:
    """Best-of time of `call(text)`."""
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        call(text)
        best = min(best, time.perf_counter() - t)
    return best


# --- finding the patterns -------------------------------------------------------------------

_RE_CALLS = {"search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "compile"}


def _modules() -> Iterator:
    for name in MODULES:
        mod = importlib.import_module(name)
        yield mod
        if hasattr(mod, "__path__"):
            for info in pkgutil.iter_modules(mod.__path__, name + "."):
                yield importlib.import_module(info.name)


def _walk(value, depth: int = 0) -> Iterator[tuple[str, int]]:
    from tui.lazyre import lazy
    if isinstance(value, lazy):
        yield value._args[0], value._args[1]
    elif isinstance(value, re.Pattern):
        if isinstance(value.pattern, str):
            yield value.pattern, value.flags
    elif depth < 3 and isinstance(value, list | tuple):
        for v in value:
            yield from _walk(v, depth + 1)
    elif depth < 3 and isinstance(value, dict):
        for v in value.values():
            yield from _walk(v, depth + 1)


def _flag_value(node) -> int:
    try:
        names = [n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)]
        return sum(getattr(re, n) for n in names if isinstance(getattr(re, n, None), re.RegexFlag))
    except Exception:  # noqa: BLE001
        return 0


def _inline(mod) -> Iterator[tuple[str, int]]:
    try:
        tree = ast.parse(inspect.getsource(mod))
    except (OSError, TypeError):
        return
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _RE_CALLS
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            owner = node.func.value
            if isinstance(owner, ast.Name) and owner.id == "re" or isinstance(owner, ast.Attribute) and owner.attr == "re":
                flags = _flag_value(node.args[-1]) if len(node.args) > 2 and node.func.attr != "sub" else 0
                yield node.args[0].value, flags
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "lazy"
              and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            yield node.args[0].value, _flag_value(node.args[1]) if len(node.args) > 1 else 0


def code_patterns() -> dict[tuple[str, int], str]:
    """{(pattern, flags): where} for the reader, linter, engine, renderers and redaction."""
    out: dict[tuple[str, int], str] = {}
    for mod in _modules():
        for name, value in vars(mod).items():
            for pattern, flags in _walk(value):
                out.setdefault((pattern, flags & ~re.U), f"{mod.__name__}.{name}")
        for pattern, flags in _inline(mod):
            out.setdefault((pattern, flags), f"{mod.__name__} (inline)")
    return out


def kb_patterns() -> dict[tuple[str, int], str]:
    """{(pattern, flags): where} for every regex in the knowledge base."""
    import knowledge
    kb = knowledge.load()
    out: dict[tuple[str, int], str] = {}
    for cause in kb.causes:
        for r in cause.matches:
            if r.kind in ("message", "text", "exception") or (r.kind == "header" and r.header_value):
                rx = r.regex
                out.setdefault((rx.pattern, rx.flags & ~re.U), f"{cause.id} ({r.kind})")
    for rule in _rules(kb):
        for key, value in (getattr(rule, "params", None) or {}).items():
            if "pattern" in key and isinstance(value, str):
                out.setdefault((value, 0), f"lint {rule.id}.{key}")
    return out


def _rules(kb) -> list:
    rules = kb.lint_rules
    return list(rules.values()) if isinstance(rules, dict) else list(rules)
