"""Live probes: does the credential work, does it see the model, does the API accept the request,
what are the rate limits right now. Independent probes run concurrently.

Each probe returns a ProbeResult; a failure carries the engine's top cause for the response (or
the connection error), so a probe's 401 is explained exactly like a pasted 401.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from datetime import datetime, timezone

import knowledge
from knowledge.record import factory

from ..checks.result import CheckResult
from .. import models as registry
from . import transport
from .config import ProbeConfig, refusal

# Fields count_tokens does not take (no max_tokens: https://platform.claude.com/docs/en/api/messages-count-tokens) or ignores.
NOT_FOR_COUNT = ("max_tokens", "stream", "temperature", "top_p", "top_k", "stop_sequences", "metadata",
                 "service_tier", "container")

# Each probe's title, by id; {model} is the model probed. `plan` shows them before any answer.
TITLES = {"live.models": "The credential works (GET /v1/models)",
          "live.model": "This credential sees {model} (GET /v1/models/{{id}})",
          "live.count_tokens": "The API accepts the request (POST /v1/messages/count_tokens)",
          "live.rate_limits": "Rate limits now (POST /v1/messages, max_tokens 1, {model})"}


class ProbeResult(CheckResult):
    """A check that went over the network: the offline CheckResult plus timing and what it read."""

    step: str = "live"
    elapsed_ms: float = 0.0
    data: dict = factory(dict)

    def to_dict(self) -> dict:
        return {**super().to_dict(), "elapsed_ms": round(self.elapsed_ms, 1), "data": self.data}


def plan(cfg: ProbeConfig, request: dict | None = None, spend: bool = False) -> list[tuple[str, str]]:
    """(id, title) of the probes `run_live` runs with these arguments, so a UI can list them as
    running before the first answer comes back."""
    ids = ["live.models", "live.model"] + (["live.count_tokens"] if request is not None else []) + \
        (["live.rate_limits"] if spend else [])
    return [(pid, TITLES[pid].format(model=cfg.model)) for pid in ids]


def _failed(pid: str, title: str, out: transport.Outcome, env: Mapping | None) -> ProbeResult:
    d = out.diagnosis(dict(env) if env is not None else None)
    top = d.top
    what = f"HTTP {out.status}" if out.status is not None else out.error.splitlines()[-1][:200]
    detail = f"{what}: {d.observation.message or ''}".rstrip(": ")
    if top:
        detail += f" → {top.cause.title}"
    return ProbeResult(id=pid, title=title, status="fail", detail=detail, cause_id=top.id if top else "",
                       elapsed_ms=out.elapsed_ms, data={"status": out.status, "request_id": d.observation.request_id})


async def probe_models(http, cfg: ProbeConfig, env) -> ProbeResult:
    out = await transport.send(http, cfg, "GET", "/v1/models?limit=1000")
    if not out.ok:
        return _failed("live.models", TITLES["live.models"], out, env)
    body = out.json()
    ids = [m.get("id") for m in body.get("data", []) if isinstance(m, dict)] if isinstance(body, dict) else []
    if not ids:
        return ProbeResult(id="live.models", title=TITLES["live.models"], status="warn",
                           detail="HTTP 200 but the body is not a model list: is the base URL a proxy?",
                           cause_id="platform.proxy-own-error", elapsed_ms=out.elapsed_ms)
    return ProbeResult(id="live.models", title=TITLES["live.models"], status="pass",
                       detail=f"{len(ids)} models visible to this credential", elapsed_ms=out.elapsed_ms,
                       data={"models": ids})


async def probe_model(http, cfg: ProbeConfig, env) -> ProbeResult:
    title = TITLES["live.model"].format(model=cfg.model)
    out = await transport.send(http, cfg, "GET", f"/v1/models/{cfg.model}")
    if out.ok:
        return ProbeResult(id="live.model", title=title, status="pass", detail="available",
                           elapsed_ms=out.elapsed_ms)
    return _failed("live.model", title, out, env)


def count_body(request: dict, model: str) -> dict:
    body = {k: v for k, v in request.items() if k not in NOT_FOR_COUNT}
    body.setdefault("model", model)
    return body


async def probe_count_tokens(http, cfg: ProbeConfig, env, request: dict) -> ProbeResult:
    title = TITLES["live.count_tokens"]
    body = count_body(request, cfg.model)
    out = await transport.send(http, cfg, "POST", "/v1/messages/count_tokens", body)
    if not out.ok:
        return _failed("live.count_tokens", title, out, env)
    parsed = out.json()
    tokens = parsed.get("input_tokens") if isinstance(parsed, dict) else None
    model = registry.lookup(knowledge.load(), str(body.get("model")))
    window = model.context_window if model else None
    if isinstance(tokens, int) and window and tokens > window:
        return ProbeResult(id="live.count_tokens", title=title, status="fail", cause_id="request.prompt-too-long",
                           detail=f"{tokens:,} input tokens > {window:,}, the context window of {model.id}",
                           elapsed_ms=out.elapsed_ms, data={"input_tokens": tokens, "context_window": window})
    share = f" ({tokens / window:.0%} of {model.id}'s {window:,})" if isinstance(tokens, int) and window else ""
    return ProbeResult(id="live.count_tokens", title=title, status="pass",
                       detail=f"valid; {tokens:,} input tokens{share}" if isinstance(tokens, int) else "valid",
                       elapsed_ms=out.elapsed_ms, data={"input_tokens": tokens, "context_window": window})


async def count_input_tokens(http, cfg: ProbeConfig, request: dict) -> int | None:
    """The request's input tokens by count_tokens (free; shrink's cost estimate), or None when the
    API does not count it."""
    out = await transport.send(http, cfg, "POST", "/v1/messages/count_tokens", count_body(request, cfg.model))
    body = out.json() if out.ok else None
    tokens = body.get("input_tokens") if isinstance(body, dict) else None
    return tokens if isinstance(tokens, int) else None


def ratelimit_rows(headers: Mapping[str, str], now: float | None = None) -> list[dict]:
    """anthropic-ratelimit-* headers → rows of (name, limit, remaining, reset, seconds to reset)."""
    rows: dict[str, dict] = {}
    for name, value in headers.items():
        if not name.startswith("anthropic-ratelimit-"):
            continue
        kind, _, field = name.removeprefix("anthropic-ratelimit-").rpartition("-")
        rows.setdefault(kind, {"name": kind})[field] = value
    now = time.time() if now is None else now
    for row in rows.values():
        try:
            reset = datetime.fromisoformat(row.get("reset", "").replace("Z", "+00:00"))
            row["reset_in_s"] = max(0.0, round(reset.astimezone(timezone.utc).timestamp() - now, 1))
        except ValueError:
            row["reset_in_s"] = None
    return sorted(rows.values(), key=lambda r: r["name"])


async def probe_rate_limits(http, cfg: ProbeConfig, env) -> ProbeResult:
    title = TITLES["live.rate_limits"].format(model=cfg.model)
    body = {"model": cfg.model, "max_tokens": 1, "messages": [{"role": "user", "content": "ping"}]}
    out = await transport.send(http, cfg, "POST", "/v1/messages", body)
    rows = ratelimit_rows(out.headers)
    if not out.ok:
        result = _failed("live.rate_limits", title, out, env)
        result.data["rate_limits"] = rows
        return result
    low = [r["name"] for r in rows if r.get("remaining") == "0"]
    return ProbeResult(id="live.rate_limits", title=title, status="warn" if low else "pass",
                       detail=("exhausted now: " + ", ".join(low)) if low else f"{len(rows)} limits read",
                       elapsed_ms=out.elapsed_ms, data={"rate_limits": rows})


async def run_live(cfg: ProbeConfig, env: Mapping | None = None, request: dict | None = None,
                   spend: bool = False, on_result: Callable[[ProbeResult], None] | None = None,
                   allow_insecure: bool = False) -> list[ProbeResult]:
    """Run the probes that apply, concurrently; `on_result` hears each as it finishes.

    `spend` is the user's consent to the one probe that costs money (a 1-token message)."""
    def report(r: ProbeResult) -> ProbeResult:
        if on_result:
            on_result(r)
        return r

    stop = refusal(cfg, env, allow_insecure)
    if stop:
        return [report(ProbeResult(id="live.preflight", title="Safe to send", status="fail",
                                   detail=stop[0] + " Nothing was sent.", cause_id=stop[1]))]

    async def run(coro):
        return report(await coro)

    async with transport.client(cfg) as http:
        make = {"live.models": lambda: probe_models(http, cfg, env), "live.model": lambda: probe_model(http, cfg, env),
                "live.count_tokens": lambda: probe_count_tokens(http, cfg, env, request or {}),
                "live.rate_limits": lambda: probe_rate_limits(http, cfg, env)}
        jobs = [make[pid]() for pid, _ in plan(cfg, request, spend)]
        results = list(await asyncio.gather(*(run(j) for j in jobs)))
    _suggest_models(results, cfg.model)
    return results


def _suggest_models(results: list[ProbeResult], model_id: str) -> None:
    """A 404 on the model: name the nearest IDs from the live list this credential sees."""
    live = next((r for r in results if r.id == "live.models" and r.status == "pass"), None)
    miss = next((r for r in results if r.id == "live.model" and r.status == "fail"), None)
    if live and miss and miss.data.get("status") == 404:
        near = registry.closest(model_id, live.data.get("models", []))
        if near:
            miss.detail += f"; nearest IDs this key sees: {', '.join(near)}"
            miss.data["suggestions"] = near
