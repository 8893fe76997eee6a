"""Score causes: evaluate each recogniser against the evidence, combine the weights that matched.

Confidence = 1 − Π(1 − weight) over matched recognisers (a noisy-or: independent pieces of evidence
add up, none alone exceeds its own weight). `required` recognisers gate a cause in, `exclude`
recognisers gate it out.
"""

from __future__ import annotations

from knowledge.record import Record, factory

from knowledge import KnowledgeBase
from knowledge.model import Cause, Model, Recogniser

from ..observation import Observation
from .checks import CHECKS


class Context(Record):
    obs: Observation
    kb: KnowledgeBase
    env: dict[str, tuple[bool, str]]
    model: Model | None
    findings: list = factory(list)  # linter findings (objects with .rule, .message, .path)

    def __post_init__(self) -> None:
        self._haystacks: dict[str, tuple[str, str]] = {}

    def haystack(self, kind: str) -> tuple[str, str]:
        """(text, lower-cased text) a `message` or `text` recogniser searches, computed once."""
        if kind not in self._haystacks:
            text = self.obs.focus or self.obs.text
            if kind == "message" and self.obs.message:
                text = self.obs.message
            self._haystacks[kind] = (text, text.lower())
        return self._haystacks[kind]


class CauseMatch:
    """A cause with the confidence and evidence it earned (hot path: a plain slotted class)."""

    __slots__ = ("cause", "confidence", "evidence", "specific", "rule_fields", "own_fix")

    def __init__(self, cause: Cause, confidence: float, evidence: tuple[str, ...], specific: bool = True,
                 rule_fields: tuple[str, ...] = (), own_fix: tuple[str, ...] = ()) -> None:
        self.cause, self.confidence, self.evidence = cause, confidence, evidence
        self.specific = specific  # something beyond "this status / this error.type" matched
        # The request fields where the linter saw the paste's request break a rule of the paste's
        # model (its `finding` recognisers' paths), when that rule matched: engine._model_rules_lead.
        self.rule_fields = rule_fields
        self.own_fix = own_fix    # fix steps for this very paste, from a check (see checks.Check)

    @property
    def fix(self) -> tuple[str, ...]:
        """This paste's own fix steps, then the cause's."""
        return self.own_fix + self.cause.fix if self.own_fix else self.cause.fix

    def but(self, confidence: float, evidence: tuple[str, ...] | None = None,
            own_fix: tuple[str, ...] | None = None) -> "CauseMatch":
        """The same match with another confidence (and evidence or own fix steps)."""
        return CauseMatch(self.cause, confidence, self.evidence if evidence is None else evidence, self.specific,
                          self.rule_fields, self.own_fix if own_fix is None else own_fix)

    def __repr__(self) -> str:
        return f"CauseMatch({self.cause.id!r}, {self.confidence:.3f})"

    @property
    def id(self) -> str:
        return self.cause.id

    def to_dict(self) -> dict:
        c = self.cause
        return {"id": c.id, "title": c.title, "confidence": round(self.confidence, 3),
                "evidence": list(self.evidence), "fix": list(self.fix), "docs_url": c.docs_url,
                "retryable": c.retryable, "error_type": c.error_type, "summary": c.summary}


def _snippet(s: str, limit: int = 90) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def evaluate(r: Recogniser, ctx: Context) -> tuple:
    """Does one recogniser match? Returns (matched, evidence sentence), and for a check that knows
    the fix for this paste, a third element: those fix steps."""
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
        if not hay:
            return False, ""
        if r.literals:
            for lit in r.literals:
                if lit in lower:
                    break
            else:
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
    if kind == "check":  # may return a third element: fix steps for this paste
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


# Evidence every cause of a status shares: it supports a cause but cannot tell it from its siblings.
GENERIC = frozenset({"status", "error_type", "source", "no_status"})


def score(cause: Cause, ctx: Context, floor: float = 0.0) -> CauseMatch | None:
    """The cause's match, or None when a gate fails, nothing anchors it, or it stays under `floor`."""
    miss = 1.0
    anchored = specific = model_rule = False
    evidence: list[str] = []
    fields: list[str] = []
    own_fix: tuple[str, ...] = ()
    for r in cause.matches:
        matched, why, *fix = evaluate(r, ctx)
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
        specific = specific or r.kind not in GENERIC
        model_rule = model_rule or r.kind == "model_rule"
        if r.kind == "finding":
            fields += [f.path for f in ctx.findings if f.rule == r.value and f.path]
        if why and why not in evidence:
            evidence.append(why)
        if fix:
            own_fix += tuple(fix[0])
    confidence = 1.0 - miss
    if confidence <= floor or not anchored:
        return None
    return CauseMatch(cause, confidence, tuple(evidence), specific, tuple(fields) if model_rule else (), own_fix)


class AnchorIndex:
    """Which causes could possibly match a paste, found without scoring every cause.

    A cause needs at least one matched anchor (see ANCHORS), so only causes that have an anchor
    recogniser whose key is present in the paste are candidates. Keys are exact values (status,
    error.type, header names, request fields, findings, checks) or, for regexes, the literals one
    of which must occur (knowledge/literals.py). A regex without a literal makes its cause a
    candidate always. Built once per knowledge base.
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self.causes = kb.causes
        self.order = {c.id: i for i, c in enumerate(kb.causes)}  # ties keep the knowledge-base order
        self.by_key: dict[tuple, set[int]] = {}
        self.by_literal: dict[str, dict[str, set[int]]] = {"message": {}, "text": {}}
        self.always: set[int] = set()
        for i, cause in enumerate(kb.causes):
            for r in cause.matches:
                if r.exclude or r.kind not in ANCHORS:
                    continue
                if r.kind in ("message", "text"):
                    if r.literals:
                        for lit in r.literals:
                            self.by_literal[r.kind].setdefault(lit, set()).add(i)
                    else:
                        self.always.add(i)
                elif r.kind in ("status", "error_type", "error_code", "check", "finding"):
                    for v in r.values():
                        self.by_key.setdefault((r.kind, v), set()).add(i)
                elif r.kind in ("header", "request"):
                    self.by_key.setdefault((r.kind, str(r.value).lower().split(".")[0]), set()).add(i)
                else:  # exception: a short regex, cheap enough to try on every paste
                    self.always.add(i)

    def candidates(self, ctx: Context) -> list[Cause]:
        obs = ctx.obs
        keys = [("status", obs.status), ("error_type", obs.error_type), ("error_code", obs.error_code)]
        keys += [("header", h) for h in obs.headers]
        keys += [("request", k.lower()) for k in (obs.request or {})]
        keys += [("finding", f.rule) for f in ctx.findings]
        keys += [("check", name) for name, check in CHECKS.items()
                 if ("check", name) in self.by_key and check(obs, ctx.kb)[0]]
        hit = set(self.always)
        for key in keys:
            hit |= self.by_key.get(key, set())
        for kind, table in self.by_literal.items():
            lower = ctx.haystack(kind)[1]
            for lit, idx in table.items():
                if lit in lower:
                    hit |= idx
        return [self.causes[i] for i in sorted(hit)]
