"""Status and error type carried in prose, as real pastes from public threads carry them.

Each case is the shape of a paste from an issue thread (named beside it); the reader must find
the status (and the error type where the paste names one), not only the top cause.
"""

import pytest

from tui import diagnose
from tui.reader import read

PROSE = [
    # (paste, status, error_type)
    ("(HTTP/2 401) x-api-key header is required", 401, None),
    ("Error 404, Message: Publisher Model `projects/p/locations/us-east5/publishers/anthropic/models/"
     "claude-sonnet-4-6` not found., Status: NOT_FOUND", 404, None),
    ("400 invalid_request_error: cache_control cannot be set for empty text blocks", 400,
     "invalid_request_error"),
    ('** (RuntimeError) [message: "messages: text content blocks must be non-empty", status: 400, '
     'type: "invalid_request_error"]', 400, "invalid_request_error"),
    ("API Error: Request rejected (429) · This request would exceed the rate limit for your "
     "organization of 30,000 input tokens per minute.", 429, None),
    ("Error: api returned 400 Bad Request (invalid_request_error): max_tokens: Field required", 400,
     "invalid_request_error"),
    ("litellm.exceptions.BadRequestError: status_code=400, context={'provider': 'anthropic', "
     "'error_type': 'invalid_request_error', 'message': 'tools.0.name: String should match pattern'}",
     400, "invalid_request_error"),
    ("(429 Too many tokens, please wait before trying again.)", 429, None),
    # held-out set 4: bentleypark/aiwatch#232, agentjido/req_llm#155, anthropics/anthropic-sdk-python#1575,
    # anthropics/claude-code#165 (the SDK's debug log line)
    ("(error) [ai-analysis] Claude API returned 403: error code: 1000", 403, None),
    ("** (ReqLLM.Error.API.Request) API request failed (400): Provider response error (400): Anthropic "
     "API error: tools.0.custom.input_schema: JSON schema is invalid.", 400, None),
    ('# Fails with 400: "SKILL.md file must be exactly in the top-level folder."', 400, None),
    ("Anthropic:DEBUG:response (error; (error; not retryable)) 404 https://us-east5-aiplatform.googleapis.com"
     "/v1/projects/p/locations/us-east5/publishers/anthropic/models/claude-3-7-sonnet-20250219:streamRawPredict",
     404, None),
]


@pytest.mark.parametrize("paste,status,error_type", PROSE)
def test_status_and_type_from_prose(paste, status, error_type):
    o = read(paste)
    assert o.status == status and not o.status_inferred, (o.status, paste)
    if error_type:
        assert o.error_type == error_type, (o.error_type, paste)


def test_a_line_starting_with_a_number_is_not_a_status():
    assert read("200 OK").status is None
    assert read("100 requests were sent in the last minute").status is None


def test_padded_hard_wrap_of_claude_code_matches_its_phrase():
    """Claude Code wraps at the terminal width and pads the next line to the text's column."""
    paste = ("  ⎿  API Error: Request rejected (429) · This request would exceed the rate limit for your "
             "organization of 30,000 input tokens per     \n" + " " * 60
             + "minute. For details, refer to: https://docs.claude.com/en/api/rate-limits.")
    d = diagnose(paste, use_env=False)
    assert d.observation.status == 429
    assert d.top is not None and d.top.id == "rate.input-tokens-per-minute"
    assert "per minute" in d.observation.message


def test_numbers_beside_these_words_are_not_statuses():
    # a count after "returned", a retry tally, a port in a URL: none of them is a status
    for paste in ("the query returned 404.5 rows", "request failed 3 times", "listening on :443 https://x.dev",
                  "tokens 4096 https://docs.x/limits 1.404 https://y"):
        assert read(paste).status in (None,), (read(paste).status, paste)


# Sentences that stand for a status when the paste shows no number (held-out set 4: nginx in front
# of a relay, Wei-Shaw/claude-relay-service#37; an IAM denial, posit-dev/positron#10683; the API's
# validation grammar alone, ax-llm/ax#457 and zerdos/spike.land#1916).
SENTENCES = [
    ('upstream sent "Content-Length" and "Transfer-Encoding" headers at the same time while reading response '
     'header from upstream, client: 10.0.0.1, server: claude.example.com', 502),
    ("upstream timed out (110: Connection timed out) while reading response header from upstream, "
     'client: 10.0.0.1, request: "POST /v1/messages HTTP/1.1"', 504),
    ('{"Message":"User: arn:aws:sts::000000000000:assumed-role/r/s is not authorized to perform: '
     'bedrock:InvokeModelWithResponseStream on resource: arn:aws:bedrock:::foundation-model/x"}', 403),
    ("tools.0.custom.input_schema.type: Input should be 'object'", 400),
    ("tools.0: Input tag 'web_search_20250305' found using 'type' does not match any of the expected tags: "
     "'bash_20250124', 'custom'", 400),
]


@pytest.mark.parametrize("paste,status", SENTENCES)
def test_status_stood_for_by_a_sentence(paste, status):
    o = read(paste)
    assert (o.status, o.status_inferred) == (status, True), paste


def test_a_printed_status_wins_over_a_sentence():
    o = read("API Error: 413 tools.0.custom.input_schema.type: Input should be 'object'")
    assert (o.status, o.status_inferred) == (413, False)
    # prose about a field is not the API's grammar
    assert read("I think messages: should be a list here").status is None
