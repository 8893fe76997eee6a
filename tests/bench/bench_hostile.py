"""Whole CLI runs on pathological pastes (issue 12), beside a bare-interpreter baseline.

Run: `python tests/bench/bench_hostile.py` (outside pytest). Optional: `--only NAME` (substring of
a row name), `--timeout S` (default 60: a run still going is killed and shown as "> S s"), `--app`
(the same pastes into the Textual app: longest event-loop stall and peak memory).

Every row is one `python -m tui diagnose FILE` / `lint FILE` run as a user would start it; the bound
is 1 s plus start-up (the `--help`-free `python -m tui explain 429` run measured here), for any input
up to 10 MB. The shapes are the ones in the issue's table plus the others a user can paste by
accident: runs of one character that a regex quantifier accepts, unclosed brackets and quotes,
giant single lines and many short ones.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

MB = 1_000_000


def _b64(n: int) -> str:
    return base64.b64encode(os.urandom(n * 3 // 4)).decode()[:n]


def _request_with_image(total: int, image: int) -> str:
    body = {"model": "claude-sonnet-4-5", "max_tokens": 1024,
            "messages": [{"role": "user", "content": [
                {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": _b64(image)}},
                {"type": "text", "text": "what is in this picture? " * ((total - image) // 25)}]}]}
    return json.dumps(body)


def _words(n: int) -> str:
    words = "the request failed because the model could not read what was sent to it".split()
    out, size, i = [], 0, 0
    while size < n:
        w = words[i % len(words)]
        out.append(w)
        size += len(w) + 1
        i += 1
    return " ".join(out)


def shapes() -> list[tuple[str, str]]:
    """(name, paste): the issue's table first, then the other hostile shapes."""
    return [
        ("API Error: 400 + 1 MB spaces + x", "API Error: 400 " + " " * MB + "x"),
        ("HTTP/1.1 429 + 2 MB tabs", "HTTP/1.1 429 Too Many Requests" + "\t" * (2 * MB)),
        ("repr cut off + 1 MB of \\'",
         "Error code: 400 - {'type': 'error', 'error': {'message': '" + "\\'" * (MB // 2)),
        ("8 MB request, 6 MB base64 image", _request_with_image(8 * MB, 6 * MB)),
        ("5 MB error message",
         json.dumps({"type": "error", "error": {"type": "invalid_request_error", "message": "x" * (5 * MB)}})),
        ("3 MB message of words",
         json.dumps({"type": "error", "error": {"type": "invalid_request_error", "message": _words(3 * MB)}})),
        # beyond the table: 10 MB of each shape a quantifier can be fed
        ("10 MB spaces", " " * (10 * MB)),
        ("10 MB newlines", "\n" * (10 * MB)),
        ("10 MB '{'", "{" * (10 * MB)),
        ("10 MB '[' then ']'", "[" * (5 * MB) + "]" * (5 * MB)),
        ("10 MB '\"'", '"' * (10 * MB)),
        ("10 MB \\\" (escaped quotes)", '\\"' * (5 * MB)),
        ("10 MB 'a: ' header-ish lines", "a: b\n" * (2 * MB)),
        ("10 MB 'Error: ' lines", "Error: x\n" * (10 * MB // 9)),
        ("10 MB claude-claude-…", "claude-" * (10 * MB // 7)),
        ("10 MB base64, one line", _b64(10 * MB)),
        ("10 MB of '\"message\": \"' repeated", '"message": "' * (10 * MB // 12)),
        ("10 MB 'API Error (' + digits-free", "API Error (" + "a" * (10 * MB)),
        ("10 MB control + escape bytes", "\x1b[" * (5 * MB)),
        ("10 MB U+2011 hyphens", "claude-sonnet-4" + "\u2011" * (10 * MB // 3)),
        ("10 MB repr cut off + \\'", "Error code: 400 - {'error': {'message': '" + "\\'" * (5 * MB)),
        ("10 MB of '\\\\' strings", "{'message': '" + "\\\\'" * (10 * MB // 3)),
        ("10 MB JSON nested 100k deep", "[" * 100_000 + "1" + "]" * 100_000 + " " * (10 * MB - 200_001)),
        ("10 MB log + error at end",
         "2026-11-28T10:00:00Z INFO request ok id=7f3a\n" * (10 * MB // 45)
         + "anthropic.BadRequestError: Error code: 400 - {'type': 'error', 'error': {'type': "
           "'invalid_request_error', 'message': 'max_tokens: 64001 > 64000'}}"),
    ]


def run(cmd: list[str], path: str | None, env: dict, timeout: float) -> tuple[float | None, int | None]:
    t = time.perf_counter()
    try:
        p = subprocess.run(cmd + ([path] if path else []), stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, env=env, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return None, None
    if b"Traceback" in p.stderr:
        print(p.stderr.decode()[-2000:], file=sys.stderr)
    return time.perf_counter() - t, p.returncode


def _hwm_mb(pid: int) -> float:
    """Peak resident memory of a process (VmHWM), MB; 0 where /proc is not there."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM")) / 1024
    except (OSError, StopIteration):
        return 0.0


async def bench_app(only: str) -> None:
    """Each paste into the app (headless), as a terminal paste event: the longest gap of a 10 ms
    ticker on the UI's event loop while it is diagnosed, and the peak memory of the process that
    diagnosed it (the app's child process for pastes over LARGE, the app itself below), beside a
    bare Textual app's peak measured in the same run."""
    from textual import events
    from textual.app import App

    from tests.bench.bench_app import start_ticker
    from tui.app import outcome
    from tui.app.app import TriageApp

    class Bare(App):
        pass
    async with Bare().run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        bare_mb = _hwm_mb(os.getpid())
    outcome.build_elsewhere(0, "hello", {}, True, True)  # the child's own floor: interpreter, KB, engine
    child_mb = _hwm_mb(outcome._CHILD.proc.pid)
    outcome._CHILD.close()
    print(f"\nApp: longest event-loop gap while a paste is diagnosed (target <= 100 ms), and the peak memory"
          f" of the child process that diagnoses it above that child's floor ({child_mb:.0f} MB after a 5-byte "
          f"paste; target <= 10x the paste). A bare Textual app peaks at {bare_mb:.0f} MB.")
    print(f"{'paste':40s} {'size':>8s} {'result':>8s} {'gap':>8s} {'peak MB':>9s} {'x paste':>8s}")
    app = TriageApp(env={})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await pilot.pause(0.3)
        for name, paste in shapes():
            if only and only not in name:
                continue
            ticker, gaps, t = await start_ticker(app, pilot)
            gen = screen._gen
            app.post_message(events.Paste(paste))
            while time.perf_counter() - t < 60:
                await pilot.pause(0.02)
                done = screen.outcome.gen == screen._gen if screen.outcome else time.perf_counter() - t > 0.5
                if screen._gen != gen and not any(w.is_running for w in app.workers) and done:
                    break  # (a paste of whitespace alone has no outcome: nothing to diagnose)
            elapsed = time.perf_counter() - t
            ticker.stop()
            child = outcome._CHILD.proc.pid if outcome._CHILD and outcome._CHILD.proc else None
            peak = _hwm_mb(child) - child_mb if child else 0.0
            size = len(paste.encode()) / MB
            print(f"{name:40s} {size:6.1f}MB {elapsed:7.2f}s {max(gaps) * 1000:6.0f}ms {peak:8.0f} "
                  f"{peak / size:7.1f}x", flush=True)
            if outcome._CHILD:  # a fresh child per paste: its peak is this paste's alone
                outcome._CHILD.close()


def main() -> None:
    args = sys.argv[1:]
    if "--app" in args:
        import asyncio
        asyncio.run(bench_app(args[args.index("--only") + 1] if "--only" in args else ""))
        return
    only = args[args.index("--only") + 1] if "--only" in args else ""
    timeout = float(args[args.index("--timeout") + 1]) if "--timeout" in args else 60.0
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANTHROPIC_")}
    env["PYTHONPATH"] = str(ROOT)
    cli = [sys.executable, "-m", "tui"]
    subprocess.run([*cli, "explain", "429"], capture_output=True, env=env)  # warm the KB cache
    bare = min(run([sys.executable, "-c", "pass"], None, env, timeout)[0] for _ in range(5))
    start = min(run([*cli, "explain", "429"], None, env, timeout)[0] for _ in range(5))
    print(f"Python {sys.version.split()[0]} on {os.cpu_count()} cores")
    print(f"baseline: bare interpreter {bare:.3f} s; start-up (`explain 429`) {start:.3f} s; "
          f"bound = 1 s + start-up = {1 + start:.2f} s\n")
    print(f"{'paste':40s} {'size':>8s} {'diagnose':>10s} {'lint':>10s}")
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for name, paste in shapes():
            if only and only not in name:
                continue
            path = os.path.join(tmp, "paste.txt")
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(paste)
            cells = []
            for cmd in ("diagnose", "lint"):
                secs, rc = run([*cli, cmd], path, env, timeout)
                cells.append(f"> {timeout:.0f} s" if secs is None else f"{secs:.2f} s")
                worst = max(worst, timeout if secs is None else secs)
            size = len(paste.encode())
            print(f"{name:40s} {size / MB:6.1f}MB {cells[0]:>10s} {cells[1]:>10s}", flush=True)
    print(f"\nslowest run {worst:.2f} s against the bound {1 + start:.2f} s "
          f"({'within' if worst <= 1 + start else 'OVER'})")


if __name__ == "__main__":
    main()
