"""Diagnosis → Doc (terminal text) and → Markdown (a redacted report for a support ticket)."""

from __future__ import annotations

import re

from ..engine import CauseMatch, Diagnosis
from ..redact import redact
from .doc import Doc, visible

_QUOTE = re.compile(r"“[^”]*”|`[^`]*`")  # how the engine's evidence sentences quote the paste


def percent(confidence: float) -> int:
    """Confidence as a whole percent, never 100: evidence makes a cause likely, not certain."""
    return min(99, round(confidence * 100))


def _pct(confidence: float) -> str:
    return f"{percent(confidence):>3d}%"


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


def head_doc(d: Diagnosis) -> Doc:
    """What was read (status, message, request id, model, notes) and the heading of the causes."""
    o = d.observation
    doc = Doc()
    doc.line(("claude-triage", "accent"), "  ", (headline(d), "title"), ("   " + detected(d), "dim"), hang=15)
    if o.message:
        doc.line(("message     ", "dim"), _short(o.message, 400), hang=12)
    meta = [("request id  ", "dim"), (o.request_id or "—", "id")]
    if o.model:
        meta += [("   model ", "dim"), (o.model, "code")]
    doc.line(*meta, hang=12)
    for note in o.notes:
        doc.line(("note        ", "warn"), note, hang=12)
    doc.blank()
    if not d.causes:
        doc.line(("No known cause matched.", "warn"))
        if o.kind in ("unknown", "empty"):
            doc.line("This does not look like a Claude API error or request. Paste the full error output "
                     "(status line, body, traceback) or the request body.")
    else:
        doc.line(("Likely causes", "heading"))
    return doc


def cause_row(rank: int, m: CauseMatch) -> list[tuple[str, str]]:
    """A cause's title row: rank, confidence, title, id."""
    style = "err" if rank == 1 else "title"
    return [(f"{rank:>2}. ", ""), (_pct(m.confidence), style), ("  ", ""), (m.cause.title, style), ("  ", ""),
            (m.cause.id, "id")]


CAUSE_ROW_HANG = 10  # "NN. 100%  ": a wrapped title continues under the title's first word


def likelihood(confidence: float) -> str:
    """What a confidence means, in a word: the CLI folds causes under 0.3 as "less likely"."""
    return "likely" if confidence >= 0.7 else "possible" if confidence >= 0.3 else "weak"


def block_row(rank: int, m: CauseMatch) -> tuple[list[tuple[str, str]], int]:
    """A cause's title row for the app (rank, a five-cell bar, percent and its meaning, title, id)
    and the column a wrapped title continues at."""
    filled = round(m.confidence * 5)
    style = "err" if rank == 1 else "title"
    lead = [(f"{rank:>2} ", style), ("▰" * filled, "ok" if m.confidence >= 0.7 else "warn"), ("▱" * (5 - filled), "dim"),
            (f" {percent(m.confidence):>3}% ", ""), (f"{likelihood(m.confidence):<8} ", "dim")]
    return [*lead, (m.cause.title, style), ("  ", ""), (m.cause.id, "id")], sum(len(t) for t, _ in lead)


def quoted(text: str, style: str = "") -> list[tuple[str, str]]:
    """A sentence of evidence as spans, what it quotes from the paste (“…” or `…`) set apart as code."""
    spans, pos = [], 0
    for m in _QUOTE.finditer(text):
        if m.start() > pos:
            spans.append((text[pos:m.start()], style))
        spans.append((m.group(), "code"))
        pos = m.end()
    if pos < len(text):
        spans.append((text[pos:], style))
    return spans


def cause_body(m: CauseMatch, full: bool, indent: int = 7) -> Doc:
    """Under a cause's title row: summary, evidence bullets, numbered fix steps and the docs link
    (only the evidence unless `full`). Every line hangs under its own text, `indent` columns in."""
    pad = " " * indent
    doc = Doc()
    if full:
        doc.line(pad, (m.cause.summary, ""), hang=indent)
    for ev in m.evidence:
        doc.line((pad + "• ", "dim"), *quoted(ev, "dim"), hang=indent + 2)
    if full:
        _fix(doc, m, indent)
    return doc


def _fix(doc: Doc, m: CauseMatch, indent: int = 7) -> None:
    """A match's fix steps (this paste's own first, see CauseMatch.fix) and its docs link."""
    pad = " " * indent
    for i, step in enumerate(m.fix, 1):
        lead = (pad + "fix ", "ok") if i == 1 else pad + "    "
        doc.line(lead, (f"{i}. ", "ok"), step, hang=indent + 4 + len(f"{i}. "))
    doc.line((pad + "docs ", "dim"), (m.cause.docs_url, "link"), hang=indent + 5)


def tail_doc(d: Diagnosis) -> Doc:
    """After the causes: the model name suggestions, the request's lint findings, the retry advice."""
    doc = Doc()
    _did_you_mean(doc, d)
    if d.findings:
        doc.line(("Request findings", "heading"))
        for f in d.findings:
            doc.line(f"  {f.severity:<7} ", (f.rule, "id"), "  ", (f.path or "(request)", "code"), "  ", f.message,
                     hang=10)
        doc.blank()
    _retry(doc, d)
    return doc


def _did_you_mean(doc: Doc, d: Diagnosis) -> None:
    if d.suggestions.get("model"):
        doc.line(("Did you mean ", "warn"), (", ".join(d.suggestions["model"]), "code"), ("?", "warn"), hang=13)


def _retry(doc: Doc, d: Diagnosis) -> None:
    r = d.retry
    verdict = {True: ("yes", "ok"), False: ("no", "err"), None: ("unknown", "warn")}[r.retryable]
    wait = f", after {r.after_s:g} s" if r.after_s is not None else ""
    doc.line(("Retry: ", "heading"), (verdict[0] + wait, verdict[1]), "  ", (r.reason, "dim"), hang=7)


def diagnosis_doc(d: Diagnosis, verbose: bool = False, more: str = "--verbose shows them") -> Doc:
    """The full report; `more` says where the causes left out (below 30%, unless verbose) are."""
    doc = head_doc(d)
    for rank, m in enumerate(d.causes, 1):
        if rank > 1 and not verbose and m.confidence < 0.3:
            doc.line(("  … ", "dim"), (f"{len(d.causes) - rank + 1} less likely cause(s); {more}", "dim"), hang=4)
            break
        doc.line(*cause_row(rank, m), hang=CAUSE_ROW_HANG)
        doc.extend(cause_body(m, full=rank == 1 or verbose))
        doc.blank()
    return doc.extend(tail_doc(d))


def brief_doc(d: Diagnosis, limit: int = 3) -> Doc:
    """The diagnosis under a traceback (tui.hook) or a log record: the exception and its message
    are already on screen, so only the likely causes, the top one's fix, and retry advice."""
    doc = Doc()
    doc.line(("claude-triage", "accent"), "  ", (headline(d), "title"), ("   " + detected(d), "dim"), hang=15)
    if not d.causes:
        doc.line(("No known cause matched.", "warn"))
    shown = [m for rank, m in enumerate(d.causes[:limit], 1) if rank == 1 or m.confidence >= 0.3]
    for rank, m in enumerate(shown, 1):
        doc.line(*cause_row(rank, m), hang=CAUSE_ROW_HANG)
        if rank == 1:
            _fix(doc, m)
    _did_you_mean(doc, d)
    _retry(doc, d)
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
        out.append(f"{rank}. **{c.title}** (`{c.id}`, confidence {percent(m.confidence)}%)")
        out += [f"   - evidence: {md_literal(ev)}" for ev in m.evidence]
        if rank == 1:
            out += [f"   - fix {i}: {md_inline(step)}" for i, step in enumerate(m.fix, 1)]
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
