"""`explain` entries and the whole catalogue → Doc, Markdown (for the app's detail pane) and JSON."""

from __future__ import annotations

from knowledge import KnowledgeBase
from knowledge.model import Cause, ErrorCode

from ..engine.lookup import Entry
from .doc import Doc


def cause_dict(c: Cause) -> dict:
    return {"id": c.id, "error_type": c.error_type, "title": c.title, "summary": c.summary,
            "fix": list(c.fix), "retryable": c.retryable, "docs_url": c.docs_url,
            "sources": list(c.sources), "examples": [e.paste for e in c.examples],
            "recognisers": [{r.kind: r.value, "weight": r.weight, **({"required": True} if r.required else {}),
                             **({"exclude": True} if r.exclude else {})} for r in c.matches]}


def code_dict(e: ErrorCode) -> dict:
    return {"status": e.status, "error_code": e.code, "sdk_class": e.sdk_class, "parent": e.parent,
            "area": e.area, "meaning": e.meaning, "fix": e.fix, "retryable": e.retryable,
            "sdk_classes": dict(e.classes), "details": dict(e.details)}


def entry_dict(entry: Entry) -> dict:
    out: dict = {"kind": entry.kind, "key": entry.key,
                 "error_types": [vars(t) for t in entry.error_types],
                 "causes": [cause_dict(c) for c in entry.causes],
                 "error_codes": [code_dict(e) for e in entry.codes],
                 "exception_classes": entry.classes}
    if entry.rule:
        r = entry.rule
        out["rule"] = {"id": r.id, "name": r.name, "severity": r.severity, "summary": r.summary,
                       "fix": r.fix, "docs_url": r.docs_url, "example_bad": r.example_bad,
                       "example_good": r.example_good}
    if entry.model:
        m = entry.model
        out["model"] = {"id": m.id, "name": m.name, "aliases": list(m.aliases), "lifecycle": m.lifecycle,
                        "retires": m.retires, "context_window": m.context_window,
                        "max_output_tokens": m.max_output_tokens, "rules": sorted(m.rules), "note": m.note}
    return out


def explain_dict(key: str, entry: Entry | None, suggestions: list[str]) -> dict:
    """`explain --format json`: the entry, or that nothing is known by `key` and the near keys."""
    if entry is None:
        return {"version": 1, "key": key, "found": False, "suggestions": suggestions}
    return {"version": 1, "found": True, **entry_dict(entry)}


def entry_doc(entry: Entry, kb: KnowledgeBase) -> Doc:
    doc = Doc()
    for t in entry.error_types:
        status = f"{t.status} " if t.status else ""
        doc.line((f"{status}{t.key}", "accent"), "  ", (t.title, "title"))
        doc.line("  ", t.summary, hang=2)
        doc.line(("  SDK retries it: ", "dim"), ("yes" if t.retryable else "no", "ok" if t.retryable else "err"),
                 ("   docs ", "dim"), (t.docs_url, "link"))
        doc.blank()
    if entry.classes:
        doc.line(("Exception classes", "heading"))
        for lang, cls in entry.classes.items():
            doc.line(f"  {lang:<11}", (cls, "code"))
        doc.blank()
    if entry.rule:
        r = entry.rule
        doc.line((r.id, "accent"), "  ", (r.name, "title"), ("  " + r.severity, "warn"))
        doc.line("  ", r.summary).line(("  fix ", "ok"), r.fix).line(("  docs ", "dim"), (r.docs_url, "link"))
        if r.example_bad:
            doc.line(("  violates: ", "dim"), (r.example_bad, "code"))
        if r.example_good:
            doc.line(("  passes:   ", "dim"), (r.example_good, "code"))
        doc.blank()
    if entry.model:
        m = entry.model
        doc.line((m.id, "accent"), "  ", (m.name, "title"), ("  " + m.lifecycle, "warn" if m.lifecycle != "active" else "ok"))
        for label, value in (("aliases", ", ".join(m.aliases)), ("retires", m.retires),
                             ("context window", m.context_window), ("max output tokens", m.max_output_tokens),
                             ("rules", ", ".join(sorted(m.rules))), ("note", m.note)):
            if value:
                doc.line((f"  {label:<18}", "dim"), str(value))
        doc.blank()
    if entry.causes:
        single = entry.kind == "cause"
        if not single:
            doc.line((f"Causes ({len(entry.causes)})", "heading"))
        for c in entry.causes:
            doc.extend(cause_doc(c, full=single))
    if entry.codes:
        doc.line((f"Error codes ({len(entry.codes)})", "heading"))
        for e in entry.codes:
            doc.line("  ", (f"{e.status} {e.code}", "id"), "  ", (e.sdk_class, "code"),
                     ("  retryable" if e.retryable else "", "ok"))
            doc.line("      ", e.meaning, hang=6)
            doc.line(("      fix ", "ok"), e.fix, hang=10)
            for key, meaning in e.details.items():
                doc.line(("      details.", "ok"), (key, "code"), "  ", meaning, hang=14)
    return doc


def cause_doc(c: Cause, full: bool) -> Doc:
    doc = Doc()
    doc.line("  ", (c.id, "id"), "  ", (c.title, "title"), ("  retryable" if c.retryable else "", "ok"), hang=4)
    if not full:
        return doc
    doc.line("    ", c.summary, hang=4)
    for i, step in enumerate(c.fix, 1):
        doc.line(("    fix " if i == 1 else "        ", "ok"), (f"{i}. ", "ok"), step, hang=8 + len(f"{i}. "))
    doc.line(("    docs ", "dim"), (c.docs_url, "link"), hang=9)
    if c.sources:
        doc.line(("    seen in ", "dim"), (", ".join(c.sources), "dim"), hang=12)
    doc.line(("    example paste:", "dim"))
    for line in c.examples[0].paste.strip("\n").splitlines()[:25]:
        doc.line("      ", (line, "code"))
    doc.blank()
    return doc


def catalogue_doc(kb: KnowledgeBase) -> Doc:
    """The whole knowledge base as a tree: error type (by status) → causes; then the code table."""
    doc = Doc()
    types = sorted(kb.error_types.values(), key=lambda t: (t.status is None, t.status or 0, t.key))
    for t in types:
        causes = [c for c in kb.causes if c.error_type == t.key]
        doc.line((f"{t.status or '—':>3} ", "accent"), (t.key, "accent"), "  ", (t.title, "title"),
                 (f"  ({len(causes)} causes)", "dim"))
        for c in causes:
            doc.line("      ", (c.id, "id"), "  ", c.title)
    doc.blank()
    doc.line((f"SDK error codes ({len(kb.error_codes)})", "heading"))
    for e in sorted(kb.error_codes.values(), key=lambda e: (e.status, e.code)):
        doc.line(f"  {e.status} ", (e.code, "id"), "  ", (e.meaning, "dim"))
    doc.blank()
    doc.line((f"Models ({len(kb.models)})", "heading"))
    for m in kb.models:
        doc.line("  ", (m.id, "code"), f"  {m.lifecycle}", (f"  retires {m.retires}" if m.retires else "", "dim"))
    return doc


def catalogue_dict(kb: KnowledgeBase) -> dict:
    return {
        "version": 1,
        "error_types": [vars(t) for t in kb.error_types.values()],
        "causes": [cause_dict(c) for c in kb.causes],
        "error_codes": [code_dict(e) for e in kb.error_codes.values()],
        "models": [entry_dict(Entry("model", m.id, model=m))["model"] for m in kb.models],
        "lint_rules": [{"id": r.id, "name": r.name, "severity": r.severity, "summary": r.summary}
                       for r in kb.lint_rules.values()],
        "sdks": {lang: {"classes": s.classes, "catch_order": list(s.catch_order)} for lang, s in kb.sdks.items()},
    }


def search_dict(kb: KnowledgeBase, query: str, limit: int) -> dict:
    """Catalogue entries holding every word of `query` (the app's Catalogue search), each with its
    `explain` key and a one-line summary, in catalogue order."""
    from .catalogue_md import matches, outline, walk

    seen, results = set(), []
    for node, _ in walk(outline(kb)):
        if node.kind == "folder" or (node.kind, node.key) in seen or not matches(node, query):
            continue
        seen.add((node.kind, node.key))
        title, summary = _title_summary(kb, node.kind, node.key)
        results.append({"kind": node.kind, "key": node.key, "title": title, "summary": _one_line(summary)})
    # Entries named by the query (in their title, then in key and title) before those that only mention it.
    words = query.lower().split()
    results.sort(key=lambda r: (not all(w in r["title"].lower() for w in words),
                                not all(w in f"{r['key']} {r['title']}".lower() for w in words)))
    return {"version": 1, "query": query, "total": len(results), "results": results[:limit]}


def search_doc(found: dict) -> Doc:
    """search_dict's result as lines: kind, key, title and summary (and the page, when a row has one)."""
    doc = Doc()
    shown, total = len(found["results"]), found["total"]
    doc.line((f"{total} entries match {found['query']!r}" + (f"; the first {shown}:" if total > shown else ":"),
              "heading"))
    for r in found["results"]:
        doc.line("- ", (f"{r['kind']} ", "dim"), (r["key"], "id"), ": ", (r["title"], "title"), ". ", r["summary"],
                 (f" ({r['uri']})" if r.get("uri") else "", "link"))
    return doc


def _one_line(text: str, limit: int = 200) -> str:
    """The first sentence of `text`, at most `limit` characters."""
    text = " ".join(text.split())
    end = text.find(". ")
    text = text[:end + 1] if end > 0 else text
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _title_summary(kb: KnowledgeBase, kind: str, key: str) -> tuple[str, str]:
    if kind == "cause":
        c = kb.cause_by_id[key]
        return c.title, c.summary
    if kind == "error_type":
        t = kb.error_types[key]
        return t.title, t.summary
    if kind == "status":
        types = [t for t in kb.error_types.values() if str(t.status) == key]
        return f"HTTP {key}", "; ".join(f"{t.key}: {t.title}" for t in types) or "SDK error codes only"
    if kind == "error_code":
        e = kb.codes_by_name[key]
        return f"{e.status} {e.sdk_class}", e.meaning
    if kind == "model":
        m = kb.model_by_id[key]
        return m.name, m.lifecycle + (f", retires {m.retires}" if m.retires else "")
    r = kb.lint_rules[key]
    return r.name, r.summary
