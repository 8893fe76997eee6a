"""tui.scan: event splitting, shapes and signatures, timestamps, grouping, the JSON contract,
and the real-form log excerpts in tests/fixtures/scan (each with the groups it must produce)."""

from __future__ import annotations

import json
import random
import tomllib

import pytest

import knowledge
from tests.helpers import ROOT
from tui import engine
from tui.scan import Scanner, scan_bytes, scan_files, split, stamps
from tui.scan import report, scanner as scanner_mod
from tui.scan.jsonlines import read as read_record
from tui.scan.signature import Tokens, normalise_message, shape

FIXTURES = ROOT / "tests" / "fixtures" / "scan"
EXPECTED = tomllib.loads((FIXTURES / "expected.toml").read_text())
KB = knowledge.load()


def _events(text: str) -> list[str]:
    """The events split.py cuts out of a text (before the relevance test)."""
    block = text.encode()
    out, done = [], 0
    for ls in split.trigger_lines(block):
        if ls < done:
            continue
        s, e = split.event_span(block, ls, done)
        done = e
        out.append(block[s:e].decode().rstrip("\n"))
    return out


def _scan(text: str | bytes) -> Scanner:
    return scan_bytes(text.encode() if isinstance(text, str) else text, scanner=Scanner(KB))


# --- the fixtures -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_finds_its_groups(name):
    want = EXPECTED[name]
    sc = scan_files([str(FIXTURES / name)], Scanner(KB))
    got = [{"cause": g.cause.id if g.cause else None, "status": g.signature.status or 0, "count": g.count,
            "first_line": g.lines[0]} for g in sc.sorted_groups()]
    order = lambda g: (-g["count"], g["cause"], g["first_line"])  # noqa: E731
    assert sorted(got, key=order) == sorted(want["groups"], key=order)
    assert sc.events == want["events"]
    assert sc.unrecognised == want["unrecognised"]


def test_every_fixture_has_expectations():
    logs = {p.name for p in FIXTURES.iterdir() if p.name != "expected.toml"}
    assert logs == set(EXPECTED)


# --- splitting ------------------------------------------------------------------------------------

TRACEBACK = """2026-12-06 02:14:12,933 INFO  ok line
2026-12-06 02:14:12,934 ERROR worker job failed
Traceback (most recent call last):
  File "/srv/jobs.py", line 88, in summarise
    response = client.messages.create(**params)
  File "/srv/.venv/lib/python3.12/site-packages/anthropic/_base_client.py", line 1108, in request
    raise self._make_status_error_from_response(err.response) from None
anthropic.RateLimitError: Error code: 429 - {'type': 'error', 'error': {'type': 'rate_limit_error', 'message': 'Number of request tokens has exceeded your per-minute rate limit'}}
2026-12-06 02:14:13,000 INFO  next line
"""


def test_a_traceback_is_one_event_from_the_loggers_line_to_the_exception():
    events = _events(TRACEBACK)
    assert len(events) == 1
    assert events[0].startswith("2026-12-06 02:14:12,934 ERROR worker job failed\nTraceback")
    assert events[0].endswith("per-minute rate limit'}}")


def test_a_traceback_without_a_logger_line_starts_at_its_header():
    text = "INFO boot\n\n" + TRACEBACK.split("\n", 2)[2]
    events = [e for e in _events(text) if "RateLimitError" in e]
    assert events and events[0].startswith("Traceback (most recent call last):")


def test_a_chained_traceback_is_one_event():
    text = (FIXTURES / "python_worker.log").read_text()
    chained = [e for e in _events(text) if "APIConnectionError" in e]
    assert len(chained) == 1
    assert "httpcore.ConnectError" in chained[0] and chained[0].count("Traceback") == 3


def test_node_dump_with_its_object_is_one_event():
    events = _events((FIXTURES / "node_gateway.log").read_text())
    dump = next(e for e in events if "request_id: 'req_011CXw8h8A796q3f74Ezmhav'" in e)
    assert dump.splitlines()[0].startswith("Dec  6 23:59:12") and dump.endswith("}")
    assert "    at async answer" in dump and "x-should-retry" in dump


def test_curl_exchange_includes_request_and_response_headers():
    events = _events((FIXTURES / "curl_and_stream.txt").read_text())
    curl = next(e for e in events if "not_found_error" in e)
    assert curl.startswith("*   Trying") and "< HTTP/2 404" in curl and "> POST /v1/messages" in curl


def test_curl_dash_i_body_reaches_back_to_its_status_line():
    text = ("INFO start\nHTTP/2 429\ndate: Mon, 15 Jun 2026 08:02:51 GMT\nretry-after: 41\n\n"
            '{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded '
            'your per-minute rate limit"}}\nINFO after\n')
    events = _events(text)
    assert len(events) == 1 and events[0].startswith("HTTP/2 429") and "retry-after: 41" in events[0]
    g = _scan(text).sorted_groups()[0]
    assert g.signature.status == 429 and g.diagnosis.retry.after_s == 41


def test_sse_error_event_includes_its_data_line():
    events = _events('event: ping\ndata: {"type": "ping"}\n\nevent: error\n'
                     'data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n')
    assert events == ['event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}']


def test_claude_code_retry_lines_are_separate_events_but_wrapped_lines_are_not():
    events = _events((FIXTURES / "claude_code_debug.log").read_text())
    retries = [e for e in events if "API Error (529" in e]
    assert len(retries) == 3 and all("\n" not in e for e in retries)
    wrapped = next(e for e in events if "req_011CZ4A1b2C3d4E5f6G7h8J9" in e)
    assert wrapped.count("\n") == 2


def test_the_trigger_search_finds_the_same_lines_without_the_compiled_matcher(monkeypatch):
    texts = [(FIXTURES / n).read_bytes() for n in sorted(EXPECTED)]
    data = b"".join(texts) + b"".join(b"line %d with %s inside\n" % (i, t) for i, t in enumerate(split.TRIGGERS))
    with_matcher = split.trigger_lines(data)
    middle = (len(data) // 3, 2 * len(data) // 3)
    part = split.trigger_lines(data, *middle)
    monkeypatch.setattr(split, "_MATCHER", None)
    assert split.trigger_lines(data) == with_matcher and len(with_matcher) > 40
    assert split.trigger_lines(data, *middle) == part
    lines = data.split(b"\n")
    assert all(any(b"with " + t in lines[data.count(b"\n", 0, ls)] for t in split.TRIGGERS)
               for ls in with_matcher[-len(split.TRIGGERS):])


@pytest.mark.parametrize("trigger", split.TRIGGERS)
def test_a_trigger_across_the_matchers_slices_is_found(trigger):
    # The compiled matcher sees a quarter megabyte at a time; a trigger cut by that edge still counts.
    for cut in range(1, len(trigger)):
        head = b"ok\n" + b"x" * (split._SLICE - 3 - cut)
        data = head + trigger + b" tail\nok\n"
        assert split.trigger_lines(data) == [3], cut


def test_a_line_made_of_triggers_is_one_line():
    data = b"ok\n" + b"rror" * 300_000 + b"\n" + (b"timed out " * 20 + b"\n") * 2000
    found = split.trigger_lines(data)
    assert found[:2] == [3, 3 + 1_200_001] and len(found) == 2001


def test_ordinary_error_lines_are_not_events():
    sc = _scan("INFO errors=0 retries=0\nERROR KeyError: 'document'\nWARN error budget at 80%\n")
    assert sc.events == 0 and not sc.groups


@pytest.mark.parametrize("size", [1, 7, 64, 333, 4096])
def test_block_boundaries_do_not_change_the_result(size):
    text = "".join((FIXTURES / n).read_text() for n in ("python_worker.log", "node_gateway.log",
                                                       "curl_and_stream.txt"))
    whole = report.to_dict(_scan(text))
    sc = Scanner(KB)
    stream = sc.stream("paste")
    data = text.encode()
    for i in range(0, len(data), size):
        stream.feed(data[i:i + size])
    stream.close()
    pieces = report.to_dict(sc)
    for d in (whole, pieces):
        d["scanned"].pop("seconds")
    assert pieces == whole and whole["scanned"]["events"] == 12


@pytest.mark.parametrize("seed", range(4))
def test_blocks_of_any_size_give_the_one_block_answer(seed):
    # Blocks of random sizes, as pipes and follow deliver them: each block's head is joined to the
    # tail of the last one, the rest read where it lies (scanner.Stream.feed).
    rng = random.Random(seed)
    texts = [(FIXTURES / n).read_text() for n in sorted(EXPECTED)]
    data = "".join(rng.choice(texts) + "".join(f"INFO ok {i}\n" for i in range(rng.randrange(5)))
                   for _ in range(60)).encode()
    whole = report.to_dict(_scan(data))
    sc = Scanner(KB)
    stream = sc.stream("paste")
    i = 0
    while i < len(data):
        n = rng.choice((1, 17, 300, 5000, 40000))
        stream.feed(data[i:i + n])
        i += n
    stream.close()
    pieces = report.to_dict(sc)
    for d in (whole, pieces):
        d["scanned"].pop("seconds")
    assert pieces == whole and whole["scanned"]["events"] > 60


def test_a_huge_line_without_newline_is_processed_not_buffered_forever():
    line = b"x" * (scanner_mod.MAX_PENDING + 10) + b" API Error: 529 {\"type\":\"error\"}"
    sc = Scanner(KB)
    stream = sc.stream("big")
    for i in range(0, len(line), 1 << 20):
        stream.feed(line[i:i + (1 << 20)])
    assert len(stream.pending) < scanner_mod.MAX_PENDING + (1 << 20)
    stream.close()
    assert sc.bytes == len(line)


# --- shapes, signatures, timestamps -------------------------------------------------------------

def _shape(text: str) -> bytes:
    ev = text.encode()
    return shape(ev, Tokens(ev))


def test_shape_ignores_request_ids_times_and_numbers_but_not_status_or_model():
    a = "2026-12-06T00:00:01Z API Error: 429 {\"request_id\":\"req_011CZ47RMLnx1JoJXRrzzSde\"} after 812ms claude-sonnet-4-6"
    b = "2026-12-07T13:45:59Z API Error: 429 {\"request_id\":\"req_011CabcDEFghiJKLmnoPQRst\"} after 97ms claude-sonnet-4-6"
    assert _shape(a) == _shape(b)
    assert _shape(a) != _shape(a.replace("429", "529"))
    assert _shape(a) != _shape(a.replace("claude-sonnet-4-6", "claude-opus-4-7"))


def test_shape_ignores_tool_use_and_message_ids_but_not_names_with_a_prefix():
    # One 400 quoting a different tool_use id in every event is one shape: one reading, not one a line.
    tpl = ("API Error: 400 messages.2: `tool_use` ids were found without `tool_result` blocks immediately after: "
           "{}. Each `tool_use` block must have a corresponding `tool_result` block (msg {})")
    a = tpl.format("toolu_01A09q90qw90lq917835lq9", "msg_013Zva2CMHLNnXjNJJKqJ2EF")
    b = tpl.format("toolu_01KbWxyz0PqRsTuVwXyZ12aB", "msg_01AbCdEfGhIjKlMnOpQrStUv")
    assert _shape(a) == _shape(b)
    c = "API Error: 400 tools.0: tool type file_search is not supported"
    assert _shape(c) != _shape(c.replace("file_search", "file_reader"))


def test_normalised_message():
    msg = ("This request would exceed the rate limit for your organization (0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b) "
           "of 40,000 input tokens per minute at 2026-12-06T00:01:02Z (req_011CZ47RMLnx1JoJXRrzzSde); "
           "messages.3.content, model claude-3-opus-20240229")
    assert normalise_message(msg) == ("This request would exceed the rate limit for your organization (<id>) of <n> "
                                      "input tokens per minute at <time> (<id>); messages.<n>.content, model "
                                      "claude-3-opus-20240229")
    assert normalise_message(None) is None


def test_tokens_find_ids_models_and_statuses():
    t = Tokens(b'[claude-code] model=us.anthropic.claude-3-5-sonnet-20241022-v2:0 HTTP 429 req_011CZ47RMLnx1JoJXRrzzSde')
    assert t.request_ids == [b"req_011CZ47RMLnx1JoJXRrzzSde"]
    assert t.models == [b"claude-3-5-sonnet-20241022-v2:0"]  # not "claude-code"
    assert t.statuses == [b"429"]


@pytest.mark.parametrize("line, iso", [
    (b"2026-12-06T02:14:12.933Z ERROR x", "2026-12-06T02:14:12Z"),
    (b"2026-12-06 02:14:12,933 ERROR x", "2026-12-06T02:14:12Z"),
    (b"2026-12-06T04:14:12+02:00 x", "2026-12-06T02:14:12Z"),
    (b"2026/08/24 11:07:41 stream error", "2026-08-24T11:07:41Z"),
    (b'10.0.0.1 - - [06/Dec/2026:02:14:12 -0500] "POST /v1/messages HTTP/1.1" 529', "2026-12-06T07:14:12Z"),
    (b"[DEBUG] 2026-11-30T09:12:01.118Z Loading", "2026-11-30T09:12:01Z"),
])
def test_timestamps(line, iso):
    assert stamps.iso(stamps.parse(line)) == iso


def test_syslog_timestamp_has_the_current_year():
    import time
    assert stamps.iso(stamps.parse(b"Dec  6 23:59:12 gw-3 node[1]: error")) == f"{time.gmtime().tm_year}-12-06T23:59:12Z"


def test_no_timestamp():
    assert stamps.parse(b"anthropic.RateLimitError: Error code: 429") is None
    assert stamps.parse(b"2026-13-45T99:00:00Z") is None


@pytest.mark.parametrize("value, iso", [(1796508010, "2026-12-05T22:00:10Z"), (1796508010250, "2026-12-05T22:00:10Z"),
                                        (1796508010250000, "2026-12-05T22:00:10Z"), (12, None)])
def test_epoch_numbers(value, iso):
    assert stamps.iso(stamps.from_number(value)) == iso


def test_json_record_fields():
    rec = read_record(b'{"ts": 1796508010, "level": "error", "msg": "call failed", "model": "claude-opus-4-7", '
                      b'"error": {"type": "overloaded_error", "message": "Overloaded"}}')
    assert rec.time == 1796508010
    assert b"call failed" in rec.text and b"overloaded_error" in rec.text
    body = b'{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}'
    assert read_record(body).text == body
    assert read_record(b"[1, 2]") is None and read_record(b"{not json") is None


# --- grouping -----------------------------------------------------------------------------------

def test_each_signature_is_diagnosed_once(monkeypatch):
    calls = []
    real = engine.diagnose_observation

    def counting(*args, **kwargs):
        calls.append(args[0].message)
        return real(*args, **kwargs)

    monkeypatch.setattr(scanner_mod, "diagnose_observation", counting)
    lines = []
    for i in range(300):
        lines.append(f"2026-12-06T00:{i // 60:02d}:{i % 60:02d}Z [claude-code]  ⎿  API Error: 529 "
                     f'{{"type":"error","error":{{"type":"overloaded_error","message":"Overloaded"}},'
                     f'"request_id":"req_011C{i:020d}"}}')
        # the same signature in another form: a different shape, the same diagnosis
        lines.append(f"2026-12-06T00:{i // 60:02d}:{i % 60:02d}Z anthropic.OverloadedError: Error code: 529 - "
                     "{'type': 'error', 'error': {'type': 'overloaded_error', 'message': 'Overloaded'}}")
    sc = _scan("\n".join(lines) + "\n")
    assert calls == ["Overloaded"]
    (g,) = sc.groups.values()
    assert g.count == 600 and set(g.sources) == {"claude-code", "python-sdk"}
    assert g.first == stamps.parse(b"2026-12-06T00:00:00Z") and g.last == stamps.parse(b"2026-12-06T00:04:59Z")
    assert g.request_ids == [f"req_011C{i:020d}" for i in range(295, 300)]  # the latest five
    assert g.lines == [1, 2, 3, 4, 5]


def test_groups_are_bounded(monkeypatch):
    monkeypatch.setattr(scanner_mod, "MAX_GROUPS", 2)
    lines = [f'API Error: {status} {{"type":"error","error":{{"type":"{etype}","message":"{msg}"}}}}'
             for status, etype, msg in ((529, "overloaded_error", "Overloaded"), (500, "api_error", "Internal server error"),
                                        (401, "authentication_error", "invalid x-api-key"))] * 3
    sc = _scan("\n".join(lines) + "\n")
    assert len(sc.groups) == 2 and sc.ungrouped == 3 and sc.events == 9
    assert report.to_dict(sc)["ungrouped"] == 3


def test_ten_megabytes_of_distinct_failures_ends_with_bounded_groups():
    """Every line a failure with its own message: 5,000 groups are read and diagnosed, the rest
    only counted (the CPU time is in the report: ~4 s on the development machine)."""
    import random
    rng = random.Random(13)
    letters = "abcdefghijklmnopqrstuvwxyz"
    lines = ['API Error: 500 {"type":"error","error":{"type":"api_error","message":"%s"}}'
             % " ".join("".join(rng.choice(letters) for _ in range(6)) for _ in range(5)) for _ in range(95_000)]
    data = ("\n".join(lines) + "\n").encode()
    assert len(data) > 10_000_000
    sc = _scan(data)
    assert sc.events == 95_000 and len(sc.groups) == scanner_mod.MAX_GROUPS
    assert sc.ungrouped == 95_000 - scanner_mod.MAX_GROUPS


def test_groups_sorted_by_count_then_last_seen():
    text = (FIXTURES / "claude_code_debug.log").read_text() + (FIXTURES / "node_gateway.log").read_text()
    groups = _scan(text).sorted_groups()
    keys = [(-g.count, -(g.last or 0)) for g in groups]
    assert keys == sorted(keys) and len(groups) == 5


def test_example_is_redacted_everywhere():
    sc = _scan((FIXTURES / "curl_and_stream.txt").read_text())
    secret = "sk-ant-api03-Zq3vT8xYw2LpN5kR7mJc4HbG6fD1sA9eU0oI3yTrEwQ-x1y2z3AA"
    outputs = [json.dumps(report.to_dict(sc)), report.markdown(sc)]
    from tui.render.doc import to_plain
    outputs.append(to_plain(report.scan_doc(sc)))
    assert "x-api-key" in outputs[0]  # the example holds the header line…
    assert not any(secret in o or secret[20:40] in o for o in outputs)  # …with the key masked


def test_bidi_and_invisible_characters_are_shown_as_code_points():
    from tui.render.doc import to_plain
    sc = _scan('API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Over\u202eloaded\u200b"}}\n')
    (g,) = sc.groups.values()
    outputs = [to_plain(report.scan_doc(sc)), report.markdown(sc), json.dumps(report.to_dict(sc), ensure_ascii=False)]
    assert all("\u202e" not in o and "\u200b" not in o for o in outputs)
    assert "<U+202E>" in g.example and "<U+202E>" in g.signature.message


def test_terminal_escapes_in_a_log_never_reach_the_output():
    from tui.render.doc import to_plain
    sc = _scan("\x1b]52;c;aGk=\x07API Error: 529 {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
               "\"message\":\"Overloaded \x1b[31mred\"}}\n")
    assert sc.groups
    assert "\x1b" not in to_plain(report.scan_doc(sc))
    assert "\x1b" not in report.markdown(sc)


# --- the JSON contract --------------------------------------------------------------------------

def _check_contract(d: dict) -> None:
    assert set(d) == {"version", "scanned", "groups", "unrecognised", "ungrouped"} and d["version"] == 1
    s = d["scanned"]
    assert set(s) == {"files", "bytes", "lines", "events", "seconds"}
    assert all(isinstance(f, str) for f in s["files"])
    assert all(isinstance(s[k], int) and s[k] >= 0 for k in ("bytes", "lines", "events"))
    assert isinstance(s["seconds"], float | int) and isinstance(d["unrecognised"], int)
    assert isinstance(d["ungrouped"], int)
    for g in d["groups"]:
        assert set(g) == {"cause", "signature", "count", "first_seen", "last_seen", "request_ids", "models",
                          "sources", "retry", "fix", "example", "lines"}
        assert g["cause"] is None or set(g["cause"]) == {"id", "title", "confidence"}
        assert set(g["signature"]) == {"status", "error_type", "error_code", "message"}
        assert isinstance(g["count"], int) and g["count"] >= 1
        for k in ("first_seen", "last_seen"):
            assert g[k] is None or (len(g[k]) == 20 and g[k].endswith("Z") and g[k][10] == "T")
        assert len(g["request_ids"]) <= 5 and all(r.startswith("req_") for r in g["request_ids"])
        assert set(g["retry"]) == {"retryable", "after_s", "reason"}
        assert isinstance(g["example"], str) and g["example"]
        assert 1 <= len(g["lines"]) <= 5
    counts = [(-g["count"], g["last_seen"] or "") for g in d["groups"]]
    assert [c[0] for c in counts] == sorted(c[0] for c in counts)


def test_json_contract_on_every_fixture():
    sc = scan_files([str(FIXTURES / n) for n in sorted(EXPECTED)], Scanner(KB))
    d = report.to_dict(sc)
    _check_contract(d)
    assert d["scanned"]["events"] == sum(e["events"] for e in EXPECTED.values())
    assert all(":" in str(line) for g in d["groups"] for line in g["lines"])  # FILE:LINE with several files


def test_top_limits_groups():
    sc = scan_files([str(FIXTURES / "platform_export.jsonl")], Scanner(KB))
    assert len(report.to_dict(sc, top=2)["groups"]) == 2
    assert len(report.to_dict(sc)["groups"]) == 4


def test_sparkline_follows_the_events():
    lines = [f"2026-12-06T00:{m:02d}:00Z API Error: 529 {{\"type\":\"error\",\"error\":{{\"type\":\"overloaded_error\","
             f"\"message\":\"Overloaded\"}}}}" for m in (0, 0, 0, 0, 59)]
    sc = _scan("\n".join(lines) + "\n")
    (g,) = sc.groups.values()
    spark = report.sparkline(g, report.time_range([g]))
    assert spark[0] == "█" and spark[-1] != " " and set(spark[1:-1]) == {" "}
