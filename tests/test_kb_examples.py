"""Every example paste in the knowledge base is a test (like rustc's error index).

Each [[cause.example]] goes through the full pipeline (reader → linter → engine) with only the
environment the example declares, and its expected cause must rank first.
"""

import pytest

import knowledge
from tui.engine import diagnose

KB = knowledge.load()
EXAMPLES = [(cause.id, i, ex) for cause in KB.causes for i, ex in enumerate(cause.examples)]


@pytest.mark.parametrize("cause_id,index,example", EXAMPLES,
                         ids=[f"{cid}#{i}" for cid, i, _ in EXAMPLES])
def test_example_ranks_its_cause_first(cause_id, index, example):
    d = diagnose(example.paste, env=dict(example.env))
    ranked = [(m.id, round(m.confidence, 2)) for m in d.causes[:4]]
    assert d.causes, f"no cause found; observation: {d.observation.to_dict()}"
    assert d.top.id == example.expect, f"ranked {ranked}; observation: {d.observation.to_dict()}"
    assert d.top.evidence, "the top cause must come with evidence"


def test_every_cause_has_an_example_and_a_fix():
    assert KB.causes
    for cause in KB.causes:
        assert cause.examples and cause.fix and cause.docs_url.startswith("https://")
