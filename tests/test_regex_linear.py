"""Every regex of the reader, linter, engine, renderers and knowledge base runs in linear time on
hostile input (issue 12).

For each pattern, tests/regex_attacks.py builds adversarial strings from what its own quantifiers
accept (each long repeat pumped with every kind of character its body takes, after a sample of
what precedes it, then a sample of what follows — a match at the end — or a character nothing
expects). Each string is timed at two sizes, N and 4N pumps. Linear time grows 4×, quadratic 16×;
a pattern fails only when it grows more than 8× twice running (N → 4N, then 4N → 16N), the largest
run takes over 5 ms, and all of that holds again when the three are re-timed (best of 5), so a
loaded machine's noise does not fail it. Tests that time things
are usually banned here; this one compares two timings taken back to back in the same process,
never against a fixed figure. Set REGEX_LINEAR_N to pump more (default 120).
"""

from __future__ import annotations

import os
import re

import pytest

import regex_attacks as attacks

N = int(os.environ.get("REGEX_LINEAR_N", "120"))
GROWTH = 8.0      # 4× the input: linear is 4×, quadratic 16×
FLOOR = 0.005     # seconds: the largest run must take this long, below it a ratio is noise


def _superlinear(rx: re.Pattern, first: bool = False) -> list[str]:
    """What grows faster than the input; `first`: stop at the first such attack."""
    bad: list[str] = []
    for prefix, pump, end in attacks.attacks(rx.pattern, rx.flags):
        if bad and first:
            break
        small = attacks.cost(rx, prefix + pump * N + end)
        if small > 0.25:  # already slow at the small size: cubic or worse
            bad.append(f"{prefix[:20]!r} + {pump!r}×{N} + {end!r}: {small:.2f} s")
            continue
        big = attacks.cost(rx, prefix + pump * 4 * N + end)
        if big / max(small, 1e-7) < GROWTH:
            continue
        if big > 0.1:  # super-linear and already slow: a bigger run could take minutes
            bad.append(f"{prefix[:20]!r} + {pump!r}×N + {end!r}: ×{big / small:.0f} for 4× input, {big:.2f} s")
            continue
        bigger = attacks.cost(rx, prefix + pump * 16 * N + end, repeats=3)
        if bigger / big > GROWTH:  # measure all three again, best of 5: a busy machine stalls runs
            small, big, bigger = (attacks.cost(rx, prefix + pump * k * N + end, repeats=5) for k in (1, 4, 16))
        if big / max(small, 1e-7) > GROWTH and bigger / big > GROWTH and bigger > FLOOR:
            bad.append(f"{prefix[:20]!r} + {pump!r}×N + {end!r}: ×{big / small:.0f} then ×{bigger / big:.0f} for 4× input")
    return bad


def _tokenisers() -> dict:
    """Token patterns that are never run bare: `quoted_tokens` drives them, dropping a quote kind
    for the rest of a line once it failed there. They are tested through their callers below."""
    from tui.lint import pycall
    from tui.reader import loose
    return {(p._args[0], p._args[1]): name for name, table in
            (("find_end", loose._BRACKET_TOKENS), ("to_json", loose._LITERAL_TOKENS), ("pycall", pycall._TOKENS))
            for p in table.values()}


TOKENISERS = _tokenisers()
CODE = {k: v for k, v in attacks.code_patterns().items() if k not in TOKENISERS}
KB = attacks.kb_patterns()


def _callers() -> dict:
    from tui.lint import pycall
    from tui.reader import loose
    return {"find_end": lambda t: loose.find_end("{" + t, 0), "to_json": lambda t: loose.to_json("{" + t + "}"),
            "pycall": lambda t: pycall._close("(" + t, 0)}


@pytest.mark.parametrize("key", sorted(TOKENISERS), ids=[f"{TOKENISERS[k]}:{k[0][:40]}" for k in sorted(TOKENISERS)])
def test_tokeniser_is_linear_as_used(key):
    """The quoted-string tokenisers, run by the functions that use them on their own attacks."""
    call = _callers()[TOKENISERS[key]]
    for prefix, pump, end in attacks.attacks(*key):
        small, big = (attacks.timed(call, prefix + pump * n + end) for n in (4 * N, 16 * N))
        if big > FLOOR and big / max(small, 1e-7) > GROWTH:
            bigger = attacks.timed(call, prefix + pump * 64 * N + end)
            assert bigger / big <= GROWTH, f"{prefix!r} + {pump!r}×N + {end!r}: ×{big / small:.0f}, ×{bigger / big:.0f}"


def test_patterns_are_found():
    """The collector sees the patterns it should (a broken collector would pass everything)."""
    wheres = set(CODE.values())
    assert len(CODE) > 60 and len(KB) > 200 and len(TOKENISERS) == 12
    assert any("HEADER_LINE" in w for w in wheres) and any("(inline)" in w for w in wheres)
    assert any("SOURCE_SIGNATURES" in w for w in wheres) and any("redact" in w for w in wheres)


def test_the_attack_builder_catches_known_backtracking():
    """The method works: classic catastrophic patterns are flagged, their fixes are not."""
    for pattern in (r"(?m)^\s*(<|>)?\s*([A-Za-z]+):(.*?)\s*$", r"'(?:[^'\\\n]|\\.)*'", r"\b(?:\w+\.)*Error\("):
        assert _superlinear(re.compile(pattern), first=True), pattern
    for pattern in (r"(?m)^[^\S\n]*+([<>])?[^\S\n]*+([A-Za-z]+):[ \t]*+(.*)", r"(?<![\w.])(?:\w+\.)*+Error\("):
        assert not _superlinear(re.compile(pattern)), pattern


@pytest.mark.parametrize("key", sorted(CODE), ids=[f"{CODE[k]}:{k[0][:40]}" for k in sorted(CODE)])
def test_code_pattern_is_linear(key):
    pattern, flags = key
    assert not _superlinear(re.compile(pattern, flags)), CODE[key]


@pytest.mark.parametrize("key", sorted(KB), ids=[f"{KB[k]}:{k[0][:40]}" for k in sorted(KB)])
def test_knowledge_base_pattern_is_linear(key):
    pattern, flags = key
    assert not _superlinear(re.compile(pattern, flags)), KB[key]
