"""The reader on each form a paste really comes in: fields must come out right, wherever they sit."""

import pytest

from tui.reader import read

REQ = "req_011CSHoEeqs5C35K2UUqR7Fy"

CASES = {
    "python-dict-repr": (
        "Traceback (most recent call last):\n  File \"app.py\", line 9, in <module>\n"
        "    msg = client.messages.create(**params)\n"
        "anthropic.RateLimitError: Error code: 429 - {'type': 'error', 'error': {'type': 'rate_limit_error', "
        "'message': \"This request would exceed your organization's rate limit of 30,000 input tokens per minute\"}, "
        f"'request_id': '{REQ}'}}",
        dict(source="python-sdk", status=429, error_type="rate_limit_error", request_id=REQ, exception="RateLimitError")),
    "python-stream-apistatuserror": (
        "anthropic.APIStatusError: {'type': 'error', 'error': {'details': None, 'type': 'overloaded_error', "
        "'message': 'Overloaded'}}",
        dict(source="python-sdk", status=200, mid_stream=True, error_type="overloaded_error")),
    "typescript": (
        f'BadRequestError: 400 {{"type":"error","error":{{"type":"invalid_request_error","message":"max_tokens: Field required"}},"request_id":"{REQ}"}}\n'
        "    at APIError.generate (/app/node_modules/@anthropic-ai/sdk/core/error.js:45:20)",
        dict(source="ts-sdk", status=400, error_type="invalid_request_error", message="max_tokens: Field required")),
    "node-console-error-dump": (
        "RateLimitError: 429 {\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Number of request tokens has exceeded your per-minute rate limit\"}}\n"
        "    at Function.generate (file:///srv/node_modules/@anthropic-ai/sdk/error.mjs:62:20) {\n"
        "  status: 429,\n  headers: {\n    'retry-after': '23',\n    'request-id': 'req_011CAAAAAAAAAAAAAAAAAA',\n"
        "    'x-should-retry': 'true'\n  },\n  request_id: 'req_011CAAAAAAAAAAAAAAAAAA',\n"
        "  error: { type: 'error', error: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit' } }\n}",
        dict(source="ts-sdk", status=429, request_id="req_011CAAAAAAAAAAAAAAAAAA",
             headers={"retry-after": "23", "x-should-retry": "true"})),
    "go": (
        'POST "https://api.anthropic.com/v1/messages": 404 Not Found (Request-ID: req_011CGOGOGOGOGOGOGO) '
        '{"type":"error","error":{"type":"not_found_error","message":"model: claude-3-5-sonnet-latest"}}',
        dict(source="go-sdk", status=404, request_id="req_011CGOGOGOGOGOGOGO", model="claude-3-5-sonnet-latest")),
    "java": (
        "Exception in thread \"main\" com.anthropic.errors.UnauthorizedException: 401: "
        "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}\n"
        "\tat com.anthropic.core.handlers.ErrorHandler.handle(ErrorHandler.kt:60)",
        dict(source="java-sdk", status=401, error_type="authentication_error", exception="UnauthorizedException")),
    "curl-i": (
        "HTTP/2 529\ncontent-type: application/json\nrequest-id: req_011CCURLCURLCURLCU\nx-should-retry: true\n\n"
        '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011CCURLCURLCURLCU"}',
        dict(source="curl", status=529, headers={"x-should-retry": "true"}, request_id="req_011CCURLCURLCURLCU")),
    "curl-v": (
        "*   Trying 160.79.104.10:443...\n> POST /v1/messages HTTP/2\n> Host: api.anthropic.com\n"
        "> x-api-key: sk-ant-api03-FAKEFAKEFAKEFAKEFAKE\n> anthropic-version: 2023-06-01\n>\n"
        "< HTTP/2 429\n< retry-after: 41\n< anthropic-ratelimit-requests-remaining: 0\n<\n"
        '{"type":"error","error":{"type":"rate_limit_error","message":"rate limited"}}',
        dict(source="curl", status=429, headers={"retry-after": "41", "anthropic-ratelimit-requests-remaining": "0"})),
    "sse": (
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"model\":\"claude-sonnet-4-6\"}}\n\n"
        "event: error\ndata: {\"type\": \"error\", \"error\": {\"type\": \"api_error\", \"message\": \"Internal server error\"}}\n",
        dict(source="sse", mid_stream=True, status=200, error_type="api_error")),
    "claude-code-json": (
        '  ⎿  API Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}}',
        dict(source="claude-code", status=400, error_type="invalid_request_error")),
    "claude-code-one-line": (
        "API Error: 529 Overloaded. This is a server-side issue, usually temporary — try again in a moment.",
        dict(source="claude-code", status=529)),
    "batch-line": (
        '{"custom_id":"doc-17","result":{"type":"errored","error":{"type":"error","error":{"type":"invalid_request_error",'
        '"message":"messages.0.content: Field required"},"request_id":"req_011CBATCHBATCHBATCH"}}}',
        dict(source="batch", error_type="invalid_request_error", batch_result="errored")),
    "bedrock-boto": (
        "botocore.errorfactory.ValidationException: An error occurred (ValidationException) when calling the "
        "InvokeModel operation: messages: roles must alternate between \"user\" and \"assistant\"",
        dict(source="bedrock", status=400, exception="ValidationException")),
    "bedrock-boto-message-only": (  # what a wrapper logs: str(ClientError), no exception line
        "2026-11-29 02:40:11 WARNING agent.llm An error occurred (ThrottlingException) when calling the "
        "InvokeModelWithResponseStream operation (reached max retries: 4): Too many requests, please wait "
        "before trying again.",
        dict(source="bedrock", status=429, exception="ThrottlingException",
             message="Too many requests, please wait before trying again.")),
    "node-dump-from-inside": (  # console.error of an APIError, pasted from its `status:` line on
        "status: 529,\n  headers: {\n    'content-type': 'application/json',\n    'request-id': 'req_01RCc7MbLyQNtGKzBTv8VCep',\n"
        "    'x-should-retry': 'true'\n  },\n  error: {\n    type: 'error',\n"
        "    error: { type: 'overloaded_error', message: 'Overloaded' }\n  }\n\n"
        "  InternalServerError: 529 {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n"
        "    at APIError.generate (node_modules/@anthropic-ai/sdk/error.mjs:75:20)",
        dict(source="ts-sdk", status=529, mid_stream=False, error_type="overloaded_error",
             headers={"content-type": "application/json", "request-id": "req_01RCc7MbLyQNtGKzBTv8VCep",
                      "x-should-retry": "true"})),
    "sse-quoted-in-log-line": (  # an Elixir client logging the raw event it could not parse
        '[error] Unsupported event received when parsing Anthropic response: "event: error\\ndata: '
        '{\\"type\\":\\"error\\",\\"error\\":{\\"details\\":null,\\"type\\":\\"overloaded_error\\",'
        '\\"message\\":\\"Overloaded\\"}        }"',
        dict(mid_stream=True, status=200, error_type="overloaded_error", message="Overloaded")),
    "gateway-upstream-error": (  # a relay's own error type around the upstream Anthropic body
        '{"type":"error","error":{"type":"request_fail","upstream_error":{"type":"error","error":{'
        '"type":"invalid_request_error","message":"messages.1.content.0: Invalid `signature` in `thinking` block"},'
        '"request_id":"req_011CWkB65DcNzK2MiofhXx8b"}},"request_id":"req_011CWkB65DcNzK2MiofhXx8b"}',
        dict(status=400, error_type="invalid_request_error", request_id="req_011CWkB65DcNzK2MiofhXx8b",
             message="messages.1.content.0: Invalid `signature` in `thinking` block")),
    "claude-code-errors-dump": (  # the "Errors" JSON of a Claude Code bug report: its Bun binary's stack
        '[{"error":"Error: 400 {\\"type\\":\\"error\\",\\"error\\":{\\"type\\":\\"invalid_request_error\\",'
        '\\"message\\":\\"The long context beta is not yet available for this subscription.\\"},'
        '\\"request_id\\":\\"req_011CYRQ9U8E3bhA6nzRupvui\\"}\\n    at generate (B:/~BUN/root/claude.exe:282:28230)'
        '\\n    at makeRequest (B:/~BUN/root/claude.exe:321:5435)","timestamp":"2026-02-23T17:32:00.513Z"}]',
        dict(source="claude-code", status=400, error_type="invalid_request_error",
             request_id="req_011CYRQ9U8E3bhA6nzRupvui")),
    "hard-wrapped-vertex-envelope": (  # Claude Code wrapped the line to the terminal: raw breaks in strings
        'API Error: 400 {"error":{"code":400,"message":"{\\"type\\":\\"error\\",\\"error\\":{\\"type\\":'
        '\\"invalid_request_error\\",\\"message\\":\\"messages.23.content.0.type: Expected `thinking` or '
        '`redacted_thinking`, but found `text`. When \n    `thinking` is enabled, a final `assistant` message must '
        'start with a thinking block.\\"},\\"request_id\\":\\"req_vrtx_011CWaEQReFEWm8TRWto6PfE\\"}",'
        '"status":"INVALID_ARGUMENT"}}',
        dict(source="claude-code", status=400, error_type="invalid_request_error",
             request_id="req_vrtx_011CWaEQReFEWm8TRWto6PfE",
             message="messages.23.content.0.type: Expected `thinking` or `redacted_thinking`, but found `text`. "
                     "When  `thinking` is enabled, a final `assistant` message must start with a thinking block.")),
    "openrouter-bare-body-wrapped": (  # OpenRouter's body without an "error" key, wrapped inside an escape
        'POST "https://openrouter.ai/api/v1/chat/completions": 400 Bad Request {"message":"Provider returned\n'
        'error","code":400,"metadata":{"raw":"{\\"type\\":\\"error\\",\\"error\\":{\\"type\\":'
        '\\"invalid_request_error\\",\\"message\\":\\\n"messages.1.content.0.text.text: Input should be a valid\n'
        'string\\"},\\"request_id\\":\\"req_vrtx_011CSYucjVXi3fWhZvBi6Dra\\"}","provider_name":"Google"}}',
        dict(status=400, error_type="invalid_request_error",
             message="messages.1.content.0.text.text: Input should be a valid string")),
    "litellm-type-none": (  # LiteLLM prints a missing type as "None"; the Anthropic body is wrapped inside
        'API Error: 400 {"error":{"message":"{\\"type\\":\\"error\\",\\"error\\":{\\"type\\":'
        '\\"invalid_request_error\\",\\n    \\"message\\":\\"Unexpected value(s) `tool-examples-2025-10-29` '
        'for the `anthropic-beta` header.\\"},\\"request_id\\":\\"req_vrtx_011CV9FbW8EZVPrWadzgrzSS\\"}. '
        'Received Model \\n    Group=xxxx-bedrock-claude-4-sonnet","type":"None","param":"None","code":"400"}}',
        dict(status=400, error_type="invalid_request_error",
             message="Unexpected value(s) `tool-examples-2025-10-29` for the `anthropic-beta` header.")),
    "bedrock-relayed-no-exception": (  # an SDK that prints Bedrock's message alone (AI SDK: "undefined: …")
        "undefined: The model returned following errors: data retention mode 'default' is not available for this model ",
        dict(source="bedrock")),
    "claude-code-request-too-large": (
        "⏺ Request too large (max 32MB). Double press esc to go back and try with a smaller file.",
        dict(source="claude-code")),
    "node-dump-without-status": (  # a JS object dump (bare keys) is not the Python SDK's mid-stream repr
        "{\n  type: 'error',\n  error: {\n    type: 'invalid_request_error',\n    message: \"messages.0.content.0."
        "document.source: Input tag 'file' found using 'type' does not match any of the expected tags\"\n  },\n"
        "  request_id: 'req_011CTR6XtLRRed3fcm7ad2Mr'\n}",
        dict(mid_stream=False, status=400, error_type="invalid_request_error")),
    "go-stream-error": (
        'received error while streaming: {"type":"error","error":{"details":null,"type":"overloaded_error",'
        '"message":"Overloaded"} }',
        dict(source="go-sdk", mid_stream=True, status=200, error_type="overloaded_error")),
    "bare-error-object": (  # the inner error object alone, without the {"type":"error","error":…} envelope
        '{"type":"rate_limit_error","message":"This request would exceed your organization\'s rate limit of 10,000 '
        'input tokens per minute (org: ece51220-5ee3-45e4-9eb0-7aa15c95ea5f, model: claude-sonnet-4-20250514)."}',
        dict(status=429, error_type="rate_limit_error",
             message="This request would exceed your organization's rate limit of 10,000 input tokens per minute "
                     "(org: ece51220-5ee3-45e4-9eb0-7aa15c95ea5f, model: claude-sonnet-4-20250514).")),
    "truncated-message-with-apostrophe": (
        '2026-11-02 ERROR upstream said {"type":"error","error":{"type":"rate_limit_error","message":"This request '
        'would exceed your organization\'s rate lim',
        dict(error_type="rate_limit_error", message="This request would exceed your organization's rate lim")),
    "elixir-map": (  # an Elixir / Ruby map with => between keys and values
        '%{"error" => %{"message" => "output_format.schema: For \'integer\' type, property \'minimum\' is not '
        'supported", "type" => "invalid_request_error"}, status: 400}',
        dict(error_type="invalid_request_error",
             message="output_format.schema: For 'integer' type, property 'minimum' is not supported")),
    "html-escaped": (  # copied out of a web page: quotes as &quot;
        '{&quot;type&quot;:&quot;error&quot;,&quot;error&quot;:{&quot;type&quot;:&quot;invalid_request_error&quot;,'
        '&quot;message&quot;:&quot;messages: roles must alternate between \\&quot;user\\&quot; and '
        '\\&quot;assistant\\&quot;&quot;}}',
        dict(error_type="invalid_request_error",
             message='messages: roles must alternate between "user" and "assistant"')),
    "html-escaped-inner-quotes": (  # only the message's own quotes became entities
        '400 {"type":"error","error":{"type":"invalid_request_error","message":"messages: roles must alternate '
        'between &quot;user&quot; and &quot;assistant&quot;, but found multiple &quot;user&quot; roles in a row"}}',
        dict(status=400, message='messages: roles must alternate between "user" and "assistant", but found '
                                 'multiple "user" roles in a row')),
    "bracketed-type": (  # a PHP wrapper's own wording of the error
        "EchoLabs\\Prism\\Exceptions\\PrismException: Anthropic Error: [not_found_error] model: claude-3-sonnet",
        dict(error_type="not_found_error", status=404)),
    "faraday-status": (
        "gems/faraday-2.12.0/lib/faraday/response/raise_error.rb:31:in `on_complete': the server responded with "
        "status 400 (Faraday::BadRequestError)",
        dict(status=400)),
    "vertex-embedded-string": (
        '{"error":{"code":400,"message":"{\\"type\\":\\"error\\",\\"error\\":{\\"type\\":\\"invalid_request_error\\",'
        '\\"message\\":\\"prompt is too long\\"},\\"request_id\\":\\"req_vrtx_011CVERTEXVERTEX\\"}","status":"INVALID_ARGUMENT"}}',
        dict(source="vertex", status=400, error_type="invalid_request_error", message="prompt is too long",
             request_id="req_vrtx_011CVERTEXVERTEX")),
    "vertex-quota-array": (
        '[{"error":{"code":429,"message":"Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model '
        'with base model: anthropic-claude-sonnet-4-6.","status":"RESOURCE_EXHAUSTED"}}]',
        dict(source="vertex", status=429)),
    "openrouter": (
        '{"error":{"message":"Provider returned error","code":400,"metadata":{"raw":"{\\"type\\":\\"error\\",\\"error\\":'
        '{\\"type\\":\\"invalid_request_error\\",\\"message\\":\\"temperature: range: 0..1\\"}}","provider_name":"Anthropic"}}}',
        dict(source="openrouter", status=400, error_type="invalid_request_error", message="temperature: range: 0..1")),
    "litellm-bytes": (
        "litellm.BadRequestError: AnthropicException - b'{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
        "\"message\":\"messages: text content blocks must be non-empty\"}}'",
        dict(source="litellm", status=400, error_type="invalid_request_error")),
    "truncated-body": (
        '2026-11-02 10:00:01 ERROR upstream said {"type":"error","error":{"type":"rate_limit_error","message":"This request would exc',
        dict(error_type="rate_limit_error", status=429)),
    "request-and-error": (
        '{"model": "claude-opus-4-7", "max_tokens": 1024, "temperature": 0.2, "messages": [{"role": "user", "content": "hi"}]}\n'
        "anthropic.BadRequestError: Error code: 400 - {'type': 'error', 'error': {'type': 'invalid_request_error', 'message': 'temperature is not supported for this model'}}",
        dict(kind="error+request", model="claude-opus-4-7", status=400)),
}


@pytest.mark.parametrize("name", list(CASES))
def test_form(name):
    text, expected = CASES[name]
    obs = read(text)
    for field, want in expected.items():
        got = getattr(obs, field)
        if isinstance(want, dict):
            for k, v in want.items():
                assert got.get(k) == v, f"{name}: {field}[{k}] = {got.get(k)!r}, want {v!r}"
        else:
            assert got == want, f"{name}: {field} = {got!r}, want {want!r} ({obs.to_dict()})"


def test_request_body_alone():
    obs = read('{"model": "claude-haiku-4-5", "max_tokens": 64, "messages": [{"role": "user", "content": "x"}]}')
    assert obs.kind == "request" and obs.request["max_tokens"] == 64 and obs.status is None


def test_trailing_comma_names_line_and_column():
    obs = read('{\n  "type": "error",\n  "error": {"type": "api_error", "message": "x"},\n}')
    assert any("line 4, column 1" in n for n in obs.notes), obs.notes
    assert obs.error_type == "api_error"  # still read leniently


def test_a_tool_named_claude_is_not_taken_for_the_model():
    # Claude Code's stack frames name its package; the model is whatever the paste names elsewhere.
    frame = ("API Error: 500 {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Overloaded\"}}\n"
             "    at IP.makeRequest (file:///C:/Users/dev/AppData/Roaming/npm/node_modules/@anthropic-ai/"
             "claude-code/cli.js:1009:5344)")
    assert read(frame).model is None
    assert read(frame + "\nmodel: claude-sonnet-4.6 (see claude-quickstarts)").model == "claude-sonnet-4.6"
    assert read("ValidationException: anthropic.claude-v2 is not supported").model == "anthropic.claude-v2"


def test_an_error_string_with_a_prefix_before_its_json_is_read():
    # Claude Code's error log keeps "Error: 400 {…}\n    at …" as one JSON string.
    log = ('[{"error":"Error: 400 {\\"type\\":\\"error\\",\\"error\\":{\\"type\\":\\"invalid_request_error\\",'
           '\\"message\\":\\"The request body is not valid JSON: no low surrogate in string: line 1 column 9 (char 8)\\"},'
           '\\"request_id\\":\\"req_011CPrefixJson01\\"}\\n    at Z6.generate (file:///x/cli.js:936:2303)",'
           '"timestamp":"2025-08-13T10:00:00.000Z"}]')
    obs = read(log)
    assert (obs.status, obs.error_type, obs.request_id) == (400, "invalid_request_error", "req_011CPrefixJson01")
    assert obs.message.startswith("The request body is not valid JSON")
    assert read('{"error": "upstream connect error or disconnect/reset before headers"}').message.startswith("upstream")


def test_google_api_core_exceptions_give_their_status():
    obs = read("google.api_core.exceptions.ResourceExhausted: 429 Quota exceeded for aiplatform.googleapis.com/"
               "online_prediction_input_tokens_per_minute_per_base_model with base model: anthropic-claude-sonnet-4-5.")
    assert (obs.status, obs.source) == (429, "vertex")


@pytest.mark.parametrize("paste,source,language,exception", [
    ("Anthropic::Errors::APIConnectionError: Connection error.\n"
     "/usr/local/bundle/gems/anthropic-1.4.0/lib/anthropic/internal/transport/base_client.rb:388:in `send_request'",
     "ruby-sdk", "ruby", "APIConnectionError"),
    ("Unhandled exception. Anthropic.Exceptions.AnthropicRateLimitException: Status code 429: "
     '{"type":"error","error":{"type":"rate_limit_error","message":"rate limited"}}', "csharp-sdk", "csharp", None),
    ('PHP Fatal error:  Uncaught Anthropic\\Core\\Exceptions\\AuthenticationException: '
     '{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}', "php-sdk", "php", None),
])
def test_ruby_csharp_and_php_sdk_pastes_name_their_sdk(paste, source, language, exception):
    obs = read(paste)
    assert (obs.source, obs.sdk_language) == (source, language)
    if exception:
        assert obs.exception == exception
