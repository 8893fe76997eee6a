"""Diagnosis → Doc (terminal text) and → Markdown (a redacted report for a support ticket)."""

from __future__ import annotations

from ..engine import Diagnosis
from ..redact import redact
from .doc import Doc, visible


def _pct(confidence: float) -> str:
    return f"{round(confidence * 100):>3d}%"


def headline(d: Diagnosis) -> str:
    o = d.observation
    parts = []
    if o.status is not None:
        parts.append(str(o.status) + (" (stream)" if o.mid_stream else ""))
    if o.error_type:
        parts.append(o.error_type)
    if o.error_code:
        parts.append(f"[{o.error_code}]")
    if not parts:  # no status or error type: say what the paste is, not "unrecognised" when a cause matched
        parts.append(o.exception or ("request body" if o.kind == "request" else
                                     "error, no HTTP status" if d.causes else "unrecognised paste"))
    return " ".join(parts)


def detected(d: Diagnosis) -> str:
    """What the reader recognised: SDK / tool / wrapper, exception class."""
    o = d.observation
    bits = [o.source] + [f"via {w}" for w in o.wrappers]
    if o.exception:
        bits.append(f"exception {o.exception}")
    return ", ".join(bits)


def diagnosis_doc(d: Diagnosis, verbose: bool = False) -> Doc:
    o = d.observation
    doc = Doc()
    doc.line(("claude-triage", "accent"), "  ", (headline(d), "title"), ("   " + detected(d), "dim"))
    if o.message:
        doc.line(("message     ", "dim"), _short(o.message, 400))
    meta = [("request id  ", "dim"), (o.request_id or "—", "id")]
    if o.model:
        meta += [("   model ", "dim"), (o.model, "code")]
    doc.line(*meta)
    for note in o.notes:
        doc.line(("note        ", "warn"), note)
    doc.blank()
    if not d.causes:
        doc.line(("No known cause matched.", "warn"))
        if o.kind in ("unknown", "empty"):
            doc.line("This does not look like a Claude API error or request. Paste the full error output "
                     "(status line, body, traceback) or the request body.")
    else:
        doc.line(("Likely causes", "heading"))
    for rank, m in enumerate(d.causes, 1):
        if rank > 1 and not verbose and m.confidence < 0.3:
            doc.line(("  … ", "dim"), (f"{len(d.causes) - rank + 1} less likely cause(s); --verbose shows them",
                                       "dim"))
            break
        c = m.cause
        style = "err" if rank == 1 else "title"
        doc.line(f"{rank:>2}. ", (_pct(m.confidence), style), "  ", (c.title, style), "  ", (c.id, "id"))
        if rank == 1 or verbose:
            doc.line("       ", (c.summary, ""))
        for ev in m.evidence:
            doc.line(("       • ", "dim"), (ev, "dim"))
        if rank == 1 or verbose:
            for i, step in enumerate(c.fix, 1):
                doc.line(("       fix ", "ok") if i == 1 else "           ", (f"{i}. ", "ok"), step)
            doc.line(("       docs ", "dim"), (c.docs_url, "link"))
        doc.blank()
    if d.suggestions.get("model"):
        doc.line(("Did you mean ", "warn"), (", ".join(d.suggestions["model"]), "code"), ("?", "warn"))
    if d.findings:
        doc.line(("Request findings", "heading"))
        for f in d.findings:
            doc.line(f"  {f.severity:<7} ", (f.rule, "id"), "  ", (f.path or "(request)", "code"), "  ", f.message)
        doc.blank()
    r = d.retry
    verdict = {True: ("yes", "ok"), False: ("no", "err"), None: ("unknown", "warn")}[r.retryable]
    wait = f", after {r.after_s:g} s" if r.after_s is not None else ""
    doc.line(("Retry: ", "heading"), (verdict[0] + wait, verdict[1]), "  ", (r.reason, "dim"))
    return doc


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def markdown(d: Diagnosis) -> str:
    """A redacted Markdown report fit for a support ticket or an issue."""
    o = d.observation
    out = [f"## Claude API error: {md_literal(headline(d))}", ""]
    rows = [("Request ID", o.request_id or "not found in the paste"), ("Status", o.status),
            ("Error type", o.error_type), ("Error code", o.error_code), ("Model", o.model),
            ("Came from", detected(d)), ("Mid-stream", "yes" if o.mid_stream else None)]
    out += ["| | |", "|---|---|"]
    out += [f"| {k} | {md_literal(str(v))} |" for k, v in rows if v not in (None, "")]
    if o.message:
        out += ["", "**Message**", "", "```text", visible(o.message[:4000]).replace("```", "ˋˋˋ"), "```"]
    out += ["", "### Likely causes", ""]
    if not d.causes:
        out.append("No known cause matched.")
    for rank, m in enumerate(d.causes, 1):
        c = m.cause
        out.append(f"{rank}. **{c.title}** (`{c.id}`, confidence {round(m.confidence * 100)}%)")
        out += [f"   - evidence: {md_literal(ev)}" for ev in m.evidence]
        if rank == 1:
            out += [f"   - fix {i}: {md_inline(step)}" for i, step in enumerate(c.fix, 1)]
            out.append(f"   - docs: {c.docs_url}")
    if d.findings:
        out += ["", "### Request findings", ""]
        out += [f"- `{f.rule}` {f.severity} at {md_literal(f.path or '(request)')}: {md_literal(f.message)}"
                for f in d.findings]
    r = d.retry
    verdict = {True: "yes", False: "no", None: "unknown"}[r.retryable]
    wait = f" (after {r.after_s:g} s)" if r.after_s is not None else ""
    out += ["", f"**Retry:** {verdict}{wait}. {md_literal(r.reason)}", "",
            "_Generated by claude-triage; keys and tokens are redacted._", ""]
    return redact("\n".join(out))


def md_literal(s: str) -> str:
    """Text from a paste as a Markdown code span: inside one nothing renders, so a paste cannot
    put a link, an autolinked URL or address, an image or an HTML tag into the report. (`|` is
    escaped for the table cells; GitHub reads `\\|` inside a code span in a table as `|`.)"""
    s = visible(" ".join(s.split())).replace("|", "\\|")
    if not s:
        return ""
    fence = "`" * (max(_runs(s), default=0) + 1)
    pad = " " if s.startswith("`") or s.endswith("`") else ""
    return f"{fence}{pad}{s}{pad}{fence}"


def _runs(s: str) -> list[int]:
    """Lengths of the runs of backticks in s."""
    out, n = [], 0
    for c in s + " ":
        if c == "`":
            n += 1
        elif n:
            out.append(n)
            n = 0
    return out


def md_inline(s: str) -> str:
    # A paste must not inject links, images or HTML into the report.
    return " ".join(s.split()).replace("<", "&lt;").replace(">", "&gt;").replace("[", "\\[").replace("]", "\\]")
