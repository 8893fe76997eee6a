"""What `tui.hook.install()` costs a program (issue 14: ≤ 5 ms). Run: `python tests/bench/bench_hook.py`.

Two views, each beside its baseline measured in the same run:

1. wall time of whole processes, the commands interleaved round by round so that a busy host
   slows them alike: `python -c pass`, `import tui.hook`, `import tui.hook; install()`, and the
   same with `threading` already imported (any program that uses the SDK has it: httpx imports it);
2. in-process: perf_counter around `import tui.hook; tui.hook.install()` in a fresh interpreter,
   beside the same timer around `import json` (a stdlib import of similar weight) and around nothing.

And what the first diagnosis costs when an API error is finally seen (the engine and knowledge base
load then), beside the interpreter's own start.
Nothing is asserted.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNS = int(os.environ.get("BENCH_RUNS", "40"))
# Bytecode cached as an installed package has it (PYTHONDONTWRITEBYTECODE would time the compiler:
# ~2 ms of the hook's 4 modules), kept out of the source tree.
ENV = {**{k: v for k, v in os.environ.items() if not k.startswith("ANTHROPIC_") and k != "PYTHONDONTWRITEBYTECODE"},
       "PYTHONPATH": str(ROOT), "PYTHONPYCACHEPREFIX": tempfile.mkdtemp(prefix="bench-hook-pyc-")}

PROCESSES = {
    "python -c pass": "pass",
    "import tui.hook": "import tui.hook",
    "import tui.hook; install()": "import tui.hook; tui.hook.install()",
    "import threading": "import threading",
    "import threading, tui.hook; install()": "import threading, tui.hook; tui.hook.install()",
}

TIMER = """
import time{pre}
t = time.perf_counter()
{stmt}
print((time.perf_counter() - t) * 1000)
"""
IN_PROCESS = {
    "nothing (the timer alone)": ("", "pass"),
    "import json": ("", "import json"),
    "import tui.hook; install()": ("", "import tui.hook; tui.hook.install()"),
    "… with threading already imported": ("; import threading", "import tui.hook; tui.hook.install()"),
}

FIRST_DIAGNOSIS = """
import time
t = time.perf_counter()
import tui.hook
tui.hook.install()
class APIError(Exception):
    __module__ = "anthropic"
    request, message, status_code, body = None, "rate limited", 429, {"type": "error", "error":
        {"type": "rate_limit_error", "message": "Number of request tokens has exceeded your per-minute rate limit"}}
class RateLimitError(APIError):
    __module__ = "anthropic"
exc = RateLimitError("rate limited")
t1 = time.perf_counter()
text = tui.hook.diagnosis_text(exc)
print((t1 - t) * 1000, (time.perf_counter() - t1) * 1000, text.splitlines()[0])
"""


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV, check=True,
                          cwd="/").stdout


def bench_processes() -> None:
    import time
    times: dict[str, list[float]] = {name: [] for name in PROCESSES}
    for code in PROCESSES.values():  # warm the file cache and the .pyc files
        _run(code)
    for _ in range(RUNS):
        for name, code in PROCESSES.items():
            t = time.perf_counter()
            _run(code)
            times[name].append((time.perf_counter() - t) * 1000)
    base = statistics.median(times["python -c pass"])
    print(f"\nWhole process, median of {RUNS} interleaved runs ({sys.executable})")
    print(f"{'python -c …':40s} {'median ms':>10s} {'vs pass':>8s}")
    for name, samples in times.items():
        med = statistics.median(samples)
        print(f"{name:40s} {med:10.1f} {med - base:+8.1f}")


def bench_in_process() -> None:
    samples: dict[str, list[float]] = {name: [] for name in IN_PROCESS}
    for _ in range(RUNS):  # interleaved, as above
        for name, (pre, stmt) in IN_PROCESS.items():
            samples[name].append(float(_run(TIMER.format(pre=pre, stmt=stmt))))
    print(f"\nIn-process timer, median of {RUNS} fresh interpreters, interleaved")
    print(f"{'timed statement':40s} {'median ms':>10s} {'p90 ms':>8s}")
    for name, values in samples.items():
        values.sort()
        print(f"{name:40s} {statistics.median(values):10.2f} {values[int(len(values) * 0.9) - 1]:8.2f}")


def bench_first_diagnosis() -> None:
    runs = [_run(FIRST_DIAGNOSIS).split(maxsplit=2) for _ in range(max(5, RUNS // 4))]
    install = statistics.median(float(r[0]) for r in runs)
    first = statistics.median(float(r[1]) for r in runs)
    print(f"\nWhen an API error is seen: import + install() {install:.2f} ms, then the first diagnosis "
          f"(engine + knowledge base loaded, rendered) {first:.1f} ms — printed: {runs[0][2]!r}")


if __name__ == "__main__":
    bench_processes()
    bench_in_process()
    bench_first_diagnosis()
