"""The knowledge-base cache (knowledge/loader.py) trusts nothing it finds on disk (issue 12).

Each test runs a fresh interpreter with its own XDG_CACHE_HOME, as a CLI call would, and checks
that a damaged, foreign or planted cache file is ignored and rebuilt, that nothing in it is run,
and that an unwritable cache folder only costs speed.
"""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

LOAD = ("import knowledge; kb = knowledge.load(); "
        "print(len(kb.causes), len(kb.causes[0].examples), kb.cause_by_id['auth.invalid-key'].title)")


def _run(cache_home: Path) -> str:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", LOAD], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    return proc.stdout


def _cache_files(cache_home: Path) -> list[Path]:
    return sorted((cache_home / "claude-triage").glob("kb-*.marshal*"))


@pytest.fixture()
def warm(tmp_path):
    """A cache folder holding a good cache, and what loading the knowledge base prints."""
    expected = _run(tmp_path)
    files = _cache_files(tmp_path)
    assert len(files) == 2, files  # the data and the example pastes
    assert _run(tmp_path) == expected  # read back from the cache
    return tmp_path, expected, files


def _damage(files, how):
    for f in files:
        data = f.read_bytes()
        f.write_bytes(how(data))


@pytest.mark.parametrize("how", [
    lambda d: d[: len(d) // 2],                                     # truncated
    lambda d: d[:-100] + bytes(b ^ 0xFF for b in d[-100:]),         # corrupted tail
    lambda d: b"",                                                  # empty
    lambda d: marshal.dumps({"causes/x.toml": {"cause": []}}),      # marshal, not ours (no header)
    lambda d: b"\x80\x04\x95" + os.urandom(200),                    # a pickle-looking blob
    lambda d: os.urandom(len(d)),                                   # noise
], ids=["truncated", "corrupted", "empty", "foreign-marshal", "pickle-like", "noise"])
def test_a_damaged_or_foreign_cache_is_ignored_and_rebuilt(warm, how):
    home, expected, files = warm
    _damage(files, how)
    assert _run(home) == expected
    from knowledge import loader
    assert all(f.read_bytes().startswith(loader.MAGIC) for f in files)  # rewritten whole


def test_nothing_in_the_cache_is_ever_run(warm, tmp_path_factory):
    """A cache file carrying code objects, with a valid header and digest (as if forged by someone
    who read the source): the code is never called, the file is rejected by its shape, and the
    knowledge base is rebuilt from the TOML."""
    from knowledge import loader
    home, expected, files = warm
    marker = tmp_path_factory.mktemp("marker") / "ran"
    code = compile(f"open({str(marker)!r}, 'w').write('ran')", "<planted>", "exec")
    core = marshal.loads(files[0].read_bytes()[len(loader.MAGIC) + loader._DIGEST:])
    planted = {**core, "evil": code, "models.toml": {**core["models.toml"], "model": [code]}}
    payload = marshal.dumps(planted)
    files[0].write_bytes(loader.MAGIC + loader._digest(payload) + payload)
    examples = {"auth.invalid-key": [code]}
    payload = marshal.dumps(examples)
    files[1].write_bytes(loader.MAGIC + loader._digest(payload) + payload)
    assert _run(home) == expected
    assert not marker.exists()


def test_a_cache_others_can_write_is_not_read(warm):
    home, expected, files = warm
    os.chmod(files[0], 0o666)
    assert _run(home) == expected
    assert files[0].stat().st_mode & 0o022 == 0  # not read: rebuilt in its place, writable by its owner only


def test_an_unwritable_cache_folder_still_works(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    first = _run(blocker)
    assert first == _run(blocker) and first.split()[0].isdigit()
    assert blocker.read_text() == "a file where the cache folder would go"
