"""CT3xx (and CT702): tool definitions, tool_choice, and tool_use / tool_result pairing."""

from __future__ import annotations

import re

from .context import Context, child


def _turns(ctx: Context) -> list[tuple[str, list[tuple[str, dict]], list[int]]]:
    """(role, [(path, block)], message indexes) per turn, with consecutive same-role messages merged
    as the API merges them; system messages do not break a turn."""
    turns: list = []
    for i, m in ctx.messages():
        role, content = m.get("role"), m.get("content")
        if role not in ("user", "assistant"):
            continue
        base = child(child("messages", i), "content")
        blocks = [(child(base, j), b) for j, b in enumerate(content if isinstance(content, list) else ())
                  if isinstance(b, dict)]
        if turns and turns[-1][0] == role:
            turns[-1][1].extend(blocks)
            turns[-1][2].append(i)
        else:
            turns.append((role, blocks, [i]))
    return turns


def _of_type(blocks: list, kind: str) -> list[tuple[str, dict]]:
    return [(p, b) for p, b in blocks if b.get("type") == kind]


def _ids(blocks: list, kind: str, key: str) -> set[str]:
    return {b[key] for _, b in _of_type(blocks, kind) if isinstance(b.get(key), str)}


def pairing(ctx: Context) -> None:
    turns = _turns(ctx)
    for t, (role, blocks, where) in enumerate(turns):
        if role == "assistant" and t + 1 < len(turns):
            role_next, blocks_next, where_next = turns[t + 1]
            answered = _ids(blocks_next, "tool_result", "tool_use_id") if role_next == "user" else set()
            for path, use in _of_type(blocks, "tool_use"):
                if not isinstance(use.get("id"), str) or use["id"] not in answered:
                    ctx.report("CT301", path, f"tool_use {use.get('id')!r} ({use.get('name')}) has no tool_result "
                               f"with that id in the next user turn (messages[{where_next[0]}]); the API answers "
                               "'tool_use ids were found without tool_result blocks immediately after'.")
        elif role == "user":
            before = turns[t - 1] if t and turns[t - 1][0] == "assistant" else None
            issued = _ids(before[1], "tool_use", "id") if before else set()
            for path, result in _of_type(blocks, "tool_result"):
                if not isinstance(result.get("tool_use_id"), str) or result["tool_use_id"] not in issued:
                    prev = f"messages[{before[2][-1]}]" if before else "no assistant turn"
                    ctx.report("CT302", path, f"tool_result for {result.get('tool_use_id')!r} has no matching "
                               f"tool_use in the assistant turn just before it ({prev}); the API answers "
                               "'unexpected tool_use_id found in tool_result blocks'.")


def definitions(ctx: Context) -> None:
    tools = ctx.request.get("tools")
    pattern = re.compile(str(ctx.param("CT303", "pattern", r"^[a-zA-Z0-9_-]{1,128}$")))
    forbidden = ctx.param("CT304", "forbidden_top_level", ())
    seen: dict[str, int] = {}
    for i, tool in enumerate(tools if isinstance(tools, list) else ()):
        path = child("tools", i)
        if not isinstance(tool, dict):
            continue
        if isinstance(tool.get("function"), dict) or ("parameters" in tool and "input_schema" not in tool):
            ctx.report("CT702", path, "this tool is in OpenAI's shape ({type: 'function', function: {name, "
                       "parameters}}); Anthropic tools are {name, description, input_schema}.")
            continue
        name = tool.get("name")
        if not isinstance(name, str) or not pattern.match(name):
            ctx.report("CT303", child(path, "name"), f"tool name {name!r} does not match {pattern.pattern}: "
                       "letters, digits, '_' and '-' only.")
        elif name in seen:
            ctx.report("CT307", child(path, "name"), f"tool name {name!r} is already used by tools[{seen[name]}]; "
                       "the API answers 'tools: Tool names must be unique.'")
        else:
            seen[name] = i
        if tool.get("type") not in (None, "custom"):
            continue  # a server or built-in tool (web_search_…, bash_…): its shape is fixed by its type
        schema, where = tool.get("input_schema"), child(path, "input_schema")
        if schema is None:
            ctx.report("CT304", where, f"tool {name!r} has no input_schema; custom tools need one.")
        elif not isinstance(schema, dict):
            ctx.report("CT304", where, "input_schema must be a JSON Schema object.")
        elif any(k in schema for k in forbidden):
            keys = ", ".join(k for k in forbidden if k in schema)
            ctx.report("CT304", where, f"input_schema uses {keys} at its top level, which the API refuses "
                       "('input_schema does not support oneOf, allOf, or anyOf at the top level').")
        elif schema.get("type") != "object":
            ctx.report("CT304", child(where, "type"), f"input_schema.type must be 'object', "
                       f"not {schema.get('type')!r}.")


def tool_history_needs_tools(ctx: Context) -> None:
    """Tool blocks in the history need a tools list on the request, even when no new call is wanted."""
    if ctx.request.get("tools"):
        return
    for path, block in ctx.all_blocks():
        if block.get("type") in ("tool_use", "tool_result"):
            ctx.report("CT308", path, f"this {block['type']} block needs a tools list on the request; the API "
                       "answers 'Requests which include tool_use or tool_result blocks must define tools.'")
            return


def tool_choice(ctx: Context) -> None:
    choice = ctx.request.get("tool_choice")
    if not isinstance(choice, dict):
        return
    kind = choice.get("type")
    tools = ctx.request.get("tools")
    names = [t.get("name") for t in tools if isinstance(t, dict)] if isinstance(tools, list) else []
    if kind not in ctx.param("CT305", "types", ()):
        ctx.report("CT305", "tool_choice.type", f"tool_choice type {kind!r} does not exist; use auto, any, "
                   "tool or none.")
    elif kind in ("any", "tool") and not names:
        ctx.report("CT305", "tool_choice", f"tool_choice {kind!r} forces a tool, but the request defines no tools.")
    elif kind == "tool" and choice.get("name") not in names:
        ctx.report("CT305", "tool_choice.name", f"tool_choice names {choice.get('name')!r}, which is not one of "
                   f"the tools ({', '.join(map(str, names))}).")
    if kind in ctx.param("CT306", "forcing", ()):
        if ctx.model_has(ctx.param("CT306", "model_rule")):
            ctx.report("CT306", "tool_choice", f"{ctx.model_name} does not allow forcing a tool (tool_choice "
                       f"{kind!r}); it answers 400.")
        elif ctx.thinking_on:
            ctx.report("CT306", "tool_choice", f"tool_choice {kind!r} forces tool use while thinking is "
                       f"{ctx.thinking_type}; the API answers 'Thinking may not be enabled when tool_choice "
                       "forces tool use'.")


CHECKS = [pairing, definitions, tool_history_needs_tools, tool_choice]
