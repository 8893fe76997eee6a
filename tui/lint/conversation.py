"""CT2xx (and CT104, CT105, CT703): the conversation in `messages`. Roles and their order, empty
turns, the final assistant turn (prefill), content blocks from other APIs.
"""

from __future__ import annotations

from .context import Context, child


def roles(ctx: Context) -> None:
    allowed = set(ctx.param("CT203", "roles", ("user", "assistant")))
    foreign = ctx.param("CT203", "foreign", {})
    system_ok = ctx.model_has(ctx.param("CT202", "model_rule"))
    msgs = list(ctx.messages())
    previous = None  # the last user/assistant role: system messages sit between turns
    for n, (i, m) in enumerate(msgs):
        role, path = m.get("role"), child(child("messages", i), "role")
        if role == "system":
            _system(ctx, i, path, system_ok, msgs[n - 1][1].get("role") if n else None)
            continue
        if not isinstance(role, str) or role not in allowed:
            hint = foreign.get(role) if isinstance(role, str) else None
            ctx.report("CT203", path, f"role {role!r} does not exist in the Messages API; roles are 'user' and "
                       "'assistant'" + (f": {hint}." if hint else "."), fix=hint[0].upper() + hint[1:] + "." if hint else None)
            continue
        if n == 0 and role == "assistant":
            ctx.report("CT104", path, "the first message is an assistant turn; a conversation must start with "
                       "a user message.")
        elif role == previous:
            ctx.report("CT201", child("messages", i),
                       f"messages[{msgs[n - 1][0]}] and messages[{i}] are both {role} turns. The first-party API "
                       "merges them into one turn, but older API behaviour, Amazon Bedrock and some proxies "
                       "answer 400 'roles must alternate between \"user\" and \"assistant\"'.")
        previous = role


def _system(ctx: Context, i: int, path: str, system_ok: bool, before: object) -> None:
    if not system_ok:
        ctx.report("CT202", path, f"{ctx.model_name} does not accept role 'system' inside messages "
                   "('Unexpected role \"system\"'); use the top-level system field.")
    elif i == 0:
        ctx.report("CT202", path, f"a system message cannot be messages[0], even on {ctx.model_name}: "
                   "start-of-conversation instructions go in the top-level system field.")
    elif before != "user":
        ctx.report("CT202", path, f"on {ctx.model_name} a system message must come right after a user turn; "
                   f"messages[{i - 1}] is {before!r}.")


def empty_content(ctx: Context) -> None:
    msgs = list(ctx.messages())
    for n, (i, m) in enumerate(msgs):
        final_assistant = n == len(msgs) - 1 and m.get("role") == "assistant"
        content, path = m.get("content"), child(child("messages", i), "content")
        if isinstance(content, str) and not content.strip() and not final_assistant:
            what = "empty" if not content else "whitespace only"
            ctx.report("CT105", path, f"messages[{i}] content is {what}; only the final assistant turn may be empty.")
        elif content == [] and not final_assistant:
            ctx.report("CT105", path, f"messages[{i}] has an empty content list.")
        for j, block in enumerate(content if isinstance(content, list) else ()):
            if not isinstance(block, dict):
                continue
            if "type" not in block:
                ctx.report("CT101", child(path, j), f"content block {j} of messages[{i}] has no `type`.")
            elif block["type"] == "text" and isinstance(block.get("text"), str) and not block["text"].strip():
                if final_assistant and j == len(content) - 1:
                    continue  # trailing whitespace of a prefill is CT205's business
                what = "empty" if not block["text"] else "whitespace only"
                ctx.report("CT105", child(path, j), f"this text block is {what}; the API answers 'text content "
                           "blocks must be non-empty' (or '…must contain non-whitespace text').")


def prefill(ctx: Context) -> None:
    msgs = list(ctx.messages())
    if not msgs or msgs[-1][1].get("role") != "assistant" or ctx.source.endpoint == "count_tokens":
        return
    i, m = msgs[-1]
    path = child("messages", i)
    if ctx.model_has(ctx.param("CT204", "model_rule")) and ctx.param("CT204", "exempt_field") not in ctx.request:
        ctx.report("CT204", path, f"the conversation ends with an assistant turn (prefill) and {ctx.model_name} "
                   "rejects prefill: 'This model does not support assistant message prefill. The conversation "
                   "must end with a user message'.")
        return
    content = m.get("content")
    _trailing_thinking(ctx, content, child(path, "content"))
    text, where = content, child(path, "content")
    if isinstance(content, list) and content and isinstance(content[-1], dict) and content[-1].get("type") == "text":
        text, where = content[-1].get("text"), child(child(where, len(content) - 1), "text")
    if isinstance(text, str) and text and text != text.rstrip():
        ctx.report("CT205", where, "the final assistant (prefill) text ends with whitespace; the API answers "
                   "'final assistant content cannot end with trailing whitespace'.")


_THINKING = ("thinking", "redacted_thinking")


def _trailing_thinking(ctx: Context, content: object, where: str) -> None:
    """The final assistant message may not end in a thinking block, nor hold one with thinking off."""
    if not isinstance(content, list) or not content:
        return
    kinds = [b.get("type") if isinstance(b, dict) else None for b in content]
    thinking = ctx.request.get("thinking")
    off = not isinstance(thinking, dict) or thinking.get("type") == "disabled"
    if kinds[-1] in _THINKING:
        ctx.report("CT206", child(where, len(kinds) - 1), "the final assistant message ends with a "
                   f"{kinds[-1]} block; the API answers 'The final block in an assistant message cannot be "
                   "`thinking`'.")
    elif off and any(k in _THINKING for k in kinds):
        first = next(i for i, k in enumerate(kinds) if k in _THINKING)
        ctx.report("CT206", child(where, first), "thinking is off, but the final assistant message holds a "
                   "thinking block; the API answers 'When thinking is disabled, an `assistant` message in the "
                   "final position cannot contain `thinking`'.")


def foreign_blocks(ctx: Context) -> None:
    blocks = ctx.param("CT703", "blocks", {})
    for path, block in ctx.all_blocks():
        kind = block.get("type")
        if isinstance(kind, str) and kind in blocks:
            ctx.report("CT703", path, f"content block type {kind!r} comes from another API (OpenAI's); the "
                       f"Anthropic form is {blocks[kind]}.", fix=f"Rewrite the block as {blocks[kind]}.")


CHECKS = [roles, empty_content, prefill, foreign_blocks]
