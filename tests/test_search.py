"""Catalogue search by relevance (tui/engine/search.py): names first, then id words, title words,
then the other words of an entry; checked against the knowledge base itself."""

from __future__ import annotations

import knowledge
import pytest

from tui.engine.lookup import resolve
from tui.engine.search import best, rank

KB = knowledge.load()


def first(query: str) -> str:
    hit = best(KB, query)
    assert hit is not None, query
    return hit.key


def test_overloaded_puts_the_529_cause_first():
    hits = rank(KB, "overloaded")
    assert hits[0].key == "server.overloaded"
    assert [h.key for h in hits].index("server.overloaded") < min(
        i for i, h in enumerate(hits) if h.key.startswith("platform."))  # before any compatibility layer


def test_every_id_and_error_code_finds_itself_first():
    for cause in KB.causes:
        assert first(cause.id) == cause.id
        assert first(cause.id.upper()) == cause.id  # case does not matter
    for code in KB.error_codes.values():
        assert first(code.code) == code.code
        assert rank(KB, code.code)[0].tier == 0
    for rule in KB.lint_rules.values():
        assert first(rule.id) == rule.id and first(rule.name) == rule.id
    for model in KB.models:
        assert first(model.id) == model.id


def test_statuses_and_error_types_are_found_by_name():
    for t in KB.error_types.values():
        assert first(t.key) == t.key
        if t.status:
            hits = rank(KB, str(t.status))
            assert hits[0].key == str(t.status) and hits[0].tier == 0


def test_sdk_exception_classes_find_their_status():
    checked = 0
    for lang, sdk in KB.sdks.items():
        for status, name in sdk.classes.items():
            if status == "5xx" or resolve(KB, status) is None:
                continue  # a status the catalogue has no page for
            for query in {name, f"{sdk.namespace}.{name}" if sdk.namespace else name}:
                top = [h for h in rank(KB, query) if h.tier == 0]
                assert str(status) in {h.key for h in top}, (lang, query)
                checked += 1
    assert checked > 50
    # An error code's own class goes to the code.
    for code in list(KB.error_codes.values())[:20]:
        assert first(code.sdk_class) == code.code or rank(KB, code.sdk_class)[0].tier == 0


@pytest.mark.parametrize("query, expected", [
    ("dual credentials", "auth.dual-credentials"),       # id words
    ("dual cred", "auth.dual-credentials"),              # as it is being typed
    ("credit balance", "access.credit-balance-low"),
    ("prompt is too long", "request.prompt-too-long"),   # words of the API's message
])
def test_words(query, expected):
    assert first(query) == expected


def test_title_words_come_before_other_words():
    for cause in KB.causes[:60]:
        words = [w for w in cause.title.lower().split() if w.isalpha() and len(w) > 3][:2]
        if not words:
            continue
        hits = rank(KB, " ".join(words))
        mine = next(h for h in hits if h.key == cause.id)
        assert mine.tier <= 2, (cause.id, words)
        assert all(h.tier <= 2 for h in hits[:hits.index(mine)]), "nothing from a lower tier is ranked above it"


def test_tiers_never_go_backwards_and_empty_matches_nothing():
    for query in ("429", "overloaded", "tool_result", "spend", "RateLimitError", "stream", "x-api-key oauth"):
        tiers = [h.tier for h in rank(KB, query)]
        assert tiers and tiers == sorted(tiers), query
    assert rank(KB, "") == [] and rank(KB, "   ") == []
    assert rank(KB, "no-such-thing-anywhere") == []
