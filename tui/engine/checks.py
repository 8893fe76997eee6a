"""Named predicates that recognisers refer to with `check = "…"`: logic too specific for TOML.

Each returns (matched, evidence sentence). They read the Observation and the knowledge base only.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from knowledge import KnowledgeBase

from ..lazyre import lazy
from ..observation import Observation
from .. import models
from ..reader import lookalike
from .retry import header_seconds

# (matched, evidence) — or (matched, evidence, fix steps) when the check knows the fix for this
# very paste; the steps are shown before the cause's own fix (see score.CauseMatch.fix).
Check = Callable[[Observation, KnowledgeBase], tuple]


def mid_stream(obs: Observation, kb: KnowledgeBase) -> tuple[bool, str]:
    return obs.mid_stream, "the error arrived inside a stream after HTTP 200"


def model_unknown(obs: Observation, kb: KnowledgeBase) -> tuple[bool, str]:
    if not obs.model or not kb.models or models.lookup(kb, obs.model):
        return False, ""
    near = models.nearest(kb, obs.model)
    hint = f"; did you mean {', '.join(near)}?" if near else ""
    return True, f"model '{obs.model}' is not a known model ID{hint}"


def today() -> str:
    """Today as YYYY-MM-DD; CLAUDE_TRIAGE_TODAY sets another day (the tests fix one, so that a
    model reaching its end of life does not change what the suite expects)."""
    return os.environ.get("CLAUDE_TRIAGE_TODAY") or time.strftime("%Y-%m-%d")


def model_retired(obs: Observation, kb: KnowledgeBase) -> tuple[bool, str]:
    m = models.lookup(kb, obs.model)
    if m is None:
        return False, ""
    past_eol = bool(m.retires and m.retires <= today())  # ISO dates sort as strings
    if m.lifecycle == "retired" or past_eol:
        return True, f"model '{obs.model}' was retired" + (f" on {m.retires}" if m.retires else "")
    return False, ""


def no_model(obs: Observation, kb: KnowledgeBase) -> tuple[bool, str]:
    """Neither the paste nor its request names a model: a 404 then is about the URL, not a model."""
    return obs.model is None, "no model is named anywhere in the paste"


def model_deprecated(obs: Observation, kb: KnowledgeBase) -> tuple[bool, str]:
    m = models.lookup(kb, obs.model)
    if m is None or m.lifecycle != "deprecated":
        return False, ""
    return True, f"model '{obs.model}' is deprecated" + (f" (end of life {m.retires})" if m.retires else "")


_SAMPLING = lazy(r"\b(temperature|top_p|top_k)\b")


def model_keeps_sampling_params(obs: Observation, kb: KnowledgeBase) -> tuple[bool, str]:
    """The model in the paste still takes temperature / top_p / top_k, and the message does not
    name them: the request setting them is then no evidence against it."""
    m = models.lookup(kb, obs.model)
    if m is None or "no-sampling-params" in m.rules or (obs.message and _SAMPLING.search(obs.message)):
        return False, ""
    return True, f"model {m.id} accepts temperature, top_p and top_k"


def retry_after_long(obs: Observation, kb: KnowledgeBase) -> tuple[bool, str]:
    s = header_seconds(obs.headers)
    return (s is not None and s > 60), (f"retry-after asks for {s:.0f} s (over the 60 s that older Python SDK "
                                        "releases would wait; 2.17 waits as asked)") if s else ""


def no_retry_after(obs: Observation, kb: KnowledgeBase) -> tuple[bool, str]:
    has_headers = bool(obs.headers)
    missing = obs.status == 429 and has_headers and header_seconds(obs.headers) is None
    return missing, "the 429 carries response headers but no retry-after"


def request_id_proxy(obs: Observation, kb: KnowledgeBase) -> tuple[bool, str]:
    rid = obs.request_id or obs.headers.get("x-request-id")
    if rid and not rid.startswith("req_"):
        return True, f"request id '{rid}' is not an Anthropic req_… id: something in between answered"
    if "x-ratelimit-limit-requests" in obs.headers or any(h.startswith("x-ratelimit-") for h in obs.headers):
        return True, "x-ratelimit-* headers come from a proxy, not from the Anthropic API"
    return False, ""


def lookalike_chars(obs: Observation, kb: KnowledgeBase) -> tuple[bool, str]:
    """The model id, a header name or a request key holds a character that only looks like ASCII."""
    rule = kb.lint_rules.get(LOOKALIKE_RULE)
    homoglyphs = rule.params.get("homoglyphs") if rule else None
    named = [("the model id", obs.model)] if obs.model else []
    named += [("the header name", h) for h in (*obs.request_headers, *obs.headers)]
    named += [("the request key", k) for k in request_keys(obs.request)]
    for what, text in named:
        hits = lookalike.find(text, homoglyphs)
        if hits:
            meant = lookalike.ascii_form(text, homoglyphs)
            return True, lookalike.describe(what, text, hits) + f": the API reads it as a different name than “{meant}”"
    return False, ""


LOOKALIKE_RULE = "CT112"


def request_keys(request: object, limit: int = 5_000):
    """Every key of a parsed request, nested ones included (at most `limit` nodes visited)."""
    stack, seen = [request], 0
    while stack and seen < limit:
        node = stack.pop()
        seen += 1
        if isinstance(node, dict):
            yield from (k for k in node if isinstance(k, str))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node[:200])


def html_body(obs: Observation, kb: KnowledgeBase) -> tuple[bool, str]:
    return obs.body_is_html, "the response body is an HTML page, not an API error"


_EXPLAINED: list = [None, None]  # the last observation and its explanations (the index asks first, then the score)


def schema_violation(obs: Observation, kb: KnowledgeBase) -> tuple:
    """The error message is the API's validation grammar and the request schema explains it."""
    if not obs.message or obs.status not in (400, None):
        return False, ""
    if _EXPLAINED[0] is not obs:
        from .validation import QUICK, explain  # only a message with the grammar pays for the schema
        found = explain(obs.message, obs.request, kb) if QUICK.search(obs.message) else []
        _EXPLAINED[:] = [obs, found]
    found = _EXPLAINED[1]
    if not found:
        return False, ""
    return True, "; ".join(e.evidence for e in found), tuple(e.fix for e in found if e.fix)


CHECKS: dict[str, Check] = {
    "mid_stream": mid_stream, "model_unknown": model_unknown, "model_retired": model_retired,
    "model_deprecated": model_deprecated, "retry_after_long": retry_after_long,
    "no_retry_after": no_retry_after, "request_id_proxy": request_id_proxy, "html_body": html_body,
    "model_keeps_sampling_params": model_keeps_sampling_params, "no_model": no_model,
    "schema_violation": schema_violation, "lookalike_chars": lookalike_chars,
}
