"""A generated service log for the scan benchmark: ordinary INFO lines with about 1 % of lines
starting a Claude API failure, in the forms real logs hold them (Python tracebacks, JSON-lines
records, Claude Code lines, `curl -v` exchanges, SSE error events, Node error dumps).

`write_log(path, size_bytes, signatures=30)` writes it in blocks, never holding the file whole.
"""

from __future__ import annotations

import json
import random

_PATHS = ["/api/items", "/api/users", "/health", "/api/orders", "/static/app.js", "/api/search", "/metrics"]
_WORDS = ["cache hit", "db query ok", "job queued", "token refreshed", "session started", "rendered page",
          "sent webhook", "flushed buffer", "scheduled task ran", "connection pooled"]

# (status, exception class, error type, message template): templates vary by a number or a name,
# so the log holds up to `signatures` distinct messages after normalisation.
_ERRORS = [
    (429, "RateLimitError", "rate_limit_error",
     "This request would exceed the rate limit for your organization ({org}) of {n} input tokens per minute. "
     "For details, refer to: https://docs.claude.com/en/api/rate-limits."),
    (529, "OverloadedError", "overloaded_error", "Overloaded"),
    (400, "BadRequestError", "invalid_request_error",
     "prompt is too long: {n} tokens > 200000 maximum"),
    (400, "BadRequestError", "invalid_request_error",
     "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or "
     "purchase credits."),
    (401, "AuthenticationError", "authentication_error", "invalid x-api-key"),
    (404, "NotFoundError", "not_found_error", "model: claude-3-{kind}-2024{n}"),
    (500, "InternalServerError", "api_error", "Internal server error"),
    (400, "BadRequestError", "invalid_request_error",
     "messages.{n}.content.0.tool_result: tool_use ids were found without tool_result blocks immediately after"),
]
_KINDS = ["opus", "sonnet", "haiku", "instant", "mini", "max"]
_MODELS = ["claude-sonnet-4-6", "claude-opus-4-7", "claude-haiku-4-5"]


def _ts(t: float) -> str:
    s = int(t)
    return (f"2026-12-06T{(s // 3600) % 24:02d}:{(s // 60) % 60:02d}:{s % 60:02d}."
            f"{int((t - s) * 1000):03d}Z")


def _reqid(rng: random.Random) -> str:
    return "req_011C" + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789")
                                for _ in range(20))


class Failures:
    """Failure events drawn from at most `signatures` distinct (status, type, message) triples."""

    def __init__(self, rng: random.Random, signatures: int) -> None:
        self.rng = rng
        self.sigs = []
        for i in range(signatures):
            status, exc, etype, tpl = _ERRORS[i % len(_ERRORS)]
            msg = tpl.format(org=f"org-{i}", n=1000 + i * 7919 % 90000, kind=_KINDS[i % len(_KINDS)])
            self.sigs.append((status, exc, etype, msg))

    def event(self, t: float, form: int | None = None) -> str:
        rng = self.rng
        status, exc, etype, msg = rng.choice(self.sigs)
        rid, model, ts = _reqid(rng), rng.choice(_MODELS), _ts(t)
        body = {"type": "error", "error": {"type": etype, "message": msg}, "request_id": rid}
        form = rng.randrange(6) if form is None else form
        if form == 0:  # a Python traceback from the SDK, logged by the logging module
            return (f"{ts} ERROR worker Unhandled error while summarising\n"
                    "Traceback (most recent call last):\n"
                    '  File "/srv/app/worker.py", line 88, in summarise\n'
                    f'    response = client.messages.create(model="{model}", max_tokens=1024, messages=msgs)\n'
                    '  File "/srv/venv/lib/python3.12/site-packages/anthropic/_base_client.py", line 1108, in request\n'
                    "    raise self._make_status_error_from_response(err.response) from None\n"
                    f"anthropic.{exc}: Error code: {status} - {body!r}\n")
        if form == 1:  # one JSON-lines record from a log platform
            return json.dumps({"ts": ts, "level": "error", "logger": "claude.client", "model": model,
                               "msg": "messages.create failed",
                               "error": f"Error code: {status} - {body!r}"}) + "\n"
        if form == 2:  # Claude Code's line
            return f"{ts} [claude-code]  ⎿  API Error: {status} {json.dumps(body)}\n"
        if form == 3:  # a curl -v exchange
            return (f"{ts} DEBUG curl trace follows\n"
                    "> POST /v1/messages HTTP/2\n> Host: api.anthropic.com\n> x-api-key: sk-ant-api03-"
                    + "x" * 20 + "abcd\n> anthropic-version: 2023-06-01\n> content-type: application/json\n>\n"
                    f"< HTTP/2 {status}\n< content-type: application/json\n< request-id: {rid}\n"
                    f"<\n{json.dumps(body)}\n")
        if form == 4:  # an SSE error event inside a stream (HTTP 200)
            return (f"{ts} DEBUG stream chunk\n"
                    "event: error\n"
                    f"data: {json.dumps({'type': 'error', 'error': {'type': etype, 'message': msg}})}\n\n")
        # a Node SDK error dump
        return (f"{ts} error: request failed {exc}: {status} {json.dumps(body)}\n"
                "    at APIError.generate (/app/node_modules/@anthropic-ai/sdk/core/error.mjs:61:20)\n"
                "    at Anthropic.makeStatusError (/app/node_modules/@anthropic-ai/sdk/client.mjs:301:32)\n"
                "    at async Worker.run (/app/dist/worker.js:44:17) {\n"
                f"  status: {status},\n  request_id: '{rid}'\n}}\n")


def _info(rng: random.Random, t: float) -> str:
    return (f"{_ts(t)} INFO  app.http {rng.choice(('GET', 'POST', 'GET', 'PUT'))} {rng.choice(_PATHS)}/"
            f"{rng.randrange(100000)} 200 {rng.randrange(1, 900)}ms user=u{rng.randrange(5000)} "
            f"{rng.choice(_WORDS)}\n")


def write_log(path: str, size_bytes: int, signatures: int = 30, failure_rate: float = 0.01,
              seed: int = 13) -> int:
    """Write the log; returns the number of failure events written."""
    rng = random.Random(seed)
    fails = Failures(rng, signatures)
    written = events = 0
    t = 0.0
    # A pool of ordinary lines reused at random keeps generation fast enough for 2 GB.
    pool = [_info(rng, i * 0.37) for i in range(5000)]
    with open(path, "w", encoding="utf-8") as fh:
        while written < size_bytes:
            block = []
            for _ in range(2000):
                t += 0.01
                if rng.random() < failure_rate:
                    block.append(fails.event(t))
                    events += 1
                else:
                    block.append(pool[rng.randrange(len(pool))])
            text = "".join(block)
            fh.write(text)
            written += len(text.encode())
    return events
