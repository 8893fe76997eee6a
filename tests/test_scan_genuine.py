"""`scan` finds the genuine client text of tests/fixtures/genuine in a log, with the cause
`diagnose` gives it: each text is put between ordinary log lines (with the API's host where the
loopback fake's was) and scanned. The forms no trigger can see are listed, so that a new miss
fails here and so does a gap that closes (then move it out of the list)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

import knowledge
from tui import diagnose
from tui.scan import Scanner, scan_bytes

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "genuine"))
from compare import FixtureSet, stored_sets  # noqa: E402

ROOT = HERE / "fixtures" / "genuine"
KB = knowledge.load()
TEXTS = [(f"{client}/{p.name}/{case}.{form}", text)
         for client in ("python-anthropic", "ts-sdk", "claude-code") for p in stored_sets(ROOT, client)
         for (case, form), text in sorted(FixtureSet.load(p).texts.items())]
# What scan does not find (docs/scan.md, "What it does not see"): an HTML error page printed
# alone (anthropic before 2.15): nothing in it names the API.
NOT_FOUND = {f"python-anthropic/{v}/502-html.{f}" for v in ("0.40.0", "2.14.0") for f in ("str", "repr", "fstring")}


def _as_logged(text: str) -> bytes:
    text = re.sub(r"127\.0\.0\.1:\d+", "api.anthropic.com:443", text)
    text = re.sub(r"http://127\.0\.0\.1", "https://api.anthropic.com", text)
    return ("2026-12-07T01:00:00Z INFO worker started\n2026-12-07T01:00:01Z ERROR call failed\n"
            + text.rstrip("\n") + "\n2026-12-07T01:00:02Z INFO next job\n").encode()


@pytest.mark.parametrize("name,text", TEXTS, ids=[n for n, _ in TEXTS])
def test_scan_finds_genuine_text_with_its_cause(name, text):
    d = diagnose(text, env={})
    if not d.causes:
        pytest.skip("diagnose itself finds no cause")
    sc = scan_bytes(_as_logged(text), scanner=Scanner(KB))
    causes = {g.cause.id for g in sc.groups.values() if g.cause}
    found = d.causes[0].id in causes
    assert found is (name not in NOT_FOUND), (d.causes[0].id, causes, sc.events)


def test_the_list_of_misses_names_real_fixtures():
    assert NOT_FOUND <= {n for n, _ in TEXTS}
