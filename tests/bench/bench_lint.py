"""Benchmarks of the preflight linter (issue 3). Run: `python tests/bench/bench_lint.py` (outside pytest).

- `claude-triage lint` on a typical request, median and p90 wall time of BENCH_RUNS runs, beside
  `python -c pass` measured in the same run (budget: <= 60 ms median);
- a 30 MB body with 25 images: wall time and the child's peak RSS from getrusage(RUSAGE_CHILDREN)
  (budget: <= 2 s and <= 4x the body size), plus the Python-level peak from tracemalloc.

Every figure is measured in this run, next to its baseline; nothing is asserted.
"""

from __future__ import annotations

import base64
import json
import os
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_core import ROOT, RUNS, _cli, _median_ms, compile_bytecode  # noqa: E402 - the shared harness

TYPICAL = {
    "model": "claude-opus-4-8", "max_tokens": 4096, "stream": True,
    "system": [{"type": "text", "text": "You are a release engineer. Be precise.", "cache_control": {"type": "ephemeral"}}],
    "thinking": {"type": "adaptive"}, "output_config": {"effort": "high"},
    "tools": [{"name": "read_file", "description": "Read a file.",
               "input_schema": {"type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"]}}],
    "messages": [
        {"role": "user", "content": "Why does the nightly build fail? The log says exit status 2 in the test step."},
        {"role": "assistant", "content": [{"type": "text", "text": "Let me read the CI script."},
                                          {"type": "tool_use", "id": "toolu_01", "name": "read_file",
                                           "input": {"path": ".ci/run"}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_01",
                                      "content": "#!/bin/sh\nset -e\npytest -q --maxfail=1\n"}]},
    ],
}


def _png_b64(width: int, height: int, size: int) -> str:
    chunk = b"IHDR" + struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    head = base64.b64encode(b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk)))
    return head.decode() + "A" * (size - len(head))


def big_body() -> str:
    image = {"type": "image", "source": {"type": "base64", "media_type": "image/png"}}
    blocks = [{**image, "source": {**image["source"], "data": _png_b64(2400, 1600, 1_200_000)}} for _ in range(25)]
    return json.dumps({"model": "claude-opus-4-8", "max_tokens": 1024, "messages": [
        {"role": "user", "content": [*blocks, {"type": "text", "text": "Compare these screenshots."}]}]})


def bench_typical(env: dict) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "request.json"
        path.write_text(json.dumps(TYPICAL, indent=2))
        curl = Path(tmp) / "request.sh"
        curl.write_text("curl https://api.anthropic.com/v1/messages -H \"x-api-key: $ANTHROPIC_API_KEY\" "
                        "-H 'anthropic-version: 2023-06-01' -H 'content-type: application/json' "
                        f"-d '{json.dumps(TYPICAL)}'\n")
        cli = _cli()
        subprocess.run([*cli, "lint", str(path)], capture_output=True, env=env)  # warm the KB cache
        rows = [("python -c pass", _median_ms([sys.executable, "-c", "pass"], env)),
                ("explain 429 (CLI start-up, no lint)", _median_ms([*cli, "explain", "429"], env)),
                ("lint typical JSON, text", _median_ms([*cli, "lint", str(path)], env)),
                ("lint typical JSON, --format json", _median_ms([*cli, "lint", str(path), "--format", "json"], env)),
                ("lint typical JSON, --format sarif", _median_ms([*cli, "lint", str(path), "--format", "sarif"], env)),
                ("lint curl command", _median_ms([*cli, "lint", str(curl)], env))]
        size = path.stat().st_size
    print(f"\nCLI wall time, {RUNS} runs each ({size} byte request; command: {' '.join(cli)})")
    print(f"{'command':36s} {'median ms':>10s} {'p90 ms':>8s}")
    for name, (med, p90) in rows:
        print(f"{name:36s} {med:10.1f} {p90:8.1f}")


def bench_big(env: dict) -> None:
    body = big_body()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.json"
        path.write_text(body)
        probe = ("import resource, subprocess, sys, time\n"
                 "t = time.perf_counter()\n"
                 f"p = subprocess.run({[*_cli(), 'lint', str(path), '--format', 'json']!r}, capture_output=True)\n"
                 "wall = time.perf_counter() - t\n"
                 "print(wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, p.returncode,"
                 " len(p.stdout))\n")
        runs = []
        for _ in range(5):
            out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True)
            wall, rss_kb, code, _ = out.stdout.split()
            runs.append((float(wall), int(rss_kb) * 1024, int(code)))
    runs.sort()
    wall, rss, code = runs[len(runs) // 2]
    mb = len(body) / 1e6
    print(f"\n30 MB body ({mb:.1f} MB, 25 images of 1.2 MB base64, 2400x1600 px), median of {len(runs)} runs:")
    print(f"  wall {wall:.2f} s (budget 2 s), peak RSS {rss / 1e6:.0f} MB = {rss / len(body):.2f}x the body "
          f"(budget 4x), exit status {code}")
    _tracemalloc(body)


def _tracemalloc(body: str) -> None:
    import tracemalloc

    import knowledge
    from tui.lint import lint_input
    kb = knowledge.load()
    tracemalloc.start()
    t = time.perf_counter()
    result = lint_input(body, kb=kb, body_size=len(body))
    elapsed = time.perf_counter() - t
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  in-process lint_input: {elapsed:.2f} s under tracemalloc, Python peak {peak / 1e6:.0f} MB "
          f"= {peak / len(body):.2f}x the body, {len(result.findings)} findings")


if __name__ == "__main__":
    print(f"Python {sys.version.split()[0]} on {os.cpu_count()} cores")
    compile_bytecode()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ANTHROPIC_")}
    environment["PYTHONPATH"] = str(ROOT)
    bench_typical(environment)
    bench_big(environment)
