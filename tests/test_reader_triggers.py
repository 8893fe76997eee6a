"""The reader skips a regex when none of its trigger strings occurs: the triggers must be sound.

For each pattern, every match contains one of its required literals (knowledge/literals.py); if
each of those literals contains a trigger, every match contains a trigger and skipping is safe.
"""

import pytest

from knowledge.literals import required_literals
from tui.reader import forms

PATTERNS = [(name, t, p) for name, t, p in forms.SOURCE_SIGNATURES] + \
           [(f"status[{i}]", t, p) for i, (t, p) in enumerate(forms.STATUS_PATTERNS)]


@pytest.mark.parametrize("name,triggers,pattern", [p for p in PATTERNS if p[1] is not None],
                         ids=[p[0] for p in PATTERNS if p[1] is not None])
def test_triggers_cover_every_match(name, triggers, pattern):
    literals = required_literals(pattern.pattern)
    assert literals, f"{name}: the pattern has no required literal, so it cannot have triggers"
    for lit in literals:
        assert any(t in lit for t in triggers), f"{name}: a match may contain only {lit!r}, which no trigger covers"


def test_literals_of_simple_patterns():
    assert required_literals(r"invalid x-api-key") == ["invalid x-api-key"]
    assert required_literals(r"ECONNREFUSED|connect ECONNREFUSED") == ["econnrefused", "connect econnrefused"]
    assert required_literals(r"a?b") is None
    assert required_literals(r"prompt is too long: \d+") == ["prompt is too long: "]
