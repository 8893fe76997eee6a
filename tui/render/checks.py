"""Check results (offline checks and live probes) and shrink reports → Doc for the terminal."""

from __future__ import annotations

from .doc import Doc

MARK = {"pass": ("✔ pass", "ok"), "warn": ("▲ warn", "warn"), "fail": ("✘ fail", "err"),
        "skip": ("· skip", "dim"), "info": ("i info", "dim"), "running": ("… run ", "dim"),
        "cancelled": ("■ stop", "warn")}


def results_doc(results: list, heading: str) -> Doc:
    """Any objects with id, title, status, detail and cause_id (CheckResult, ProbeResult)."""
    doc = Doc().line((heading, "heading"))
    for r in results:
        label, style = MARK.get(r.status, (r.status, ""))
        took = getattr(r, "elapsed_ms", 0.0)
        doc.line("  ", (label, style), "  ", (r.title, "title"), (f"  {took:.0f} ms" if took else "", "dim"))
        if r.detail:
            doc.line("          ", r.detail)
        if r.cause_id and r.status in ("fail", "warn"):
            doc.line(("          see ", "dim"), (f"claude-triage explain {r.cause_id}", "code"))
        rows = (getattr(r, "data", None) or {}).get("rate_limits")
        if rows:
            doc.extend(rate_table(rows))
    return doc


def rate_table(rows: list[dict]) -> Doc:
    doc = Doc().line(("          " + f"{'limit':<22}{'limit':>12}{'remaining':>12}  resets in", "dim"))
    for row in rows:
        reset = row.get("reset_in_s")
        when = f"{reset:.0f} s" if isinstance(reset, int | float) else row.get("reset", "—")
        doc.line("          ", (f"{row['name']:<22}", "code"), f"{row.get('limit', '—'):>12}",
                 (f"{row.get('remaining', '—'):>12}", "err" if row.get("remaining") == "0" else ""), f"  {when}")
    return doc


def step_line(step, index: int) -> Doc:
    style = {"same failure": "warn", "passes": "ok", "different failure": "dim", "no answer": "err"}.get(step.verdict, "")
    return Doc().line(f"  {index:>2}. ", (f"{step.verdict:<18}", style), (step.label, "code"),
                      (f"  HTTP {step.status}" if step.status else "", "dim"))


def shrink_doc(report) -> Doc:
    doc = Doc()
    if not report.reproduced:
        return doc.line(("Not shrunk: ", "warn"), report.stopped or "the request did not fail with a 400",
                        (f"  (original: {report.original})" if report.original else "", "dim"))
    doc.line(("Original failure  ", "heading"), report.original)
    if report.culprit:
        doc.line(("Culprit           ", "heading"), (report.culprit, "err"),
                 "  — the request passes once this is removed")
    else:
        doc.line(("Culprit           ", "heading"), ("not isolated", "warn"),
                 "  — no single removal made it pass within the budget")
    doc.line(("Requests sent     ", "heading"), f"{report.sent} of a budget of {report.budget}",
             (f"  (stopped: {report.stopped})" if report.stopped else "", "dim"))
    return doc
