"""The offline checks (tui/checks): pure functions of an env mapping, the installed SDK and answers."""

import importlib.metadata
import sys
import json
import os

import pytest

import knowledge
from tui.checks import QUESTIONS, STEPS, conclusions, run_offline
from tui.checks.network import bypasses_proxy
from tui.checks.sdk import release

KEY = "sk-ant-api03-AbCdEfGh0000fakeKeyXyZ"
TOKEN = "sk-ant-oat01-QrStUvWx0000fakeTokenAbCd"
ADMIN = "sk-ant-admin01-MnOpQrSt0000fakeAdminKey"


def by_id(env=None, answers=None):
    return {r.id: r for r in run_offline(env=env or {}, answers=answers)}


@pytest.fixture
def sdk_version(monkeypatch):
    """Pretend a given anthropic version is installed (None: not installed)."""
    def install(version):
        def fake(name):
            if name == "anthropic" and version:
                return version
            raise importlib.metadata.PackageNotFoundError(name)
        monkeypatch.setattr(importlib.metadata, "version", fake)
        monkeypatch.setattr(sys, "path", [])  # no dist-info folder to find: importlib.metadata answers
    return install


def test_dual_credentials_fail_on_an_sdk_that_sends_both(sdk_version):
    sdk_version("1.9.0")
    r = by_id({"ANTHROPIC_API_KEY": KEY, "ANTHROPIC_AUTH_TOKEN": TOKEN})["env.credentials"]
    assert (r.status, r.cause_id) == ("fail", "auth.dual-credentials")


def test_dual_credentials_only_warn_when_the_sdk_lets_the_key_win(sdk_version):
    sdk_version("2.14.0")
    r = by_id({"ANTHROPIC_API_KEY": KEY, "ANTHROPIC_AUTH_TOKEN": TOKEN})["env.credentials"]
    assert (r.status, r.cause_id) == ("warn", "auth.dual-credentials")
    assert "2.14.0" in r.detail


def test_one_credential_passes_and_none_warns():
    assert by_id({"ANTHROPIC_API_KEY": KEY})["env.credentials"].status == "pass"
    none = by_id({})["env.credentials"]
    assert (none.status, none.cause_id) == ("warn", "client.no-auth-method")
    # On Bedrock or Vertex the ANTHROPIC_* credentials do not apply.
    assert by_id({}, {"platform": "bedrock"})["env.credentials"].status == "pass"


@pytest.mark.parametrize("value", ["", "   ", f" {KEY}", f"{KEY}\n", f'"{KEY}"', f"'{KEY}'"])
def test_blank_or_whitespace_or_quoted_key(value):
    r = by_id({"ANTHROPIC_API_KEY": value})["env.api-key"]
    assert (r.status, r.cause_id) == ("fail", "auth.key-whitespace")


def test_oauth_token_in_the_api_key_variable():
    r = by_id({"ANTHROPIC_API_KEY": TOKEN})["env.api-key"]
    assert (r.status, r.cause_id) == ("fail", "auth.oauth-in-x-api-key")


def test_admin_key():
    assert by_id({"ANTHROPIC_API_KEY": ADMIN})["env.api-key"].cause_id == "auth.admin-key"
    assert by_id({"ANTHROPIC_AUTH_TOKEN": ADMIN})["env.auth-token"].cause_id == "auth.admin-key"


def test_api_key_in_the_token_variable_and_unknown_shapes():
    r = by_id({"ANTHROPIC_AUTH_TOKEN": KEY})["env.auth-token"]
    assert (r.status, r.cause_id) == ("fail", "auth.invalid-bearer-token")
    # A foreign key is fine when a gateway issued it, suspicious when talking to Anthropic directly.
    assert by_id({"ANTHROPIC_API_KEY": "gw-1234567890abcdef"})["env.api-key"].status == "warn"
    gw = by_id({"ANTHROPIC_API_KEY": "gw-1234567890abcdef", "ANTHROPIC_BASE_URL": "https://gw.example.com"})
    assert (gw["env.api-key"].status, gw["env.api-key"].cause_id) == ("info", "auth.wrong-base-url")


def test_credentials_are_never_shown_in_full():
    results = run_offline(env={"ANTHROPIC_API_KEY": f" {KEY}", "ANTHROPIC_AUTH_TOKEN": TOKEN,
                               "HTTPS_PROXY": "http://bob:hunter2hunter2@proxy.corp:8080"})
    dumped = json.dumps([r.to_dict() for r in results], ensure_ascii=False)
    assert KEY not in dumped and TOKEN not in dumped and "hunter2hunter2" not in dumped
    assert "sk-ant-oat01-…AbCd" in dumped and "bob:" in dumped  # still recognisable


@pytest.mark.parametrize("url", ["https://api.anthropic.com/v1", "https://gw.example.com/v1/",
                                 "https://gw.example.com/anthropic/v1/messages"])
def test_base_url_ending_in_v1(url):
    r = by_id({"ANTHROPIC_BASE_URL": url})["env.base-url"]
    assert (r.status, r.cause_id) == ("fail", "access.wrong-endpoint-path")
    assert "/v1/v1/messages" in r.detail


@pytest.mark.parametrize("url, status", [
    ("http://gw.example.com", "warn"),          # plain http to a remote host
    ("http://127.0.0.1:8087", "info"),         # a local proxy: fine, but not Anthropic
    ("http://localhost:4000", "info"),
    ("https://gw.example.com", "info"),
    ("https://api.anthropic.com", "pass"),
    ("api.anthropic.com", "fail"),             # no scheme
    ("https://gw.example.com /x", "fail"),     # whitespace
])
def test_base_url_sanity(url, status):
    assert by_id({"ANTHROPIC_BASE_URL": url})["env.base-url"].status == status


def test_no_base_url_passes():
    assert by_id({})["env.base-url"].status == "pass"


def test_proxy_without_no_proxy_routes_the_api_through_it():
    r = by_id({"HTTPS_PROXY": "http://proxy.corp:8080"})["net.proxy"]
    assert (r.status, r.cause_id) == ("info", "net.proxy-misconfigured")
    assert "go through the proxy" in r.detail


def test_no_proxy_that_excludes_the_api():
    r = by_id({"HTTPS_PROXY": "http://proxy.corp:8080", "NO_PROXY": "localhost,.anthropic.com"})["net.proxy"]
    assert r.status == "info" and "go direct" in r.detail


def test_local_gateway_sent_through_the_proxy_warns():
    env = {"HTTPS_PROXY": "http://proxy.corp:8080", "HTTP_PROXY": "http://proxy.corp:8080",
           "ANTHROPIC_BASE_URL": "http://127.0.0.1:8087"}
    assert by_id(env)["net.proxy"].status == "warn"
    assert by_id({**env, "NO_PROXY": "localhost,127.0.0.1"})["net.proxy"].status == "info"


def test_proxy_problems():
    assert by_id({})["net.proxy"].status == "pass"
    bad = by_id({"HTTPS_PROXY": "proxy.corp:8080"})
    assert bad["net.proxy-url.HTTPS_PROXY"].status == "fail"
    only_http = by_id({"HTTP_PROXY": "http://proxy.corp:8080"})["net.proxy"]
    assert only_http.status == "info" and "go direct" in only_http.detail
    differ = by_id({"HTTPS_PROXY": "http://a:1", "https_proxy": "http://b:2"})
    assert differ["net.proxy-case.HTTPS_PROXY"].status == "warn"


def test_bypasses_proxy():
    assert bypasses_proxy("api.anthropic.com", "*")
    assert bypasses_proxy("api.anthropic.com", "localhost, anthropic.com:443")
    assert bypasses_proxy("api.anthropic.com", "*.anthropic.com")
    assert not bypasses_proxy("api.anthropic.com", "localhost,127.0.0.1,notanthropic.com")


def test_ca_bundles(tmp_path):
    bundle = tmp_path / "corp.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n")
    assert by_id({})["net.ca"].status == "pass"
    ok = by_id({"SSL_CERT_FILE": str(bundle), "NODE_EXTRA_CA_CERTS": str(bundle)})["net.ca"]
    assert ok.status == "info" and "NODE_EXTRA_CA_CERTS" in ok.detail and "public ones" in ok.detail
    if os.path.isdir("/etc/ssl/certs"):  # the system's own store is not worth a note
        assert by_id({"SSL_CERT_DIR": "/etc/ssl/certs"})["net.ca"].status == "pass"
    missing = by_id({"NODE_EXTRA_CA_CERTS": str(tmp_path / "gone.pem")})["net.ca.NODE_EXTRA_CA_CERTS"]
    assert (missing.status, missing.cause_id) == ("fail", "net.tls-intercepted")
    assert by_id({"NODE_TLS_REJECT_UNAUTHORIZED": "0"})["net.tls-verify"].status == "warn"


def test_old_sdk_lacks_the_known_behaviours(sdk_version):
    sdk_version("0.40.0")
    results = by_id({})
    assert results["sdk.anthropic"].status == "warn"
    missing = {k: r for k, r in results.items() if k.startswith("sdk.anthropic.")}
    # Every fact newer than 0.40.0 is listed, each linked to its cause.
    facts = knowledge.load().sdk_versions
    assert set(missing) == {f"sdk.anthropic.{f.since}" for f in facts}
    assert missing["sdk.anthropic.0.47.0"].cause_id == "client.sdk-too-old"
    assert missing["sdk.anthropic.0.60.0"].status == "info"  # wording only


def test_sdk_in_between_and_current(sdk_version):
    sdk_version("0.50.1")
    ids = set(by_id({}))
    assert "sdk.anthropic.0.47.0" not in ids and "sdk.anthropic.0.86.0" in ids
    sdk_version(knowledge.load().sdk_facts.versions["python"])  # the pinned release lacks nothing
    results = by_id({})
    assert results["sdk.anthropic"].status == "pass"
    assert not [k for k in results if k.startswith("sdk.anthropic.")]


def test_sdk_not_installed(sdk_version):
    sdk_version(None)
    r = by_id({})["sdk.anthropic"]
    assert (r.status, r.cause_id) == ("info", "client.sdk-not-installed")


def test_release_numbers():
    assert release("2.14.0") == (2, 14, 0, 0)
    assert release("0.47") == (0, 47, 0, 0)
    assert release("0.86.0rc1") == (0, 86, 0, 0)
    assert release("1.0.0.dev3") == (1, 0, 0, 0)


def test_questions_unanswered_are_skipped():
    results = by_id({})
    assert results["setup.platform"].status == "skip"
    assert results["setup.retention"].status == "skip"
    assert {q.id for q in QUESTIONS} == {"platform", "retention"}


def test_retention_answer_links_fable_retention():
    yes = by_id({}, {"retention": "yes"})["setup.retention"]
    assert (yes.status, yes.cause_id) == ("warn", "model.fable-retention")
    assert "Fable 5" in yes.detail
    assert by_id({}, {"retention": "unknown"})["setup.retention"].status == "info"
    assert by_id({}, {"retention": "no"})["setup.retention"].status == "pass"


def test_platform_answers():
    first = by_id({"ANTHROPIC_BASE_URL": "https://gw.example.com"}, {"platform": "first-party"})
    assert first["setup.platform"].cause_id == "auth.wrong-base-url"
    bedrock = by_id({"AWS_ACCESS_KEY_ID": "AKIAEXAMPLE"}, {"platform": "bedrock"})
    assert bedrock["setup.cloud-credentials"].status == "fail"  # no secret key beside it
    assert bedrock["setup.cloud-region"].status == "info"
    vertex = by_id({"GOOGLE_APPLICATION_CREDENTIALS": "/nope/creds.json"}, {"platform": "vertex"})
    assert vertex["setup.cloud-credentials"].cause_id == "auth.vertex-credentials"
    assert vertex["setup.cloud-credentials"].status == "fail"
    gateway = by_id({}, {"platform": "gateway"})
    assert gateway["setup.platform"].status == "warn"


def test_live_probes_have_their_place_and_send_nothing():
    r = by_id({})["live.probes"]
    assert (r.status, r.step) == ("skip", "live")


def test_every_result_is_well_formed_and_links_a_real_cause():
    kb = knowledge.load()
    env = {"ANTHROPIC_API_KEY": TOKEN, "ANTHROPIC_AUTH_TOKEN": KEY, "ANTHROPIC_BASE_URL": "http://gw.example.com/v1",
           "HTTPS_PROXY": "proxy:1", "SSL_CERT_FILE": "/nope.pem"}
    steps = {s for s, _ in STEPS}
    platforms = ("first-party", "bedrock", "vertex", "gateway")
    for answers in [{}, *({"platform": p, "retention": "yes"} for p in platforms)]:
        for r in run_offline(env=env, answers=answers):
            assert r.step in steps
            assert not r.cause_id or r.cause_id in kb.cause_by_id, r.cause_id
            assert set(r.to_dict()) == {"id", "title", "status", "detail", "cause_id", "step"}


def test_conclusions_most_urgent_first():
    results = run_offline(env={"ANTHROPIC_API_KEY": TOKEN, "HTTPS_PROXY": "http://proxy.corp:8080"},
                          answers={"retention": "unknown"})
    found = conclusions(results)
    order = [r.status for r in found]
    assert order == sorted(order, key=["fail", "warn", "info"].index)
    assert found[0].cause_id == "auth.oauth-in-x-api-key"
    assert all(r.status not in ("pass", "skip") for r in found)


def test_default_env_is_os_environ(monkeypatch):
    monkeypatch.setenv("ANTHROPIC_API_KEY", TOKEN)
    r = {x.id: x for x in run_offline()}["env.api-key"]
    assert r.cause_id == "auth.oauth-in-x-api-key"


def test_checks_import_no_ui_or_network():
    from tests.test_imports import _loaded
    loaded = _loaded("from tui.checks import run_offline\nrun_offline(env={}, answers={'platform': 'vertex'})")
    assert not loaded & {"textual", "httpx", "httpx2", "rich"}, loaded
