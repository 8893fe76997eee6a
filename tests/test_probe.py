"""Live probes against a real HTTP server on 127.0.0.1: every fault ends in a diagnosis."""

import asyncio
import resource

import pytest

from tests.fakeapi import FakeAPI, Reply, closed_port_url, error_reply
from tui.probe import ratelimit_rows, resolve, run_live, shrink, transport

KEY = "sk-ant-api03-ProbeTestKeyFAKE000000000000000000"
RATE_HEADERS = {"retry-after": "12", "anthropic-ratelimit-requests-limit": "50",
                "anthropic-ratelimit-requests-remaining": "0",
                "anthropic-ratelimit-requests-reset": "2099-01-01T00:00:00Z",
                "anthropic-ratelimit-input-tokens-limit": "30000",
                "anthropic-ratelimit-input-tokens-remaining": "1200",
                "anthropic-ratelimit-input-tokens-reset": "2099-01-01T00:00:00Z"}
PROXY_502 = b"<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"


@pytest.fixture(scope="module")
def fake():
    with FakeAPI() as f:
        yield f


@pytest.fixture(autouse=True)
def _reset(fake):
    fake.default, fake.rejections[:] = None, []
    fake.queue.clear()
    fake.requests.clear()


def _run(base_url, model="claude-sonnet-4-6", env=None, timeout=None, **kw):
    env = env if env is not None else {"ANTHROPIC_API_KEY": KEY}
    cfg = resolve(env, base_url=base_url, model=model, timeout=timeout)
    return {r.id: r for r in asyncio.run(run_live(cfg, env, **kw))}


FAULTS = [
    ("401", error_reply(401, "authentication_error", "invalid x-api-key"), "auth."),
    ("403", error_reply(403, "permission_error", "Your API key does not have permission to use the specified resource."), "access."),
    ("429", error_reply(429, "rate_limit_error", "This request would exceed your organization's rate limit of 50 requests per minute", headers=RATE_HEADERS), "rate."),
    ("529", error_reply(529, "overloaded_error", "Overloaded", headers={"x-should-retry": "true"}), "server.overloaded"),
    ("500", error_reply(500, "api_error", "Internal server error"), "server."),
    ("502-html", Reply(502, {"request-id": None, "server": "nginx"}, PROXY_502, content_type="text/html"), "server."),
]


@pytest.mark.parametrize("name,reply,area", FAULTS, ids=[f[0] for f in FAULTS])
def test_each_fault_is_diagnosed(fake, name, reply, area):
    fake.default = reply
    results = _run(fake.base_url, spend=True)
    for probe in ("live.models", "live.model", "live.rate_limits"):
        r = results[probe]
        assert r.status == "fail" and r.cause_id and r.cause_id.startswith(area), (probe, r.to_dict())
    if name == "429":
        rows = results["live.rate_limits"].data["rate_limits"]
        assert {r["name"] for r in rows} == {"requests", "input-tokens"} and rows[1]["remaining"] == "0"


def test_model_404_names_the_nearest_live_ids(fake):
    r = _run(fake.base_url, model="claude-sonnet-4.6")["live.model"]
    assert r.status == "fail" and r.cause_id.startswith("access.") and r.data["suggestions"][0] == "claude-sonnet-4-6"


def test_all_pass_and_count_tokens_reads_the_request(fake):
    request = {"model": "claude-haiku-4-5", "max_tokens": 50, "messages": [{"role": "user", "content": "hello"}]}
    results = _run(fake.base_url, request=request)
    assert all(r.status == "pass" for r in results.values()), [r.to_dict() for r in results.values()]
    sent = [q for q in fake.requests if q.path == "/v1/messages/count_tokens"][0]
    assert "max_tokens" not in sent.json and sent.json["model"] == "claude-haiku-4-5"
    assert not [q for q in fake.requests if q.path == "/v1/messages"], "nothing billable without consent"
    assert all(q.headers.get("x-api-key") == KEY and q.headers.get("anthropic-version") for q in fake.requests)


def test_slow_response_times_out(fake):
    fake.default = Reply(200, body={"data": []}, delay=2.0)
    r = _run(fake.base_url, timeout=0.4)["live.models"]
    assert r.status == "fail" and r.cause_id == "net.read-timeout", r.to_dict()


def test_connection_reset_mid_body(fake):
    fake.default = Reply(200, body={"data": [{"id": "x" * 5000}]}, reset_after=100)
    r = _run(fake.base_url)["live.models"]
    assert r.status == "fail" and r.cause_id and r.cause_id.startswith("net."), r.to_dict()


def test_closed_port():
    r = _run(closed_port_url())["live.models"]
    assert r.status == "fail" and r.cause_id == "net.connection-refused", r.to_dict()


def test_malformed_json_is_not_a_model_list(fake):
    fake.default = Reply(200, body=b'{"data": [{"id": "claude-', content_type="application/json")
    r = _run(fake.base_url)["live.models"]
    assert r.status == "warn" and r.cause_id == "platform.proxy-own-error"


def test_fifty_megabyte_body_is_read_bounded(fake):
    fake.default = Reply(200, size=50 * 1024 * 1024)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    r = _run(fake.base_url)["live.models"]
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    # Only the first 4 MB are read: the truncated body is no model list, and memory stays flat.
    assert r.status == "warn" and r.cause_id == "platform.proxy-own-error", r.to_dict()
    assert grown_mb < 40, grown_mb


def test_dual_credentials_are_caught_before_sending(fake):
    env = {"ANTHROPIC_API_KEY": KEY, "ANTHROPIC_AUTH_TOKEN": "sk-ant-oat01-ProbeTokenFAKE0000000000"}
    results = _run(fake.base_url, env=env)
    assert list(results) == ["live.preflight"] and results["live.preflight"].cause_id == "auth.dual-credentials"
    assert fake.requests == []


def test_plain_http_elsewhere_needs_confirmation(fake):
    results = _run("http://api.example.test", spend=True)
    assert results["live.preflight"].status == "fail" and "clear text" in results["live.preflight"].detail


def test_ratelimit_rows_count_down():
    rows = ratelimit_rows({"anthropic-ratelimit-tokens-remaining": "5", "anthropic-ratelimit-tokens-reset":
                           "2026-01-01T00:01:00Z"}, now=1767225600.0)
    assert rows == [{"name": "tokens", "remaining": "5", "reset": "2026-01-01T00:01:00Z", "reset_in_s": 60.0}]


def test_shrink_finds_the_rejected_field(fake):
    fake.reject_field("top_k", "claude-opus-4-7", "top_k: Extra inputs are not permitted for this model")
    request = {"model": "claude-opus-4-7", "max_tokens": 2048, "top_k": 5, "system": "Be terse.",
               "metadata": {"user_id": "u-1"}, "stop_sequences": ["END"],
               "messages": [{"role": "user", "content": "one"}, {"role": "assistant", "content": "two"},
                            {"role": "user", "content": [{"type": "text", "text": "three"}, {"type": "text", "text": "four"}]}]}
    steps = []
    cfg = resolve({"ANTHROPIC_API_KEY": KEY}, base_url=fake.base_url)

    async def go():
        async with transport.client(cfg) as http:
            return await shrink(request, lambda v: transport.send(http, cfg, "POST", "/v1/messages", v),
                                budget=20, on_step=steps.append)
    report = asyncio.run(go())
    assert report.reproduced and report.culprit == "top_k" and report.sent <= 20
    assert steps and len(steps) == report.sent - 1
    assert "top_k" in report.smallest and len(report.smallest) < len(request)


# --- faults a hostile or broken server can cause (issue 12) ------------------------------------

def test_a_redirect_to_another_host_never_carries_the_key(fake):
    """A 307 to a second loopback server: the probe does not follow it, so the second server never
    sees a request, let alone the key (it records every header it receives)."""
    with FakeAPI() as elsewhere:
        fake.default = Reply(307, {"location": elsewhere.base_url + "/v1/models"}, b"")
        results = _run(fake.base_url)
        assert elsewhere.requests == [], [r.headers for r in elsewhere.requests]
        assert all(KEY not in str(r.headers.values()) for r in elsewhere.requests)
    assert fake.requests and fake.requests[0].headers.get("x-api-key") == KEY  # it was sent where asked
    assert results["live.models"].status != "pass"


@pytest.mark.parametrize("url", ["https://user:secret@api.example.test", "http://admin@127.0.0.1:9",
                                 "ftp://api.example.test", "file:///etc/passwd", "javascript:alert(1)",
                                 "api.anthropic.com"])
def test_base_url_with_credentials_or_another_scheme_is_refused(fake, url):
    results = _run(url)
    assert list(results) == ["live.preflight"] and results["live.preflight"].status == "fail", results
    assert "secret" not in results["live.preflight"].detail
    assert fake.requests == []


def test_a_server_trickling_a_byte_a_second_hits_the_overall_timeout(fake):
    fake.default = Reply(200, body={"data": [{"id": "claude-sonnet-4-6"}]}, trickle=0.3)
    r = _run(fake.base_url, timeout=1.0)["live.models"]
    assert r.status == "fail" and r.cause_id == "net.read-timeout", r.to_dict()
    assert r.elapsed_ms < 1000 * 3, r.elapsed_ms  # the deadline, not the (per-read) httpx timeout


def test_a_streamed_gigabyte_is_cut_at_the_cap(fake):
    """The server would send 1 GB; the probe keeps MAX_BODY bytes and closes the connection."""
    import tracemalloc
    fake.default = Reply(200, size=1024 * 1024 * 1024)
    cfg = resolve({"ANTHROPIC_API_KEY": KEY}, base_url=fake.base_url)

    async def go():
        async with transport.client(cfg) as http:
            return await transport.send(http, cfg, "GET", "/v1/models")
    tracemalloc.start()
    out = asyncio.run(go())
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert out.truncated and len(out.body) == transport.MAX_BODY
    assert peak < 4 * transport.MAX_BODY, peak  # the cap plus a chunk or two, never the gigabyte


def test_tls_verification_is_never_turned_off():
    import pathlib
    import ssl
    cfg = resolve({"ANTHROPIC_API_KEY": KEY}, base_url="https://api.anthropic.com")
    http = transport.client(cfg)
    context = http._transport._pool._ssl_context
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    asyncio.run(http.aclose())
    root = pathlib.Path(transport.__file__).resolve().parents[1]
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "verify=False" not in text and "CERT_NONE" not in text and "check_hostname = False" not in text, path
