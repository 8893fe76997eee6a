"""Genuine SDK text: the real `anthropic` SDK against a fake API, and what the engine makes of it.

Each case scripts the fake server (tests/fakeapi.py) to answer one way, lets the real SDK raise,
then feeds the engine three things: `str(exc)`, the formatted traceback, and the live exception
object. The assertions are what the engine must get right from that input whatever the cause
catalogue says: status, error type/code, request id, source, mid-stream, retry advice, and the
area of the top cause (the prefix of its id).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
for _p in (str(HERE), str(HERE.parent)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

anthropic = pytest.importorskip("anthropic")

from fakeapi import (  # noqa: E402
    DEFAULT_REQUEST_ID, SCENARIO_HEADER, FakeAPI, Reply, closed_port_url, error_reply, message_json,
    stream_error_reply,
)
from genuine.run_python import forms, sdk_error  # noqa: E402
from tui import diagnose  # noqa: E402

FAKE_KEY = "sk-ant-api03-FAKE0000fake0000FAKE0000-XyZ"

RATE_LIMIT_MESSAGE = (
    "This request would exceed your organization's rate limit of 30,000 input tokens per minute "
    "(org: 5f0c2a4e-1b7d-4c39-9a2e-7d3f8b6c1e05, model: claude-sonnet-4-6). For details, refer to: "
    "https://docs.claude.com/en/api/rate-limits. You can see the response headers for current "
    "usage. Please reduce the prompt length or the maximum tokens requested, or try again later."
)
RATE_LIMIT_HEADERS = {
    "retry-after": "17",
    "anthropic-ratelimit-requests-limit": "50",
    "anthropic-ratelimit-requests-remaining": "49",
    "anthropic-ratelimit-requests-reset": "2026-03-14T09:21:21Z",
    "anthropic-ratelimit-input-tokens-limit": "30000",
    "anthropic-ratelimit-input-tokens-remaining": "0",
    "anthropic-ratelimit-input-tokens-reset": "2026-03-14T09:21:37Z",
    "anthropic-ratelimit-output-tokens-limit": "8000",
    "anthropic-ratelimit-output-tokens-remaining": "8000",
    "anthropic-ratelimit-output-tokens-reset": "2026-03-14T09:21:20Z",
    "anthropic-organization-id": "5f0c2a4e-1b7d-4c39-9a2e-7d3f8b6c1e05",
    "x-should-retry": "true",
}
BAD_GATEWAY_HTML = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)
TEMPERATURE_MESSAGE = "`temperature` is deprecated for this model."  # as quoted in pr-agent#2409


@dataclass
class Case:
    id: str
    reply: Reply | None            # None: the fake's own routes answer (or the port is closed)
    exc: str                       # class name the SDK raises
    statuses: tuple                # acceptable observation.status values
    error_type: str | None
    retryable: bool
    areas: tuple[str, ...]         # acceptable prefixes of the top cause id
    error_code: str | None = None
    request_id: str | None = None  # the id the text carries (from the body)
    header_request_id: str | None = None  # the id in the response headers (exception object)
    after_s: float | None = None   # from retry-after(-ms): only the exception object has it
    model: str = "claude-sonnet-4-6"
    model_seen: str | None = None  # observation.model expected from the text
    call: str = "create"           # create | stream | helper_stream | closed_port
    extra_body: dict[str, Any] | None = None
    timeout: float = 5.0
    mid_stream: bool = False
    str_source: bool = True        # str(exc) alone shows it is the Python SDK
    # What str(exc) alone can support when it is less telling than the traceback
    # (e.g. the bare "Connection error." hides whether the port was closed or the link reset).
    str_areas: tuple[str, ...] | None = None
    str_retryable: bool | None = None


def _rid(tag: str) -> str:
    return f"req_011CV{tag}xQ7mZ2pLk9"


CASES = [
    Case("400-prompt-too-long",
         error_reply(400, "invalid_request_error", "prompt is too long: 215343 tokens > 200000 maximum",
                     request_id=_rid("400Ptl"), headers={"x-should-retry": "false"}),
         "BadRequestError", (400,), "invalid_request_error", False, ("request.prompt-too-long",),
         request_id=_rid("400Ptl")),
    Case("400-temperature-opus-4-7", None,  # answered by fake.reject_field (see the fixture)
         "BadRequestError", (400,), "invalid_request_error", False, ("model.sampling-params-removed",),
         request_id=DEFAULT_REQUEST_ID, model="claude-opus-4-7", extra_body={"temperature": 0.7}),
    Case("401-invalid-key",
         error_reply(401, "authentication_error", "invalid x-api-key", request_id=_rid("401Key")),
         "AuthenticationError", (401,), "authentication_error", False, ("auth.invalid-key",),
         request_id=_rid("401Key")),
    Case("402-billing",
         error_reply(402, "billing_error", "Your organization's payment method was declined. "
                     "Update your billing details in the Console to continue.", request_id=_rid("402Bil")),
         "PaymentRequiredError", (402,), "billing_error", False, ("access.billing-error",),
         request_id=_rid("402Bil")),
    Case("403-permission",
         error_reply(403, "permission_error", "Your API key does not have permission to use the "
                     "specified resource.", request_id=_rid("403Prm")),
         "PermissionDeniedError", (403,), "permission_error", False, ("access.permission-denied",),
         request_id=_rid("403Prm")),
    Case("404-model-typo",
         error_reply(404, "not_found_error", "model: claude-sonnet-4.6", request_id=_rid("404Mdl")),
         "NotFoundError", (404,), "not_found_error", False, ("access.model-id-typo",),
         request_id=_rid("404Mdl"), model="claude-sonnet-4.6", model_seen="claude-sonnet-4.6"),
    Case("409-conflict",
         error_reply(409, "conflict_error", "The resource was modified by a concurrent request. "
                     "Retry the request.", request_id=_rid("409Cfl")),
         "ConflictError", (409,), "conflict_error", True, ("server.conflict",),
         request_id=_rid("409Cfl")),
    Case("413-cloudflare",
         Reply(413, {"request-id": None, "server": "cloudflare", "cf-ray": "8f2c1d9e7a3b4c5d-SJC"},
               {"error": {"type": "request_too_large", "message": "Request exceeds the maximum size"}}),
         "ContentTooLargeError", (413,), "request_too_large", False,
         ("size.request-too-large",)),
    Case("429-rate-limit",
         error_reply(429, "rate_limit_error", RATE_LIMIT_MESSAGE, request_id=_rid("429Rlm"),
                     headers=RATE_LIMIT_HEADERS),
         "RateLimitError", (429,), "rate_limit_error", True, ("rate.input-tokens-per-minute",),
         request_id=_rid("429Rlm"), after_s=17.0),
    Case("429-spend-limit",
         error_reply(429, "rate_limit_error", "You have reached your specified API usage limits. "
                     "You will regain access on 2026-04-01 at 00:00 UTC.", request_id=_rid("429Spd"),
                     details={"error_code": "enforced_spend_limit_reached"}),
         "EnforcedSpendLimitReachedError", (429,), "rate_limit_error", False, ("rate.tier-spend-cap",),
         error_code="enforced_spend_limit_reached", request_id=_rid("429Spd")),
    Case("500-api-error",
         error_reply(500, "api_error", "Internal server error", request_id=_rid("500Api")),
         "InternalServerError", (500,), "api_error", True, ("server.internal-error",), request_id=_rid("500Api")),
    Case("504-timeout-error",
         error_reply(504, "timeout_error", "Request timeout", request_id=_rid("504Gto")),
         "GatewayTimeoutError", (504,), "timeout_error", True, ("server.gateway-timeout",),
         request_id=_rid("504Gto")),
    Case("529-overloaded",
         error_reply(529, "overloaded_error", "Overloaded", request_id=_rid("529Ovl"),
                     headers={"x-should-retry": "true", "retry-after-ms": "1500"}),
         "OverloadedError", (529,), "overloaded_error", True, ("server.overloaded",),
         request_id=_rid("529Ovl"), after_s=1.5),
    Case("502-html",
         Reply(502, {"request-id": None, "server": "nginx"}, BAD_GATEWAY_HTML),
         "InternalServerError", (502,), None, True, ("server.gateway-5xx",), str_source=False),
    Case("stream-overloaded",
         stream_error_reply(request_id=_rid("StrOvl")),
         "APIStatusError", (None, 200), "overloaded_error", True, ("stream.overloaded-mid-stream",),
         request_id=_rid("StrOvl"),
         str_areas=("stream.overloaded-mid-stream", "server.overloaded"), call="stream", mid_stream=True),
    Case("stream-helper-overloaded",
         stream_error_reply(request_id=_rid("StrHlp")),
         "APIStatusError", (None, 200), "overloaded_error", True, ("stream.overloaded-mid-stream",),
         request_id=_rid("StrHlp"),
         str_areas=("stream.overloaded-mid-stream", "server.overloaded"), call="helper_stream", mid_stream=True),
    # Nothing listens there: the SDK retries connection errors, but the same request to the same
    # address fails again, so the advice is "no". From 2.15 str(exc) names the refusal itself
    # ("Connection to HOST failed: [Errno 111] Connection refused"); older releases' bare
    # "Connection error." is covered by the stored fixtures of those releases.
    Case("connection-refused", None,
         "APIConnectionError", (None,), None, False, ("net.connection-refused",), call="closed_port",
         str_source=False),
    Case("read-timeout", Reply(200, body=message_json(), delay=2.0),
         "APITimeoutError", (None,), None, True, ("net.read-timeout",), timeout=0.5, str_source=False),
    Case("reset-mid-body", Reply(200, body=message_json(), reset_after=40),
         "APIConnectionError", (None,), None, True, ("net.connection-reset",), str_source=False,
         str_areas=("net.",)),
]
for _c in CASES:
    if _c.header_request_id is None:
        _c.header_request_id = _c.request_id
BY_ID = {c.id: c for c in CASES}
OBJECT_CASES = ["429-rate-limit", "429-spend-limit", "401-invalid-key", "529-overloaded",
                "413-cloudflare", "404-model-typo", "stream-overloaded", "connection-refused"]


# --- fixtures -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def fake():
    with FakeAPI() as server:
        for case in CASES:
            if case.reply is not None:
                server.scenarios[case.id] = case.reply
        server.reject_field("temperature", "claude-opus-4-7", TEMPERATURE_MESSAGE)
        yield server


def _trigger(case: Case, fake: FakeAPI) -> Exception:
    base_url = closed_port_url() if case.call == "closed_port" else fake.base_url
    client = anthropic.Anthropic(api_key=FAKE_KEY, base_url=base_url, max_retries=0, timeout=case.timeout)
    exc = sdk_error(client, case.id, case.model, case.call, case.extra_body, SCENARIO_HEADER)
    if exc is None:
        pytest.fail(f"{case.id}: the SDK raised nothing")
    return exc


@pytest.fixture(scope="module")
def raised(fake):
    """case id -> the exception the real SDK raised (each case is triggered once)."""
    cache: dict[str, Exception] = {}

    def get(case_id: str) -> Exception:
        if case_id not in cache:
            cache[case_id] = _trigger(BY_ID[case_id], fake)
        return cache[case_id]
    return get


def _text(exc: Exception, form: str) -> str:
    """One of the texts users paste (tests/genuine/run_python.py makes the stored fixtures the same way)."""
    return forms(exc)[form]


# --- the SDK itself behaves as the cases assume (guards the fake, not the engine) -----------

@pytest.mark.parametrize("case_id", list(BY_ID))
def test_sdk_raises_expected_class(raised, case_id):
    exc = raised(case_id)
    case = BY_ID[case_id]
    assert type(exc).__name__ == case.exc, _text(exc, "traceback")
    if isinstance(exc, anthropic.APIStatusError) and case.header_request_id:
        assert exc.request_id == case.header_request_id


def test_fake_recorded_what_was_sent(raised, fake):
    raised("400-temperature-opus-4-7")
    (req,) = fake.requests_for("400-temperature-opus-4-7")
    assert (req.method, req.path) == ("POST", "/v1/messages")
    assert req.json["model"] == "claude-opus-4-7" and req.json["temperature"] == 0.7
    assert req.headers["anthropic-version"] and req.headers["x-stainless-retry-count"] == "0"


# --- text in, diagnosis out -------------------------------------------------------------------

def _check_common(d, case: Case, text: str, *, form: str) -> None:
    o, where = d.observation, f"\n--- {case.id} [{form}] input ---\n{text}\n---"
    # A status the reader merely inferred from error.type (status_inferred) is fine where the
    # paste shows none; a status it claims to have seen must be the real one.
    inferred_ok = None in case.statuses and getattr(o, "status_inferred", False)
    assert o.status in case.statuses or inferred_ok, (
        f"status {o.status!r}, want one of {case.statuses}{where}")
    if case.error_type is not None:
        assert o.error_type == case.error_type, f"error_type {o.error_type!r}{where}"
    assert o.error_code == case.error_code, f"error_code {o.error_code!r}{where}"
    if case.model_seen:
        assert o.model == case.model_seen, f"model {o.model!r}{where}"
    if not case.mid_stream:
        assert not o.mid_stream, f"mid_stream set on a non-stream error{where}"
    retryable, areas = case.retryable, case.areas
    if form == "str":
        retryable = case.str_retryable if case.str_retryable is not None else retryable
        areas = case.str_areas or areas
    assert d.retry.retryable is retryable, (
        f"retryable {d.retry.retryable!r} ({d.retry.reason}), want {retryable}{where}")
    assert d.causes, f"no cause at all{where}"
    top = d.causes[0].id
    assert top.startswith(areas), (
        f"top cause {top!r}, want an id starting with {areas}; "
        f"ranked {[c.id for c in d.causes[:4]]}{where}")


@pytest.mark.parametrize("form", ["str", "traceback"])
@pytest.mark.parametrize("case_id", list(BY_ID))
def test_text_diagnosis(raised, case_id, form):
    case = BY_ID[case_id]
    text = _text(raised(case_id), form)
    d = diagnose(text, env={})
    _check_common(d, case, text, form=form)
    o, where = d.observation, f"\n--- {case.id} [{form}] input ---\n{text}\n---"
    assert o.request_id == case.request_id, f"request_id {o.request_id!r}{where}"
    if form == "traceback" or case.str_source:
        assert o.source == "python-sdk", f"source {o.source!r}{where}"
    if form == "traceback":
        assert (o.exception or "").split(".")[-1] == case.exc, f"exception {o.exception!r}{where}"
        assert bool(o.mid_stream) is case.mid_stream, f"mid_stream {o.mid_stream!r}{where}"


# The same 2.15+ text as users paste it in other shapes: repr(exc), logger.exception output, and
# an application's log line that interpolates the exception.
OTHER_FORMS = ["400-prompt-too-long", "401-invalid-key", "404-model-typo", "429-rate-limit",
               "429-spend-limit", "529-overloaded", "413-cloudflare", "stream-overloaded"]


@pytest.mark.parametrize("form", ["repr", "logger", "fstring"])
@pytest.mark.parametrize("case_id", OTHER_FORMS)
def test_other_forms(raised, case_id, form):
    case = BY_ID[case_id]
    text = _text(raised(case_id), form)
    d = diagnose(text, env={})
    _check_common(d, case, text, form="str")
    o, where = d.observation, f"\n--- {case.id} [{form}] input ---\n{text}\n---"
    assert o.request_id == case.request_id, f"request_id {o.request_id!r}{where}"
    assert o.source == "python-sdk", f"source {o.source!r}{where}"
    assert o.path == "/v1/messages", f"path {o.path!r}{where}"
    assert o.message and "(request_id" not in o.message and "path: " not in o.message, (
        f"message {o.message!r}{where}")


@pytest.mark.parametrize("case_id", OBJECT_CASES)
def test_exception_object(raised, case_id):
    """diagnose(exc) reads status, headers and body from the live exception."""
    case = BY_ID[case_id]
    exc = raised(case_id)
    d = diagnose(exc, env={})
    _check_common(d, case, repr(exc), form="object")
    o, where = d.observation, f"\n--- {case.id} [object] {type(exc).__name__}: {exc}"
    assert o.source == "python-sdk", f"source {o.source!r}{where}"
    assert (o.exception or "").split(".")[-1] == case.exc, f"exception {o.exception!r}{where}"
    assert o.request_id == case.header_request_id, f"request_id {o.request_id!r}{where}"
    assert bool(o.mid_stream) is case.mid_stream, f"mid_stream {o.mid_stream!r}{where}"
    if case.after_s is not None:
        assert d.retry.after_s == pytest.approx(case.after_s), f"after_s {d.retry.after_s!r}{where}"
    if case_id == "429-rate-limit":
        headers = o.headers or {}
        assert headers.get("anthropic-ratelimit-input-tokens-remaining") == "0", f"{headers}{where}"
        assert headers.get("retry-after") == "17", f"{headers}{where}"
    if case_id == "429-spend-limit":
        assert d.retry.after_s is None, f"after_s {d.retry.after_s!r} with no retry-after{where}"
    # Same top cause as the traceback text of the same exception.
    from_text = diagnose(_text(exc, "traceback"), env={})
    assert d.causes[0].id == from_text.causes[0].id, (
        f"object says {d.causes[0].id!r}, traceback text says {from_text.causes[0].id!r}{where}")


# --- the fake's extra routes, kept working for later issues -----------------------------------

def test_fake_extras():
    with FakeAPI() as fake:
        client = anthropic.Anthropic(api_key=FAKE_KEY, base_url=fake.base_url, max_retries=0,
                                     timeout=5.0)
        assert [m.id for m in client.models.list().data][:2] == ["claude-opus-4-8", "claude-opus-4-7"]
        assert client.models.retrieve("claude-haiku-4-5").id == "claude-haiku-4-5"
        with pytest.raises(anthropic.NotFoundError):
            client.models.retrieve("claude-sonnet-4.6")
        count = client.messages.count_tokens(model="claude-opus-4-7",
                                             messages=[{"role": "user", "content": "hi"}])
        assert count.input_tokens > 0
        fake.push(Reply(size=50 * 1024 * 1024))
        big = client.messages.create(model="claude-sonnet-4-6", max_tokens=8,
                                     messages=[{"role": "user", "content": "hi"}])
        assert len(big.content[0].text) > 50_000_000
        fake.push(Reply(200, body=b'{"id": "msg_01Fake", "type": "mess'))
        with pytest.raises(ValueError):  # json.JSONDecodeError, raised while parsing
            client.messages.create(model="claude-sonnet-4-6", max_tokens=8,
                                   messages=[{"role": "user", "content": "hi"}])
        events = list(client.messages.create(model="claude-sonnet-4-6", max_tokens=8, stream=True,
                                             messages=[{"role": "user", "content": "hi"}]))
        assert events[-1].type == "message_stop"
        assert [r.path for r in fake.requests][:2] == ["/v1/models", "/v1/models/claude-haiku-4-5"]
        client.close()
