"""Whole CLI runs on pathological pastes (issue 12), beside a bare-interpreter baseline.

Run: `python tests/bench/bench_hostile.py` (outside pytest). Optional: `--only NAME` (substring of
a row name), `--timeout S` (default 60: a run still going is killed and shown as "> S s").

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


def main() -> None:
    args = sys.argv[1:]
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
