"""Ranking rules of the engine that no single knowledge-base entry can express."""

import pytest

from tui import diagnose

REQUEST = '{"model": "%s", "max_tokens": 2048, %s "messages": [{"role": "user", "content": "hi"}]}'
ERROR = '{"type":"error","error":{"type":"invalid_request_error","message":"%s"}}'


@pytest.mark.parametrize("model,fields,message,want", [
    # The model dropped the field: its own rule explains "Extra inputs" better than a generic schema rule.
    ("claude-opus-4-7", '"temperature": 0.2,', "temperature: Extra inputs are not permitted",
     "model.sampling-params-removed"),
    ("claude-opus-4-7", '"thinking": {"type": "enabled", "budget_tokens": 1024},',
     "thinking.budget_tokens: Extra inputs are not permitted", "model.budget-thinking-removed"),
    # A model that keeps temperature: nothing of its own explains the message, the generic rule leads.
    ("claude-sonnet-4-6", '"temperature": 0.2,', "temperature: Extra inputs are not permitted",
     "request.unknown-field"),
])
def test_the_models_own_rule_leads_when_it_explains_the_message(model, fields, message, want):
    d = diagnose(REQUEST % (model, fields) + "\n" + ERROR % message, use_env=False)
    assert d.top is not None and d.top.id == want, [(c.id, round(c.confidence, 3)) for c in d.causes[:4]]


def test_a_404_that_names_no_model_is_about_the_url():
    d = diagnose('POST "https://api.anthropic.com/v1/v1/messages": 404 Not Found '
                 '{"type":"error","error":{"type":"not_found_error","message":"Not Found"}}', use_env=False)
    assert d.top.id == "access.wrong-endpoint-path"
    assert d.causes[1].confidence < d.top.confidence / 2
