"""An error code is the API naming the cause: let it decide.

`error.details.error_code` is the API's own, stable name for what went wrong (the SDKs raise a
class per code). Causes in knowledge/data/causes/ that recognise a code keep their hand-written
fix; every other code of knowledge/data/error_codes.toml becomes a cause of its own here, built
from that table's meaning and fix. Either way the code's cause leads the ranking, and the
`details` the API sent with the code (limits, paths, URLs, names) are shown as its evidence.
"""

from __future__ import annotations

import json

from knowledge import KnowledgeBase
from knowledge.model import Cause, ErrorCode, Recogniser

from ..observation import Observation
from .score import CauseMatch

CODE_CONFIDENCE = 0.95  # the API's own word; a specific message recogniser may still say more
CAUSE_PREFIX = "code."
_ACRONYMS = {"api": "API", "cmek": "CMEK", "gcp": "GCP", "rbac": "RBAC", "id": "ID", "url": "URL",
             "mcp": "MCP", "pdf": "PDF", "sso": "SSO", "ip": "IP", "oauth": "OAuth"}


def title_of(code: str) -> str:
    """`organization_on_hold` → "Organization on hold" (acronyms kept upper-case)."""
    words = [_ACRONYMS.get(w, w) for w in code.split("_")]
    first = words[0] if words[0] in _ACRONYMS.values() else words[0].capitalize()
    return " ".join([first, *words[1:]])


def causes_by_code(kb: KnowledgeBase) -> dict[str, tuple[str, ...]]:
    """Each error code a hand-written cause recognises → the ids of those causes."""
    def build() -> dict[str, tuple[str, ...]]:
        table: dict[str, list[str]] = {}
        for c in kb.causes:
            for r in c.matches:
                if r.kind == "error_code" and not r.exclude:
                    for v in r.values():
                        table.setdefault(str(v), []).append(c.id)
        return {code: tuple(ids) for code, ids in table.items()}
    return kb.derived("causes-by-code", build)


def covered_codes(kb: KnowledgeBase) -> frozenset[str]:
    """Codes that a hand-written cause recognises."""
    return frozenset(causes_by_code(kb))


def code_cause(kb: KnowledgeBase, entry: ErrorCode) -> Cause:
    """The cause an error-code table entry stands for (built once per code)."""
    def build() -> Cause:
        etype = next((t.key for t in kb.error_types.values() if t.status == entry.status), "api_error")
        return Cause(
            id=CAUSE_PREFIX + entry.code, error_type=etype,
            title=f"{title_of(entry.code)} ({entry.code})", summary=entry.meaning, fix=(entry.fix,),
            retryable=entry.retryable, docs_url="https://platform.claude.com/docs/en/api/errors",
            matches=(Recogniser(kind="error_code", value=entry.code, weight=CODE_CONFIDENCE),),
            examples=(), sources=(f"the SDKs' error-code table ({entry.sdk_class})",),
            file="error_codes.toml")
    return kb.derived(("code-cause", entry.code), build)


def lookup(kb: KnowledgeBase, obs: Observation) -> ErrorCode | None:
    if not obs.error_code:
        return None
    return kb.error_codes.get((obs.status, obs.error_code)) or kb.codes_by_name.get(obs.error_code)


def details_evidence(details: dict | None) -> str:
    """`error.details` beside the code, as one evidence line: "max_side_length_pixels: 8000, …"."""
    if not details:
        return ""
    parts = []
    for key, value in details.items():
        if key == "error_code" or value in (None, "", [], {}):
            continue
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        parts.append(f"{key}: {shown if len(shown) <= 120 else shown[:119] + '…'}")
    return "error.details " + "; ".join(parts) if parts else ""


def code_leads(matches: list[CauseMatch], obs: Observation, kb: KnowledgeBase) -> list[CauseMatch]:
    """Add the table's cause for an uncovered code, and put the code's cause(s) first."""
    entry = lookup(kb, obs)
    if entry is None:
        return matches
    evidence = f"error.details.error_code is {entry.code} (the SDKs raise {entry.sdk_class})"
    extra = details_evidence(obs.details)
    if entry.code not in covered_codes(kb):
        cause = code_cause(kb, entry)
        matches = [*matches, CauseMatch(cause, CODE_CONFIDENCE, tuple(e for e in (evidence, extra) if e))]
    ids = {*causes_by_code(kb).get(entry.code, ()), CAUSE_PREFIX + entry.code}
    coded = [m for m in matches if m.id in ids]
    others = [m for m in matches if m.id not in ids]
    best_other = max((m.confidence for m in others), default=0.0)
    lead = min(0.99, max(CODE_CONFIDENCE, best_other + 0.01))
    steps = details_fix(obs.details, obs.request)
    raised = [m.but(max(m.confidence, lead), _with(m.evidence, extra), (*steps, *m.own_fix)) for m in coded]
    return raised + others


def details_fix(details: dict | None, request: dict | None) -> tuple[str, ...]:
    """Fix steps that only this paste's `details` can give: where in the request the API points
    (named by what is there, when the paste holds the request), the limit it names, a URL to
    follow (an appeal, a console page)."""
    if not details:
        return ()
    steps = []
    paths = details.get("paths") or ([details["path"]] if isinstance(details.get("path"), str) else [])
    if isinstance(paths, list) and paths:
        where = ", ".join(_described(str(p), request) for p in paths[:5])
        steps.append(f"The API points at {where} (error.details.paths).")
    limits = [f"{k} = {v}" for k, v in details.items()
              if isinstance(v, int | float) and not isinstance(v, bool) and k != "error_code"]
    if limits:
        steps.append(f"The limit the API applied: {', '.join(limits[:4])} (error.details).")
    for key, value in details.items():
        if isinstance(value, str) and value.startswith(("https://", "http://")):
            steps.append(f"Follow error.details.{key}: {value}")
    return tuple(steps)


def _described(path: str, request: dict | None) -> str:
    """`messages.0.content.1` → "messages[0].content[1] (your `image` block)"."""
    parts = [p for p in path.replace("[", ".").replace("]", "").split(".") if p]
    shown = "".join(f"[{p}]" if p.isdigit() else (f".{p}" if i else p) for i, p in enumerate(parts))
    node: object = request
    for p in parts:
        if isinstance(node, list) and p.isdigit() and int(p) < len(node):
            node = node[int(p)]
        elif isinstance(node, dict) and p in node:
            node = node[p]
        else:
            return shown
    kind = node.get("type") if isinstance(node, dict) else None
    return f"{shown} (your `{kind}` block)" if isinstance(kind, str) else shown


def _with(evidence: tuple[str, ...], extra: str) -> tuple[str, ...]:
    return evidence if not extra or extra in evidence else (*evidence, extra)
