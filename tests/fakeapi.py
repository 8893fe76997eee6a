"""A scriptable stand-in for the Anthropic API, served on a real loopback socket.

Stdlib only. The real `anthropic` SDK (or curl, or httpx) is pointed at `FakeAPI().base_url`
and gets genuine HTTP answers, so the exceptions and tracebacks it raises are the real ones.

How a request is answered (first rule that applies wins):

1. the request carries the header ``x-fake-scenario: NAME`` and ``fake.scenarios[NAME]`` exists;
2. ``fake.queue`` is not empty: its oldest entry is used (``fake.push(reply)``);
   then ``fake.default``, when set, answers everything (a fault for every probe at once);
3. a rule added with ``fake.reject_field(field, model, message)`` matches the JSON body: 400;
4. the built-in routes: GET /v1/models, GET /v1/models/{id}, POST /v1/messages/count_tokens,
   POST /v1/messages (a JSON message, or an SSE stream when the body has ``"stream": true``);
5. anything else: 404 not_found_error.

A scenario is a `Reply` or a callable ``(Request) -> Reply``. A `Reply` can be JSON, raw bytes
(HTML, malformed JSON), an SSE stream (optionally ending in ``event: error``), slow (``delay``
longer than the client's timeout), cut off with a TCP reset (``reset_after``), trickled a byte at a time (``trickle``), or huge (``size``:
a generated, valid JSON message body of that many bytes, streamed without holding it in memory).
Every request received is recorded in ``fake.requests`` (method, path, headers, body, json).
"""

from __future__ import annotations

import json
import socket
import struct
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Union

SCENARIO_HEADER = "x-fake-scenario"
DEFAULT_REQUEST_ID = "req_011CFakeReqId0000000000000"
MODELS = ["claude-opus-4-8", "claude-opus-4-7", "claude-sonnet-4-6", "claude-haiku-4-5"]
REASONS = {402: "Payment Required", 413: "Payload Too Large", 529: "Overloaded"}
MALFORMED_JSON = b'{"id": "msg_01Fake", "type": "message", "content": [{"type": "te'


@dataclass
class Request:
    """One request as the server received it (header names lower-case)."""

    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes
    json: Any = None


@dataclass
class Reply:
    """What to answer. Header values of None remove a default header (e.g. request-id)."""

    status: int = 200
    headers: dict[str, str | None] = field(default_factory=dict)
    body: Any = None                      # dict/list -> JSON; str/bytes -> sent as is
    sse: list[tuple[str, Any]] | None = None   # [(event, data)] -> text/event-stream
    content_type: str | None = None       # overrides the guessed content-type
    delay: float = 0.0                    # sleep before the status line (slow server)
    gap: float = 0.0                      # sleep between SSE events (stalled stream)
    reset_after: int | None = None        # send headers + N body bytes, then a TCP reset
    size: int | None = None               # generated JSON message body of exactly N bytes
    trickle: float = 0.0                  # send the body one byte per `trickle` seconds


Scenario = Union[Reply, Callable[[Request], Reply]]


# --- realistic bodies ---------------------------------------------------------------------

def error_body(error_type: str, message: str, *, request_id: str | None = DEFAULT_REQUEST_ID,
               details: dict | None = None) -> dict:
    """The API's error envelope: {"type":"error","error":{...},"request_id":...}."""
    err: dict[str, Any] = {"type": error_type, "message": message}
    if details is not None:
        err["details"] = details
    return {"type": "error", "error": err, "request_id": request_id}


def error_reply(status: int, error_type: str, message: str, *,
                request_id: str = DEFAULT_REQUEST_ID, details: dict | None = None,
                headers: dict[str, str | None] | None = None) -> Reply:
    """An API error with the request id both in the header and in the body, as the API does."""
    return Reply(status, {"request-id": request_id, **(headers or {})},
                 error_body(error_type, message, request_id=request_id, details=details))


def message_json(model: str = "claude-sonnet-4-6", text: str = "Hello!") -> dict:
    return {"id": "msg_01FakeMessage", "type": "message", "role": "assistant", "model": model,
            "content": [{"type": "text", "text": text}], "stop_reason": "end_turn",
            "stop_sequence": None, "usage": {"input_tokens": 12, "output_tokens": 3}}


def stream_events(model: str = "claude-sonnet-4-6", text: str = "Hello!") -> list[tuple[str, Any]]:
    """A complete, well-formed Messages SSE stream."""
    start = message_json(model, "")
    start.update(content=[], stop_reason=None)
    return [
        ("message_start", {"type": "message_start", "message": start}),
        ("content_block_start", {"type": "content_block_start", "index": 0,
                                 "content_block": {"type": "text", "text": ""}}),
        ("ping", {"type": "ping"}),
        ("content_block_delta", {"type": "content_block_delta", "index": 0,
                                 "delta": {"type": "text_delta", "text": text}}),
        ("content_block_stop", {"type": "content_block_stop", "index": 0}),
        ("message_delta", {"type": "message_delta", "usage": {"output_tokens": 3},
                           "delta": {"stop_reason": "end_turn", "stop_sequence": None}}),
        ("message_stop", {"type": "message_stop"}),
    ]


def stream_error_reply(error_type: str = "overloaded_error", message: str = "Overloaded", *,
                       request_id: str = DEFAULT_REQUEST_ID, model: str = "claude-sonnet-4-6"
                       ) -> Reply:
    """HTTP 200 text/event-stream that starts a message, then sends `event: error`."""
    events = stream_events(model, "Partial answer")[:4]
    err = {"type": "error", "error": {"details": None, "type": error_type, "message": message}}
    return Reply(200, {"request-id": request_id}, sse=events + [("error", err)])


def closed_port_url() -> str:
    """A base URL on 127.0.0.1 where nothing listens (connection refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# --- the server -----------------------------------------------------------------------------

class FakeAPI:
    """Context manager: ``with FakeAPI() as fake: ... fake.base_url ...``."""

    def __init__(self, port: int = 0) -> None:
        """`port` 0 takes any free one; a fixed port keeps base_url the same from run to run
        (the app's screenshots show it)."""
        self.scenarios: dict[str, Scenario] = {}
        self.queue: deque[Scenario] = deque()
        self.requests: list[Request] = []
        self.rejections: list[tuple[str, str, str]] = []   # (field, model, message)
        self.default: Scenario | None = None                # answers every request when set
        self.models = list(MODELS)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        self._server.daemon_threads = True
        self._server.fake = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def push(self, reply: Scenario) -> None:
        """Answer the next request (that names no scenario) with this reply."""
        self.queue.append(reply)

    def reject_field(self, field_name: str, model: str, message: str) -> None:
        """Answer 400 invalid_request_error when `model` is sent with top-level `field_name`."""
        self.rejections.append((field_name, model, message))

    def requests_for(self, scenario: str) -> list[Request]:
        return [r for r in self.requests if r.headers.get(SCENARIO_HEADER) == scenario]

    def close(self) -> None:
        self._stop.set()           # wakes handlers sleeping in a `delay`
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "FakeAPI":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Called by the handler thread.
    def _choose(self, req: Request) -> Reply:
        with self._lock:
            self.requests.append(req)
            name = req.headers.get(SCENARIO_HEADER)
            chosen: Scenario | None = self.scenarios.get(name) if name else None
            if chosen is None and self.queue:
                chosen = self.queue.popleft()
            if chosen is None:
                chosen = self.default
        if chosen is not None:
            return chosen(req) if callable(chosen) else chosen
        return self._route(req)

    def _route(self, req: Request) -> Reply:
        body = req.json if isinstance(req.json, dict) else {}
        for field_name, model, message in self.rejections:
            if body.get("model") == model and field_name in body:
                return error_reply(400, "invalid_request_error", message,
                                   headers={"x-should-retry": "false"})
        if req.method == "GET" and req.path == "/v1/models":
            data = [{"type": "model", "id": m, "display_name": m, "created_at": "2026-01-01T00:00:00Z"}
                    for m in self.models]
            return Reply(200, body={"data": data, "has_more": False, "first_id": self.models[0],
                                    "last_id": self.models[-1]})
        if req.method == "GET" and req.path.startswith("/v1/models/"):
            model_id = req.path.rsplit("/", 1)[1]
            if model_id in self.models:
                return Reply(200, body={"type": "model", "id": model_id, "display_name": model_id,
                                        "created_at": "2026-01-01T00:00:00Z"})
            return error_reply(404, "not_found_error", f"model: {model_id}")
        if req.method == "POST" and req.path == "/v1/messages/count_tokens":
            return Reply(200, body={"input_tokens": max(1, len(req.body) // 4)})
        if req.method == "POST" and req.path == "/v1/messages":
            model = body.get("model", "claude-sonnet-4-6")
            if model not in self.models:
                return error_reply(404, "not_found_error", f"model: {model}")
            if body.get("stream"):
                return Reply(200, sse=stream_events(model))
            return Reply(200, body=message_json(model))
        return error_reply(404, "not_found_error", "Not found")


class _Handler(BaseHTTPRequestHandler):
    # HTTP/1.0: every response closes the connection, so streams and resets need no framing.
    protocol_version = "HTTP/1.0"
    server_version = "fakeapi"

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        self._handle()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_GET

    def _handle(self) -> None:
        fake: FakeAPI = self.server.fake  # type: ignore[attr-defined]
        raw = self.rfile.read(int(self.headers.get("content-length") or 0))
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = None
        path, _, query = self.path.partition("?")
        req = Request(self.command, path, query,
                      {k.lower(): v for k, v in self.headers.items()}, raw, parsed)
        reply = fake._choose(req)
        if reply.delay and fake._stop.wait(reply.delay):
            return                                   # server closing: give up quietly
        try:
            self._send(reply, fake)
        except (BrokenPipeError, ConnectionResetError):
            pass                                     # the client gave up first (timeouts)

    def _send(self, reply: Reply, fake: FakeAPI) -> None:
        headers: dict[str, str | None] = {"request-id": DEFAULT_REQUEST_ID}
        if reply.sse is not None:
            headers["content-type"] = "text/event-stream; charset=utf-8"
            headers["cache-control"] = "no-cache"
        elif reply.size is not None or isinstance(reply.body, (dict, list)):
            headers["content-type"] = "application/json"
        elif isinstance(reply.body, (str, bytes)):   # guess from the first character
            first = reply.body.lstrip()[:1]
            first = first.encode() if isinstance(first, str) else first
            headers["content-type"] = {b"<": "text/html; charset=utf-8", b"{": "application/json",
                                       b"[": "application/json"}.get(first, "text/plain")
        if reply.content_type:
            headers["content-type"] = reply.content_type
        headers.update(reply.headers)

        chunks = self._body_chunks(reply)
        if reply.sse is None:
            headers["content-length"] = str(sum(len(c) for c in chunks) if reply.size is None
                                            else reply.size)
        self.send_response(reply.status, REASONS.get(reply.status))
        for name, value in headers.items():
            if value is not None:
                self.send_header(name, value)
        self.end_headers()

        if reply.sse is not None:
            for event, data in reply.sse:
                payload = data if isinstance(data, str) else json.dumps(data)
                self.wfile.write(f"event: {event}\ndata: {payload}\n\n".encode())
                self.wfile.flush()
                if reply.gap and fake._stop.wait(reply.gap):
                    return
            return
        if reply.size is not None:
            chunks = _huge_message(reply.size)
        if reply.trickle:
            for byte in b"".join(chunks):
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                if fake._stop.wait(reply.trickle):
                    return
            return
        sent = 0
        for chunk in chunks:
            if reply.reset_after is not None and sent + len(chunk) >= reply.reset_after:
                self.wfile.write(chunk[: reply.reset_after - sent])
                self.wfile.flush()
                self._reset()
                return
            self.wfile.write(chunk)
            sent += len(chunk)
        if reply.reset_after is not None:
            self._reset()

    @staticmethod
    def _body_chunks(reply: Reply) -> list[bytes]:
        if reply.sse is not None or reply.size is not None or reply.body is None:
            return []
        if isinstance(reply.body, bytes):
            return [reply.body]
        if isinstance(reply.body, str):
            return [reply.body.encode()]
        return [json.dumps(reply.body).encode()]

    def _reset(self) -> None:
        """Abort the connection with a TCP RST (SO_LINGER 0), not a clean FIN."""
        self.wfile.flush()
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True


def _huge_message(size: int, chunk: int = 1 << 20):
    """Yield a valid JSON message body of exactly `size` bytes, in 1 MiB pieces."""
    head = json.dumps(message_json(text="\x00")).encode().split(b"\\u0000")
    pad = size - len(head[0]) - len(head[1])
    if pad < 0:
        raise ValueError(f"size must be at least {size - pad} bytes")
    yield head[0]
    while pad > 0:
        n = min(chunk, pad)
        yield b"a" * n
        pad -= n
    yield head[1]
