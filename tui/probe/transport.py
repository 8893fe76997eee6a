"""One HTTP exchange with the API (httpx, async), and what the engine makes of it.

A failed exchange is not interpreted here: the response is written out like `curl -i` output, or
the exception like a traceback line, and handed to the same engine a pasted error goes through.
"""

from __future__ import annotations

import asyncio
import json
import time

import httpx

from knowledge.record import Record, factory

from ..engine import Diagnosis, diagnose
from .config import ProbeConfig

MAX_BODY = 4 * 1024 * 1024  # bytes read from any response; a probe never needs more


class Outcome(Record):
    status: int | None = None
    reason: str = ""
    headers: dict = factory(dict)
    body: bytes = b""
    truncated: bool = False
    error: str = ""             # "module.ExceptionName: message" when no response came back
    elapsed_ms: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    def json(self) -> object | None:
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def as_text(self) -> str:
        """What a user would paste: the curl -i view of the response, or the exception line."""
        if self.status is None:
            return self.error
        head = f"HTTP/1.1 {self.status} {self.reason}".rstrip()
        lines = [head, *(f"{k}: {v}" for k, v in self.headers.items()), ""]
        return "\n".join(lines) + "\n" + self.body[:65536].decode("utf-8", errors="replace")

    def diagnosis(self, env: dict | None = None) -> Diagnosis:
        return diagnose(self.as_text(), env=env)


def client(cfg: ProbeConfig) -> httpx.AsyncClient:
    # No redirects: a 3xx to another host must not carry the key along. TLS certificates are always
    # verified (verify=True spelled out; nothing in claude-triage turns it off, a test checks).
    return httpx.AsyncClient(timeout=httpx.Timeout(cfg.timeout, connect=min(5.0, cfg.timeout)),
                             follow_redirects=False, headers=cfg.headers, verify=True)


def _exception_text(exc: BaseException) -> str:
    parts, seen, cur = [], set(), exc
    while cur is not None and id(cur) not in seen and len(parts) < 6:
        seen.add(id(cur))
        parts.append(f"{type(cur).__module__}.{type(cur).__name__}: {cur}")
        cur = cur.__cause__ or cur.__context__
    return "\n".join(reversed(parts))


async def send(http: httpx.AsyncClient, cfg: ProbeConfig, method: str, path: str,
               body: dict | None = None) -> Outcome:
    """One exchange, bounded in time and memory: httpx's timeouts are per read (a server sending
    a byte a second never trips them), so the whole exchange also has a deadline of cfg.timeout;
    at most MAX_BODY bytes of the reply are kept."""
    start = time.perf_counter()
    try:
        async with asyncio.timeout(cfg.timeout):
            return await _exchange(http, cfg, method, path, body, start)
    except TimeoutError:
        exc = httpx.ReadTimeout(f"no complete answer within {cfg.timeout:g} s (the server kept the "
                                "connection open, sending too slowly)")
        return Outcome(error=_exception_text(exc), elapsed_ms=(time.perf_counter() - start) * 1000)


async def _exchange(http: httpx.AsyncClient, cfg: ProbeConfig, method: str, path: str,
                    body: dict | None, start: float) -> Outcome:
    try:
        async with http.stream(method, cfg.url(path), json=body) as resp:
            chunks, size, truncated = [], 0, False
            async for chunk in resp.aiter_bytes():
                chunks.append(chunk)
                size += len(chunk)
                if size > MAX_BODY:
                    truncated = True
                    break
            return Outcome(status=resp.status_code, reason=resp.reason_phrase,
                           headers={k.lower(): v for k, v in resp.headers.items()},
                           body=b"".join(chunks)[:MAX_BODY], truncated=truncated,
                           elapsed_ms=(time.perf_counter() - start) * 1000)
    except httpx.HTTPError as exc:
        return Outcome(error=_exception_text(exc), elapsed_ms=(time.perf_counter() - start) * 1000)
