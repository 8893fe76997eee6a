"""`claude-triage check` and `shrink` as a user runs them, against the loopback fake API."""

import json

import pytest

from tests.fakeapi import FakeAPI, error_reply
from tests.helpers import run_cli

KEY = "sk-ant-api03-CliLiveTestKeyFAKE0000000000000000"


@pytest.fixture
def fake():
    with FakeAPI() as f:
        yield f


def _env(fake, **extra):
    return {"ANTHROPIC_API_KEY": KEY, "ANTHROPIC_BASE_URL": fake.base_url, **extra}


def test_check_without_live_sends_nothing(fake):
    proc = run_cli("check", "--format", "json", env=_env(fake))
    out = json.loads(proc.stdout)
    assert proc.returncode == 0 and out["live"] == [] and fake.requests == []
    assert KEY not in proc.stdout.decode()


def test_check_live_passes_and_shows_no_key(fake):
    proc = run_cli("check", "--live", env=_env(fake))
    text = proc.stdout.decode() + proc.stderr.decode()
    assert proc.returncode == 0, text
    assert "Live probes" in text and "claude-haiku-4-5" in text and KEY not in text
    assert {r.path.split("?")[0] for r in fake.requests} == {"/v1/models", "/v1/models/claude-haiku-4-5"}


def test_check_live_fault_exits_1_with_a_diagnosis(fake):
    fake.default = error_reply(401, "authentication_error", "invalid x-api-key")
    proc = run_cli("check", "--live", "--format", "json", env=_env(fake))
    out = json.loads(proc.stdout)
    assert proc.returncode == 1 and b"Traceback" not in proc.stderr
    assert all(r["status"] == "fail" and r["cause_id"].startswith("auth.") for r in out["live"])


def test_check_live_dual_credentials_caught_before_sending(fake):
    proc = run_cli("check", "--live", "--format", "json",
                   env=_env(fake, ANTHROPIC_AUTH_TOKEN="sk-ant-oat01-CliLiveTokenFAKE000000000"))
    out = json.loads(proc.stdout)
    assert proc.returncode == 1 and fake.requests == []
    assert out["live"][0]["cause_id"] == "auth.dual-credentials"


def test_check_validates_a_request_with_count_tokens(fake, tmp_path):
    req = tmp_path / "req.json"
    req.write_text(json.dumps({"model": "claude-opus-4-7", "max_tokens": 10, "messages": [{"role": "user", "content": "x"}]}))
    proc = run_cli("check", "--live", "--request", str(req), "--format", "json", env=_env(fake))
    out = json.loads(proc.stdout)
    counted = next(r for r in out["live"] if r["id"] == "live.count_tokens")
    assert counted["status"] == "pass" and counted["data"]["input_tokens"] > 0


def test_shrink_needs_consent(fake, tmp_path):
    req = tmp_path / "req.json"
    req.write_text(json.dumps({"model": "claude-opus-4-7", "max_tokens": 10, "top_k": 3,
                               "messages": [{"role": "user", "content": "x"}]}))
    proc = run_cli("shrink", str(req), env=_env(fake))  # stdin is not a terminal: no consent
    assert proc.returncode == 2 and b"Nothing sent" in proc.stderr
    assert [r.path for r in fake.requests] == ["/v1/messages/count_tokens"]  # the free estimate only


def test_shrink_finds_the_field(fake, tmp_path):
    fake.reject_field("top_k", "claude-opus-4-7", "top_k: Extra inputs are not permitted")
    req = tmp_path / "req.json"
    req.write_text(json.dumps({"model": "claude-opus-4-7", "max_tokens": 1000, "top_k": 3, "system": "s",
                               "messages": [{"role": "user", "content": "x"}]}))
    proc = run_cli("shrink", str(req), "--yes", "--budget", "8", env=_env(fake))
    text = proc.stdout.decode()
    assert proc.returncode == 0, proc.stderr.decode()
    assert "Culprit" in text and "top_k" in text and "same failure" in text
    sent = [r for r in fake.requests if r.path == "/v1/messages"]
    assert 1 <= len(sent) <= 8
