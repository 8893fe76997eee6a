"""Benchmarks of the checks (issue 5): offline checks, and live probes running concurrently.

Run: `python tests/bench/bench_probe.py`. The live probes go to the loopback fake API, whose
routes are slowed down by known amounts, so "the whole run vs its slowest probe" is measurable.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.fakeapi import FakeAPI  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "20"))
DELAYS = {"/v1/models": 0.30, "/v1/models/claude-haiku-4-5": 0.20, "/v1/messages/count_tokens": 0.25,
          "/v1/messages": 0.35}


def bench_offline() -> None:
    from tui.checks import run_offline
    env = {"ANTHROPIC_API_KEY": "sk-ant-api03-BenchKeyFAKE00000000000000", "HTTPS_PROXY": "http://proxy:3128"}
    run_offline(env)
    times = []
    for _ in range(RUNS):
        t = time.perf_counter()
        run_offline(env)
        times.append((time.perf_counter() - t) * 1000)
    print(f"offline checks in-process: median {statistics.median(times):.2f} ms, max {max(times):.2f} ms "
          f"({len(run_offline(env))} checks)")
    cli = Path(sys.executable).parent / "claude-triage"
    cmd = [str(cli)] if cli.exists() else [sys.executable, "-m", "tui"]
    for label, argv in (("python -c pass", [sys.executable, "-c", "pass"]), ("claude-triage check", [*cmd, "check"])):
        walls = []
        for _ in range(RUNS):
            t = time.perf_counter()
            subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            walls.append((time.perf_counter() - t) * 1000)
        print(f"  {label:24s} wall median {statistics.median(walls):6.1f} ms")


def bench_live() -> None:
    from tui.probe import resolve, run_live
    with FakeAPI() as fake:
        def slowed(req):
            reply = fake._route(req)
            return dataclasses.replace(reply, delay=DELAYS.get(req.path.split("?")[0], 0.0))
        fake.default = slowed
        env = {"ANTHROPIC_API_KEY": "sk-ant-api03-BenchKeyFAKE00000000000000", "ANTHROPIC_BASE_URL": fake.base_url}
        request = {"model": "claude-haiku-4-5", "max_tokens": 16, "messages": [{"role": "user", "content": "hi"}]}
        overheads, totals = [], []
        for _ in range(max(5, RUNS // 2)):
            t = time.perf_counter()
            results = asyncio.run(run_live(resolve(env), env, request=request, spend=True))
            total = (time.perf_counter() - t) * 1000
            slowest = max(r.elapsed_ms for r in results)
            totals.append(total)
            overheads.append(total - slowest)
        print(f"live probes ({len(results)} concurrent, server delays {sorted(DELAYS.values())} s): "
              f"whole run median {statistics.median(totals):.0f} ms, slowest probe "
              f"{max(DELAYS.values()) * 1000:.0f} ms + its transfer, overhead over the slowest probe: median "
              f"{statistics.median(overheads):.1f} ms, max {max(overheads):.1f} ms "
              f"(sequential would be ≥ {sum(DELAYS.values()) * 1000:.0f} ms)")


if __name__ == "__main__":
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "tui"), str(ROOT / "knowledge")], check=True)
    bench_offline()
    bench_live()
