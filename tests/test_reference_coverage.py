"""Every case of error-codes-reference.txt (the founding document) has its cause in the knowledge
base; each of those causes' example pastes is diagnosed by tests/test_kb_examples.py."""

import pytest

import knowledge

KB = knowledge.load()

# reference case → cause id that diagnoses it
REFERENCE = {
    "400 malformed JSON in request body": "request.malformed-json",
    "400 missing required parameters (model, max_tokens, messages)": "request.missing-required-field",
    "400 invalid parameter types": "request.wrong-type",
    "400 empty messages array": "request.empty-messages",
    "400 messages not alternating user/assistant": "request.roles-not-alternating",
    "400 first message is assistant": "request.first-message-not-user",
    "400 max_tokens exceeds the model's limit": "request.max-tokens-over-model-limit",
    "400 temperature outside 0.0-1.0": "request.temperature-out-of-range",
    "400 budget_tokens >= max_tokens (older models)": "model.budget-tokens-not-below-max-tokens",
    "400 invalid tool definition schema": "request.tool-schema-invalid",
    "400 temperature/top_p/top_k on Fable 5 / Opus 4.8 / 4.7": "model.sampling-params-removed",
    "400 thinking enabled + budget_tokens on Fable 5 / Opus 4.8 / 4.7": "model.budget-thinking-removed",
    "400 thinking disabled on Fable 5": "model.thinking-disabled-rejected",
    "400 org on ZDR / retention < 30 days (Fable 5)": "model.fable-retention",
    "401 missing x-api-key or Authorization header": "auth.missing-key",
    "401 invalid, revoked or deleted key": "auth.invalid-key",
    "401 OAuth token sent via x-api-key": "auth.oauth-in-x-api-key",
    "401 both ANTHROPIC_API_KEY and ANTHROPIC_AUTH_TOKEN set": "auth.dual-credentials",
    "401 API key in code (leaked)": "auth.key-exposed-in-code",
    "403 key lacks access to the model / org restrictions": "access.permission-denied",
    "403 beta feature without access": "access.beta-not-enabled",
    "404 typo in model id (claude-sonnet-4.6)": "access.model-id-typo",
    "404 deprecated model id": "access.model-retired",
    "404 invalid endpoint": "access.wrong-endpoint-path",
    "413 request exceeds size limits": "size.request-too-large",
    "429 requests per minute": "rate.requests-per-minute",
    "429 tokens per minute": "rate.input-tokens-per-minute",
    "429 tokens per day": "rate.tokens-per-day",
    "500 api_error": "server.internal-error",
    "529 overloaded_error": "server.overloaded",
}


@pytest.mark.parametrize("case", list(REFERENCE))
def test_reference_case_has_a_cause_with_examples(case):
    cause = KB.cause_by_id.get(REFERENCE[case])
    assert cause is not None, f"{case}: no cause {REFERENCE[case]}"
    assert cause.examples and cause.fix


@pytest.mark.parametrize("status", [400, 401, 402, 403, 404, 409, 413, 429, 500, 504, 529])
def test_every_status_has_an_error_type_and_exception_classes(status):
    from tui.engine.lookup import resolve
    entry = resolve(KB, str(status))
    assert entry and entry.error_types and entry.causes
    assert set(entry.classes) == {"python", "typescript", "java", "go", "ruby", "csharp", "php"}
