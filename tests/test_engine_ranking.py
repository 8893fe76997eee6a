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


CODED = ("400 messages.0.content.1.image.source.base64: image dimensions exceed max allowed size: 8000 pixels "
         "(error_code: image_dimensions_too_large, request_id: req_011CV400ImgxQ7mZ2pLk9, path: /v1/messages, "
         'type: invalid_request_error)\n\n{\n  "error_code": "image_dimensions_too_large",\n'
         '  "max_side_length_pixels": 8000,\n  "paths": [\n    "messages.0.content.1"\n  ]\n}')


def test_an_error_code_leads_and_its_details_reach_evidence_and_fix():
    request = ('{"model": "claude-sonnet-4-6", "max_tokens": 100, "messages": [{"role": "user", "content": '
               '[{"type": "text", "text": "what is this"}, {"type": "image", "source": {"type": "base64", '
               '"media_type": "image/png", "data": "iVBORw0KGgo="}}]}]}')
    d = diagnose(request + "\n" + CODED, use_env=False)
    assert d.top.id == "request.image-dimensions-too-large" and d.top.confidence >= 0.95
    assert any("max_side_length_pixels: 8000" in e for e in d.top.evidence)
    assert d.top.fix[0].startswith("The API points at messages[0].content[1] (your `image` block)")
    assert "max_side_length_pixels = 8000" in d.top.fix[1]
    assert d.top.fix[2:] == d.top.cause.fix  # the cause's own steps follow
    assert d.to_dict()["input"]["details"]["paths"] == ["messages.0.content.1"]


def test_a_code_without_a_cause_of_its_own_gets_the_tables():
    d = diagnose("403 Outbound network access from the sandbox is restricted. (error_code: sandbox_egress_restricted, "
                 "request_id: req_011CVabcdefghijk, path: /v1/messages, type: permission_error)", use_env=False)
    assert d.top.id == "code.sandbox_egress_restricted" and d.top.confidence >= 0.95
    assert d.top.cause.fix and "sandbox" in d.top.cause.summary.lower()
