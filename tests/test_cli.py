"""The CLI as a user runs it: commands, formats, exit codes, the JSON contract."""

import json
import os

from tests.helpers import run_cli

DUAL = ("anthropic.AuthenticationError: Error code: 401 - {'type': 'error', 'error': {'type': "
        "'authentication_error', 'message': 'invalid x-api-key'}, 'request_id': 'req_011CDualDualDualDu'}")
BOTH = {"ANTHROPIC_API_KEY": "sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAA", "ANTHROPIC_AUTH_TOKEN": "sk-ant-oat01-BBBBBBBBBBBBBBBBBBBB"}


def _json(proc):
    assert proc.returncode in (0, 1), proc.stderr.decode()
    return json.loads(proc.stdout)


def test_json_contract():
    out = _json(run_cli("diagnose", "-", "--format", "json", stdin=DUAL, env=BOTH))
    assert out["version"] == 1
    assert {"kind", "status", "error_type", "error_code", "message", "request_id", "model"} <= set(out["input"])
    assert out["input"]["request_id"] == "req_011CDualDualDualDu"
    assert out["causes"] and {"id", "title", "confidence", "evidence", "fix", "docs_url"} <= set(out["causes"][0])
    assert isinstance(out["findings"], list)
    assert set(out["retry"]) >= {"retryable", "after_s", "reason"} and out["retry"]["retryable"] is False


def test_environment_is_read_and_no_env_ignores_it():
    with_env = _json(run_cli("diagnose", "-", "--format", "json", stdin=DUAL, env=BOTH))
    assert with_env["causes"][0]["id"] == "auth.dual-credentials"
    assert any("both set" in e for e in with_env["causes"][0]["evidence"])
    without = _json(run_cli("diagnose", "-", "--format", "json", "--no-env", stdin=DUAL, env=BOTH))
    assert without["causes"][0]["id"] != "auth.dual-credentials"


def test_exit_codes():
    assert run_cli("diagnose", "-", stdin=DUAL).returncode == 0
    assert run_cli("diagnose", "-", stdin="hello, nothing to see here").returncode == 1
    assert run_cli("diagnose", "--format", "yaml").returncode == 2
    assert run_cli("bogus").returncode == 2
    assert run_cli("explain", "no-such-thing-at-all").returncode == 1


def test_no_input_runs_the_bundled_example():
    proc = run_cli("diagnose")  # stdin is /dev/null: no paste given
    assert proc.returncode == 0 and b"bundled example" in proc.stderr
    assert b"Likely causes" in proc.stdout


def test_markdown_report_for_a_ticket():
    proc = run_cli("diagnose", "-", "--format", "markdown", stdin=DUAL, env=BOTH)
    md = proc.stdout.decode()
    assert md.startswith("## Claude API error: `401") and "req_011CDualDualDualDu" in md and "### Likely causes" in md


def test_explain_each_kind_of_key():
    status = _json(run_cli("explain", "429", "--format", "json"))
    assert status["kind"] == "status" and status["exception_classes"]["python"] == "anthropic.RateLimitError"
    assert any(c["id"] == "rate.tier-spend-cap" for c in status["causes"])
    assert _json(run_cli("explain", "overloaded_error", "--format", "json"))["kind"] == "error_type"
    code = _json(run_cli("explain", "enforced_spend_limit_reached", "--format", "json"))
    assert code["kind"] == "error_code" and code["error_codes"][0]["status"] == 429
    cause = _json(run_cli("explain", "auth.dual-credentials", "--format", "json"))
    assert cause["kind"] == "cause" and cause["causes"][0]["examples"]
    model = _json(run_cli("explain", "claude-opus-4-7", "--format", "json"))
    assert "no-sampling-params" in model["model"]["rules"]
    text = run_cli("explain", "413").stdout.decode()
    assert "request_too_large" in text


def test_explain_suggests_near_keys():
    proc = run_cli("explain", "auth.dual-credential")
    assert proc.returncode == 1 and b"auth.dual-credentials" in proc.stderr


def test_catalogue_lists_everything():
    out = _json(run_cli("catalogue", "--format", "json"))
    assert len(out["error_codes"]) >= 125 and len(out["causes"]) >= 40 and out["models"]
    text = run_cli("catalogue").stdout.decode()
    assert "529 overloaded_error" in text and "auth.dual-credentials" in text


def test_headline_of_a_recognised_paste_without_status():
    # Claude Code's own line for a refused connection: a cause, and no status to show
    proc = run_cli("diagnose", "-", stdin="  ⎿  API Error: Connection refused — a firewall or proxy may be blocking it (ECONNREFUSED)\n")
    first = proc.stdout.decode().splitlines()[0]
    assert proc.returncode == 0 and "error, no HTTP status" in first and "unrecognised" not in first
    assert "unrecognised paste" in run_cli("diagnose", "-", stdin="hello world\n").stdout.decode().splitlines()[0]


def test_main_leaves_argparse_as_it_found_it(capsys):
    import argparse

    from tui.cli import main
    before = argparse._, argparse.ngettext
    assert main(["explain", "429"]) == 0
    assert (argparse._, argparse.ngettext) == before
    assert "429" in capsys.readouterr().out


def test_the_fast_exit_still_delivers_all_output(capsys):
    # `python -m tui` ends with os._exit after flushing: a long output must arrive whole.
    from tui.cli import main
    assert main(["catalogue", "--format", "json"]) == 0
    in_process = capsys.readouterr().out
    proc = run_cli("catalogue", "--format", "json")
    assert proc.returncode == 0 and len(in_process) > 100_000
    assert proc.stdout.decode() == in_process


def test_a_reader_that_stops_early_gets_no_traceback():
    import subprocess
    import sys
    from tests.helpers import ROOT
    proc = subprocess.run(f"'{sys.executable}' -m tui catalogue | head -c 100", shell=True, cwd=ROOT,
                          capture_output=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert len(proc.stdout) == 100 and b"Traceback" not in proc.stderr, proc.stderr.decode()


def test_catalogue_search():
    out = _json(run_cli("catalogue", "--search", "Rate limit", "--limit", "3", "--format", "json"))
    assert out["version"] == 1 and out["query"] == "Rate limit" and len(out["results"]) == 3 and out["total"] > 3
    assert out["results"][0] == {"kind": "error_type", "key": "rate_limit_error", "title": "Rate limited",
                                 "summary": out["results"][0]["summary"]}  # named in its title: first
    assert all(set(r) == {"kind", "key", "title", "summary"} and "\n" not in r["summary"] for r in out["results"])
    text = run_cli("catalogue", "--search", "Rate limit", "--limit", "3").stdout.decode()
    assert text.startswith(f"{out['total']} entries match 'Rate limit'; the first 3:\n- error_type rate_limit_error")
    miss = run_cli("catalogue", "--search", "zzqx")
    assert miss.returncode == 1 and miss.stdout.decode() == "0 entries match 'zzqx':\n"
