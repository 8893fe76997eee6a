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

from tests.helpers import hanging_rows, indent, run_cli

SGR = re.compile(r"\x1b\[[0-9;]*m")


def unhung(doc: Doc) -> Doc:
    """The same lines without hanging indents: Rich has none, so the comparison is on the rest."""
    flat = Doc()
    for line in doc.lines:
        flat.line(*line)
    return flat


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
        doc = unhung(doc)
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


# A paste whose message is long: the header's message line and the evidence quoting it wrap.
LONG_MESSAGE = ('{"type":"error","error":{"type":"invalid_request_error","message":"messages.3.content.1: '
                'unexpected `tool_use_id` found in `tool_result` blocks: toolu_01AbCdEfGhIjKlMnOpQrStUv, '
                'toolu_01ZyXwVuTsRqPoNmLkJiHgFe. Each `tool_result` block must have a corresponding '
                '`tool_use` block in the previous message, and every tool_use id must appear exactly once '
                'in the conversation history that is sent with this request."}}')
CAUSE_PASTES = [("--example", "request.tool-use-without-result"), ("--example", "rate.input-tokens-per-minute"),
                ("-",)]


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("args", CAUSE_PASTES, ids=["tool_result 400", "429", "long message"])
def test_wrapped_lines_keep_their_hanging_indent(width, args):
    """Styled output: every wrapped row of a result continues under the text of its own line
    (a fix step under its step, a bullet under its bullet), never at the margin; piped output is
    the same lines unwrapped."""
    stdin = LONG_MESSAGE if args == ("-",) else None
    plain = run_cli("diagnose", "--verbose", *args, stdin=stdin).stdout.decode()
    styled = run_cli("diagnose", "--verbose", *args, stdin=stdin,
                     env={"FORCE_COLOR": "1", "COLUMNS": str(width)}).stdout.decode()
    assert "\x1b[" not in plain and "Likely causes" in plain
    rows = [SGR.sub("", row) for row in styled.splitlines()]
    assert all(cells(row) <= width for row in rows)
    continued = hanging_rows(plain.splitlines(), rows)
    causes = plain.split("Likely causes")[1].split("\nRetry:")[0]
    in_causes = [(row, hang) for row, hang in continued if "".join(row.split()) in "".join(causes.split())]
    assert len(in_causes) >= (8 if width == 80 else 3), "these pastes wrap inside their cause blocks"
    for row, hang in continued:
        assert hang >= 2 and indent(row) == hang, (row, hang)


def test_a_long_url_under_a_hang_is_cut_after_slashes():
    url = "https://platform.claude.com/docs/en/agents-and-tools/tool-use/implement-tool-use"
    doc = Doc().line(("       docs ", "dim"), (url, "link"), hang=12)
    rows = [SGR.sub("", row) for row in to_ansi(doc, 60).splitlines()]
    assert rows[0].startswith("       docs https://") and all(cells(r) <= 60 for r in rows)
    assert all(r.startswith(" " * 12) and r[12] != " " for r in rows[1:])
    assert all(r.endswith("/") for r in rows[:-1]) and "".join(r.strip() for r in rows) == "docs " + url
