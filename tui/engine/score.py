"""Score causes: evaluate each recogniser against the evidence, combine the weights that matched.

Confidence = 1 − Π(1 − weight) over matched recognisers (a noisy-or: independent pieces of evidence
add up, none alone exceeds its own weight). `required` recognisers gate a cause in, `exclude`
recognisers gate it out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from knowledge import KnowledgeBase
from knowledge.model import Cause, Model, Recogniser

from ..observation import Observation
from .checks import CHECKS


@dataclass
class Context:
    obs: Observation
    kb: KnowledgeBase
    env: dict[str, tuple[bool, str]]
    model: Model | None
    findings: list = field(default_factory=list)  # linter findings (objects with .rule, .message, .path)

    def __post_init__(self) -> None:
        self._haystacks: dict[str, tuple[str, str]] = {}

    def haystack(self, kind: str) -> tuple[str, str]:
        """(text, lower-cased text) a `message` or `text` recogniser searches, computed once."""
        if kind not in self._haystacks:
            text = (self.obs.message or self.obs.text) if kind == "message" else self.obs.text
            self._haystacks[kind] = (text, text.lower())
        return self._haystacks[kind]


@dataclass(frozen=True)
class CauseMatch:
    cause: Cause
    confidence: float
    evidence: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.cause.id

    def to_dict(self) -> dict:
        c = self.cause
        return {"id": c.id, "title": c.title, "confidence": round(self.confidence, 3),
                "evidence": list(self.evidence), "fix": list(c.fix), "docs_url": c.docs_url,
                "retryable": c.retryable, "error_type": c.error_type, "summary": c.summary}


def _snippet(s: str, limit: int = 90) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def evaluate(r: Recogniser, ctx: Context) -> tuple[bool, str]:
    """Does one recogniser match? Returns (matched, evidence sentence)."""
    obs, kind = ctx.obs, r.kind
    if kind == "status":
        return obs.status in r.values(), f"HTTP status {obs.status}" + (" (inferred from error.type)"
                                                                        if obs.status_inferred else "")
    if kind == "error_type":
        return obs.error_type in r.values(), f"error.type is {obs.error_type}"
    if kind == "error_code":
        return obs.error_code in r.values(), f"error.details.error_code is {obs.error_code}"
    if kind in ("message", "text"):
        hay, lower = ctx.haystack(kind)
        if not hay or (r.literals and not any(lit in lower for lit in r.literals)):
            return False, ""
        m = r.regex.search(hay)
        where = "the error message" if kind == "message" and obs.message else "the paste"
        return bool(m), f"{where} says “{_snippet(m.group(0))}”" if m else ""
    if kind == "header":
        name = str(r.value).lower()
        if name not in obs.headers:
            return False, ""
        value = obs.headers[name]
        ok = r.header_value is None or bool(r.regex.search(value))
        return ok, f"response header {name}: {_snippet(value, 60)}"
    if kind == "source":
        hit = obs.sources() & set(r.values())
        return bool(hit), f"the paste came through {', '.join(sorted(hit))}"
    if kind == "exception":
        m = r.regex.search(obs.exception or "")
        return bool(m), f"the exception raised is {obs.exception}"
    if kind == "env":
        return ctx.env.get(str(r.value), (False, ""))
    if kind == "model_rule":
        if ctx.model is None or r.value not in ctx.model.rules:
            return False, ""
        group = ctx.kb.rule_groups.get(str(r.value))
        return True, f"model {ctx.model.id}: {group.summary if group else r.value}"
    if kind == "request":
        found, shown = _request_has(obs.request, str(r.value))
        return found, f"the request sets `{r.value}`" + (f" = {shown}" if shown else "")
    if kind == "finding":
        for f in ctx.findings:
            if f.rule == r.value:
                return True, f"lint {f.rule} at {f.path or '(request)'}: {f.message}"
        return False, ""
    if kind == "check":
        check = CHECKS.get(str(r.value))
        return check(obs, ctx.kb) if check else (False, "")
    if kind == "no_status":
        return (obs.status is None) == bool(r.value), "no HTTP status in the paste"
    return False, ""


def _request_has(request: dict | None, path: str) -> tuple[bool, str]:
    node: object = request
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return False, ""
        node = node[part]
    shown = repr(node) if isinstance(node, int | float | bool | str) and len(repr(node)) < 40 else ""
    return True, shown


# Evidence about the paste itself. Context alone (the environment, the source, the model's
# rules, "no status") can raise a cause but never name one: an unrelated paste must not get a
# diagnosis because ANTHROPIC_API_KEY happens to be set.
ANCHORS = frozenset({"status", "error_type", "error_code", "message", "text", "header", "exception",
                     "request", "finding", "check"})


def score(cause: Cause, ctx: Context) -> CauseMatch | None:
    miss = 1.0
    anchored = False
    evidence: list[str] = []
    for r in cause.matches:
        matched, why = evaluate(r, ctx)
        if r.exclude:
            if matched:
                return None
            continue
        if not matched:
            if r.required:
                return None
            continue
        miss *= 1.0 - r.weight
        anchored = anchored or r.kind in ANCHORS
        if why and why not in evidence:
            evidence.append(why)
    confidence = 1.0 - miss
    if confidence <= 0 or not anchored:
        return None
    return CauseMatch(cause, confidence, tuple(evidence))


def candidates(kb: KnowledgeBase, status: int | None) -> list[Cause]:
    """Causes whose required status allows this one: a cheap first cut before any regex runs."""
    return [c for c in kb.causes if c.required_statuses is None or status in c.required_statuses]
