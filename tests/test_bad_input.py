"""Untrusted input: whatever is pasted, the answer is a clear message, never a traceback."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import run_cli
from tui.engine import diagnose
from tui.reader import read


def _ok(proc, codes=(0, 1)):
    assert proc.returncode in codes, proc.stderr.decode(errors="replace")
    assert b"Traceback" not in proc.stderr, proc.stderr.decode(errors="replace")


def test_empty_and_whitespace():
    for text in ("", "   \n\t  \n"):
        assert read(text).kind == "empty"
        proc = run_cli("diagnose", "-", stdin=text)
        _ok(proc, (1,))
        assert b"does not look like a Claude API error" in proc.stdout


def test_nul_bytes_and_invalid_utf8(tmp_path):
    f = tmp_path / "bad.txt"
    f.write_bytes(b"\xff\xfe\x00\x00garbage \x80\x81 Error code: 401 - {'type': 'error', 'error': "
                  b"{'type': 'authentication_error', 'message': 'invalid x-api-key'}}\x00")
    proc = run_cli("diagnose", str(f), "--format", "json")
    _ok(proc, (0,))
    out = json.loads(proc.stdout)
    assert out["input"]["status"] == 401 and out["input"]["error_type"] == "authentication_error"


def test_binary_file(tmp_path):
    f = tmp_path / "blob.bin"
    f.write_bytes(bytes(range(256)) * 400)
    _ok(run_cli("diagnose", str(f)))


def test_missing_file_is_a_usage_error():
    proc = run_cli("diagnose", "/nonexistent/paste.txt")
    assert proc.returncode == 2 and b"cannot read" in proc.stderr and b"Traceback" not in proc.stderr


def test_ten_megabyte_paste():
    body = "2026-11-28T10:00:00Z INFO request ok\n" * 280_000  # ~10 MB of log lines
    body += "anthropic.InternalServerError: Error code: 500 - {'type': 'error', 'error': {'type': 'api_error', 'message': 'Internal server error'}}\n"
    assert len(body) > 10_000_000
    d = diagnose(body, env={})
    assert d.observation.status == 500 and d.causes


def test_error_in_the_middle_of_a_huge_log_is_found():
    noise = "2026-11-28T10:00:00Z INFO request ok\n" * 150_000
    error = ("2026-11-28T10:00:01Z ERROR anthropic.RateLimitError: Error code: 429 - {'type': 'error', 'error': "
             "{'type': 'rate_limit_error', 'message': 'Number of request tokens has exceeded your per-minute rate limit'}}\n")
    d = diagnose(noise + error + noise, env={})
    assert d.observation.status == 429 and d.top.id.startswith("rate.")


def test_hundred_thousand_deep_brackets():
    for text in ("[" * 100_000, "{" * 100_000 + "}" * 100_000, '{"a":' * 100_000 + "1" + "}" * 100_000):
        obs = read(text)
        assert obs.kind in ("unknown", "empty", "error")
    _ok(run_cli("diagnose", "-", stdin="[" * 100_000))


def test_trailing_comma_message_names_line_and_column():
    proc = run_cli("diagnose", "-", stdin='{\n "model": "claude-haiku-4-5",\n "max_tokens": 10,\n}')
    _ok(proc)
    assert b"line 4, column 1" in proc.stdout


def test_markup_and_escapes_are_shown_literally():
    evil = ("anthropic.BadRequestError: Error code: 400 - {'type': 'error', 'error': {'type': 'invalid_request_error', "
            "'message': '[bold]x[/] [@click=app.quit]quit[/] \x1b[31mred\x1b[0m \x1b]52;c;SGVsbG8=\x07 \x9b2J'}}")
    proc = run_cli("diagnose", "-", stdin=evil)
    _ok(proc, (0,))
    assert b"[bold]x[/]" in proc.stdout and b"[@click=app.quit]" in proc.stdout
    assert b"\x1b" not in proc.stdout and b"\x07" not in proc.stdout and "\x9b".encode() not in proc.stdout
    proc = run_cli("diagnose", "-", stdin=evil, env={"FORCE_COLOR": "1"})  # the Rich path too
    _ok(proc, (0,))
    assert b"[@click=app.quit]" in proc.stdout and b"\x1b]52" not in proc.stdout and b"\x1b[31m" not in proc.stdout


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), st.binary(), st.lists(st.sampled_from(
    ["{", "}", "[", "]", "'", '"', ":", ",", "Error code: 4", "29", " - ", "None", "\\", "\n", "event: error",
     "data: ", "HTTP/2 ", "type", "error", "req_011C", "claude-"]), max_size=60).map("".join)))
def test_reader_and_engine_never_raise(data):
    d = diagnose(data, env={})
    assert d.observation is not None and isinstance(d.to_dict(), dict)
