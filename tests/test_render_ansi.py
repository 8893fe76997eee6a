"""The CLI's terminal renderer (tui/render/ansi.py) against Rich, which it replaces for speed.

Rich stays a dependency (the app draws with it), so the reference is at hand: for the same Doc
and width, both must print the same rows in the same styles. Two harmless differences are
normalised away: Rich pads a wrapped row with the spaces it broke at, and emits an empty styled
span as a bare pair of codes.
"""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console

import knowledge
from tui.engine import diagnose
from tui.render.ansi import cells, to_ansi
from tui.engine.lookup import resolve
from tui.render.catalogue import catalogue_doc, entry_doc
from tui.render.doc import Doc, to_rich
from tui.render.report import diagnosis_doc

from tests.helpers import run_cli

SGR = re.compile(r"\x1b\[[0-9;]*m")


def rich_rows(doc: Doc, width: int) -> str:
    out = io.StringIO()
    Console(file=out, width=width, force_terminal=True, color_system="standard", highlight=False,
            markup=False, emoji=False, soft_wrap=False).print(to_rich(doc))
    return out.getvalue()


def normalised(text: str) -> list[str]:
    rows = [re.sub(r" +(\x1b\[0m)?$", r"\1", row).rstrip() for row in text.split("\n")]
    return [re.sub(r"\x1b\[[0-9;]+m\x1b\[0m", "", row) for row in rows]  # an empty styled span


def docs() -> list[tuple[str, Doc]]:
    kb = knowledge.load()
    out = []
    for cause_id in ("auth.dual-credentials", "model.sampling-params-removed", "net.tls-intercepted",
                     "stream.overloaded-mid-stream"):
        if cause_id in kb.cause_by_id:
            ex = kb.cause_by_id[cause_id].examples[0]
            out.append((cause_id, diagnosis_doc(diagnose(ex.paste, env=ex.env), verbose=True)))
    out.append(("explain 429", entry_doc(resolve(kb, "429"), kb)))
    out.append(("catalogue", catalogue_doc(kb)))
    wide = Doc().line(("错误：请求过多，请稍后再试。" * 4, "err")).line("x" * 150).line(
        ("a " * 50, "dim"), ("tail", "id")).line("\tindented", " ", ("[bold]not markup[/]", "code"))
    out.append(("wide, long, markup", wide))
    return out


@pytest.mark.parametrize("width", [24, 40, 80, 132])
def test_rows_and_styles_match_rich(width):
    for name, doc in docs():
        assert normalised(to_ansi(doc, width)) == normalised(rich_rows(doc, width)), (name, width)


def test_no_row_is_wider_than_the_terminal():
    for name, doc in docs():
        for row in to_ansi(doc, 30).splitlines():
            assert cells(SGR.sub("", row)) <= 30, (name, row)


def test_only_style_codes_reach_the_terminal():
    doc = Doc().line("bad \x1b[31mred\x1b[0m \x1b]52;c;aGVsbG8=\x07 \x9b2J end", ("[@click=app.quit]x", "err"))
    out = to_ansi(doc, 80)
    assert "\x1b" not in SGR.sub("", out) and "\x07" not in out and "\x9b" not in out
    assert "[@click=app.quit]x" in out


def test_terminal_output_of_the_cli_is_styled_and_wrapped():
    proc = run_cli("diagnose", "--example", "auth.dual-credentials", env={"FORCE_COLOR": "1", "COLUMNS": "50"})
    out = proc.stdout.decode()
    assert proc.returncode == 0 and "\x1b[1;36mclaude-triage\x1b[0m" in out
    assert all(cells(SGR.sub("", row)) <= 50 for row in out.splitlines())
