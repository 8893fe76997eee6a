"""The README's rule table is generated from the knowledge base, never kept by hand: the text between
its `<!-- rules:begin -->` and `<!-- rules:end -->` markers must equal
`claude-triage lint --list-rules --format markdown`."""

from pathlib import Path

import pytest

from tests.test_lint_rules import lint_cli

README = Path(__file__).resolve().parent.parent / "README.md"
BEGIN, END = "<!-- rules:begin -->", "<!-- rules:end -->"


def test_readme_rule_table_matches_the_knowledge_base():
    text = README.read_text(encoding="utf-8") if README.exists() else ""
    if BEGIN not in text or END not in text:
        pytest.skip("README.md has no rules table markers yet")
    embedded = text.split(BEGIN, 1)[1].split(END, 1)[0].strip()
    code, generated = lint_cli("--list-rules", "--format", "markdown")
    assert code == 0
    assert embedded == generated.strip(), (
        "README.md's rule table is out of date: paste the output of "
        "`claude-triage lint --list-rules --format markdown` between the markers")
