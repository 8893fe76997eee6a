"""Benchmark of `claude-triage scan` (issue 13). Run: `python tests/bench/bench_scan.py`
(outside pytest; BENCH_SCAN_MB=200 sets the log size, BENCH_SCAN_2GB=1 adds a 2 GB run).

In one run, on logs generated into a temporary directory (deleted afterwards):
1. wall and CPU time of `scan` on a 200 MB log with 1 % failure events in mixed forms — as users
   run it (one process per CPU, up to 8) and with `--jobs 1` — beside `grep -c -E` on the same
   file with two comparable patterns, and a bare interpreter start (CPU time counts every process);
2. peak RSS of the scan (and of the 2 GB one when asked);
3. failure events a second when every entry is a failure from at most 50 signatures, and the
   Python work per event by form and step (extent, ids/models/statuses, shape, time, group);
4. the trigger search alone with each candidate matcher (ahocorasick-rs, which scan uses;
   bytes.find, its fallback; Python `re`; google-re2 when installed).
Nothing is asserted; the figures are printed with their baselines.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scanlog import write_log  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
SIZE_MB = int(os.environ.get("BENCH_SCAN_MB", "200"))
# What someone would grep for by hand: scan's own trigger strings, and the API failure forms.
def _ere(literal: bytes) -> str:
    """A fixed string as a POSIX extended regular expression."""
    return re.sub(r"([][.^$*+?(){}|\\])", r"\\\1", literal.decode())


def _grep_patterns() -> dict[str, str]:
    from tui.scan.split import LATE_TRIGGER, TRIGGERS
    strings = (*TRIGGERS, LATE_TRIGGER)
    return {
        f"grep -c -E '<scan's {len(strings)} strings>'": "|".join(_ere(t) for t in strings),
        "grep -c -E '<API failure forms>'": ('"type": ?"error"|Error code: [0-9]{3}|API Error|_error|'
                                             'HTTP/[0-9.]+ [45][0-9]{2}|Traceback|Exception'),
    }


TIME = shutil.which("time") or ("/usr/bin/time" if os.path.exists("/usr/bin/time") else None)


def _run(cmd: list[str], env: dict | None = None) -> tuple[float, float, int]:
    """(wall s, CPU s user+sys, peak RSS MB) of one run of cmd.

    Peak RSS comes from /usr/bin/time when there is one: on Linux a child's own ru_maxrss starts
    at its parent's high-water mark (kept across fork and exec), and this process holds a whole
    log in memory for the prefilter figures; /usr/bin/time is a small parent."""
    # Output to a real file: GNU grep stops at the first match when its output is /dev/null.
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        wrapped = [TIME, "-f", "%M", *cmd] if TIME else cmd
        t = time.perf_counter()
        proc = subprocess.Popen(wrapped, stdout=out, stderr=err, env=env)
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        rss = ru.ru_maxrss // 1024
        if TIME:
            err.seek(0)
            last = err.read().decode(errors="replace").strip().splitlines()[-1:]
            rss = int(last[0]) // 1024 if last and last[0].isdigit() else rss
    return wall, ru.ru_utime + ru.ru_stime, rss


def _best(cmd: list[str], env: dict | None = None, runs: int = RUNS) -> tuple[float, float, int]:
    results = [_run(cmd, env) for _ in range(runs)]
    return (statistics.median(r[0] for r in results), min(r[1] for r in results), max(r[2] for r in results))


def _cli() -> list[str]:
    return [sys.executable, "-m", "tui"]


def _env() -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("FORCE_COLOR", None)
    return env


def bench_log(path: str, label: str) -> dict:
    size = os.path.getsize(path)
    subprocess.run(["cat", path], stdout=subprocess.DEVNULL, check=True)  # warm the page cache for everyone
    rows = {}
    rows["bare interpreter (python -c pass)"] = _best([sys.executable, "-c", "pass"])
    greps = _grep_patterns()
    for name, pattern in greps.items():
        rows[name] = _best(["grep", "-c", "-E", pattern, path])
    from tui.scan.parallel import default_jobs
    scans = {f"claude-triage scan --format json ({default_jobs()} jobs)": [],
             "claude-triage scan --format json --jobs 1": ["--jobs", "1"]}
    for name, extra in scans.items():
        rows[name] = _best([*_cli(), "scan", path, "--format", "json", *extra], _env())
    print(f"\n## {label}: {size / 1e6:,.0f} MB\n")
    print(f"{'command':<48} {'wall s':>8} {'CPU s':>8} {'peak RSS MB':>12}")
    for name, (wall, cpu, rss) in rows.items():
        print(f"{name:<48} {wall:>8.2f} {cpu:>8.2f} {rss:>12}")
    for scan_name in scans:
        scan = rows[scan_name]
        print(f"\n{scan_name}: {size / 1e6 / scan[0]:.0f} MB/s wall, {size / 1e6 / scan[1]:.0f} MB/s CPU")
        for name in greps:
            g = rows[name]
            print(f"  / {name}: wall {scan[0] / g[0]:.1f}×, CPU {scan[1] / g[1]:.1f}×")
    return rows


FORMS = ("Python traceback", "JSON-lines record", "Claude Code line", "curl -v exchange", "SSE error event",
         "Node error dump")


def bench_parts() -> None:
    """The Python work per event, by form and by step (µs, best of 5 × 20,000 calls)."""
    import random
    import timeit

    from scanlog import Failures

    from tui.scan import signature, split, stamps
    from tui.scan.groups import Group
    failures = Failures(random.Random(1), 30)
    group = Group(signature.Signature(status=429), None, "")

    def us(fn) -> float:
        return min(timeit.repeat(fn, number=20_000, repeat=5)) / 20_000 * 1e6

    print("\n## per event, by form (µs)\n")
    print(f"{'form':<20} {'extent':>7} {'ids etc.':>9} {'shape':>6} {'time':>5} {'group':>6}")
    for form, name in enumerate(FORMS):
        text = ("2026-12-06T02:14:11.000Z INFO  app ok\n" + failures.event(100.0, form)
                + "2026-12-06T02:14:13.000Z INFO  app ok\n").encode()
        first = split.trigger_lines(text)[0]
        s, e = split.event_span(text, first, 0)
        event = text[s:e]
        tokens = signature.Tokens(event)
        print(f"{name:<20} {us(lambda: split.event_span(text, first, 0)):>7.1f} "
              f"{us(lambda: signature.Tokens(event)):>9.1f} {us(lambda: signature.shape(event, tokens)):>6.1f} "
              f"{us(lambda: stamps.parse(event)):>5.1f} "
              f"{us(lambda: group.add(7, 1.8e9, tokens.request_ids, tokens.models)):>6.1f}")


def bench_events(tmp: str) -> None:
    """Failure events a second when every entry is a failure from ≤ 50 signatures (in-process,
    one process, the knowledge base already loaded; `time.process_time` so other processes on
    the machine do not count)."""
    import knowledge

    from tui.scan import Scanner, scan_files
    kb = knowledge.load()
    print("\n## failure events a second (every entry a failure)\n")
    for sigs in (8, 30, 50):
        path = os.path.join(tmp, f"dense{sigs}.log")
        written = write_log(path, 20_000_000, signatures=sigs, failure_rate=1.0, seed=sigs)
        best = None
        for _ in range(RUNS):
            sc = Scanner(kb)
            t0, c0 = time.perf_counter(), time.process_time()
            scan_files([path], sc)
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            best = min(best or (wall, cpu), (wall, cpu), key=lambda x: x[1])
        print(f"{sigs:>3} signatures: {sc.events:,} events ({written:,} written) in {len(sc.groups)} groups, "
              f"{len(sc.diagnoses)} diagnoses, {len(sc.shapes)} shapes read: "
              f"{sc.events / best[1]:,.0f} events/s CPU, {sc.events / best[0]:,.0f} events/s wall")
        os.remove(path)


def _lines_by_find(block: bytes, triggers: list[bytes]) -> list[int]:
    """Line starts of the lines holding a trigger, one `bytes.find` pass per trigger."""
    found = set()
    for t in triggers:
        i = block.find(t)
        while i >= 0:
            found.add(block.rfind(b"\n", 0, i) + 1)
            nl = block.find(b"\n", i)
            if nl < 0:
                break
            i = block.find(t, nl)
    return sorted(found)


def bench_prefilter(path: str) -> None:
    """The prefilter alone over the log already in memory, blocks of 1 MiB (CPU time)."""
    from tui.scan import split
    blocks = []
    with open(path, "rb") as fh:
        while data := fh.read(1 << 20):
            blocks.append(data)

    def timed(fn) -> float:
        best = None
        for _ in range(RUNS):
            c = time.process_time()
            for b in blocks:
                fn(b)
            best = min(best or 1e9, time.process_time() - c)
        return best

    triggers = list(split.TRIGGERS)
    print(f"\n## the trigger search alone ({len(triggers)} strings and the late one; CPU s over the whole log)\n")
    results = {"count newlines only (floor)": timed(lambda b: b.count(b"\n")),
               "scan's: ahocorasick-rs + bytes.find for the late one": timed(split.trigger_lines),
               "ahocorasick-rs, matches only": timed(split._MATCHER.find_matches_as_indexes),
               "bytes.find per trigger (the fallback)": timed(lambda b: _lines_by_find(b, triggers)),
               "bytes.find, 'rror' and 'xception' only": timed(lambda b: _lines_by_find(b, triggers[:2]))}
    alternation = re.compile(b"|".join(re.escape(t) for t in triggers))
    results["Python re alternation"] = timed(lambda b: sum(1 for _ in alternation.finditer(b)))
    try:
        import re2
        r2 = re2.compile(b"|".join(re.escape(t) for t in triggers))
        results["google-re2"] = timed(lambda b: sum(1 for _ in r2.finditer(b)))
    except ImportError:
        results["google-re2"] = None
    for name, s in results.items():
        print(f"{name:<44} {'not installed' if s is None else f'{s:.3f} s'}")


def main() -> None:
    tmp = tempfile.mkdtemp(prefix="bench-scan-")
    try:
        path = os.path.join(tmp, "app.log")
        t = time.perf_counter()
        events = write_log(path, SIZE_MB * 1_000_000)
        print(f"generated {SIZE_MB} MB with {events:,} failure events (1 % of entries, 30 signatures, "
              f"6 forms) in {time.perf_counter() - t:.0f} s; {os.cpu_count()} CPUs, "
              f"load average {os.getloadavg()[0]:.1f}")
        bench_log(path, "generated log")
        bench_prefilter(path)
        os.remove(path)
        bench_parts()
        bench_events(tmp)
        if os.environ.get("BENCH_SCAN_2GB"):
            big = os.path.join(tmp, "big.log")
            write_log(big, 2_000_000_000)
            bench_log(big, "generated log, 2 GB")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
