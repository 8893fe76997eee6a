"""Shrink a request that fails with a 400 to the smallest variant that still fails, and name the
field whose removal makes it pass.

A variant "still fails" only when it fails *the same way*: same status, same message with the
numbers blurred. A variant that fails differently (we broke something else) tells us nothing and
is not kept. Every send counts against the budget; the caller shows each step as it happens.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Awaitable, Callable

from knowledge.record import Record, factory

from .transport import Outcome

REQUIRED = ("model", "max_tokens", "messages")
Send = Callable[[dict], Awaitable[Outcome]]


class Step(Record):
    label: str                # what this variant changed
    status: int | None
    message: str = ""
    verdict: str = ""         # "same failure" | "passes" | "different failure" | "no answer"


class ShrinkReport(Record):
    reproduced: bool = False  # the original request failed with a 400 when sent
    original: str = ""        # its failure, as "400: message"
    culprit: str | None = None  # the field whose removal makes the request pass
    smallest: dict | None = None
    steps: list = factory(list)
    sent: int = 0
    budget: int = 20
    stopped: str = ""         # why it ended early ("budget", "not reproduced", ...)

    def to_dict(self) -> dict:
        return {"reproduced": self.reproduced, "original": self.original, "culprit": self.culprit,
                "smallest": self.smallest, "sent": self.sent, "budget": self.budget, "stopped": self.stopped,
                "steps": [s.fields() for s in self.steps]}


def _message(out: Outcome) -> str:
    body = out.json()
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return str(body["error"].get("message", ""))
    return out.error.splitlines()[-1] if out.error else out.body[:200].decode("utf-8", "replace")


def signature(out: Outcome) -> tuple[int | None, str]:
    return out.status, re.sub(r"\d+", "N", _message(out))


def candidates(request: dict) -> list[tuple[str, dict]]:
    """Variants to try, most informative first: each optional field removed on its own, then
    structure trimmed (tools, earlier turns, content blocks, long texts)."""
    out = []
    if isinstance(request.get("max_tokens"), int) and request["max_tokens"] > 1:
        # First, and cheapest for every later step: if the failure survives max_tokens=1, the
        # variants that pass cost one output token each; if it passes, max_tokens is the culprit.
        out.append(("max_tokens lowered to 1", {**request, "max_tokens": 1}))
    for key in request:
        if key not in REQUIRED:
            out.append((f"without `{key}`", {k: v for k, v in request.items() if k != key}))
    for key in ("thinking", "tool_choice"):
        value = request.get(key)
        if isinstance(value, dict):
            for sub in value:
                if sub != "type":
                    trimmed = copy.deepcopy(request)
                    del trimmed[key][sub]
                    out.append((f"without `{key}.{sub}`", trimmed))
    messages = request.get("messages")
    if isinstance(messages, list) and len(messages) > 1:
        out.append(("only the last user turn", {**request, "messages": _last_user(messages)}))
        for i in range(len(messages)):
            rest = messages[:i] + messages[i + 1:]
            if rest and isinstance(rest[0], dict) and rest[0].get("role") == "user":
                out.append((f"without `messages[{i}]`", {**request, "messages": rest}))
    for i, msg in enumerate(messages if isinstance(messages, list) else []):
        content = msg.get("content") if isinstance(msg, dict) else None
        if isinstance(content, list):
            for j in range(len(content)):
                if len(content) > 1:
                    trimmed = copy.deepcopy(request)
                    del trimmed["messages"][i]["content"][j]
                    out.append((f"without `messages[{i}].content[{j}]`", trimmed))
        elif isinstance(content, str) and len(content) > 200:
            trimmed = copy.deepcopy(request)
            trimmed["messages"][i]["content"] = content[:200]
            out.append((f"`messages[{i}].content` cut to 200 characters", trimmed))
    return out


def _culprit(label: str, request: dict) -> str:
    if label.startswith("max_tokens"):
        return f"max_tokens (= {request.get('max_tokens')})"
    return label.removeprefix("without ").strip("`")


def _last_user(messages: list) -> list:
    for msg in reversed(messages):
        if isinstance(msg, dict) and msg.get("role") == "user":
            return [msg]
    return messages[:1]


async def shrink(request: dict, send: Send, budget: int = 20,
                 on_step: Callable[[Step], None] | None = None) -> ShrinkReport:
    report = ShrinkReport(budget=budget)

    async def attempt(label: str, variant: dict, target: tuple) -> str:
        out = await send(variant)
        report.sent += 1
        if out.status is None:
            verdict = "no answer"
        elif out.ok:
            verdict = "passes"
        else:
            verdict = "same failure" if signature(out) == target else "different failure"
        shown = "accepted" if out.ok else _message(out)[:300]
        step = Step(label=label, status=out.status, message=shown, verdict=verdict)
        report.steps.append(step)
        if on_step:
            on_step(step)
        return verdict

    first = await send(request)
    report.sent = 1
    report.original = f"{first.status}: {_message(first)[:300]}"
    if first.status != 400:
        report.stopped = "not reproduced: the request did not fail with a 400" if first.status else \
            f"no answer from the API ({_message(first)})"
        return report
    report.reproduced, target, current = True, signature(first), request
    report.smallest = request
    progress, settled = True, set()  # labels already answered "passes" or "different failure"
    while progress and report.sent < budget:
        progress = False
        for label, variant in candidates(current):
            if label in settled:
                continue
            if report.sent >= budget:
                report.stopped = "budget"
                break
            verdict = await attempt(label, variant, target)
            if verdict in ("passes", "different failure"):
                settled.add(label)
            if verdict == "passes" and report.culprit is None:
                report.culprit = _culprit(label, request)
            elif verdict == "same failure":
                current = report.smallest = variant  # keep the smaller failing request, go again
                progress = True
                break
    if report.sent >= budget and not report.stopped:
        report.stopped = "budget"
    return report
