"""Joint diagnosis: `diagnose` lints the request in a paste, reports the findings, and a finding that
explains the error lifts the matching cause to the top with the finding as evidence."""

import json

import pytest

import knowledge
from tests.helpers import run_cli
from tui import diagnose

KB = knowledge.load()
BARE = {400: "invalid_request_error", 401: "authentication_error", 404: "not_found_error",
        413: "request_too_large"}


def bare_error(status: int) -> str:
    """An error that names nothing: only the status and type, as proxies and terse SDK logs show."""
    return (f"anthropic.APIStatusError: Error code: {status} - {{'type': 'error', 'error': {{'type': "
            f"'{BARE[status]}', 'message': 'Invalid request'}}, 'request_id': 'req_011CJointJointJointJo'}}")


def paste(request: str, status: int = 400) -> str:
    return f"Request body:\n{request}\n\nResponse:\n{bare_error(status)}\n"


def _json_examples():
    for r in sorted(KB.lint_rules.values(), key=lambda r: r.id):
        if r.causes and r.example_bad.startswith("{") and r.id != "CT108":
            yield r


@pytest.mark.parametrize("rule", list(_json_examples()), ids=lambda r: r.id)
def test_a_finding_lifts_the_cause_it_explains(rule):
    cause = KB.cause_by_id[rule.causes[0]]
    status = KB.error_types[cause.error_type].status or 400
    d = diagnose(paste(rule.example_bad, status if status in BARE else 400), env={})
    assert rule.id in [f.rule for f in d.findings]
    assert d.top is not None and d.top.id in rule.causes, (d.top and d.top.id, [c.id for c in d.causes[:3]])
    assert any(ev.startswith(f"lint {rule.id} at ") for ev in d.top.evidence), d.top.evidence


def test_fable_request_that_lints_clean_ranks_retention_first():
    body = '{"model": "claude-fable-5", "max_tokens": 1024, "messages": [{"role": "user", "content": "Hello"}]}'
    d = diagnose(paste(body), env={})
    assert d.findings == [] and d.top.id == "model.fable-retention"


def test_fable_request_with_a_real_problem_ranks_that_problem_first():
    body = ('{"model": "claude-fable-5", "max_tokens": 1024, "messages": [{"role": "user", "content": '
            '[{"type": "text", "text": ""}]}]}')
    d = diagnose(paste(body), env={})
    ranked = [c.id for c in d.causes]
    assert ranked[0] == "request.empty-content" and "model.fable-retention" in ranked[1:]


def test_a_specific_error_message_still_wins_over_an_unrelated_finding():
    body = '{"model": "claude-opus-4-7", "max_tokens": 1024, "temperature": 0.5, "messages": [{"role": "user", "content": "Hi"}]}'
    error = ("anthropic.BadRequestError: Error code: 400 - {'type': 'error', 'error': {'type': "
             "'invalid_request_error', 'message': 'prompt is too long: 1048576 tokens > 1000000 maximum'}}")
    d = diagnose(f"{body}\n{error}", env={})
    assert d.top.id == "request.prompt-too-long" and [f.rule for f in d.findings] == ["CT501"]


def test_diagnose_json_carries_the_findings():
    body = '{"model": "claude-opus-4-7", "max_tokens": 1024, "temperature": 0.5, "messages": [{"role": "user", "content": "Hi"}]}'
    proc = run_cli("diagnose", "-", "--format", "json", "--no-env", stdin=paste(body))
    out = json.loads(proc.stdout)
    assert out["findings"] == [{
        "rule": "CT501", "name": "sampling-param-removed", "severity": "error", "path": "temperature",
        "message": "Claude Opus 4.7 no longer accepts `temperature` (any value): the API answers '`temperature` "
                   "is deprecated for this model.'",
        "fix": "Delete `temperature`.",
        "docs_url": "https://platform.claude.com/docs/en/about-claude/models/migration-guide"}]
    assert out["causes"][0]["id"] == "model.sampling-params-removed"
    text = run_cli("diagnose", "-", "--no-env", stdin=paste(body)).stdout.decode()
    assert "Request findings" in text and "CT501" in text
