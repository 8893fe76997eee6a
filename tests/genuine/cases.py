"""The scripted API answers behind the genuine fixtures, and what a reader should find in each.

One table serves every client: the Python SDK, the TypeScript SDK and Claude Code are pointed at
the same loopback fake (tests/fakeapi.py) and each case names the answer it gets. The expected
values are what the *server* sent; `expected_for(text)` then drops whatever the client's text
does not show (a status or request id a client swallowed cannot be asked of the reader).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from fakeapi import Reply, error_reply, message_json, stream_error_reply

# Shaped like real keys so that redaction is exercised by every fixture that echoes one.
FAKE_KEY = "sk-ant-api03-GenuineFixtureKey0000-aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789_-AAAAAAAAAAAA-ZZZZZZAA"
# Fixed loopback ports keep regenerated fixtures byte-stable (0 = any free port as a fallback).
FAKE_PORT = 47561
CLOSED_PORT = 47562


def rid(tag: str) -> str:
    return f"req_011CGen{tag}Q7mZ2pLk9Wx"


RATE_HEADERS = {
    "retry-after": "23",
    "anthropic-ratelimit-requests-limit": "4000",
    "anthropic-ratelimit-requests-remaining": "3999",
    "anthropic-ratelimit-input-tokens-limit": "2000000",
    "anthropic-ratelimit-input-tokens-remaining": "0",
    "anthropic-ratelimit-input-tokens-reset": "2026-12-07T01:30:23Z",
    "anthropic-ratelimit-output-tokens-limit": "400000",
    "anthropic-ratelimit-output-tokens-remaining": "400000",
    "x-should-retry": "true",
}
RATE_MESSAGE = ("This request would exceed your organization's rate limit of 2,000,000 input tokens per "
                "minute (org: 0c3f6a2e-8d41-4b7c-a5e9-2f1d7b3c9e60, model: claude-sonnet-4-6). For details, "
                "refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for "
                "current usage. Please reduce the prompt length or the maximum tokens requested, or try "
                "again later.")
GATEWAY_HTML = ("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad "
                "Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n")
CREDIT_MESSAGE = ("Your credit balance is too low to access the Anthropic API. Please go to Plans & "
                  "Billing to upgrade or purchase credits.")


@dataclass
class Case:
    id: str
    reply: Reply | None          # None: the port is closed (connection refused)
    status: int | None           # what the server sent (None: no HTTP status reached the client)
    error_type: str | None
    areas: tuple[str, ...]       # acceptable prefixes of the top cause id
    retryable: bool
    error_code: str | None = None
    request_id: str | None = None
    call: str = "create"         # create | stream | closed_port | timeout
    model: str = "claude-sonnet-4-6"
    clients: tuple[str, ...] = ("python-anthropic", "ts-sdk", "claude-code")
    # Where one client's wording supports less than the server's answer (e.g. a bare
    # "Connection error."), the areas that text can support, by client.
    client_areas: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # A text without this word (any case) cannot support `areas`, only `weak_areas`: the bare
    # "Connection error." of older SDKs hides whether the port was closed or the link reset.
    evidence: str | None = None
    weak_areas: tuple[str, ...] = ()

    def areas_for(self, client: str, text: str = "") -> tuple[str, ...]:
        if self.evidence and self.evidence not in text.lower():
            return self.weak_areas
        return self.client_areas.get(client, self.areas)


def _coded(status: int, error_type: str, message: str, code: str, tag: str, **details: Any) -> Reply:
    return error_reply(status, error_type, message, request_id=rid(tag),
                       details={"error_code": code, **details})


CASES: list[Case] = [
    Case("400-prompt-too-long",
         error_reply(400, "invalid_request_error", "prompt is too long: 208311 tokens > 200000 maximum",
                     request_id=rid("400Ptl"), headers={"x-should-retry": "false"}),
         400, "invalid_request_error", ("request.prompt-too-long",), False, request_id=rid("400Ptl")),
    Case("400-temperature-opus-4-7",
         error_reply(400, "invalid_request_error", "`temperature` is deprecated for this model.",
                     request_id=rid("400Tmp")),
         400, "invalid_request_error", ("model.sampling-params-removed",), False, request_id=rid("400Tmp"),
         model="claude-opus-4-7", clients=("python-anthropic", "ts-sdk")),
    Case("400-credit-balance-low",
         error_reply(400, "invalid_request_error", CREDIT_MESSAGE, request_id=rid("400Crd")),
         400, "invalid_request_error", ("access.credit-balance-low",), False, request_id=rid("400Crd")),
    Case("400-image-dimensions-too-large",
         _coded(400, "invalid_request_error", "messages.0.content.1.image.source.base64.data: At least one "
                "of the image dimensions exceed max allowed size: 8000 pixels", "image_dimensions_too_large",
                "400Img", max_side_length_pixels=8000, paths=["messages.0.content.1"]),
         400, "invalid_request_error", ("request.image-dimensions-too-large", "request.many-image"), False,
         error_code="image_dimensions_too_large", request_id=rid("400Img"),
         # Claude Code drops the image and says only that it "could not be processed".
         client_areas={"claude-code": ("request.claude-code-image-removed",)}),
    Case("400-organization-on-hold",
         _coded(400, "invalid_request_error", "This organization has been disabled.", "organization_on_hold",
                "400Hld", appeal_url="https://support.claude.com/en/articles/8241253-trust-and-safety-appeals"),
         400, "invalid_request_error", ("access.organization-disabled",), False,
         error_code="organization_on_hold", request_id=rid("400Hld"),
         client_areas={"claude-code": ("access.organization-disabled",)}),
    Case("400-compaction-nothing-to-summarize",
         _coded(400, "invalid_request_error", "There is nothing to summarize: `messages` has no user or "
                "assistant content.", "compaction_nothing_to_summarize", "400Cmp"),
         400, "invalid_request_error", ("code.compaction_nothing_to_summarize",), False,
         error_code="compaction_nothing_to_summarize", request_id=rid("400Cmp"),
         client_areas={"claude-code": ("request.",)}),
    Case("400-storage-quota-exceeded",
         _coded(400, "invalid_request_error", "Your organization has reached its storage quota.",
                "storage_quota_exceeded", "400Sto"),
         400, "invalid_request_error", ("code.storage_quota_exceeded",), False,
         error_code="storage_quota_exceeded", request_id=rid("400Sto"),
         client_areas={"claude-code": ("request.",)}),
    Case("401-invalid-key",
         error_reply(401, "authentication_error", "invalid x-api-key", request_id=rid("401Key")),
         401, "authentication_error", ("auth.invalid-key",), False, request_id=rid("401Key"),
         # Claude Code's "Invalid API key · Fix external API key": its own login/key cause
         client_areas={"claude-code": ("auth.claude-code-login",)}),
    Case("402-billing",
         error_reply(402, "billing_error", "Your organization's payment method was declined. Update your "
                     "billing details in the Console to continue.", request_id=rid("402Bil")),
         402, "billing_error", ("access.billing-error",), False, request_id=rid("402Bil")),
    Case("403-permission",
         error_reply(403, "permission_error", "Your API key does not have permission to use the specified "
                     "resource.", request_id=rid("403Prm")),
         403, "permission_error", ("access.permission-denied",), False, request_id=rid("403Prm")),
    Case("403-sandbox-egress-restricted",
         _coded(403, "permission_error", "Outbound network access from the sandbox is restricted by your "
                "organization's policy.", "sandbox_egress_restricted", "403Egr"),
         403, "permission_error", ("code.sandbox_egress_restricted",), False,
         error_code="sandbox_egress_restricted", request_id=rid("403Egr"),
         client_areas={"claude-code": ("access.",)}),
    Case("404-model",
         error_reply(404, "not_found_error", "model: claude-sonnet-4.6", request_id=rid("404Mdl")),
         404, "not_found_error", ("access.model-id-typo", "access.model-"), False, request_id=rid("404Mdl"),
         model="claude-sonnet-4.6"),
    Case("409-conflict",
         error_reply(409, "conflict_error", "The resource was modified by a concurrent request. Retry the "
                     "request.", request_id=rid("409Cfl")),
         409, "conflict_error", ("server.conflict",), True, request_id=rid("409Cfl")),
    Case("413-cloudflare",
         Reply(413, {"request-id": None, "server": "cloudflare", "cf-ray": "8f2c1d9e7a3b4c5d-SJC"},
               {"error": {"type": "request_too_large", "message": "Request exceeds the maximum size"}}),
         413, "request_too_large", ("size.request-too-large",), False),
    Case("429-rate-limit",
         error_reply(429, "rate_limit_error", RATE_MESSAGE, request_id=rid("429Rlm"), headers=RATE_HEADERS),
         429, "rate_limit_error", ("rate.input-tokens-per-minute",), True, request_id=rid("429Rlm")),
    Case("429-request-rejected",
         Reply(429, {"request-id": None, "x-should-retry": "false"}, "Request rejected"),
         429, None, ("rate.",), True, clients=("claude-code",)),
    Case("429-spend-limit",
         _coded(429, "rate_limit_error", "You have reached your specified API usage limits. You will regain "
                "access on 2027-01-01 at 00:00 UTC.", "enforced_spend_limit_reached", "429Spd"),
         429, "rate_limit_error", ("rate.tier-spend-cap", "request.spend-limit-reached"), False,
         error_code="enforced_spend_limit_reached", request_id=rid("429Spd")),
    Case("500-api-error",
         error_reply(500, "api_error", "Internal server error", request_id=rid("500Api")),
         500, "api_error", ("server.internal-error",), True, request_id=rid("500Api")),
    Case("502-html",
         Reply(502, {"request-id": None, "server": "cloudflare"}, GATEWAY_HTML),
         502, None, ("server.gateway-5xx",), True),
    Case("503-storage-not-ready",
         _coded(503, "api_error", "Storage for this workspace is still being provisioned. Try again "
                "shortly.", "storage_not_ready", "503Stn"),
         503, "api_error", ("code.storage_not_ready",), True,
         error_code="storage_not_ready", request_id=rid("503Stn"),
         client_areas={"claude-code": ("server.",)}),
    Case("504-timeout-error",
         error_reply(504, "timeout_error", "Request timeout", request_id=rid("504Gto")),
         504, "timeout_error", ("server.gateway-timeout",), True, request_id=rid("504Gto")),
    Case("529-overloaded",
         error_reply(529, "overloaded_error", "Overloaded", request_id=rid("529Ovl"),
                     headers={"x-should-retry": "true", "retry-after-ms": "1500"}),
         529, "overloaded_error", ("server.overloaded",), True, request_id=rid("529Ovl"),
         client_areas={"claude-code": ("server.overloaded", "server.claude-code-529")}),
    Case("529-compaction-unavailable",
         _coded(529, "overloaded_error", "Compaction is temporarily unavailable.", "compaction_unavailable",
                "529Cmp"),
         529, "overloaded_error", ("code.compaction_unavailable",), True,
         error_code="compaction_unavailable", request_id=rid("529Cmp"),
         client_areas={"claude-code": ("server.",)}),
    # HTTP 200, then `event: error` in the stream: no error status ever reaches the client.
    Case("stream-overloaded", stream_error_reply(request_id=rid("StrOvl")),
         200, "overloaded_error", ("stream.overloaded-mid-stream", "server.overloaded"), True,
         request_id=rid("StrOvl"), call="stream",
         # Claude Code retries a failed stream without streaming: its text is the 529 case's.
         clients=("python-anthropic", "ts-sdk")),
    Case("connection-refused", None, None, None, ("net.connection-refused",), False, call="closed_port",
         evidence="refused", weak_areas=("net.",)),
    Case("read-timeout", Reply(200, body=message_json(), delay=3.0), None, None, ("net.read-timeout",), True,
         call="timeout", client_areas={"claude-code": ("net.",)}),
]
BY_ID = {c.id: c for c in CASES}


def api_messages() -> dict[str, str]:
    """case id -> the message the fake's answer carries (so wording compares by shape)."""
    out = {}
    for case in CASES:
        body = case.reply.body if case.reply is not None else None
        if isinstance(body, dict) and isinstance(body.get("error"), dict):
            out[case.id] = body["error"].get("message")
    return out


def cases_for(client: str) -> list[Case]:
    return [c for c in CASES if client in c.clients]


def _shown(value: object, text: str) -> bool:
    if value is None:
        return False
    if isinstance(value, int):
        return re.search(rf"(?<![\w.]){value}(?![\w.])", text) is not None
    return str(value) in text


def expected_for(case: Case, client: str, text: str) -> dict[str, Any]:
    """What a reader must find in `text`: the server's values that the text shows, else None.

    A None means "not shown", not "must be absent": a reader may still know it another way (an
    error type implies a status), so the test accepts None or the server's own value there."""
    return {
        "status": case.status if _shown(case.status, text) else None,
        "error_type": case.error_type if _shown(case.error_type, text) else None,
        "error_code": case.error_code if _shown(case.error_code, text) else None,
        "request_id": case.request_id if _shown(case.request_id, text) else None,
        "areas": list(case.areas_for(client, text)),
        "retryable": case.retryable,
    }
