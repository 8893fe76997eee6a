"""Unwrap the objects found in a paste down to the innermost Anthropic error.

A paste's JSON may be the API's own body or any envelope around it: Vertex and OpenRouter bodies
that carry it as a string, LiteLLM and relays that nest it, Node dumps with status and headers,
batch result lines. `visit` walks one parsed object and fills the Observation: error type, message,
details, status, headers, request id, wrappers, and the request body if the paste holds one.
"""

from __future__ import annotations

from ..observation import Observation
from .loose import objects, unwrapped

API_TYPES = {  # the error.type values the Anthropic API sends
    "invalid_request_error", "authentication_error", "billing_error", "permission_error",
    "not_found_error", "conflict_error", "request_too_large", "rate_limit_error", "api_error",
    "timeout_error", "overloaded_error", "forbidden", "request_timeout_error",
    "unprocessable_entity_error",
}
# Google's status names in Vertex envelopes, and the HTTP status each stands for.
GOOGLE_STATUS = {"INVALID_ARGUMENT": 400, "FAILED_PRECONDITION": 400, "PERMISSION_DENIED": 403,
                  "NOT_FOUND": 404, "RESOURCE_EXHAUSTED": 429, "UNAVAILABLE": 503,
                  "DEADLINE_EXCEEDED": 504, "INTERNAL": 500, "UNAUTHENTICATED": 401}


def visit(obs: Observation, value: object) -> None:
    """Take what one top-level object of the paste says."""
    _visit(obs, value, depth=0)


def _visit(obs: Observation, value: object, depth: int, wrapper: str | None = None) -> None:
    """Walk a parsed object; take the innermost error, the request body, headers and status."""
    if depth > 12:
        return
    if isinstance(value, list):
        for item in value[:50]:
            _visit(obs, item, depth + 1, wrapper)
        return
    if not isinstance(value, dict):
        return
    if _looks_like_request(value):
        if obs.request is None:
            obs.request = value
        return
    if "custom_id" in value and isinstance(value.get("result"), dict):
        obs.batch_result = str(value["result"].get("type"))
        if obs.batch_result == "errored":
            _visit(obs, value["result"].get("error"), depth + 1, "batch")
        return
    take_transport(obs, value)
    err = value.get("error")
    if isinstance(err, dict):
        _take_error(obs, value, err, wrapper)
        for key in ("message", "metadata"):
            inner = err.get(key)
            if isinstance(inner, dict):  # OpenRouter keeps the provider's body in metadata.raw
                inner = inner.get("raw", inner)
            if isinstance(inner, dict):
                _visit(obs, inner, depth + 1, _wrapper_of(err))
            elif isinstance(inner, str):
                _visit_embedded(obs, inner, depth, _wrapper_of(err))
        _visit(obs, err.get("error"), depth + 1, wrapper)
        for key, inner in err.items():  # a gateway's "upstream_error": {"type": "error", "error": {…}}
            if key not in ("error", "message", "metadata") and isinstance(inner, dict) and "error" in inner:
                _visit(obs, inner, depth + 1, wrapper)
    elif isinstance(err, str) and err.strip():
        if "{" in err:  # JSON carried as a string, bare or after a prefix: Claude Code logs "Error: 400 {…}"
            _visit_embedded(obs, err, depth, wrapper)
        if obs.message is None and not err.lstrip().startswith(("{", "[")):
            obs.message = err.strip()[:2000]  # {"error": "…"} from proxies and loggers
    elif value.get("type") in API_TYPES and isinstance(value.get("message"), str):
        _take_error(obs, value, value, wrapper)  # the inner error object alone: {"type": "rate_limit_error", …}
    elif "message" in value and set(value) <= {"message", "Message", "__type", "code"} and obs.message is None:
        obs.message = str(value["message"])  # Bedrock's bare {"message": "..."} body
    for key in ("body", "response", "data", "detail", "raw", "metadata", "$metadata", "$response"):
        inner = value.get(key)
        if isinstance(inner, dict | list):
            _visit(obs, inner, depth + 1, wrapper)
        elif isinstance(inner, str) and "{" in inner:
            _visit_embedded(obs, inner, depth, wrapper)


def _visit_embedded(obs: Observation, s: str, depth: int, wrapper: str | None) -> None:
    """JSON carried as a string inside JSON (Vertex, OpenRouter, relays): parse and descend."""
    if "{" not in s:
        return
    found = False
    for _, _, inner in objects(s):
        found = True
        _visit(obs, inner, depth + 1, wrapper)
    if not found and "\n" in s:  # the inner JSON was wrapped before it was quoted (LiteLLM)
        for _, _, inner in objects(unwrapped(s)):
            _visit(obs, inner, depth + 1, wrapper)


def _wrapper_of(err: dict) -> str | None:
    if isinstance(err.get("status"), str) and isinstance(err.get("code"), int):
        return "vertex"
    if isinstance(err.get("metadata"), dict):
        return "openrouter"
    if "param" in err:
        return "openai-compat"
    return None


def _looks_like_request(d: dict) -> bool:
    return isinstance(d.get("messages"), list) and ("model" in d or "max_tokens" in d) and "error" not in d


def take_transport(obs: Observation, d: dict) -> None:
    """Status and headers from objects that carry them (Node dumps, Vertex envelopes)."""
    headers = d.get("headers")
    if isinstance(headers, dict):
        for k, v in headers.items():
            if isinstance(v, str | int | float):
                obs.headers.setdefault(str(k).lower(), str(v))
    status = next((d[k] for k in ("status", "status_code", "statusCode", "httpStatusCode")
                   if isinstance(d.get(k), int)), None)
    if isinstance(status, int) and 100 <= status <= 599 and obs.status is None:
        obs.status = status
    if isinstance(d.get("request_id"), str) and d["request_id"] and not obs.request_id:
        obs.request_id = d["request_id"]


def _take_error(obs: Observation, outer: dict, err: dict, wrapper: str | None) -> None:
    etype = err.get("type")
    if etype in ("None", "null"):  # LiteLLM's envelope prints a missing type as the string "None"
        etype = None
    message = err.get("message")
    is_api = isinstance(etype, str) and etype in API_TYPES
    if wrapper and wrapper not in obs.wrappers:
        obs.wrappers.append(wrapper)
    google = err.get("status") if isinstance(err.get("status"), str) else None
    if isinstance(err.get("code"), int) and 100 <= err["code"] <= 599 and obs.status is None:
        obs.status = err["code"]  # Vertex / OpenRouter envelope
    elif google in GOOGLE_STATUS and obs.status is None:
        obs.status = GOOGLE_STATUS[google]
    # An Anthropic error type always wins over an envelope's; otherwise keep the first seen.
    if is_api or obs.error_type is None:
        if isinstance(etype, str) and etype:
            obs.error_type = etype
        if isinstance(message, str) and not message.lstrip().startswith("{"):
            obs.message = message
        details = err.get("details")
        if isinstance(details, dict):
            obs.details = details
            if isinstance(details.get("error_code"), str):
                obs.error_code = details["error_code"]
    if isinstance(outer.get("request_id"), str) and outer["request_id"]:
        obs.request_id = outer["request_id"]
