"""The Python SDK's error text from anthropic 2.15 on.

Older releases printed `Error code: 429 - {body repr}`, which the object walk reads. From 2.15
`str(exc)` is `<status> <message> (error_code: …, request_id: …, path: …, type: …)`, followed by
`error.details` as indented JSON when it holds more than the code. Each item of the trailer is
present only when the response had it; the status is absent for an `event: error` inside a
stream (HTTP 200). The same line appears in tracebacks, `logger.exception` output, `repr(exc)`
(with `\\n` escapes) and log lines such as `f"failed: {e}"`.

Source: anthropic/_error_classes.py `make_status_error` (anthropics/anthropic-sdk-python, v2.15.0+).
"""

from __future__ import annotations

import json

from ..lazyre import lazy
from ..observation import Observation

_LABELS = ("error_code", "request_id", "path", "type")
# The trailer: one to four "label: value" items in the SDK's order. Values hold no brackets,
# commas or line breaks (codes, ids, a URL path, a type), so the match is linear.
_ITEM = r"(?:error_code|request_id|path|type): [^,()\n\\]+"
TRAILER = lazy(r"\((" + _ITEM + r"(?:, " + _ITEM + r")*)\)")
# Where the message starts: after the status at the start of a line, after "Error: " / "Error('",
# or after a log prefix that ends with ": ".
_STATUS_LEAD = lazy(r"(?:^|[:=][ \t]*['\"]?|\(['\"]|^['\"]|[ \t])([1-5]\d\d) (?=\S)")
_REPR_CLASS = lazy(r"\b([A-Z]\w*(?:Error|Exception))\(['\"]")
_MESSAGE_LEAD = lazy(r"(?:Error|Exception|Warning)(?:\(['\"]|:[ \t]+)")
_DETAILS_GAP = lazy(r"(?:\n[ \t]*+\n|\\n\\n)[ \t]*+\{")  # after the line's own trailing blanks


def read_trailer(obs: Observation, text: str) -> bool:
    """Fill status, message, error type and code, request id, path and details from the 2.15+
    line. Fills only what is still unknown; returns whether such a line was found."""
    m = _trailer_with_path(text)
    if m is None:
        return False
    items = dict(item.split(": ", 1) for item in m.group(1).split(", "))
    escaped = text.rfind("\\n", 0, m.start())
    line_start = max(text.rfind("\n", 0, m.start()) + 1, escaped + 2 if escaped >= 0 else 0)
    lead = text[line_start:m.start()].rstrip()
    status = _STATUS_LEAD.search(lead)
    if status:
        message = lead[status.end():]
        if obs.status is None:
            obs.status = int(status.group(1))
    else:
        starts = [s.end() for s in _MESSAGE_LEAD.finditer(lead)]
        message = lead[starts[-1]:] if starts else lead.strip()
        obs.mid_stream = obs.mid_stream or "type" in items  # no status: an error event after HTTP 200
    if message.strip() and (obs.message is None or m.group(0) in obs.message):
        obs.message = message.strip()[:2000]  # not the whole line a log field carried
    if obs.exception is None and (cls := _REPR_CLASS.search(lead)):
        obs.exception = cls.group(1)  # repr(exc): "RateLimitError('429 …')"
    if obs.error_type is None and items.get("type"):
        obs.error_type = items["type"].strip()
    if obs.error_code is None and items.get("error_code"):
        obs.error_code = items["error_code"].strip()
    if obs.request_id is None and items.get("request_id"):
        obs.request_id = items["request_id"].strip()
    if obs.path is None and items.get("path"):
        obs.path = items["path"].strip()
    details = _details_after(text, m.end())
    if details is not None and obs.details is None:
        obs.details = details
        if obs.error_code is None and isinstance(details.get("error_code"), str):
            obs.error_code = details["error_code"]
    return True


def _trailer_with_path(text: str):
    """The last trailer of the paste that names the request path (every SDK-made one does; a
    message of the user's own in brackets does not)."""
    if "path: " not in text:
        return None
    found = None
    for m in TRAILER.finditer(text):
        if "path: " in m.group(1):
            found = m
    return found


def _details_after(text: str, end: int) -> dict | None:
    """The `error.details` JSON printed after a blank line, plain or inside a repr's escapes."""
    while end < len(text) and text[end] in " \t":
        end += 1
    gap = _DETAILS_GAP.match(text, end)
    if gap is None:
        return None
    start = gap.end() - 1
    chunk = text[start:start + 200_000]
    if "\\n" in text[end:gap.end()]:  # repr(exc): the JSON's line breaks and quotes are escaped
        chunk = chunk.replace("\\n", "\n").replace('\\"', '"')
    try:
        value, _ = json.JSONDecoder().raw_decode(chunk)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
