"""The diagnosis engine: Observation + lint findings + environment → ranked causes and retry advice.

No Textual and no httpx here (a test checks it): the CLI, the app and library users share it.
"""

from __future__ import annotations

import re

from knowledge.record import Record, factory
from collections.abc import Mapping

import knowledge
from knowledge import KnowledgeBase

from ..observation import Observation
from ..reader import read
from .. import models
from ..reader.lookalike import ascii_form
from .codes import code_leads
from .env import Environment, predicates
from .retry import RetryAdvice, advise
from .score import AnchorIndex, CauseMatch, Context, score

JSON_VERSION = 1
MIN_CONFIDENCE = 0.15
MAX_CAUSES = 8
CONFIDENT = 0.5


class Diagnosis(Record):
    observation: Observation
    causes: list[CauseMatch]
    retry: RetryAdvice
    findings: list = factory(list)
    suggestions: dict[str, list[str]] = factory(dict)  # e.g. {"model": [...]}

    @property
    def top(self) -> CauseMatch | None:
        return self.causes[0] if self.causes else None

    @property
    def recognised(self) -> bool:
        return bool(self.causes) or self.observation.kind in ("error", "error+request", "request")

    def to_dict(self) -> dict:
        o = self.observation
        return {
            "version": JSON_VERSION,
            "input": {"kind": o.kind, "status": o.status, "error_type": o.error_type,
                      "error_code": o.error_code, "message": o.message, "request_id": o.request_id,
                      "model": o.model, "source": o.source, "wrappers": list(o.wrappers),
                      "exception": o.exception, "mid_stream": o.mid_stream,
                      "headers": dict(o.headers), "notes": list(o.notes),
                      "details": o.details, "path": o.path},
            "causes": [c.to_dict() for c in self.causes],
            "findings": [f.to_dict() for f in self.findings],
            "retry": self.retry.to_dict(),
            "suggestions": self.suggestions,
        }


def diagnose_observation(obs: Observation, env: Environment | None = None,
                         kb: KnowledgeBase | None = None, findings: list | None = None) -> Diagnosis:
    kb = kb or knowledge.load()
    env = env if env is not None else Environment.from_mapping(None)
    if findings is None:
        findings = _lint(obs, kb)
    model = models.lookup(kb, obs.model)
    ctx = Context(obs=obs, kb=kb, env=predicates(env), model=model, findings=findings)
    index = _index(kb)
    matches = [] if obs.kind == "empty" else \
        [m for c in index.candidates(ctx) if (m := score(c, ctx, floor=MIN_CONFIDENCE)) is not None]
    matches = code_leads(matches, obs, kb)
    last = len(index.order)  # causes built from the error-code table rank after hand-written ties
    rank = lambda m: (-round(m.confidence, 6), -len(m.evidence), index.order.get(m.id, last))  # noqa: E731
    matches = sorted(_explain_away(sorted(matches, key=rank)), key=rank)
    matches = sorted(_model_rules_lead(matches, obs.message), key=rank)
    causes = [m for m in matches if m.confidence >= MIN_CONFIDENCE][:MAX_CAUSES]
    top = causes[0] if causes else None
    retry = advise(obs, top.cause.retryable if top else None, top.cause.title if top else None,
                   confident=top is not None and top.confidence >= CONFIDENT)
    suggestions = {}
    if obs.model and model is None and kb.models:
        meant = ascii_form(obs.model)  # a look-alike character: the id the user meant, first
        near = [meant] if meant != obs.model and models.lookup(kb, meant) else models.nearest(kb, obs.model)
        if near:
            suggestions["model"] = near
    return Diagnosis(observation=obs, causes=causes, retry=retry, findings=findings, suggestions=suggestions)


def _explain_away(ranked: list[CauseMatch]) -> list[CauseMatch]:
    """Halve the confidence of a cause that has nothing of its own once a better one explains more.

    "HTTP 429, rate_limit_error" supports every rate-limit cause equally; once one of them also
    has the message or the error_code, the others — their evidence a strict subset of a better
    cause's, or only the status and error.type — have nothing of their own left to show.
    """
    out: list[CauseMatch] = []
    for m in ranked:
        mine = set(m.evidence)
        if any(mine < set(better.evidence) or (not m.specific and better.specific) for better in out[:3]):
            m = m.but(m.confidence * 0.5)
        out.append(m)
    return out


def _model_rules_lead(ranked: list[CauseMatch], message: str | None) -> list[CauseMatch]:
    """A rule of the paste's own model that explains the message outranks a generic rule.

    "temperature: Extra inputs are not permitted" for a request to a model that dropped
    temperature fits both "unknown field" and "sampling parameters removed on this model"; the
    second says why the field is unknown. It leads when the linter saw the request break the
    model's rule at a field that the message names.
    """
    words = set(_WORD.findall((message or "").lower()))
    if not words:
        return ranked
    out, best_other = [], 0.0
    for m in ranked:
        if m.rule_fields and best_other >= m.confidence and any(
                part in words for f in m.rule_fields for part in f.lower().split(".") if part not in _VAGUE):
            m = m.but(min(0.99, best_other + 0.01))
        elif not m.rule_fields:
            best_other = max(best_other, m.confidence)
        out.append(m)
    return out


_WORD = re.compile(r"[a-z_]+")
_VAGUE = {"type", "content", "messages", "0", "1"}  # path parts that name no field of their own


def _index(kb: KnowledgeBase) -> AnchorIndex:
    """One anchor index per knowledge base object (the CLI and the app load exactly one)."""
    return kb.derived("anchor-index", lambda: AnchorIndex(kb))


def _lint(obs: Observation, kb: KnowledgeBase) -> list:
    """Findings for the request in the paste, if the linter is available (issue: preflight linter)."""
    if obs.request is None:
        return []
    from ..lint import lint_request
    from ..lint.context import Source
    try:
        text = obs.focus or obs.text
        headers = dict(obs.request_headers)
        source = Source(kind="paste", endpoint="count_tokens" if "/v1/messages/count_tokens" in text else "messages")
        if "curl" in obs.sources():  # a curl command line: its -H headers are the request's, all of them
            from ..lint import curl
            start = curl.find(text)
            if start is not None:
                headers = {**curl.parse(text, start, []).headers, **headers}
                source = Source(kind="curl", endpoint=source.endpoint, headers_complete=True)
        return lint_request(obs.request, kb=kb, headers=headers or None, source=source)
    except Exception as exc:  # noqa: BLE001 - a linter bug must not cost the user the diagnosis
        obs.notes.append(f"the request linter failed ({type(exc).__name__}); causes are ranked without it")
        return []


def diagnose(data: object, env: Mapping[str, str] | None = None, use_env: bool = True,
             kb: KnowledgeBase | None = None, env_values: bool = True) -> Diagnosis:
    """Diagnose a paste (str or bytes) or a live exception from the `anthropic` SDK.

    `env` replaces os.environ for the credential checks; `use_env=False` ignores the environment;
    `env_values=False` keeps its facts (a key is set, the base URL is not https) but no values.
    """
    environment = Environment.from_mapping(env, facts_only=not env_values) if use_env else Environment.disabled()
    if isinstance(data, BaseException):
        from .from_exception import observe_exception  # only then is the SDK's shape needed
        obs = observe_exception(data)
    else:
        obs = read(data if isinstance(data, str | bytes | bytearray) else str(data))
    return diagnose_observation(obs, environment, kb)
