"""tui.scan.parallel: a file scanned by several processes gives exactly what one pass gives —
the same groups, counts, line numbers, times, request ids and examples — and falls back to one
pass when a child fails."""

from __future__ import annotations

import gzip
import os
import random

import pytest

import knowledge
from tests.helpers import ROOT
from tui.scan import Scanner, Unreadable, parallel, report, scan_files, split
from tui.scan.source import open_input

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="parallel scanning forks (POSIX)")

FIXTURES = ROOT / "tests" / "fixtures" / "scan"
KB = knowledge.load()


def _write_log(path, seed: int, pieces: int = 120) -> str:
    """The real-form fixtures, shuffled and repeated among ordinary lines."""
    rng = random.Random(seed)
    texts = [p.read_text() for p in sorted(FIXTURES.iterdir()) if p.name != "expected.toml"]
    out = []
    for i in range(pieces):
        out.extend(f"2026-12-06T03:{i % 60:02d}:{rng.randrange(60):02d}Z INFO app ok {rng.randrange(10**6)}\n"
                   for _ in range(rng.randrange(1, 40)))
        text = rng.choice(texts)
        out.append(text if text.endswith("\n") else text + "\n")
    path.write_text("".join(out))
    return str(path)


def _ranges(path: str, jobs: int) -> list[tuple[int, int]]:
    with open(path, "rb") as fh:
        return parallel.ranges(fh.fileno(), os.path.getsize(path), jobs)


def _result(sc: Scanner) -> dict:
    d = report.to_dict(sc)
    d["scanned"].pop("seconds")
    return d


@pytest.fixture
def split_small_files(monkeypatch):
    """Split files of any size, and record whether each file was scanned in parallel."""
    monkeypatch.setattr(parallel, "MIN_BYTES", 0)
    used = []
    real = parallel.scan_file

    def recording(*args, **kwargs):
        used.append(real(*args, **kwargs))
        return used[-1]

    monkeypatch.setattr(parallel, "scan_file", recording)
    return used


@pytest.mark.parametrize("jobs", [2, 3, 7])
@pytest.mark.parametrize("seed", [1, 2])
def test_several_processes_give_what_one_pass_gives(tmp_path, split_small_files, jobs, seed):
    path = _write_log(tmp_path / "app.log", seed)
    one = _result(scan_files([path], Scanner(KB)))
    many = _result(scan_files([path], Scanner(KB), jobs=jobs))
    assert split_small_files == [True]
    assert len(_ranges(path, jobs)) == jobs
    assert one["groups"] and one["scanned"]["events"] > 100
    assert many == one


def test_several_files_keep_their_labels(tmp_path, split_small_files):
    paths = [_write_log(tmp_path / "a.log", 3, 40), _write_log(tmp_path / "b.log", 4, 40)]
    one = _result(scan_files(paths, Scanner(KB)))
    many = _result(scan_files(paths, Scanner(KB), jobs=3))
    assert split_small_files == [True, True]
    assert many == one
    assert all(str(line).rsplit(":", 1)[0] in paths for g in one["groups"] for line in g["lines"])


def test_ranges_start_where_no_event_can_span(tmp_path):
    path = _write_log(tmp_path / "app.log", 5)
    data = open(path, "rb").read()
    parts = _ranges(path, 6)
    assert [lo for lo, _ in parts[1:]] == [hi for _, hi in parts[:-1]] and parts[-1][1] == len(data)
    for lo, _ in parts[1:]:
        before = data[data.rfind(b"\n", 0, lo - 1) + 1:lo - 1]
        at = data[lo:data.find(b"\n", lo)]
        assert split._cut_here(before, at), (before, at)


def test_a_file_with_no_place_to_cut_is_scanned_in_one_pass(tmp_path, split_small_files):
    # One endless traceback: every line indented, so no range may start inside it.
    path = tmp_path / "one.log"
    path.write_text("Traceback (most recent call last):\n" + '  File "x.py", line 1, in f\n' * 20000 +
                    "anthropic.RateLimitError: Error code: 429 - {'type': 'error', 'error': "
                    "{'type': 'rate_limit_error', 'message': 'slow down'}}\n")
    assert _ranges(str(path), 4) == [(0, path.stat().st_size)]
    sc = scan_files([str(path)], Scanner(KB), jobs=4)
    assert split_small_files == [False] and sc.events == 1 and sc.lines == 20002


def test_a_failing_child_makes_the_parent_scan_the_rest(tmp_path, split_small_files, monkeypatch):
    path = _write_log(tmp_path / "app.log", 6)
    one = _result(scan_files([path], Scanner(KB)))

    def broken(*args):
        raise RuntimeError("a bug in a child")

    monkeypatch.setattr(parallel, "_scan_range", broken)
    assert _result(scan_files([path], Scanner(KB), jobs=3)) == one
    assert split_small_files == [True]


def test_an_unreadable_range_is_reported_not_scanned_twice(tmp_path, split_small_files, monkeypatch):
    path = _write_log(tmp_path / "app.log", 7)

    def unreadable(*args):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(parallel, "_scan_range", unreadable)
    with pytest.raises(Unreadable, match="Input/output error"):
        scan_files([path], Scanner(KB), jobs=2)


def test_progress_reaches_the_file_size(tmp_path, split_small_files):
    path = _write_log(tmp_path / "app.log", 8)
    seen = []
    scan_files([path], Scanner(KB), progress=lambda name, pos, size: seen.append((pos, size)), jobs=3)
    assert seen and seen[-1] == (os.path.getsize(path), os.path.getsize(path))
    assert [pos for pos, _ in seen] == sorted(pos for pos, _ in seen)


def test_only_large_plain_files_are_split(tmp_path):
    plain = tmp_path / "big.log"
    plain.write_bytes(b"x\n" * (parallel.MIN_BYTES // 2 + 1))
    packed = tmp_path / "big.log.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes(), compresslevel=1))
    small = tmp_path / "small.log"
    small.write_bytes(b"x\n" * 10)
    for name, jobs, want in ((plain, 2, True), (plain, 1, False), (packed, 2, False), (small, 2, False)):
        inp = open_input(str(name))
        try:
            assert parallel.can_split(inp, jobs) is want, name
        finally:
            inp.close()
    assert 1 <= parallel.default_jobs() <= parallel.MAX_JOBS


def test_a_file_rotated_during_the_scan_is_read_whole_from_the_copy_opened(tmp_path, split_small_files, monkeypatch):
    # logrotate renames the log and starts a new one while the children are being started: they
    # read the file the parent opened, not whatever is at the path now.
    path = _write_log(tmp_path / "app.log", 9)
    one = _result(scan_files([path], Scanner(KB)))
    real = parallel.ranges

    def rotating(fd, size, jobs):
        os.rename(path, path + ".1")
        with open(path, "w") as fh:
            fh.write("2026-12-06T00:00:00Z INFO a new, empty log\n" * 10)
        return real(fd, size, jobs)

    monkeypatch.setattr(parallel, "ranges", rotating)
    assert _result(scan_files([path], Scanner(KB), jobs=3)) == one
    assert split_small_files == [True]
