"""`claude-triage mcp` driven by the official MCP client over real stdio.

Each test spawns `python -m tui mcp` (the worktree on PYTHONPATH) and talks to it as Claude Code
or Claude Desktop would: the initialize handshake, tools/list, tools/call, resources/read. The
structured results are compared with what the CLI prints for `--format json` on the same input.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from contextlib import asynccontextmanager

import pytest

from tests.helpers import ROOT, run_cli

pytest.importorskip("mcp")

from mcp import Client  # noqa: E402
from mcp.client.stdio import StdioServerParameters  # noqa: E402
from mcp.shared.exceptions import MCPError  # noqa: E402

PASTE_401 = ("anthropic.AuthenticationError: Error code: 401 - {'type': 'error', 'error': "
             "{'type': 'authentication_error', 'message': 'invalid x-api-key'}, "
             "'request_id': 'req_011CVmcpTest0000000000'}")
BODY_TEMPERATURE = json.dumps({"model": "claude-opus-4-7", "max_tokens": 64, "temperature": 0.3,
                               "messages": [{"role": "user", "content": "hi"}]})
PASTED_KEY = "sk-ant-api03-PastedByMistake0000aaaa1111bbbb2222-Zz9Q"
ENV_KEY = "sk-ant-api03-FromTheEnvironment000cccc3333dddd-Wx7K"
ENV_TOKEN = "sk-ant-oat01-AlsoInTheEnvironment00eeee4444-Vv5J"


def _server_env(extra: dict | None = None) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("ANTHROPIC_") and k.lower() not in ("https_proxy", "http_proxy", "all_proxy")}
    env["PYTHONPATH"] = str(ROOT)
    return {**env, **(extra or {})}


@asynccontextmanager
async def session(env: dict | None = None, mode: str = "legacy"):
    """A connected client: `legacy` is the initialize handshake every released client speaks."""
    params = StdioServerParameters(command=sys.executable, args=["-m", "tui", "mcp"], env=_server_env(env),
                                   cwd=str(ROOT))
    async with Client(params, mode=mode, read_timeout_seconds=60) as client:
        yield client


def _cli_json(*args: str, stdin: str | None = None) -> dict:
    proc = run_cli(*args, "--format", "json", stdin=stdin)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def _text(result) -> str:
    return "".join(block.text for block in result.content if block.type == "text")


async def test_tools_answer_with_the_cli_json_contracts():
    async with session() as client:
        assert client.server_info.name == "claude-triage"
        tools = {t.name: t for t in (await client.list_tools()).tools}
        assert set(tools) == {"diagnose", "explain", "lint", "search_catalogue"}
        assert tools["diagnose"].input_schema["required"] == ["text"]
        assert tools["diagnose"].input_schema["properties"]["use_env"]["type"] == "boolean"
        assert tools["lint"].input_schema["required"] == ["request"]
        assert tools["search_catalogue"].input_schema["properties"]["limit"]["type"] == "integer"
        assert all(t.annotations.read_only_hint for t in tools.values())

        diagnosed = await client.call_tool("diagnose", {"text": PASTE_401, "use_env": False})
        assert not diagnosed.is_error
        assert diagnosed.structured_content == _cli_json("diagnose", "-", "--no-env", stdin=PASTE_401)
        assert diagnosed.structured_content["input"]["status"] == 401
        top = diagnosed.structured_content["causes"][0]
        assert top["id"] in _text(diagnosed) and "Retry:" in _text(diagnosed)

        explained = await client.call_tool("explain", {"key": "429"})
        cli = _cli_json("explain", "429")
        assert explained.structured_content == {**cli, "uri": "claude-triage://status/429"}
        assert "rate_limit_error" in _text(explained)
        missing = await client.call_tool("explain", {"key": "43"})
        assert not missing.is_error and missing.structured_content["found"] is False
        assert missing.structured_content["suggestions"] and "Did you mean" in _text(missing)

        linted = await client.call_tool("lint", {"request": BODY_TEMPERATURE})
        assert linted.structured_content == _cli_json("lint", "-", stdin=BODY_TEMPERATURE)
        assert [f["rule"] for f in linted.structured_content["findings"]] == ["CT501"]
        assert linted.structured_content["failed"] is True and "CT501" in _text(linted)
        # `model` lints the same body as sent to another model, as `lint --model` does.
        other = await client.call_tool("lint", {"request": BODY_TEMPERATURE, "model": "claude-haiku-4-5"})
        assert other.structured_content == _cli_json("lint", "-", "--model", "claude-haiku-4-5", stdin=BODY_TEMPERATURE)
        assert "CT501" not in [f["rule"] for f in other.structured_content["findings"]]

        found = await client.call_tool("search_catalogue", {"query": "temperature", "limit": 3})
        cli = _cli_json("catalogue", "--search", "temperature", "--limit", "3")
        assert found.structured_content == {**cli, "results": [{**r, "uri": f"claude-triage://{r['kind'].replace('_', '-')}/{r['key']}"} for r in cli["results"]]}
        rows = found.structured_content["results"]
        assert len(rows) == 3 and found.structured_content["total"] >= 3
        assert rows[0]["key"] == "model.sampling-params-removed"
        assert rows[0]["uri"] == "claude-triage://cause/model.sampling-params-removed"
        assert all(r["summary"] and "\n" not in r["summary"] for r in rows)
        assert rows[0]["uri"] in _text(found)


async def test_bad_calls_are_tool_errors_and_the_server_carries_on():
    async with session() as client:
        bad = [("diagnose", {"text": 5}, "text: Input should be a valid string"),
               ("diagnose", {}, "text: Field required"),
               ("diagnose", {"text": "x", "use_env": "yes"}, "use_env: Input should be a valid boolean"),
               ("explain", {"key": ""}, "key: String should have at least 1 character"),
               ("lint", {"request": "good morning"}, "no Messages API request found"),
               ("lint", {"request": ["{}"]}, "request: Input should be a valid string"),
               ("search_catalogue", {"query": "429", "limit": 0}, "limit: Input should be greater than or equal to 1"),
               ("search_catalogue", {"query": "   "}, "query is blank"),
               ("no_such_tool", {}, "Unknown tool")]
        for name, args, says in bad:
            result = await client.call_tool(name, args)
            assert result.is_error, (name, args)
            assert says in _text(result), _text(result)
        # A secret in a rejected argument is not quoted back in the error.
        leaked = await client.call_tool("diagnose", {"text": "x", "use_env": PASTED_KEY})
        assert leaked.is_error and PASTED_KEY[:20] not in _text(leaked)
        after = await client.call_tool("diagnose", {"text": PASTE_401, "use_env": False})
        assert not after.is_error and after.structured_content["input"]["status"] == 401


async def test_secrets_in_the_paste_and_the_environment_never_come_back():
    env = {"ANTHROPIC_API_KEY": ENV_KEY, "ANTHROPIC_AUTH_TOKEN": ENV_TOKEN,
           "ANTHROPIC_BASE_URL": "http://user:hunter2hunter2@gateway.internal.example:8080"}
    paste = (f"curl https://api.anthropic.com/v1/messages -H 'x-api-key: {PASTED_KEY}'\n" + PASTE_401)
    async with session(env) as client:
        result = await client.call_tool("diagnose", {"text": paste})
        wire = json.dumps(result.structured_content) + _text(result)
        for secret in (PASTED_KEY[13:-4], ENV_KEY[13:-4], ENV_TOKEN[13:-4], "hunter2", "gateway.internal.example"):
            assert secret not in wire, secret
        # The environment is still weighed: both credentials set is the top cause, said without values.
        assert result.structured_content["causes"][0]["id"] == "auth.dual-credentials"
        evidence = [e for c in result.structured_content["causes"] for e in c["evidence"]]
        assert any("ANTHROPIC_BASE_URL is set (not https; value not shown)" == e for e in evidence), evidence
        linted = await client.call_tool("lint", {"request": f"curl https://api.anthropic.com/v1/messages "
                                                            f"-H 'x-api-key: {PASTED_KEY}' -d '{BODY_TEMPERATURE}'"})
        assert PASTED_KEY[13:-4] not in json.dumps(linted.structured_content) + _text(linted)


async def test_ten_megabyte_paste_and_the_modern_handshake():
    paste = "2026-11-28T10:00:00Z INFO request ok\n" * 280_000
    paste += ("anthropic.InternalServerError: Error code: 500 - {'type': 'error', 'error': "
              "{'type': 'api_error', 'message': 'Internal server error'}}\n")
    assert len(paste) > 10_000_000
    async with session(mode="auto") as client:  # server/discover, the 2026-07-28 protocol
        result = await client.call_tool("diagnose", {"text": paste, "use_env": False})
        assert not result.is_error and result.structured_content["input"]["status"] == 500
        assert result.structured_content["causes"]


async def test_catalogue_pages_are_resources():
    async with session() as client:
        templates = {t.uri_template for t in (await client.list_resource_templates()).resource_templates}
        assert "claude-triage://cause/{key}" in templates and "claude-triage://model/{key}" in templates
        page = await client.read_resource("claude-triage://cause/model.sampling-params-removed")
        text = page.contents[0].text
        assert page.contents[0].mime_type == "text/markdown"
        assert text.startswith("# ") and "`model.sampling-params-removed`" in text and "## Fix" in text
        rule = await client.read_resource("claude-triage://rule/CT501")
        assert rule.contents[0].text.startswith("# CT501")
        index = (await client.read_resource("claude-triage://catalogue")).contents[0].text
        assert "(claude-triage://cause/model.sampling-params-removed)" in index
        with pytest.raises(MCPError, match="no cause 'nope'"):
            await client.read_resource("claude-triage://cause/nope")
        with pytest.raises(MCPError, match="no model"):  # a status is not a model
            await client.read_resource("claude-triage://model/429")
        assert not (await client.call_tool("explain", {"key": "CT501"})).is_error  # still serving


def test_without_the_sdk_it_says_how_to_install_and_exits_2():
    code = ("import sys; sys.modules['mcp'] = None\n"  # as if `mcp` were not installed
            "from tui.cli import main; raise SystemExit(main(['mcp']))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env=_server_env(), stdin=subprocess.DEVNULL, timeout=60)
    assert proc.returncode == 2 and proc.stdout == ""
    assert "pip install 'claude-triage[mcp]'" in proc.stderr and "Traceback" not in proc.stderr
