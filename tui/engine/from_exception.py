"""Observe a live exception object from the `anthropic` SDK (or any exception) without importing it.

Inside `except anthropic.APIError as e: diagnose(e)` the object carries more than its text: the
real status, the response headers (request-id, retry-after), the parsed body and the request that
was sent. Duck typing keeps the engine free of an `anthropic` import.
"""

from __future__ import annotations

import json
import traceback

from ..observation import Observation
from ..reader import read


def _headers(obj: object) -> dict[str, str]:
    headers = getattr(obj, "headers", None)
    try:
        return {str(k).lower(): str(v) for k, v in headers.items()} if headers is not None else {}
    except Exception:  # noqa: BLE001 - an odd headers object is not worth a crash
        return {}


def _request_body(request: object) -> dict | None:
    try:
        content = getattr(request, "content", b"") or b""
        body = json.loads(content)
    except Exception:  # noqa: BLE001 - streaming or non-JSON bodies are simply not read
        return None
    return body if isinstance(body, dict) else None


def _plain(value: object) -> dict | None:
    """A details object as a dict: a pydantic model (2.15+ `exc.details`) or a mapping."""
    for method in ("to_dict", "model_dump"):
        dump = getattr(value, method, None)
        if callable(dump):
            try:
                value = dump()
            except Exception:  # noqa: BLE001 - a model that cannot dump itself is not read
                return None
            break
    return dict(value) if isinstance(value, dict) else None


def _take_attributes(obs: Observation, exc: BaseException) -> None:
    """What anthropic 2.15+ puts on APIStatusError itself: `type`, `api_message`, `error_code`,
    `details`. They come from the same body, so they agree with it; they are there even when the
    body was consumed or not JSON-decodable by us."""
    for attr, field in (("type", "error_type"), ("api_message", "message"), ("error_code", "error_code")):
        value = getattr(exc, attr, None)
        if isinstance(value, str) and value:
            setattr(obs, field, value)
    details = _plain(getattr(exc, "details", None))
    if details:
        obs.details = details
        if obs.error_code is None and isinstance(details.get("error_code"), str):
            obs.error_code = details["error_code"]


def observe_exception(exc: BaseException) -> Observation:
    cls = type(exc)
    module = cls.__module__.split(".")[0]
    # Re-create what a traceback would show, then let the reader parse it like any paste:
    # the chained causes first (httpx2.ConnectError: [Errno 111] Connection refused …), as a
    # traceback prints them, then the exception itself.
    text = "".join(traceback.format_exception_only(cls, exc))
    if module == "anthropic" and "anthropic." not in text.split(":", 1)[0]:
        text = f"anthropic.{text}"
    chained, seen, inner = [], {id(exc)}, exc.__cause__ or exc.__context__
    while inner is not None and id(inner) not in seen and len(chained) < 8:
        seen.add(id(inner))
        chained.append("".join(traceback.format_exception_only(type(inner), inner)))
        inner = inner.__cause__ or inner.__context__
    if chained:
        text = "\nThe above exception was the direct cause of the following exception:\n\n".join(
            [*reversed(chained), text])
    obs = read(text)
    status = getattr(exc, "status_code", None)
    if isinstance(status, int):
        obs.status, obs.status_inferred = status, False
        if status == 200:
            obs.mid_stream = True
    response = getattr(exc, "response", None)
    if response is not None:
        obs.headers.update(_headers(response))
        ctype = obs.headers.get("content-type", "")
        obs.body_is_html = obs.body_is_html or "text/html" in ctype
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        err = body.get("error") if isinstance(body.get("error"), dict) else {}
        obs.error_type = err.get("type") or obs.error_type
        obs.message = err.get("message") or obs.message
        details = err.get("details")
        if isinstance(details, dict):
            obs.details = details
            code = details.get("error_code")
            obs.error_code = code if isinstance(code, str) else obs.error_code
        obs.request_id = body.get("request_id") or obs.request_id
    _take_attributes(obs, exc)
    obs.request_id = getattr(exc, "request_id", None) or obs.headers.get("request-id") or obs.request_id
    request = getattr(exc, "request", None)
    if request is not None:
        req_body = _request_body(request)
        if req_body is not None:
            obs.request = req_body
            obs.model = req_body.get("model") if isinstance(req_body.get("model"), str) else obs.model
        obs.request_headers = _headers(request)
    obs.exception = cls.__name__
    if module == "anthropic":
        obs.source, obs.sdk_language = "python-sdk", "python"
    if obs.kind in ("unknown", "empty"):
        obs.kind = "error"
    if obs.request is not None and obs.kind == "error":
        obs.kind = "error+request"
    return obs
