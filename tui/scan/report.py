"""A scan's results as the JSON contract (version 1), a terminal table (a Doc) and Markdown.

Pure functions of a Scanner's state; every string passes through redaction (Doc.clean for the
text, redact() for Markdown and the JSON writer's redact_obj).
"""

from __future__ import annotations

from ..redact import redact
from ..render.doc import Doc
from ..render.report import md_inline, percent
from . import stamps
from .groups import Group

JSON_VERSION = 1
SPARK = " ▁▂▃▄▅▆▇█"
SPARK_WIDTH = 16


def to_dict(scanner, top: int | None = None) -> dict:
    groups = scanner.sorted_groups()
    return {
        "version": JSON_VERSION,
        "scanned": {"files": list(scanner.files), "bytes": scanner.bytes, "lines": scanner.lines,
                    "events": scanner.events, "seconds": round(scanner.seconds, 3)},
        "groups": [g.to_dict() for g in groups[:top]],
        "unrecognised": scanner.unrecognised,
        "ungrouped": scanner.ungrouped,
    }


def time_range(groups: list[Group]) -> tuple[float, float] | None:
    firsts = [g.first for g in groups if g.first is not None]
    lasts = [g.last for g in groups if g.last is not None]
    return (min(firsts), max(lasts)) if firsts else None


def sparkline(group: Group, span: tuple[float, float] | None, width: int = SPARK_WIDTH) -> str:
    """Events per time bucket over the whole scan's time range, scaled to the group's busiest bucket."""
    if span is None or group.first is None:
        return ""
    start, end = span
    counts = group.counts(start, max(end - start, 1.0) / width, width)
    peak = max(counts) or 1
    return "".join(SPARK[0 if c == 0 else 1 + (c * (len(SPARK) - 2)) // peak] for c in counts)


def histogram(groups: list[Group], width: int = 60, height: int = 4) -> list[str]:
    """All events per time bucket as `height` rows of block characters (top row first); [] when no
    event has a time."""
    span = time_range(groups)
    if span is None:
        return []
    start, end = span
    bucket = max(end - start, 1.0) / width
    totals = [0] * width
    for g in groups:
        for i, c in enumerate(g.counts(start, bucket, width)):
            totals[i] += c
    peak = max(totals) or 1
    levels = len(SPARK) - 1  # eighths of a row
    rows = []
    for row in range(height - 1, -1, -1):
        line = []
        for c in totals:
            filled = c * height * levels / peak - row * levels
            line.append(SPARK[max(0, min(levels, round(filled)))] if c else " ")
        rows.append("".join(line))
    return rows


def headline(g: Group) -> str:
    s = g.signature
    parts = ["stream" if s.status == 200 else str(s.status)] if s.status is not None else []
    if s.error_type:
        parts.append(s.error_type)
    if s.error_code:
        parts.append(f"[{s.error_code}]")
    return " ".join(parts) or (s.message or "no status")[:40]


def when(t: float | None, short: bool = False) -> str:
    """A time for a table cell: without its year when `short` (the scan lies within one year)."""
    text = stamps.iso(t)
    if text is None:
        return "—"
    return text[5:10] + " " + text[11:19] if short else text


def one_year(groups: list[Group]) -> bool:
    span = time_range(groups)
    return span is None or stamps.iso(span[0])[:4] == stamps.iso(span[1])[:4]


def _fit(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text.ljust(width) if len(text) <= width else text[:width - 1] + "…"


def summary(scanner) -> str:
    n = len(scanner.groups)
    size = f"{scanner.bytes / 1e6:,.1f} MB" if scanner.bytes >= 100_000 else f"{scanner.bytes / 1e3:,.1f} kB"
    return (f"{size}, {scanner.lines:,} lines, {scanner.events:,} failure event{'s' * (scanner.events != 1)} "
            f"in {n:,} group{'s' * (n != 1)}" + (f", {scanner.unrecognised:,} unrecognised" if scanner.unrecognised
                                                 else "")
            + (f", {scanner.ungrouped:,} past the {n:,}th group" if scanner.ungrouped else "")
            + f" ({scanner.seconds:.1f} s)")


def table_lines(groups: list[Group], width: int = 100) -> tuple[str, list[str]]:
    """The header and one row per group: count, status/type, cause, first/last seen (UTC), sparkline."""
    span = time_range(groups)
    spark = SPARK_WIDTH if span else 0
    short = one_year(groups)
    tw = 14 if short else 20
    fixed = 7 + 2 + 26 + 2 + 2 + tw + 2 + tw + (2 + spark if spark else 0)
    cause_w = max(16, width - 1 - fixed)
    head = (f"{'COUNT':>7}  {'STATUS / TYPE':<26}  {'CAUSE':<{cause_w}}  {'FIRST (UTC)':<{tw}}  "
            f"{'LAST (UTC)':<{tw}}")
    rows = []
    for g in groups:
        cause = g.cause.id if g.cause else "(no known cause)"
        row = (f"{g.count:>7,}  {_fit(headline(g), 26)}  {_fit(cause, cause_w)}  "
               f"{when(g.first, short):<{tw}}  {when(g.last, short):<{tw}}")
        if spark:
            row += "  " + sparkline(g, span)
        rows.append(row)
    if spark:
        head += "  " + "TREND".ljust(spark)
    return head, rows


DETAIL = len("    message  ")  # a group's detail lines wrap under their text, not under their label


def scan_doc(scanner, top: int | None = 20, width: int = 100, details: bool = True) -> Doc:
    """The summary line, the table, and (with `details`) each group's message, fix, retry advice,
    lines, models and request ids. Without details it is what `--follow` redraws in a terminal."""
    groups = scanner.sorted_groups()
    shown = groups[:top]
    doc = Doc()
    files = ", ".join(_label(f) for f in scanner.files)
    doc.line(("claude-triage scan", "accent"), "  ", (files, "title"), ("   " + summary(scanner), "dim"))
    doc.blank()
    if not groups:
        doc.line(("No Claude API failure found.", "warn"))
        return doc
    head, rows = table_lines(shown, width)
    doc.line((head, "heading"))
    for row in rows:
        doc.line(row)
    if len(groups) > len(shown):
        doc.line((f"  … {len(groups) - len(shown)} more group(s); --top N shows more", "dim"))
    doc.blank()
    for rank, g in enumerate(shown if details else [], 1):
        top_cause = g.cause
        if top_cause:
            doc.line(f"{rank:>2}. ", (top_cause.cause.title, "title"), "  ", (top_cause.id, "id"),
                     (f"  {percent(top_cause.confidence)}%", "dim"), (f"  ×{g.count:,}", "accent"), hang=4)
        else:
            doc.line(f"{rank:>2}. ", ("No known cause", "warn"), (f"  ×{g.count:,}", "accent"))
        d = g.to_dict()
        if g.signature.message:
            doc.line(("    message  ", "dim"), _fit(g.signature.message, 200).rstrip(), hang=DETAIL)
        if d["fix"]:
            doc.line(("    fix      ", "ok"), d["fix"], hang=DETAIL)
        r = g.diagnosis.retry
        verdict = {True: ("yes", "ok"), False: ("no", "err"), None: ("unknown", "warn")}[r.retryable]
        doc.line(("    retry    ", "dim"), verdict, ("  " + r.reason, "dim"), hang=DETAIL)
        meta = [("    lines    ", "dim"), ", ".join(map(str, g.lines))]
        if g.sources:
            meta += [("   from ", "dim"), ", ".join(g.sources)]
        doc.line(*meta, hang=DETAIL)
        if g.models:
            doc.line(("    models   ", "dim"), (", ".join(g.models), "code"), hang=DETAIL)
        if g.request_ids:
            doc.line(("    requests ", "dim"), (", ".join(g.request_ids), "id"), hang=DETAIL)
        doc.blank()
    return doc


def markdown(scanner, top: int | None = 20) -> str:
    """An incident note: the summary, the table, then each group with its fix and one example."""
    groups = scanner.sorted_groups()
    shown = groups[:top]
    files = ", ".join(f"`{md_inline(_label(f))}`" for f in scanner.files)
    out = ["## Claude API failures", "", f"Scanned {files}: {md_inline(summary(scanner))}.", ""]
    if not groups:
        out += ["No Claude API failure found.", ""]
        return redact("\n".join(out))
    out += ["| Count | Status / type | Cause | First seen | Last seen |", "|---:|---|---|---|---|"]
    for g in shown:
        cause = f"{md_inline(g.cause.cause.title)} (`{g.cause.id}`)" if g.cause else "no known cause"
        out.append(f"| {g.count:,} | {_cell(headline(g))} | {_cell(cause)} | {stamps.iso(g.first) or '—'} "
                   f"| {stamps.iso(g.last) or '—'} |")
    if len(groups) > len(shown):
        out += ["", f"_{len(groups) - len(shown)} more group(s) not shown._"]
    for rank, g in enumerate(shown, 1):
        d = g.to_dict()
        title = g.cause.cause.title if g.cause else "No known cause"
        out += ["", f"### {rank}. {md_inline(title)} — {g.count:,} event{'s' * (g.count != 1)}", ""]
        if g.signature.message:
            out.append(f"- **Message:** {md_inline(g.signature.message)}")
        if d["fix"]:
            out.append(f"- **Fix:** {md_inline(d['fix'])}")
        r = d["retry"]
        out.append(f"- **Retry:** {({True: 'yes', False: 'no', None: 'unknown'})[r['retryable']]}. "
                   f"{md_inline(r['reason'])}")
        if d["request_ids"]:
            out.append("- **Request ids:** " + ", ".join(f"`{md_inline(i)}`" for i in d["request_ids"]))
        if d["models"]:
            out.append("- **Models:** " + ", ".join(f"`{md_inline(m)}`" for m in d["models"]))
        out.append("- **Lines:** " + ", ".join(map(str, d["lines"])))
        fence = "`" * max(3, _longest_backticks(d["example"]) + 1)
        out += ["", f"{fence}text", d["example"], fence]
    out += ["", "_Generated by claude-triage scan; keys and tokens are redacted._", ""]
    return redact("\n".join(out))


def _label(name: str) -> str:
    return "standard input" if name == "-" else name


def _cell(s: str) -> str:
    return md_inline(s).replace("|", "\\|")


def _longest_backticks(text: str) -> int:
    longest = run = 0
    for ch in text:
        run = run + 1 if ch == "`" else 0
        longest = max(longest, run)
    return longest


def event_line(group: Group, where: int | str, t: float | None) -> str:
    """One appended line per event for `--follow` into a pipe."""
    cause = group.cause.id if group.cause else "-"
    return f"{stamps.iso(t) or '-'}\t{where}\t{headline(group)}\t{cause}\t{group.count}"
