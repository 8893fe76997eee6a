"""What `claude-triage lint` reads: JSON bodies, curl commands with real-world quoting, Python and
TypeScript calls, requests inside larger pastes. Exit codes, --fail-on, --ignore, usage errors."""

import json

from tests.helpers import run_cli
from tests.test_lint_rules import lint_cli, lint_json, rule_ids

BODY = '{"model": "claude-opus-4-8", "max_tokens": 1024, "messages": [{"role": "user", "content": "Hello"}]}'
HEADERS = '-H "x-api-key: $ANTHROPIC_API_KEY" -H "anthropic-version: 2023-06-01" -H "content-type: application/json"'


def test_malformed_json_gives_line_and_column():
    code, out = lint_json('{"model": "claude-opus-4-8",\n "max_tokens": 1024,\n "messages": [{"role": "user",}]\n}')
    assert code == 1 and rule_ids(out) == ["CT108"]
    assert "line 3, column 31" in out["findings"][0]["message"]
    _, out = lint_json("{'model': 'claude-opus-4-8', 'max_tokens': 5, 'messages': []}")
    assert "Python dict" in out["findings"][0]["message"]


def test_curl_odd_quoting_continuations_and_data_raw():
    cmd = ("$ curl -sS https://api.anthropic.com/v1/messages \\\n"
           "  -H 'x-api-key: '\"$ANTHROPIC_API_KEY\" \\\n"
           "  -H $'anthropic-version: 2023-06-01' \\\n"
           "  -H\"content-type: application/json\" \\\n"
           "  --data-raw $'{\"model\": \"claude-opus-4-8\", \"max_tokens\": 1024,\\n"
           "   \"messages\": [{\"role\": \"user\", \"content\": \"it\\'s \\\\u00e9t\\u00e9\"}]}' | jq .\n")
    code, out = lint_json(cmd)
    assert (code, out["findings"]) == (0, []), out["findings"]
    assert out["input"]["kind"] == "curl" and out["input"]["url"] == "https://api.anthropic.com/v1/messages"


def test_curl_double_quoted_body_with_escapes_and_attached_options():
    cmd = ('curl -XPOST "https://api.anthropic.com/v1/messages" ' + HEADERS +
           ' -d "{\\"model\\": \\"claude-opus-4-8\\", \\"max_tokens\\": 1024, \\"temperature\\": 0.2, '
           '\\"messages\\": [{\\"role\\": \\"user\\", \\"content\\": \\"Hi\\"}]}"')
    assert rule_ids(lint_json(cmd)[1]) == ["CT501"]


def test_curl_body_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cmd = f"curl https://api.anthropic.com/v1/messages {HEADERS} -d @body.json"
    code, out = lint_json(cmd)
    assert code == 1 and rule_ids(out) == ["CT109"] and "body.json" in out["findings"][0]["message"]
    (tmp_path / "body.json").write_text(BODY)
    assert lint_json(cmd) == (0, lint_json(cmd)[1]) and lint_json(cmd)[1]["findings"] == []
    code, out = lint_json(f"curl https://api.anthropic.com/v1/messages {HEADERS} --data-binary @-")
    assert rule_ids(out) == ["CT109"] and "standard input" in out["findings"][0]["message"]


def test_curl_inside_a_paste_and_headers_judged_without_a_body():
    paste = ("I ran this and it fails:\n\n" + f"curl https://api.anthropic.com/v1/messages {HEADERS} "
             "-H 'Authorization: Bearer $TOKEN' -d '{\"model\": \"claude-opus-4-8\",}'\n\n"
             'and got {"type":"error","error":{"type":"invalid_request_error","message":"x"}}\n')
    assert set(rule_ids(lint_json(paste)[1])) == {"CT108", "CT804"}


def test_curl_count_tokens_endpoint():
    body = '{"model": "claude-opus-4-8", "messages": [{"role": "user", "content": "Hi"}]}'
    code, out = lint_json(f"curl https://api.anthropic.com/v1/messages/count_tokens {HEADERS} -d '{body}'")
    assert (code, out["findings"], out["input"]["endpoint"]) == (0, [], "count_tokens")


def test_python_call_with_variables_sdk_arguments_and_kwargs():
    source = '''
import anthropic
client = anthropic.Anthropic()

def ask(prompt, history):
    return client.beta.messages.create(
        model="claude-opus-4-8",
        max_tokens=2048,
        messages=history + [{"role": "user", "content": prompt}],
        mcp_servers=[{"type": "url", "url": "https://mcp.example.com", "name": "docs"}],
        betas=["mcp-client-2025-11-20"],
        extra_headers={"anthropic-workspace-id": "wrkspc_01"},
        timeout=30,
    )
'''
    code, out = lint_json(source)
    assert (code, out["findings"], out["input"]["kind"]) == (0, [], "python")
    code, out = lint_json("client.messages.create(**params, temperature=2)")
    assert rule_ids(out) == ["CT507"]  # **params hides the required fields: not reported missing


def test_typescript_call_object_literal():
    ts = "const msg = await anthropic.messages.create({ model: 'claude-opus-4-7', max_tokens: 1024, " \
         "temperature: 0.5, messages: [{ role: 'user', content: 'Hi' }] });"
    assert rule_ids(lint_json(ts)[1]) == ["CT501"]


def test_request_found_inside_a_larger_paste():
    paste = "2026-11-28 INFO sending request\n" + BODY.replace("1024", "999999") + "\n2026-11-28 ERROR 400\n"
    code, out = lint_json(paste)
    assert out["input"]["kind"] == "paste" and "CT404" in rule_ids(out)


def test_no_request_is_a_usage_error():
    assert lint_cli("-", stdin="hello, nothing here")[0] == 2
    assert lint_cli("-", stdin="")[0] == 2


def test_fail_on_and_ignore():
    warn = BODY.replace('"Hello"}]', '"Hello"}, {"role": "user", "content": "Again"}]')
    assert lint_json(warn)[0] == 0
    assert lint_json(warn, "--fail-on", "warning")[0] == 1
    code, out = lint_json(warn, "--fail-on", "warning", "--ignore", "roles-not-alternating")
    assert (code, out["findings"]) == (0, [])
    assert lint_json(warn, "--fail-on", "warning", "--ignore", "ct201")[0] == 0
    assert lint_cli("-", "--ignore", "CT999", stdin=BODY)[0] == 2


def test_list_rules_formats():
    code, md = lint_cli("--list-rules", "--format", "markdown")
    assert code == 0 and md.startswith("| Rule | Name |") and "`CT501` | `sampling-param-removed`" in md
    code, text = lint_cli("--list-rules")
    assert code == 0 and "CT801" in text
    code, js = lint_cli("--list-rules", "--format", "json")
    assert code == 0 and len(json.loads(js)) >= 40
    assert lint_cli("--list-rules", "--format", "sarif")[0] == 2
    assert lint_cli("-", "--format", "markdown", stdin=BODY)[0] == 2


def test_real_subprocess_text_output_and_exit_codes(tmp_path):
    bad = tmp_path / "req.json"
    bad.write_text(BODY.replace('"max_tokens": 1024', '"max_tokens": 1024, "temperature": 0.7'))
    proc = run_cli("lint", str(bad))
    text = proc.stdout.decode()
    assert proc.returncode == 1 and "CT501" in text and "sampling-param-removed" in text and "fix" in text
    good = tmp_path / "ok.json"
    good.write_text(BODY)
    assert run_cli("lint", str(good)).returncode == 0
    assert run_cli("lint", str(tmp_path / "missing.json")).returncode == 2
    assert run_cli("lint").returncode == 2  # no file and no stdin


def test_literal_keys_are_redacted_in_every_format():
    cmd = ("curl https://api.anthropic.com/v1/messages -H 'x-api-key: sk-ant-api03-AbCdEfGhIjKlMnOpQrStUv' "
           "-H 'anthropic-version: 2023-06-01' -H 'content-type: application/json' -d '" + BODY + "'")
    for fmt in ("text", "json", "sarif"):
        code, out = lint_cli("-", "--format", fmt, stdin=cmd)
        assert "CT805" in out and "AbCdEfGhIjKlMnOpQrStUv" not in out, fmt


def test_lint_path_imports_no_ui_or_network():
    from tests.test_imports import _loaded
    stmt = ("import io, sys\nfrom tui.cli import main\n"
            f"sys.stdin = io.TextIOWrapper(io.BytesIO({BODY!r}.encode()))\nmain(['lint', '-', '--format', 'sarif'])")
    assert not _loaded(stmt) & {"textual", "httpx", "httpx2", "anthropic", "rich"}


def test_the_linter_never_raises_on_strange_bodies():
    """Any JSON value in any field: findings, never an exception (the engine lints every paste)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    import knowledge
    from tui.lint import lint_request
    kb = knowledge.load()
    leaf = st.none() | st.booleans() | st.integers(-10**6, 10**7) | st.floats(allow_nan=False) | st.text(max_size=12)
    value = st.recursive(leaf, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["type", "role", "content", "id", "tool_use_id", "name", "text", "source", "data",
                         "media_type", "input_schema", "budget_tokens", "effort", "x"]), inner, max_size=4),
        max_leaves=20)
    fields = st.sampled_from(["model", "max_tokens", "messages", "system", "tools", "tool_choice", "thinking",
                              "output_config", "temperature", "top_p", "top_k", "stream", "stop_sequences",
                              "metadata", "n", "mcp_servers", "cache_control"])

    @settings(max_examples=300, deadline=None)
    @given(st.dictionaries(fields, value, max_size=8), st.dictionaries(st.text(max_size=8), st.text(max_size=8)))
    def check(body, headers):
        for f in lint_request(body, kb=kb, headers=headers):
            assert f.severity in ("error", "warning", "info") and isinstance(f.path, str)

    check()


def test_the_input_reader_never_raises():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from tui.lint import lint_input
    pieces = st.sampled_from(["curl ", "-H ", "'", '"', "$'", "\\\n", "-d ", "@", "{", "}", "[", "]", ":", ",",
                              "messages.create(", ")", "model", "\"messages\"", " ", "\n", "x", "\\", "--json "])

    @settings(max_examples=300, deadline=None)
    @given(st.lists(pieces, max_size=40).map("".join))
    def check(text):
        lint_input(text)

    check()
