"""Signatures of the forms a paste comes in: which SDK or tool printed it, where its status is.

Pure pattern data and small helpers; `tui.reader.read` combines them.
"""

from __future__ import annotations

import re

from ..lazyre import lazy
from .lookalike import HYPHENS, ZERO_WIDTH, ascii_form

# A hyphen look-alike or zero-width character stays inside an id or a header name (lookalike.py):
# cut there, `claude-sonnet-4‑6` would be read as claude-sonnet-4, a real model, the slip unnamed.
_ODD = HYPHENS + ZERO_WIDTH

# (source, triggers, pattern) in priority order: the first that matches is the paste's source, the
# others become wrappers. Platform envelopes rank below the SDK that raised them. `triggers` are
# lower-case strings one of which every match contains (checked by a test against the pattern):
# a cheap `in` on the lower-cased paste skips most regex scans.
SOURCE_SIGNATURES: list[tuple[str, tuple[str, ...] | None, re.Pattern[str]]] = [
    # Also the stack of its Bun-compiled binary, as in the "Errors" dump of a bug report.
    ("claude-code", ('api error', 'claude code', 'claude-code', 'claude doctor', 'un /login', '/root/', 'double press esc',
                     'fix external api key', 'run --model', 'credit balance is too low', 'prompt is too long ·',
                     'disabled organization ·', 'request too large (max'),
     lazy(r"(?m)(?:^|⎿|\s)API Error(?: \(|:)|Claude Code|claude-code|\bclaude doctor\b|[Rr]un /login\b"
          r"|Fix external API key|Run --model to pick|^\s*(?:⎿\s*)?Credit balance is too low\s*$"
          r"|Prompt is too long ·|disabled organization · |^\s*(?:⎿\s*)?Request too large \(max \d+\s*MB\)"
          r"|(?:\$bunfs|~BUN)/root/(?:claude\b|src/entrypoints/cli\.js)|Double press esc to go back")),
    ("litellm", ('litellm', 'anthropicexception'), lazy(r"litellm\.|LiteLLM|AnthropicException")),
    ("openrouter", ('openrouter', 'provider returned error', 'provider_name'), lazy(r"(?i)openrouter|Provider returned error|\"provider_name\"|'provider_name'")),
    ("batch", ('custom_id',), lazy(r"[\"']custom_id[\"']\s*:")),
    # 2.15+ prints "… (request_id: …, path: /v1/messages, type: …)" and raises classes from
    # anthropic.types.*; older releases "Error code: 429 - {…}".
    ("python-sdk", ('anthropic', 'error code: ', 'traceback (most recent call last)', 'path: /'),
     lazy(r"(?<![\w.])anthropic\.(?:[a-z_]\w*\.)*[A-Z]\w*(?:Error|Exception)\b|Error code: \d{3}"
          r"|site-packages/anthropic/|Traceback \(most recent call last\)"
          r"|\((?:(?:error_code|request_id): [^,()\n]+, )*path: /[^,()\s]*(?:, type: \w+)?\)")),
    ("ts-sdk", ('@anthropic-ai/sdk', 'node_modules', 'at ', 'error: ', 'unhandledpromiserejection', 'undici'), lazy(r"@anthropic-ai/sdk|node_modules|\bat (?:async )?\S+ \(.*\.[cm]?[jt]s:\d+:\d+\)"
                          r"|^\w*Error: \d{3} [{\[]|\bUnhandledPromiseRejection|\bundici\b", re.M)),
    ("go-sdk", (' "http', 'anthropic-sdk-go', '*anthropic.error', 'received error while streaming'),
     lazy(r"(?:GET|POST|PUT|DELETE) \"https?://[^\"]+\": \d{3} |anthropic-sdk-go|\*anthropic\.Error"
          r"|received error while streaming: ")),  # ssestream's error for an `event: error`
    ("java-sdk", ('com.anthropic.', 'at '), lazy(r"com\.anthropic\.|\bat (?:java|kotlin|com|org)\.[\w.$]+\(")),
    ("ruby-sdk", ('anthropic::', '/gems/anthropic-'), lazy(r"\bAnthropic::(?:Errors::)?\w+|/gems/anthropic-\d")),
    ("csharp-sdk", ('anthropic.exceptions.',), lazy(r"\bAnthropic\.Exceptions\.Anthropic\w*Exception\b")),
    ("php-sdk", ('anthropic\\core\\',), lazy(r"\bAnthropic\\Core\\(?:Exceptions|Errors)\\\w+")),
    ("sse", ('event:',), lazy(r"(?m)^event: ?\w+\s*$")),
    ("curl", ("http/", "curl", "post", "get", "put", "delete", "trying", "connected", "tls", "ssl",
              "alpn", "host ", "request completely"), lazy(r"(?m)^[^\S\n]*+(?:> (?:POST|GET|PUT|DELETE) |< HTTP/|\* (?:Trying|Connected|"
                                          r"TLS|SSL|ALPN|Host |Request completely)|HTTP/[\d.]+ \d{3}|curl\s)")),
    ("bedrock", ('bedrock', 'validation', 'throttling', 'accessdenied', 'modeltimeout', 'serviceunavailable', 'modelnotready', 'modelerror', 'resourcenotfound', 'unrecognizedclient', 'botocore', 'invokemodel', 'anthropic.claude-', 'model returned'), lazy(r"(?i)bedrock|\b(?:Validation|Throttling|AccessDenied|ModelTimeout|ServiceUnavailable"
                           r"|ModelNotReady|ModelError|ResourceNotFound|UnrecognizedClient)Exception\b"
                           r"|botocore|InvokeModel|anthropic\.claude-[\w.\-]+-v\d+:\d+"
                           r"|The model returned (?:the )?following errors:")),  # Bedrock relaying Claude's 400
    ("vertex", ('vertex', 'aiplatform', 'req_vrtx_', 'resource_exhausted', 'failed_precondition', 'invalid_argument', 'googleapis.com', 'permission_denied', 'publishers/anthropic'), lazy(r"(?i)vertex|aiplatform|req_vrtx_|RESOURCE_EXHAUSTED|FAILED_PRECONDITION"
                          r"|INVALID_ARGUMENT|googleapis\.com|PERMISSION_DENIED|publishers/anthropic")),
    ("openai-compat", ('openai.', '/v1/chat/completions', '(request id: ', "'param': none", '"param":', 'chat.completions'), lazy(r"\bopenai\.\w*Error|/v1/chat/completions|\(request id: |'param': None"
                                 r"|\"param\": ?null|chat\.completions")),
]

SDK_LANGUAGE = {"python-sdk": "python", "ts-sdk": "typescript", "go-sdk": "go", "java-sdk": "java",
                "ruby-sdk": "ruby", "csharp-sdk": "csharp", "php-sdk": "php",
                "litellm": "python", "claude-code": "typescript"}

# Where a status code shows up, most trustworthy first. Each pattern captures the status.
STATUS_PATTERNS: list[tuple[tuple[str, ...] | None, re.Pattern[str]]] = [
    (("error code: ",), lazy(r"Error code: (\d{3})")),                         # Python SDK
    (("api error",), lazy(r"API Error(?::? ?|\s*\([^)\d]*?)(\d{3})\b")),       # Claude Code
    (('"http',), lazy(r"\"https?://[^\"]+\": (\d{3}) [A-Z]")),                  # Go SDK
    (("http/",), lazy(r"(?m)^[^\S\n]*+(?:< )?HTTP/[\d.]+ (\d{3})\b")),               # curl -i / -v
    (('"http/',), lazy(r"\"HTTP/[\d.]+ (\d{3})")),                              # httpx log line
    (("http/",), lazy(r"[\s(\[]HTTP/[\d.]+ (\d{3})\b")),                        # "(HTTP/2 401) x-api-key …"
    (("request rejected (",), lazy(r"Request rejected \((\d{3})\)")),            # Claude Code's 429 line
    (("error ",), lazy(r"\bError ([45]\d\d), ")),                               # "Error 404, Message: …"
    (("rror", "xception"), lazy(r"(?:Error|Exception):? ([1-5]\d\d)(?::| [{\[]| status code| \w)")),  # TS / Java
    (("api_core",), lazy(r"api_core\.exceptions\.\w+: ([1-5]\d\d)\b")),     # Vertex via google-api-core
    (None, lazy(r"(?m)^(\d{3}) [{\[]")),                                       # TS message alone
    # A line that starts with the status: "400 invalid_request_error: …", "(429 Too many tokens …)"
    (None, lazy(r"(?m)^[ \t]*\(?([45]\d\d) (?=\w+_error\b|[A-Z][a-z]+ )")),
    (("status",), lazy(r"(?i)\bstatus(?:[_ ]?code)?[\"']?\s*[:=]\s*[\"']?(\d{3})\b")),  # status: 429
    (("http ",), lazy(r"(?i)\bHTTP (?:status |error )?(\d{3})\b")),
    (("bad request", "unauthorized", "payment required", "forbidden", "not found", "conflict",
      "too large", "too many requests", "internal server error", "bad gateway", "service unavailable",
      "gateway timeout", "overloaded"),
     lazy(r"\b(\d{3}) (?:Bad Request|Unauthorized|Payment Required|Forbidden|Not Found|Conflict"
                r"|Request Entity Too Large|Content Too Large|Payload Too Large|Too Many Requests"
                r"|Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout|Overloaded)\b")),
    (("status code ",), lazy(r"(?i)\bstatus code (\d{3})(?!\d)")),
    (("responded with status ",), lazy(r"responded with status (\d{3})\b")),     # Ruby's Faraday
    (("status(",), lazy(r"\bStatus\(([1-5]\d\d)\)")),                         # Rust: reqwest's kind: Status(404)
    (("--> ",), lazy(r"(?m)^--> [A-Z]+ \S+ ([1-5]\d\d)\b")),                     # hono's request logger
    (("returned ",), lazy(r"(?i)\breturned (?:an? |HTTP |status (?:code )?)?([45]\d\d)\b(?![.,]\d)")),  # "Claude API returned 403: …"
    (("with", "failed", "error"), lazy(r"(?i)\b(?:(?:fails?|failed) with (?:an? |HTTP |status )?|(?:failed|error) \()([45]\d\d)\b(?![.,]\d)")),  # "request failed (400)", "Fails with 400:"
    (("http",), lazy(r"(?<![\w.:/-])([45]\d\d) https?://\S")),                  # SDK debug log: "… 404 https://host/path"
]


def search(triggers: tuple[str, ...] | None, pattern: re.Pattern[str], text: str, lower: str):
    """`pattern.search(text)`, skipped when none of its trigger strings is in `lower`."""
    if triggers is not None:
        for t in triggers:
            if t in lower:
                break
        else:
            return None
    return pattern.search(text)


# Claude Code's own sentences for an HTTP error whose status it does not print, and that status
# (from genuine `claude -p` output against a loopback API, Claude Code 2.1.197 and 2.1.332).
CLAUDE_CODE_STATUS = [
    (lazy(r"(?m)^\s*(?:⎿\s*)?(?:Invalid|Missing) API key\b"), 401),
    (lazy(r"There's an issue with the selected model"), 404),
    (lazy(r"(?m)^\s*(?:⎿\s*)?Credit balance is too low"), 400),
    (lazy(r"(?m)^\s*(?:⎿\s*)?Prompt is too long\b"), 400),
    (lazy(r"belongs to a disabled organization"), 400),
    (lazy(r"(?m)^\s*(?:⎿\s*)?Request too large \(max \d+\s*MB\)"), 413),
    (lazy(r"API Error: an image in the conversation could not be processed"), 400),
]

# Other sentences that pin the status a server answered with when the paste shows no number.
SENTENCE_STATUS = [
    # nginx's error log line for the answer it gave: a slow upstream is 504, a broken or dropped one 502
    (lazy(r"upstream timed out \(\d+: [^)]*\) while (?:reading response header|connecting)"), 504),
    (lazy(r"while reading response header from upstream|upstream prematurely closed connection"), 502),
    # AWS IAM's refusal (Bedrock's AccessDeniedException), often pasted without the exception's name
    (lazy(r"\bis not authorized to perform: [a-z0-9-]+:[A-Z]\w+"), 403),
    # The API's own validation grammar, '<request field path>: <pydantic complaint>', is a 400
    (lazy(r"(?m)^\s*(?:\w+ ?Error:? )?(?:tools|messages|system|tool_choice|thinking|output_config|output_format|metadata"
          r"|max_tokens|temperature|top_[pk]|stop_sequences|mcp_servers|container|context_management)(?:\.[\w-]+)*`?: "
          r"(?:Input should be|Input tag '|Field required|Extra inputs are not permitted|String should|List should"
          r"|JSON schema is invalid)"), 400),
]

# Exception class names that pin a status when the paste shows no number.
EXCEPTION_STATUS = {
    "BadRequestError": 400, "BadRequestException": 400, "AnthropicBadRequestException": 400,
    "AuthenticationError": 401, "UnauthorizedException": 401, "AuthenticationException": 401,
    "AnthropicUnauthorizedException": 401, "PaymentRequiredError": 402,
    "PermissionDeniedError": 403, "PermissionDeniedException": 403, "AnthropicForbiddenException": 403,
    "NotFoundError": 404, "NotFoundException": 404, "AnthropicNotFoundException": 404,
    "ConflictError": 409, "RequestTooLargeError": 413, "ContentTooLargeError": 413,
    "UnprocessableEntityError": 422, "UnprocessableEntityException": 422,
    "RateLimitError": 429, "RateLimitException": 429, "AnthropicRateLimitException": 429,
    "OverloadedError": 529, "GatewayTimeoutError": 504, "ServiceUnavailableError": 503,
    "ContextWindowExceededError": 400,
    # Bedrock (boto) exception names and the statuses Bedrock sends with them.
    "ValidationException": 400, "ThrottlingException": 429, "AccessDeniedException": 403,
    "ResourceNotFoundException": 404, "ModelTimeoutException": 408, "ServiceUnavailableException": 503,
    "ModelNotReadyException": 429, "UnrecognizedClientException": 403, "ExpiredTokenException": 403,
}

# The exception raised: "anthropic.RateLimitError: …", "com.anthropic.errors.NotFoundException: …",
# "botocore.errorfactory.ThrottlingException: …", "RateLimitError: 429 {…}".
# Module paths: Python / Java / Go `a.b.`, and Ruby `Anthropic::Errors::`, C# `Anthropic.Exceptions.`,
# PHP `Anthropic\Core\Exceptions\` (capitalised components).
# A log line's time (ISO 8601) may come first: "2026-12-07T01:02:13Z ERROR ThrottlingException: …".
EXCEPTION_LINE = lazy(
    r"(?m)^[ \t]*(?:\d{4}-\d\d-\d\d[T ][\d:.,]++(?:Z|[+-]\d\d:?\d\d)?[ \t]++)?"
    r"(?:\w+ )?(?:raise )?((?:[a-z_][\w]*\.)*(?:[A-Z]\w*(?:::|\.|\\))*"
    r"(?:[A-Z]\w*(?:Error|Exception|Timeout)|TypeError|ValueError))"
    r"(?:\[[^\]]*\])?:[ \t]*(.*)$")
CLASS_PATH = lazy(r"\.|::|\\")  # splits a qualified class name into its parts
# Bounded repeats: at most 16 path components of 80 characters, so that a run like "a.a.a.a…"
# costs each start a bounded scan instead of the rest of the run (quadratic over the paste).
EXCEPTION_ANYWHERE = lazy(r"\b((?:[a-z_]\w{0,80}\.){1,16}[A-Z]\w{0,80}(?:Error|Exception))\b")
BOTO_MESSAGE = lazy(r"An error occurred \((\w+)\) when calling the \w+ operation(?: \([^)]*\))?: (.*)")
CLAUDE_CODE_LINE = lazy(r"API Error(?: \([^)]*\))?:\s*(?:(\d{3})\s+)?(.*)"
                              r"|API Error \([^)\d]*?(\d{3})[: ]++([^)]*)\)")  # "API Error (503 no healthy upstream)"

# The value is the rest of the line (strip it): `(.*?)\s*$` retried the trailing-space test at each
# character of the value, quadratic on a line of spaces. Indents never cross a line break.
HEADER_LINE = lazy(r"(?m)^[^\S\n]*+([<>])?[^\S\n]*+([A-Za-z][A-Za-z0-9\-%s]{1,60}):[ \t]*+(.*)" % _ODD)
KNOWN_RESPONSE_HEADERS = lazy(
    r"^(?:request-id|retry-after|retry-after-ms|x-should-retry|anthropic-[\w-]+|x-ratelimit-[\w-]+"
    r"|x-request-id|cf-ray|server|via|content-type|x-envoy-[\w-]+|www-authenticate|cf-cache-status)$")
REQUEST_ID = lazy(r"\b(req_(?:vrtx_|bdrk_)?[A-Za-z0-9]{10,})\b")
RELAY_REQUEST_ID = lazy(r"\(request id: ([^)\s]+)\)")
GO_REQUEST_ID = lazy(r"\(Request-ID: ([^)\s]+)\)")
MODEL_IN_TEXT = lazy(
    r"(?<![\w.-])((?:anthropic\.|us\.|eu\.|apac\.|global\.)*claude[-%s][%s]*[a-z0-9][a-z0-9.\-%s]*(?:@\d{8}|:\d+)?)(?![\w])"
    % (_ODD, ZERO_WIDTH, _ODD))
# `claude-…` names in pastes that are tools, packages and pages, not models.
NOT_MODELS = ("claude-code", "claude-desktop", "claude-cli", "claude-agent", "claude-triage", "claude-on-",
              "claude-quickstarts", "claude-auth", "claude-connector", "claude-task-master", "claude-api")
_MODEL_SHAPE = lazy(r"claude-(?:[a-z]+-)*(?:v?\d|opus|sonnet|haiku|fable|mythos|instant)")


def looks_like_model(name: str) -> bool:
    """A model ID, or a mistyped one: a family name or a version number, and not a tool's name."""
    name = ascii_form(name)
    bare = name[name.find("claude-"):]
    return not bare.startswith(NOT_MODELS) and bool(_MODEL_SHAPE.match(bare))


MODEL_IN_MESSAGE = lazy(r"model(?:_id)?[\"']?\s*[:=]\s*[\"']?([\w.\-@:/%s]+)" % _ODD)
ANSI = lazy(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
CONTROL = lazy(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_TABLE = dict.fromkeys([*range(0x00, 0x09), 0x0b, 0x0c, *range(0x0e, 0x20), 0x7f])  # what CONTROL matches

# The whole str(exc) of SDK exceptions that carry no status: name the exception they come from.
SDK_MESSAGES = [
    # Alone on a line, as repr(exc) ("APIConnectionError('Connection error.')") or after a log
    # line's own "…: " ("worker failed: Connection error.").
    ("APIConnectionError", lazy(r"(?m)(?:^[^\S\n]*+(?:(?:Stream )?Error: )?|\(['\"]|: )Connection error\.?(?:['\"]\))?[^\S\n]*$")),
    ("APIConnectionError", lazy(r"(?m)(?:^[^\S\n]*+|\(['\"]|: )Connection(?: to [^\s:]+(?::\d+)?)? failed: ")),  # 2.15+
    ("APITimeoutError", lazy(r"(?m)(?:^[^\S\n]*+|\(['\"]|: )Request timed out(?: or interrupted)?\.")),
    ("APITimeoutError", lazy(r"(?m)(?:^[^\S\n]*+|\(['\"]|: )Request to [^\s:]+(?::\d+)? timed out(?: after [\d.]+s)?\b")),  # 2.15+
    ("APIUserAbortError", lazy(r"(?m)^[^\S\n]*+(?:\w*Error: )?Request was aborted\.")),
]
