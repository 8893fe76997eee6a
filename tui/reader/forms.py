"""Signatures of the forms a paste comes in: which SDK or tool printed it, where its status is.

Pure pattern data and small helpers; `tui.reader.read` combines them.
"""

from __future__ import annotations

import re

# (source, pattern) in priority order: the first that matches is the paste's source, the others
# become wrappers. Platform envelopes rank below the SDK that raised them.
SOURCE_SIGNATURES: list[tuple[str, re.Pattern[str]]] = [
    ("claude-code", re.compile(r"(?m)(?:^|⎿|\s)API Error(?: \(|:)|Claude Code|claude-code|\bclaude doctor\b")),
    ("litellm", re.compile(r"litellm\.|LiteLLM|AnthropicException")),
    ("openrouter", re.compile(r"(?i)openrouter|Provider returned error|\"provider_name\"|'provider_name'")),
    ("batch", re.compile(r"[\"']custom_id[\"']\s*:")),
    ("python-sdk", re.compile(r"\banthropic\.(?:_exceptions\.)?[A-Z]\w*(?:Error|Exception)\b|Error code: \d{3}"
                              r"|site-packages/anthropic/|Traceback \(most recent call last\)")),
    ("ts-sdk", re.compile(r"@anthropic-ai/sdk|node_modules|\bat (?:async )?\S+ \(.*\.[cm]?[jt]s:\d+:\d+\)"
                          r"|^\w*Error: \d{3} [{\[]|\bUnhandledPromiseRejection|\bundici\b", re.M)),
    ("go-sdk", re.compile(r"(?:GET|POST|PUT|DELETE) \"https?://[^\"]+\": \d{3} |anthropic-sdk-go|\*anthropic\.Error")),
    ("java-sdk", re.compile(r"com\.anthropic\.|\bat (?:java|kotlin|com|org)\.[\w.$]+\(")),
    ("sse", re.compile(r"(?m)^event: ?\w+\s*$")),
    ("curl", re.compile(r"(?m)^\s*(?:[<>] |\* )|^\s*HTTP/[\d.]+ \d{3}|^\s*curl\s", re.M)),
    ("bedrock", re.compile(r"(?i)bedrock|\b(?:Validation|Throttling|AccessDenied|ModelTimeout|ServiceUnavailable"
                           r"|ModelNotReady|ModelError|ResourceNotFound|UnrecognizedClient)Exception\b"
                           r"|botocore|InvokeModel|anthropic\.claude-[\w.\-]+-v\d+:\d+")),
    ("vertex", re.compile(r"(?i)vertex|aiplatform|req_vrtx_|RESOURCE_EXHAUSTED|FAILED_PRECONDITION"
                          r"|INVALID_ARGUMENT|googleapis\.com|PERMISSION_DENIED|publishers/anthropic")),
    ("openai-compat", re.compile(r"\bopenai\.\w*Error|/v1/chat/completions|\(request id: |'param': None"
                                 r"|\"param\": ?null|chat\.completions")),
]

SDK_LANGUAGE = {"python-sdk": "python", "ts-sdk": "typescript", "go-sdk": "go", "java-sdk": "java",
                "litellm": "python", "claude-code": "typescript"}

# Where a status code shows up, most trustworthy first. Each pattern captures the status.
STATUS_PATTERNS: list[re.Pattern[str]] = [
    re.compile(r"Error code: (\d{3})"),                                    # Python SDK
    re.compile(r"API Error(?: \([^)]*\))?:? (\d{3})\b"),                    # Claude Code
    re.compile(r"\"https?://[^\"]+\": (\d{3}) [A-Z]"),                      # Go SDK
    re.compile(r"(?m)^\s*(?:< )?HTTP/[\d.]+ (\d{3})\b"),                    # curl -i / -v
    re.compile(r"\"HTTP/[\d.]+ (\d{3})"),                                   # httpx log line
    re.compile(r"(?:Error|Exception):? (\d{3})(?::| [{\[]| status code)"),   # TS / Java messages
    re.compile(r"(?m)^(\d{3}) [{\[]"),                                      # TS message alone
    re.compile(r"(?i)\bstatus(?:[_ ]?code)?[\"']?\s*[:=]\s*[\"']?(\d{3})\b"),  # status: 429, status_code=429
    re.compile(r"(?i)\bHTTP (?:status |error )?(\d{3})\b"),
    re.compile(r"\b(\d{3}) (?:Bad Request|Unauthorized|Payment Required|Forbidden|Not Found|Conflict"
               r"|Request Entity Too Large|Content Too Large|Payload Too Large|Too Many Requests"
               r"|Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout|Overloaded)\b"),
    re.compile(r"(?i)\bstatus code (\d{3})\b"),
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
EXCEPTION_LINE = re.compile(
    r"(?m)^[ \t]*(?:\w+ )?(?:raise )?((?:[a-z_][\w]*\.)*(?:[A-Z]\w*(?:Error|Exception|Timeout)|TypeError|ValueError))"
    r"(?:\[[^\]]*\])?:[ \t]*(.*)$")
EXCEPTION_ANYWHERE = re.compile(r"\b((?:[a-z_]\w*\.)+[A-Z]\w*(?:Error|Exception))\b")
BOTO_MESSAGE = re.compile(r"An error occurred \((\w+)\) when calling the \w+ operation(?: \([^)]*\))?: (.*)")
CLAUDE_CODE_LINE = re.compile(r"API Error(?: \([^)]*\))?:\s*(?:(\d{3})\s+)?(.*)")

HEADER_LINE = re.compile(r"(?m)^\s*(<|>)?\s*([A-Za-z][A-Za-z0-9\-]{1,60}):[ \t]*(.*?)\s*$")
KNOWN_RESPONSE_HEADERS = re.compile(
    r"^(?:request-id|retry-after|retry-after-ms|x-should-retry|anthropic-[\w-]+|x-ratelimit-[\w-]+"
    r"|x-request-id|cf-ray|server|via|content-type|x-envoy-[\w-]+|www-authenticate|cf-cache-status)$")
REQUEST_ID = re.compile(r"\b(req_(?:vrtx_|bdrk_)?[A-Za-z0-9]{10,})\b")
RELAY_REQUEST_ID = re.compile(r"\(request id: ([^)\s]+)\)")
GO_REQUEST_ID = re.compile(r"\(Request-ID: ([^)\s]+)\)")
MODEL_IN_TEXT = re.compile(
    r"(?<![\w.-])((?:anthropic\.|us\.|eu\.|apac\.|global\.)*claude-[a-z0-9][a-z0-9.\-]*(?:@\d{8}|:\d+)?)(?![\w])")
MODEL_IN_MESSAGE = re.compile(r"model(?:_id)?[\"']?\s*[:=]\s*[\"']?([\w.\-@:/]+)")
ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
