"""docs/lint-rules.md is generated from the knowledge base, never kept by hand: the text between
its `<!-- rules:begin -->` and `<!-- rules:end -->` markers must equal
`claude-triage lint --list-rules --format markdown`."""

from pathlib import Path

from tests.test_lint_rules import lint_cli

RULES_PAGE = Path(__file__).resolve().parent.parent / "docs" / "lint-rules.md"
BEGIN, END = "<!-- rules:begin -->", "<!-- rules:end -->"


def test_rule_table_matches_the_knowledge_base():
    text = RULES_PAGE.read_text(encoding="utf-8")
    assert BEGIN in text and END in text, f"{RULES_PAGE} lost its table markers"
    embedded = text.split(BEGIN, 1)[1].split(END, 1)[0].strip()
    code, generated = lint_cli("--list-rules", "--format", "markdown")
    assert code == 0
    assert embedded == generated.strip(), (
        "docs/lint-rules.md's rule table is out of date: paste the output of "
        "`claude-triage lint --list-rules --format markdown` between the markers")
