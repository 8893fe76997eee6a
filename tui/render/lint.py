"""Lint results → Doc (terminal), JSON; the rule catalogue → Doc, JSON, Markdown (the README table)."""

from __future__ import annotations

from knowledge import KnowledgeBase

from .doc import Doc

JSON_VERSION = 1
_STYLE = {"error": "err", "warning": "warn", "info": "dim"}
_KIND = {"json": "JSON body", "curl": "curl command", "python": "Python call", "paste": "request in a paste"}


def result_doc(result, fail_on: str, where: str | None = None) -> Doc:
    """`where` names the input when it has no file name (default: stdin)."""
    doc = Doc()
    where = result.filename or where or "stdin"
    about = _KIND.get(result.source.kind, result.source.kind)
    if result.source.endpoint == "count_tokens":
        about += ", count_tokens"
    head = [("claude-triage lint", "accent"), "  ", (where, "title"), (f"   {about}", "dim")]
    if result.model:
        head += [("   model ", "dim"), (result.model, "code")]
    doc.line(*head).blank()
    if not result.findings:
        doc.line(("No findings", "ok"), ": nothing in this request is known to fail.")
    for f in result.findings:
        doc.line("  ", (f"{f.severity:<8}", _STYLE[f.severity]), (f.rule, "id"), "  ", (f.name, "title"), "  ",
                 (f.path or "(request)", "code"))
        doc.line("           ", f.message)
        doc.line(("           fix  ", "ok"), f.fix)
        doc.line(("           docs ", "dim"), (f.docs_url, "link"))
        doc.blank()
    c = result.counts
    doc.line((f"{c['error']} error(s), {c['warning']} warning(s), {c['info']} info", "heading"),
             (f"   exit status counts findings at or above: {fail_on}", "dim"))
    return doc


def result_dict(result, fail_on: str, failed: bool) -> dict:
    return {
        "version": JSON_VERSION,
        "input": {"file": result.filename, "kind": result.source.kind, "endpoint": result.source.endpoint,
                  "model": result.model, "url": result.source.url},
        "findings": [f.to_dict() for f in result.findings],
        "counts": dict(result.counts),
        "fail_on": fail_on,
        "failed": failed,
    }


def rules_dict(kb: KnowledgeBase) -> list[dict]:
    return [{"id": r.id, "name": r.name, "severity": r.severity, "summary": r.summary, "fix": r.fix,
             "docs_url": r.docs_url, "causes": list(r.causes), "params": dict(r.params)}
            for r in _rules(kb)]


def rules_doc(kb: KnowledgeBase) -> Doc:
    doc = Doc()
    for r in _rules(kb):
        doc.line((r.id, "id"), "  ", (f"{r.severity:<8}", _STYLE[r.severity]), (r.name, "title"))
        doc.line("         ", (r.summary, "dim"))
    return doc


def rules_markdown(kb: KnowledgeBase) -> str:
    """The README's rule table. Generated from lint_rules.toml; a test keeps the README in step."""
    out = ["| Rule | Name | Severity | What it catches | Explains |", "|---|---|---|---|---|"]
    for r in _rules(kb):
        explains = ", ".join(f"`{c}`" for c in r.causes) or "—"
        out.append(f"| `{r.id}` | `{r.name}` | {r.severity} | {_cell(r.summary)} | {explains} |")
    return "\n".join(out) + "\n"


def _rules(kb: KnowledgeBase) -> list:
    return sorted(kb.lint_rules.values(), key=lambda r: r.id)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|").replace("<", "&lt;")
