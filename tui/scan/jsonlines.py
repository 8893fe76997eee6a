"""One JSON-lines log record → the text the reader should see, and its time.

Log platforms and structured loggers (structlog, pino, winston, Cloud Logging, Datadog, docker's
json-file driver) put the error in a field: message, msg, error, err, log, exception, stack…,
sometimes as an object. An Anthropic error body logged whole (`{"type":"error","error":{…}}`)
is read as it is.
"""

from __future__ import annotations

import json

from . import stamps

TEXT_FIELDS = ("message", "msg", "error", "err", "error_message", "errorMessage", "exception", "exc_info",
               "stack", "stack_trace", "stacktrace", "log", "textPayload", "body", "response", "result", "detail",
               "event")
TIME_FIELDS = ("timestamp", "@timestamp", "time", "ts", "datetime", "date", "t", "asctime", "receiveTimestamp")
NESTED = ("jsonPayload", "payload", "fields", "data", "attributes", "extra")
STATUS_FIELDS = ("status", "status_code", "statusCode", "http_status")


class Record:
    __slots__ = ("text", "time")

    def __init__(self, text: bytes, time: float | None) -> None:
        self.text, self.time = text, time


def _time(value) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return stamps.from_number(float(value))
    if isinstance(value, str):
        if value.replace(".", "", 1).isdigit():
            return stamps.from_number(float(value))
        return stamps.parse(value.encode()[:64])
    if isinstance(value, dict) and "seconds" in value:  # protobuf Timestamp
        return _time(value.get("seconds"))
    return None


def _texts(obj: dict, out: list[str], depth: int = 0) -> None:
    for key in TEXT_FIELDS:
        v = obj.get(key)
        if isinstance(v, str) and v.strip():
            out.append(v.rstrip("\n"))
        elif isinstance(v, dict | list) and v:
            out.append(json.dumps(v, ensure_ascii=False))
    if depth < 2:
        for key in NESTED:
            v = obj.get(key)
            if isinstance(v, dict):
                _texts(v, out, depth + 1)


def _status(obj: dict, depth: int = 0) -> int | None:
    """An HTTP error status in the record's own fields or in those of its payload."""
    status = next((v for k in STATUS_FIELDS if isinstance(v := obj.get(k), int) and 400 <= v < 600), None)
    if status is None and depth < 2:
        status = next((st for k in NESTED if isinstance(v := obj.get(k), dict)
                       and (st := _status(v, depth + 1)) is not None), None)
    return status


def read(line: bytes) -> Record | None:
    """The record in one JSON line; None if the line is not a JSON object."""
    try:
        obj = json.loads(line)
    except ValueError:
        return None
    if not isinstance(obj, dict):
        return None
    t = next((t for k in TIME_FIELDS if k in obj and (t := _time(obj[k])) is not None), None)
    if obj.get("type") == "error" or isinstance(obj.get("error"), dict) and "type" in obj["error"]:
        return Record(line, t)  # an API error body itself
    parts: list[str] = []
    status = _status(obj)
    if status is not None:
        parts.append(f"HTTP {status}")
    _texts(obj, parts)
    if not parts:
        return Record(line, t)
    return Record("\n".join(parts).encode("utf-8", "replace"), t)
