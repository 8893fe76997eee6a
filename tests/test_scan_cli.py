"""`claude-triage scan` as a user runs it: files, gzip, stdin, formats, exit codes, --follow."""

from __future__ import annotations

import gzip
import json
import os
import select
import subprocess
import sys
import time

from tests.helpers import ROOT, run_cli

FIXTURES = ROOT / "tests" / "fixtures" / "scan"
WORKER = FIXTURES / "python_worker.log"


def _json(proc) -> dict:
    return json.loads(proc.stdout)


def test_scan_a_file_json_exit_0():
    p = run_cli("scan", str(WORKER), "--format", "json")
    assert p.returncode == 0, p.stderr
    d = _json(p)
    assert d["version"] == 1 and d["scanned"]["files"] == [str(WORKER)]
    assert d["scanned"]["lines"] == 71 and d["scanned"]["bytes"] == WORKER.stat().st_size
    assert [g["count"] for g in d["groups"]] == [3, 2, 1, 1]
    assert d["groups"][0]["cause"]["id"] == "rate.input-tokens-per-minute"


def test_text_table_and_markdown():
    p = run_cli("scan", str(FIXTURES / "claude_code_debug.log"), env={"COLUMNS": "120"})
    out = p.stdout.decode()
    assert p.returncode == 0
    assert "COUNT" in out and "server.overloaded" in out and "6 failure events in 3 groups" in out
    header = next(line for line in out.splitlines() if "COUNT" in line)
    assert "TREND" in header  # timestamps present: a sparkline column
    md = run_cli("scan", str(FIXTURES / "claude_code_debug.log"), "--format", "markdown").stdout.decode()
    assert md.startswith("## Claude API failures") and "| Count | Status / type |" in md and "```text" in md


def test_no_failure_exits_1():
    p = run_cli("scan", "-", stdin="INFO all good\nINFO still good\n")
    assert p.returncode == 1
    assert "No Claude API failure found" in p.stdout.decode()
    assert _json(run_cli("scan", "-", "--format", "json", stdin="INFO ok\n"))["groups"] == []


def test_usage_errors_exit_2(tmp_path):
    assert run_cli("scan", str(tmp_path / "missing.log")).returncode == 2
    assert run_cli("scan", str(tmp_path)).returncode == 2  # a directory
    assert run_cli("scan", str(WORKER), "--top", "0").returncode == 2
    assert run_cli("scan", "-", "-", stdin="x").returncode == 2
    assert run_cli("scan", "--format", "yaml", str(WORKER)).returncode == 2
    assert run_cli("scan", str(WORKER), "--jobs", "0").returncode == 2
    p = run_cli("scan", str(tmp_path / "missing.log"))
    assert b"cannot read" in p.stderr and b"Traceback" not in p.stderr


def test_corrupt_gzip_exits_2(tmp_path):
    bad = tmp_path / "bad.log.gz"
    bad.write_bytes(b"\x1f\x8b\x08\x00" + b"\x00" * 20 + b"garbage")
    p = run_cli("scan", str(bad))
    assert p.returncode == 2 and b"cannot read" in p.stderr


def test_gzip_by_magic_bytes_and_stdin_give_the_same_groups(tmp_path):
    packed = tmp_path / "worker.txt"  # no .gz suffix: told by its magic bytes
    packed.write_bytes(gzip.compress(WORKER.read_bytes()))
    plain = _json(run_cli("scan", str(WORKER), "--format", "json"))
    zipped = _json(run_cli("scan", str(packed), "--format", "json"))
    piped = _json(run_cli("scan", "--format", "json", stdin=WORKER.read_bytes()))
    gz_piped = _json(run_cli("scan", "-", "--format", "json", stdin=packed.read_bytes()))
    for d in (zipped, piped, gz_piped):
        assert d["groups"] == plain["groups"]
        assert d["scanned"]["lines"] == plain["scanned"]["lines"]
    assert piped["scanned"]["files"] == ["-"]


def test_several_files_and_top():
    p = run_cli("scan", str(WORKER), str(FIXTURES / "node_gateway.log"), "--format", "json", "--top", "2")
    d = _json(p)
    assert len(d["groups"]) == 2 and d["scanned"]["events"] == 10
    assert all(str(line).startswith(str(FIXTURES)) for g in d["groups"] for line in g["lines"])


def test_keys_are_redacted_in_every_format():
    src = FIXTURES / "curl_and_stream.txt"
    for fmt in ("json", "markdown", "text"):
        out = run_cli("scan", str(src), "--format", fmt).stdout.decode()
        assert "Zq3vT8xYw2LpN5kR7mJc4HbG6fD1sA9eU0oI3yTrEwQ" not in out


def test_scan_does_not_import_textual_or_httpx():
    probe = ("import sys\nfrom tui.cli import main\n"
             f"main(['scan', {str(WORKER)!r}, '--format', 'json'])\n"
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'httpx', 'rich')), file=sys.stderr)")
    p = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert p.stderr.strip().splitlines()[-1] == "[]"


# --- --follow -------------------------------------------------------------------------------------

EVENT = ('{ts} [claude-code]  ⎿  API Error: 529 {{"type":"error","error":{{"type":"overloaded_error",'
         '"message":"Overloaded"}},"request_id":"req_011C{n:020d}"}}\n')
INFO = "{ts} INFO  ordinary line {n}\n"


def _lines_until(proc, want: int, deadline: float) -> list[str]:
    """Read stdout lines of a running process until `want` of them or the deadline."""
    got: list[str] = []
    buf = b""
    while len(got) < want and time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 0.1)
        if ready:
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                break
            buf += chunk
            *lines, buf = buf.split(b"\n")
            got += [line.decode() for line in lines]
    return got


def _write(path, text: str, mode: str = "a") -> None:
    with open(path, mode, encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()


def test_follow_appended_rotated_and_truncated_file(tmp_path):
    log = tmp_path / "app.log"
    _write(log, INFO.format(ts="2026-12-06T00:00:00Z", n=0) + EVENT.format(ts="2026-12-06T00:00:01Z", n=1), "w")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("FORCE_COLOR", None)
    proc = subprocess.Popen([sys.executable, "-m", "tui", "scan", "--follow", str(log)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 20
        first = _lines_until(proc, 1, deadline)
        _write(log, INFO.format(ts="2026-12-06T00:00:02Z", n=2) + EVENT.format(ts="2026-12-06T00:00:03Z", n=3))
        appended = _lines_until(proc, 1, deadline)
        os.rename(log, tmp_path / "app.log.1")  # logrotate: rename, then a new file under the name
        _write(tmp_path / "app.log.1", EVENT.format(ts="2026-12-06T00:00:04Z", n=4))  # late write to the old one
        _write(log, EVENT.format(ts="2026-12-06T00:00:05Z", n=5), "w")
        rotated = _lines_until(proc, 2, deadline)
        _write(log, "", "w")  # copytruncate
        _write(log, EVENT.format(ts="2026-12-06T00:00:06Z", n=6))
        truncated = _lines_until(proc, 1, deadline)
    finally:
        proc.terminate()
        proc.wait(10)
        proc.stdout.close()
        proc.stderr.close()
    assert [line.split("\t")[0] for line in first + appended] == ["2026-12-06T00:00:01Z", "2026-12-06T00:00:03Z"]
    assert sorted(line.split("\t")[0] for line in rotated) == ["2026-12-06T00:00:04Z", "2026-12-06T00:00:05Z"]
    assert [line.split("\t")[0] for line in truncated] == ["2026-12-06T00:00:06Z"]
    assert all("\t529 overloaded_error\tserver.overloaded\t" in line for line in first + appended + rotated + truncated)
    counts = [int(line.rsplit("\t", 1)[1]) for line in first + appended + rotated + truncated]
    assert counts == [1, 2, 3, 4, 5]


def test_follow_stdin_until_it_ends_then_prints_json():
    data = EVENT.format(ts="2026-12-06T00:00:01Z", n=1) + INFO.format(ts="2026-12-06T00:00:02Z", n=2)
    p = run_cli("scan", "--follow", "-", "--format", "json", stdin=data, timeout=30)
    assert p.returncode == 0
    assert _json(p)["groups"][0]["count"] == 1


def test_follow_on_a_terminal_redraws_the_table(tmp_path):
    import pty
    log = tmp_path / "app.log"
    _write(log, EVENT.format(ts="2026-12-06T00:00:01Z", n=1), "w")
    master, slave = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "120"}
    env.pop("FORCE_COLOR", None)
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen([sys.executable, "-m", "tui", "scan", "--follow", str(log)], stdout=slave,
                            stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=env, cwd=ROOT)
    os.close(slave)
    out = b""

    def read_until(needle: bytes, deadline: float) -> bool:
        nonlocal out
        while needle not in out and time.monotonic() < deadline:
            if select.select([master], [], [], 0.1)[0]:
                try:
                    out += os.read(master, 65536)
                except OSError:
                    break
        return needle in out

    try:
        deadline = time.monotonic() + 20
        assert read_until(b"      1  529 overloaded_error", deadline), out[-400:]
        assert b"\x1b[H\x1b[2J" in out and b"COUNT" in out and b"server.overloaded" in out
        _write(log, EVENT.format(ts="2026-12-06T00:00:02Z", n=2))
        assert read_until(b"      2  529 overloaded_error", deadline), out[-400:]
    finally:
        proc.terminate()
        proc.wait(10)
        os.close(master)


def test_a_large_file_scanned_by_two_processes_gives_the_one_pass_answer(tmp_path):
    # Above the size where scan splits a plain file between processes (tui/scan/parallel.py).
    sys.path.insert(0, str(ROOT / "tests" / "bench"))
    from scanlog import write_log

    from tui.scan.parallel import MIN_BYTES
    path = tmp_path / "big.log"
    events = write_log(str(path), MIN_BYTES + (2 << 20))
    one, two = (run_cli("scan", str(path), "--format", "json", "--jobs", j) for j in ("1", "2"))
    assert one.returncode == two.returncode == 0, (one.stderr, two.stderr)
    d1, d2 = _json(one), _json(two)
    for d in (d1, d2):
        d["scanned"].pop("seconds")
    assert d2 == d1 and d1["scanned"]["events"] == events


def test_the_progress_bar_runs_no_thread_of_its_own(tmp_path, monkeypatch):
    # A parallel scan forks while the bar is shown (a second large file): the bar is redrawn from
    # the scan's own ticks, never from a thread of Rich's.
    import threading

    from tui import cli_scan
    big = tmp_path / "big.log"
    with open(big, "wb") as fh:
        fh.truncate(cli_scan.PROGRESS_OVER + 1)  # sparse: large without being written
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    before = threading.active_count()
    with cli_scan._progress([str(big)]) as tick:
        assert tick is not None
        for pos in range(0, cli_scan.PROGRESS_OVER, 1 << 24):
            tick(str(big), pos, cli_scan.PROGRESS_OVER + 1)
        assert threading.active_count() == before
