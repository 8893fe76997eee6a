"""Every lint rule, through the CLI: its bad example raises it, its good example does not.

The examples are data (knowledge/data/lint_rules.toml), so a new rule brings its own test. Rules
whose violations are too big to write inline (a 6 MB image, 21 images, a 33 MB body) are covered
by tests/test_lint_media.py; GENERATED lists them.
"""

import io
import json
import re
import sys

import pytest

import knowledge
from tui.cli import main

KB = knowledge.load()
RULES = sorted(KB.lint_rules.values(), key=lambda r: r.id)
GENERATED = {"CT601", "CT604", "CT605", "CT607"}  # tested with generated bodies in test_lint_media.py


def lint_cli(*args: str, stdin: str | bytes = b"") -> tuple[int, str]:
    """`claude-triage lint ARGS` in-process (the same code path as the command), stdin given."""
    data = stdin.encode() if isinstance(stdin, str) else stdin
    old_in, old_out = sys.stdin, sys.stdout
    sys.stdin, sys.stdout = io.TextIOWrapper(io.BytesIO(data)), io.StringIO()
    try:
        code = main(["lint", *args])
        return code, sys.stdout.getvalue()
    finally:
        sys.stdin, sys.stdout = old_in, old_out


def lint_json(text: str, *args: str) -> tuple[int, dict]:
    code, out = lint_cli("-", "--format", "json", *args, stdin=text)
    return code, json.loads(out)


def rule_ids(out: dict) -> list[str]:
    return [f["rule"] for f in out["findings"]]


@pytest.mark.parametrize("rule", [r for r in RULES if r.id not in GENERATED], ids=lambda r: r.id)
def test_bad_example_raises_the_rule(rule):
    code, out = lint_json(rule.example_bad, "--fail-on", "info")
    assert rule.id in rule_ids(out), out["findings"]
    assert code == 1
    finding = next(f for f in out["findings"] if f["rule"] == rule.id)
    assert finding["name"] == rule.name and finding["docs_url"] == rule.docs_url and finding["message"]


@pytest.mark.parametrize("rule", [r for r in RULES if r.id not in GENERATED], ids=lambda r: r.id)
def test_good_example_is_clean(rule):
    code, out = lint_json(rule.example_good)
    assert rule.id not in rule_ids(out), out["findings"]
    assert not [f for f in out["findings"] if f["severity"] == "error"], out["findings"]
    assert code == 0


def test_rule_data_is_consistent():
    ids = [r.id for r in RULES]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(r"CT[1-8]\d\d", i) for i in ids)
    names = [r.name for r in RULES]
    assert len(set(names)) == len(names) and all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", n) for n in names)
    for r in RULES:
        assert r.severity in ("error", "warning", "info"), r.id
        assert r.docs_url.startswith("https://platform.claude.com/docs/"), r.id
        assert all(c in KB.cause_by_id for c in r.causes), (r.id, r.causes)
        assert (r.example_bad and r.example_good) or r.id in GENERATED, r.id
        group = r.params.get("model_rule")
        assert group is None or group in KB.rule_groups, (r.id, group)


def test_every_finding_recogniser_names_a_rule_that_lists_the_cause():
    for cause in KB.causes:
        for rec in cause.matches:
            if rec.kind == "finding":
                assert rec.value in KB.lint_rules, (cause.id, rec.value)
                assert cause.id in KB.lint_rules[rec.value].causes, (cause.id, rec.value)


def test_every_rule_is_reachable_by_explain_id_and_name():
    for r in RULES:
        for key in (r.id, r.name, r.id.lower()):
            code, _ = _explain(key)
            assert code == 0, key
    code, out = _explain("CT501", "--format", "json")
    doc = json.loads(out)
    assert doc["kind"] == "rule" and doc["rule"]["name"] == "sampling-param-removed"
    assert any(c["id"] == "model.sampling-params-removed" for c in doc["causes"])


def _explain(*args: str) -> tuple[int, str]:
    old = sys.stdout
    sys.stdout = io.StringIO()
    try:
        return main(["explain", *args]), sys.stdout.getvalue()
    finally:
        sys.stdout = old


def test_streaming_caps_mirror_the_sdk():
    from anthropic._constants import MODEL_NONSTREAMING_TOKENS
    assert KB.lint_rules["CT405"].params["per_model_caps"] == MODEL_NONSTREAMING_TOKENS


def test_streaming_threshold_is_the_sdks():
    """21,333 passes and 21,334 is refused, as the SDK's _calculate_nonstreaming_timeout decides."""
    body = '{"model": "claude-sonnet-4-6", "max_tokens": %d, "messages": [{"role": "user", "content": "Hi"}]}'
    assert "CT405" not in rule_ids(lint_json(body % 21333)[1])
    assert "CT405" in rule_ids(lint_json(body % 21334)[1])
    capped = '{"model": "claude-opus-4-0", "max_tokens": 9000, "messages": [{"role": "user", "content": "Hi"}]}'
    assert "CT405" in rule_ids(lint_json(capped)[1])


def test_python_call_makes_streaming_required_an_error():
    call = "client.messages.create(model='claude-sonnet-4-6', max_tokens=32000, messages=[{'role': 'user', 'content': 'Hi'}])"
    _, out = lint_json(call)
    assert [(f["rule"], f["severity"]) for f in out["findings"]] == [("CT405", "error")]
    _, out = lint_json(call.replace(".create(", ".stream("))
    assert out["findings"] == []


def test_finding_shape():
    _, out = lint_json('{"model": "claude-opus-4-7", "max_tokens": 1024, "top_k": 5, "messages": []}')
    for f in out["findings"]:
        assert set(f) == {"rule", "name", "severity", "path", "message", "fix", "docs_url"}
    assert {(f["rule"], f["path"]) for f in out["findings"]} == {("CT501", "top_k"), ("CT103", "messages")}
    assert out["version"] == 1 and out["counts"] == {"error": 2, "warning": 0, "info": 0}


@pytest.mark.parametrize("thinking,content,want", [
    # thinking off: any thinking block in the final assistant message is refused
    (None, [{"type": "thinking", "thinking": "t", "signature": "s"}, {"type": "text", "text": "Step 1:"}], True),
    ({"type": "disabled"}, [{"type": "redacted_thinking", "data": "x"}, {"type": "text", "text": "So"}], True),
    # thinking on: only a trailing thinking block is refused
    ({"type": "adaptive"}, [{"type": "thinking", "thinking": "t", "signature": "s"}, {"type": "text", "text": "So"}], False),
    ({"type": "adaptive"}, [{"type": "text", "text": "So"}, {"type": "thinking", "thinking": "t", "signature": "s"}], True),
])
def test_trailing_thinking_rule_follows_the_thinking_setting(thinking, content, want):
    body = {"model": "claude-haiku-4-5", "max_tokens": 2048,
            "messages": [{"role": "user", "content": "Plan it."}, {"role": "assistant", "content": content}]}
    if thinking:
        body["thinking"] = thinking
    _, out = lint_json(json.dumps(body))
    assert ("CT206" in rule_ids(out)) is want, out
