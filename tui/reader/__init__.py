"""The paste reader: any text → one Observation. Never raises, whatever the input.

The order of work: normalise the text; find the structured objects in it (JSON, Python reprs,
Node dumps); unwrap envelopes down to the innermost Anthropic error; then fill what the objects
did not say (status, headers, request id, exception, model) from the text around them.
"""

from __future__ import annotations


from ..observation import Observation
from . import forms
from .loose import json_error, objects

MAX_TEXT = 16_000_000     # characters; beyond this only the head and tail are read
_API_TYPES = {
    "invalid_request_error", "authentication_error", "billing_error", "permission_error",
    "not_found_error", "conflict_error", "request_too_large", "rate_limit_error", "api_error",
    "timeout_error", "overloaded_error", "forbidden", "request_timeout_error",
    "unprocessable_entity_error",
}
# Statuses whose error.type the API always sends; used only when the paste shows the status alone.
_TYPE_FOR_STATUS = {400: "invalid_request_error", 401: "authentication_error", 402: "billing_error",
                    403: "permission_error", 404: "not_found_error", 409: "conflict_error",
                    413: "request_too_large", 429: "rate_limit_error", 500: "api_error",
                    504: "timeout_error", 529: "overloaded_error"}
_STATUS_FOR_TYPE = {v: k for k, v in _TYPE_FOR_STATUS.items()} | {"forbidden": 403}
_GOOGLE_STATUS = {"INVALID_ARGUMENT": 400, "FAILED_PRECONDITION": 400, "PERMISSION_DENIED": 403,
                  "NOT_FOUND": 404, "RESOURCE_EXHAUSTED": 429, "UNAVAILABLE": 503,
                  "DEADLINE_EXCEEDED": 504, "INTERNAL": 500, "UNAUTHENTICATED": 401}


def normalise(data: str | bytes) -> str:
    """Decode, drop terminal escapes and control characters (but keep newlines and tabs)."""
    if isinstance(data, bytes | bytearray):
        data = bytes(data).decode("utf-8", errors="replace")
    if len(data) > MAX_TEXT:
        half = MAX_TEXT // 2
        data = data[:half] + "\n…\n" + data[-half:]
    if "\x1b" in data:
        data = forms.ANSI.sub("", data)
    data = data.replace("\r\n", "\n")
    return forms.CONTROL.sub("", data)


def read(data: str | bytes) -> Observation:
    """Read a paste. Never raises: on an internal failure the note says so and the text remains."""
    try:
        text = normalise(data)
    except Exception as exc:  # noqa: BLE001 - the contract is "never raises"
        return Observation(kind="unknown", notes=[f"could not decode the input: {exc}"])
    obs = Observation(text=text)
    if not text.strip():
        obs.kind = "empty"
        return obs
    try:
        _read_into(obs, text)
    except Exception as exc:  # noqa: BLE001 - a reader bug must not become the user's traceback
        obs.notes.append(f"part of the paste could not be read ({type(exc).__name__})")
    return obs


# --- structured objects ---------------------------------------------------------------------

FOCUS_OVER = 400_000      # characters; longer pastes are read through a focus (see _focus)
_WINDOW = 16_000
_INTERESTING = forms.lazy(r"Error|Exception|Traceback|HTTP/\d|API Error|event: error|request.id|retry-after")


def _focus(text: str, spans: list[tuple[int, int]]) -> str:
    """The parts of a huge paste worth reading: its head and tail, and windows around each object
    and each line that looks like an error. A 10 MB log is mostly lines that say nothing."""
    if len(text) <= FOCUS_OVER:
        return text
    n = len(text)
    windows = [(0, 64_000), (n - 64_000, n)]
    windows += [(max(0, a - _WINDOW), min(n, b + _WINDOW)) for a, b in spans[:16]]
    for i, m in enumerate(_INTERESTING.finditer(text, 64_000, n - 64_000)):
        if i >= 32:
            break
        windows.append((max(0, m.start() - _WINDOW), min(n, m.end() + _WINDOW)))
    merged: list[list[int]] = []
    for a, b in sorted(windows):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return "\n…\n".join(text[a:b] for a, b in merged)


def _read_into(obs: Observation, text: str) -> None:
    found = []
    spans: list[tuple[int, int]] = []
    repr_error = False  # an error envelope printed as a Python dict repr (single quotes, None)
    for start, end, value in objects(text):
        found.append(value)
        spans.append((start, abs(end)))
        if isinstance(value, dict) and text[max(0, start - 12):start].rstrip().endswith(_HEADERS_KEY):
            _take_transport(obs, {"headers": value})  # a dump pasted from inside: "headers: {…}"
            continue
        before = obs.error_type
        _visit(obs, value, depth=0)
        repr_error = repr_error or (end < 0 and obs.error_type is not None and before is None)
    if obs.error_type is None and "\n" in text and len(text) <= FOCUS_OVER and _TYPE_KEY.search(text):
        # Hard-wrapped: Claude Code prints an error wrapped to the terminal's width, so its JSON
        # strings hold raw line breaks and no longer parse. Read the lines joined once more.
        for _, _, value in objects(forms.HARD_WRAP.sub(_join_wrapped, text)):
            _visit(obs, value, depth=0)
    if obs.error_type is None and '\\"type\\"' in text:
        # JSON printed as a quoted string in a log line ("data: {\"type\":\"error\", …}"), or a
        # relay's envelope cut off before its own end: read the unescaped text once more.
        for _, _, value in objects(text.replace('\\"', '"')):
            _visit(obs, value, depth=0)
    note = json_error(text)
    if note and not found:
        obs.notes.append(note)
    elif note and len(found) >= 1 and text.strip()[0] in "{[":
        obs.notes.append(note + " (read leniently)")
    obs.focus = _focus(text, spans)
    _from_text(obs, obs.focus)
    if (repr_error and obs.status is None and "Error code:" not in text
            and obs.sdk_language in (None, "python")):
        # The Python SDK prints every HTTP error as "Error code: N - {repr}"; a bare repr with no
        # status is what it raises for an `event: error` inside a stream (HTTP 200). A Node dump
        # (single quotes too) shows its status as a field, so it never gets here.
        obs.mid_stream = True
        if obs.source in ("text", "raw-json"):
            obs.source, obs.sdk_language = "python-sdk", "python"
        elif "python-sdk" not in obs.wrappers and obs.source != "python-sdk":
            obs.wrappers.append("python-sdk")
            obs.sdk_language = obs.sdk_language or "python"
    _finish(obs)


_HEADERS_KEY = ("headers:", '"headers":', "'headers':")
_TYPE_KEY = forms.lazy(r"""\\?["']type\\?["']\s*:""")


def _join_wrapped(m: object) -> str:
    """A wrapped line's break becomes a space, except after a backslash: there it split an escape."""
    return "\\" if m.group(1) else " "


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
    _take_transport(obs, value)
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
            if key != "error" and isinstance(inner, dict) and "error" in inner:
                _visit(obs, inner, depth + 1, wrapper)
    elif isinstance(err, str) and err.strip():
        if "{" in err:  # JSON carried as a string, bare or after a prefix: Claude Code logs "Error: 400 {…}"
            _visit_embedded(obs, err, depth, wrapper)
        if obs.message is None and not err.lstrip().startswith(("{", "[")):
            obs.message = err.strip()[:2000]  # {"error": "…"} from proxies and loggers
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
        for _, _, inner in objects(forms.HARD_WRAP.sub(_join_wrapped, s)):
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


def _take_transport(obs: Observation, d: dict) -> None:
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
    is_api = isinstance(etype, str) and etype in _API_TYPES
    if wrapper and wrapper not in obs.wrappers:
        obs.wrappers.append(wrapper)
    google = err.get("status") if isinstance(err.get("status"), str) else None
    if isinstance(err.get("code"), int) and 100 <= err["code"] <= 599 and obs.status is None:
        obs.status = err["code"]  # Vertex / OpenRouter envelope
    elif google in _GOOGLE_STATUS and obs.status is None:
        obs.status = _GOOGLE_STATUS[google]
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


# --- the text around the objects ------------------------------------------------------------

def _from_text(obs: Observation, text: str) -> None:
    head = text  # already the focus of a huge paste
    lower = head.lower()
    matched = [name for name, triggers, pattern in forms.SOURCE_SIGNATURES
               if forms.search(triggers, pattern, head, lower)]
    if obs.batch_result and "batch" not in matched:
        matched.insert(0, "batch")
    for w in obs.wrappers:
        if w not in matched:
            matched.append(w)
    if matched:
        obs.source = matched[0]
        obs.wrappers = [m for m in matched[1:]]
    elif obs.error_type or obs.request is not None:
        obs.source = "raw-json"
    obs.sdk_language = forms.SDK_LANGUAGE.get(obs.source)
    if obs.sdk_language is None:
        obs.sdk_language = next((forms.SDK_LANGUAGE[w] for w in obs.wrappers if w in forms.SDK_LANGUAGE), None)

    _exception(obs, head)
    if obs.status is None:
        for triggers, pattern in forms.STATUS_PATTERNS:
            m = forms.search(triggers, pattern, head, lower)
            if m and 100 <= int(m.group(1)) <= 599:
                obs.status = int(m.group(1))
                break
    _headers(obs, head)
    if obs.request_id is None:
        m = (forms.GO_REQUEST_ID.search(head) or forms.REQUEST_ID.search(head)
             or forms.RELAY_REQUEST_ID.search(head))
        obs.request_id = m.group(1) if m else obs.headers.get("request-id") or obs.headers.get("x-request-id")
    if obs.error_type is None:
        m = forms.re.search(r"[\"']type[\"']\s*:\s*[\"'](\w+_error|request_too_large|forbidden)[\"']", head)
        if m:
            obs.error_type = m.group(1)  # a truncated body still names its type
    if obs.message is None:
        m = forms.re.search(r"[\"']message[\"']\s*:\s*[\"']((?:[^\"'\\]|\\.){3,})", head)
        if m:
            obs.message = m.group(1)
    if "event: error" in head or forms.re.search(r"(?m)^event:\s*error\s*$", head):
        obs.mid_stream = True
    _model(obs, head)


def _exception(obs: Observation, text: str) -> None:
    """The raised exception: the last exception line of a traceback wins (it is the one raised)."""
    last = None
    for m in forms.EXCEPTION_LINE.finditer(text):
        last = m
    if last:
        obs.exception = forms.CLASS_PATH.split(last.group(1))[-1]
        rest = last.group(2).strip()
        boto = forms.BOTO_MESSAGE.search(rest)
        if boto:
            obs.exception = boto.group(1)
            rest = boto.group(2)
        if obs.message is None and rest and not rest.startswith(("{", "Error code:")):
            obs.message = rest[:2000]
    elif "An error occurred (" in text and (boto := forms.BOTO_MESSAGE.search(text)):
        # boto's message alone, as a log line or an SDK wrapper prints it: "An error occurred (…)"
        obs.exception = boto.group(1)
        if obs.message is None:
            obs.message = boto.group(2).strip()[:2000]
    else:
        m = forms.EXCEPTION_ANYWHERE.search(text)
        if m:
            obs.exception = m.group(1).rsplit(".", 1)[-1]
    cc = forms.CLAUDE_CODE_LINE.search(text) if obs.source == "claude-code" else None
    if cc:
        status = cc.group(1) or cc.group(3)
        if status and obs.status is None:
            obs.status = int(status)
        rest = (cc.group(2) or cc.group(4) or "").strip()
        if obs.message is None and rest and not rest.startswith("{"):
            obs.message = rest[:2000]


def _headers(obs: Observation, text: str) -> None:
    if not forms.re.search(r"(?im)^\s*[<>]?\s*(?:HTTP/|request-id:|retry-after|x-should-retry|anthropic-|x-api-key|"
                           r"authorization|content-type|x-ratelimit)", text):
        return
    in_response = False
    for m in forms.HEADER_LINE.finditer(text):
        arrow, name, value = m.group(1), m.group(2).lower(), m.group(3)
        if arrow == ">":
            obs.request_headers[name] = value
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        if forms.re.match(r"\s*<?\s*HTTP/", text[line_start:m.end()]):
            in_response = True
        if arrow == "<" or in_response or forms.KNOWN_RESPONSE_HEADERS.match(name):
            if name in ("x-api-key", "authorization", "anthropic-version", "anthropic-beta") and arrow != "<":
                obs.request_headers.setdefault(name, value)
            elif forms.KNOWN_RESPONSE_HEADERS.match(name) or arrow == "<":
                obs.headers.setdefault(name, value)
    for line in forms.re.finditer(r"(?m)^\s*<?\s*HTTP/[\d.]+ (\d{3})", text):
        if obs.status is None:
            obs.status = int(line.group(1))


def _model(obs: Observation, text: str) -> None:
    if obs.request and isinstance(obs.request.get("model"), str):
        obs.model = obs.request["model"]
        return
    if obs.message:
        m = forms.MODEL_IN_MESSAGE.search(obs.message)
        if m and "claude" in m.group(1):
            obs.model = m.group(1).strip("'\".,")
            return
    for m in forms.MODEL_IN_TEXT.finditer(text):
        name = m.group(1).rstrip(".-")
        if forms.looks_like_model(name):  # not node_modules/@anthropic-ai/claude-code/cli.js
            obs.model = name
            return


def _finish(obs: Observation) -> None:
    if obs.exception is None and obs.status is None:
        for exception, pattern in forms.SDK_MESSAGES:
            if pattern.search(obs.focus):
                obs.exception = exception  # str(exc) alone, e.g. "Connection error."
                break
    if obs.status is None and obs.exception in forms.EXCEPTION_STATUS:
        obs.status = forms.EXCEPTION_STATUS[obs.exception]
    if obs.status == 200 and obs.error_type:
        obs.mid_stream = True
    if (obs.status is None and obs.exception in ("APIStatusError", "APIError") and obs.error_type
            and "Error code:" not in obs.focus):
        # For `event: error` the Python SDK raises a code-less APIStatusError and the TypeScript
        # SDK a bare APIError whose message is only the JSON: no status means "after HTTP 200".
        obs.mid_stream = True
    if obs.status is None and obs.error_type in _STATUS_FOR_TYPE and not obs.mid_stream:
        obs.status = _STATUS_FOR_TYPE[obs.error_type]
        obs.status_inferred = True
    if obs.mid_stream and obs.status is None:
        obs.status = 200
    ctype = obs.headers.get("content-type", "")
    obs.body_is_html = "text/html" in ctype or bool(forms.re.search(r"(?i)<(?:!doctype html|html|body|title)\b", obs.text[:20000]))
    has_error = bool(obs.status and obs.status >= 400 or obs.error_type or obs.exception or obs.mid_stream
                     or obs.batch_result in ("errored", "expired", "canceled"))
    if has_error and obs.request is not None:
        obs.kind = "error+request"
    elif has_error:
        obs.kind = "error"
    elif obs.request is not None:
        obs.kind = "request"
    elif obs.message:
        obs.kind = "error"
