"""Reading one paste: any text → one Observation. Never raises, whatever the input.

The order of work: normalise the text; find the structured objects in it (JSON, Python reprs,
Node dumps); unwrap envelopes down to the innermost Anthropic error; then fill what the objects
did not say (status, headers, request id, exception, model) from the text around them.
"""

from __future__ import annotations

from ..observation import Observation
from . import forms, summary
from .envelopes import API_TYPES, GOOGLE_STATUS, take_transport, visit
from .loose import json_error, objects, unwrapped
from .python_sdk import read_trailer

MAX_TEXT = 16_000_000     # characters; beyond this only the head and tail are read
# Statuses whose error.type the API always sends; used only when the paste shows the status alone.
_TYPE_FOR_STATUS = {400: "invalid_request_error", 401: "authentication_error", 402: "billing_error",
                    403: "permission_error", 404: "not_found_error", 409: "conflict_error",
                    413: "request_too_large", 429: "rate_limit_error", 500: "api_error",
                    504: "timeout_error", 529: "overloaded_error"}
_STATUS_FOR_TYPE = {v: k for k, v in _TYPE_FOR_STATUS.items()} | {"forbidden": 403}
_HTML_QUOTE = forms.lazy(r"&(quot|#34|#39|#x27);")  # quotes as a web page shows them


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
    if '"' not in data and _HTML_QUOTE.search(data):
        import html  # copied out of a web page whole: every JSON quote came as an entity
        data = html.unescape(data)
    if forms.CONTROL.search(data):
        data = data.translate(forms.CONTROL_TABLE)  # 30× a regex sub on 5 MB of controls
    return data


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
    for a, b in spans[:16]:  # a huge object's middle is in the parsed value, not needed as text
        windows += ([(max(0, a - _WINDOW), min(n, b + _WINDOW))] if b - a <= 4 * _WINDOW else
                    [(max(0, a - _WINDOW), a + 2 * _WINDOW), (b - 2 * _WINDOW, min(n, b + _WINDOW))])
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


# Claude Code hard-wraps its output to the terminal and pads the next line to where the text
# started ("input tokens per" ⏎ 60 spaces "minute"): such a break is a space in the message.
_PADDED_WRAP = forms.lazy(r"\n[ \t]{20,}+(?=\S)")
_CLAUDE_CODE_MARKS = ("API Error", "⎿", "Claude Code")


def _join_padded_wraps(text: str) -> str:
    """Each line padded by 20 or more blanks joins the line above with one space. Done line by
    line: a regex that also ate the blanks before the break would retry them from each position."""
    lines = text.split("\n")
    out = [lines[0]]
    for line in lines[1:]:
        body = line.lstrip(" \t")
        if body and len(line) - len(body) >= 20:
            out[-1] = out[-1].rstrip(" \t") + " " + body
        else:
            out.append(line)
    return "\n".join(out)


def _read_into(obs: Observation, text: str) -> None:
    if any(mark in text for mark in _CLAUDE_CODE_MARKS) and _PADDED_WRAP.search(text):
        text = _join_padded_wraps(text)
    found = []
    spans: list[tuple[int, int]] = []
    repr_error = False  # an error envelope printed as a Python dict repr (single quotes, None)
    for start, end, value in objects(text):
        found.append(value)
        if abs(end) - start >= summary.LARGE_VALUE:
            obs.notes.extend(f"{v} (summarised: searched as its size only)"
                             for v in summary.large_values(value))
        spans.append((start, abs(end)))
        if isinstance(value, dict) and text[max(0, start - 12):start].rstrip().endswith(_HEADERS_KEY):
            take_transport(obs, {"headers": value})  # a dump pasted from inside: "headers: {…}"
            continue
        before = obs.error_type
        visit(obs, value)
        repr_error = repr_error or (end < 0 and obs.error_type is not None and before is None
                                    and _quoted_keys(text, start))
    read_trailer(obs, text)
    if obs.error_type is None:
        _reread(obs, text, bool(found))
    note = json_error(text)
    if note and not found:
        obs.notes.append(note)
    elif note and len(found) >= 1 and text.strip()[0] in "{[":
        obs.notes.append(note + " (read leniently)")
    obs.focus = summary.summarise(_focus(text, spans))
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
_BRACKETED_TYPE = forms.lazy(r"[\[(](" + "|".join(sorted(API_TYPES)) + r")[\])]")
_STATUS_THEN_TYPE = forms.lazy(r"\b[45]\d\d (" + "|".join(sorted(API_TYPES)) + r")\b")  # "400 invalid_request_error: …"
# A type field, quoted or not: JSON, reprs, Ruby / Elixir maps (=>), keyword lists (`type: "…"`),
# wrappers' own `error_type` key.
_TYPE_FIELD = forms.lazy(r"(?:[\"']|\b)(?:error_)?type[\"']?\s*(?::|=>|=)\s*[\"'](\w+_error|request_too_large|forbidden)[\"']"
                         r"|[{,]\s*type=(\w+_error|request_too_large|forbidden)\b")  # a Java / Kotlin map: {type=…}
_GOOGLE_STATUS_LINE = forms.lazy(r"\bStatus: (INVALID_ARGUMENT|FAILED_PRECONDITION|PERMISSION_DENIED|NOT_FOUND"
                                 r"|RESOURCE_EXHAUSTED|UNAVAILABLE|DEADLINE_EXCEEDED|INTERNAL|UNAUTHENTICATED)\b")
_ERROR_KEY = forms.lazy(r"""\\?["']error\\?["']\s*:""")  # an error body, not just a request's "type": keys


def _quoted_keys(text: str, start: int) -> bool:
    """Does the literal at `start` quote its keys, as a Python repr does (a Node dump does not)?"""
    return text[start + 1:start + 200].lstrip()[:1] in ("'", '"')


def _reread(obs: Observation, text: str, parsed: bool) -> None:
    """Read once more what the first pass found no error in, in the two shapes that hide one."""
    if not parsed and "\n" in text and len(text) <= FOCUS_OVER and _ERROR_KEY.search(text):
        # Hard-wrapped: Claude Code prints an error wrapped to the terminal's width, so its JSON
        # strings hold raw line breaks and no longer parse.
        for _, _, value in objects(unwrapped(text)):
            visit(obs, value)
    if obs.error_type is None and "\\'type\\'" in text:
        # repr(exc) of an older SDK's "Error code: 429 - {'type': …}": the inner quotes escaped.
        for _, _, value in objects(text.replace("\\'", "'")):
            visit(obs, value)
    if obs.error_type is None and '\\"type\\"' in text:
        # JSON printed as a quoted string in a log line ("data: {\"type\":\"error\", …}"), or a
        # relay's envelope cut off before its own end.
        for _, _, value in objects(text.replace('\\"', '"')):
            visit(obs, value)


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
    if obs.status is None and obs.source == "claude-code":
        _sentence_status(obs, head, forms.CLAUDE_CODE_STATUS)
    if obs.status is None:
        _sentence_status(obs, head, forms.SENTENCE_STATUS)
    if obs.status is None and (m := _GOOGLE_STATUS_LINE.search(head)):
        obs.status = GOOGLE_STATUS[m.group(1)]  # "…, Status: NOT_FOUND" (Vertex through a client)
    _headers(obs, head)
    if obs.request_id is None:
        m = (forms.GO_REQUEST_ID.search(head) or forms.REQUEST_ID.search(head)
             or forms.RELAY_REQUEST_ID.search(head))
        obs.request_id = m.group(1) if m else obs.headers.get("request-id") or obs.headers.get("x-request-id")
    if obs.error_type is None:
        m = _TYPE_FIELD.search(head)
        if m:  # a truncated body still names its type; so do Elixir terms and wrappers' contexts
            obs.error_type = m.group(1) or m.group(2)
        elif m := _BRACKETED_TYPE.search(head) or _STATUS_THEN_TYPE.search(head):
            obs.error_type = m.group(1)  # a wrapper's own wording: "Anthropic Error: [not_found_error] …"
    if obs.message is None:
        m = forms.re.search(r"""(["'])message\1\s*(?::|=>)\s*(["'])((?:(?!\2)[^\\]|\\.){3,})""", head)
        if m:  # a truncated body (or an Elixir / Ruby map: "message" => "…") still gives its message
            obs.message = m.group(3)
    if ("event: error" in head or "received error while streaming:" in head  # the Go SDK's stream error
            or forms.re.search(r"(?m)^event:\s*error\s*$", head)):
        obs.mid_stream = True
    _model(obs, head)


def _sentence_status(obs: Observation, text: str, sentences) -> None:
    """The status behind a sentence that stands for one (Claude Code prints no number for these)."""
    for pattern, status in sentences:
        if pattern.search(text):
            obs.status, obs.status_inferred = status, True
            return


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


# Indents are `[^\S\n]*+`, never `\s*`: a `\s*` after `^` runs on across blank lines, so 10 MB of
# newlines made every line start scan all the rest (and `\s*<?\s*` splits a run of spaces n ways).
_HEADERS_AHEAD = forms.lazy(r"(?im)^[^\S\n]*+[<>]?[^\S\n]*+(?:HTTP/|request-id:|retry-after|x-should-retry|"
                            r"anthropic-|x-api-key|authorization|content-type|x-ratelimit)")
_STATUS_LINE = forms.lazy(r"(?m)^[^\S\n]*+<?[^\S\n]*+HTTP/[\d.]+ (\d{3})")


def _headers(obs: Observation, text: str) -> None:
    if not _HEADERS_AHEAD.search(text):
        return
    in_response = False
    for m in forms.HEADER_LINE.finditer(text):
        arrow, name, value = m.group(1), m.group(2).lower(), m.group(3).rstrip()
        if arrow == ">":
            obs.request_headers[name] = value
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        if text[line_start:m.end()].lstrip().lstrip("<").lstrip().startswith("HTTP/"):
            in_response = True
        if arrow == "<" or in_response or forms.KNOWN_RESPONSE_HEADERS.match(name):
            if name in ("x-api-key", "authorization", "anthropic-version", "anthropic-beta") and arrow != "<":
                obs.request_headers.setdefault(name, value)
            elif forms.KNOWN_RESPONSE_HEADERS.match(name) or arrow == "<":
                obs.headers.setdefault(name, value)
    for line in _STATUS_LINE.finditer(text):
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
    if obs.message:
        obs.message = summary.message(obs.message)
    if obs.message and _HTML_QUOTE.search(obs.message):
        import html  # only the escaped quotes inside the message came as entities ("between &quot;user&quot;")
        obs.message = html.unescape(obs.message)
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
