"""CT1xx and CT7xx: the body's own shape. Required fields, JSON types, fields the API does not
define (typos, beta fields without their header, fields from OpenAI's API), cache breakpoints.
"""

from __future__ import annotations

from .context import Context, Opaque, child, is_int, is_number

_KINDS = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: is_int(v) or (isinstance(v, float) and v.is_integer()),  # 1024.0 parses as 1024
    "number": is_number,
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}
_ARTICLE = {"integer": "an integer", "array": "an array", "object": "an object"}


def json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    for name in ("string", "integer", "number", "array", "object"):
        if _KINDS[name](value):
            return name
    return type(value).__name__


def _shown(value: object) -> str:
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) <= 40 else text[:39] + "…"


def required(ctx: Context) -> None:
    if ctx.source.all_fields_known:
        key = "required_count_tokens" if ctx.source.endpoint == "count_tokens" else "required"
        for field in ctx.param("CT101", key, ()):
            if field == "model" and ctx.platform_body:
                continue
            if field not in ctx.request:
                ctx.report("CT101", field, f"`{field}` is missing; the API answers '{field}: Field required'.")
    for i, m in ctx.messages():
        for field in ctx.param("CT101", "message_required", ()):
            if field not in m:
                ctx.report("CT101", child(child("messages", i), field),
                           f"messages[{i}] has no `{field}`; every message needs role and content.")


def types(ctx: Context) -> None:
    for field, kinds in ctx.param("CT102", "types", {}).items():
        value = ctx.request.get(field, Opaque("absent"))
        if isinstance(value, Opaque) or (value is None and field not in ("model", "max_tokens", "messages")):
            continue  # unknown, or an optional field sent as null
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if not any(_KINDS[k](value) for k in kinds):
            want = " or ".join(_ARTICLE.get(k, f"a {k}") for k in kinds)
            ctx.report("CT102", field, f"`{field}` must be {want}, not {json_kind(value)} {_shown(value)}.")
    max_tokens = ctx.request.get("max_tokens")
    floor = ctx.param("CT102", "max_tokens_min", 0)
    if is_number(max_tokens) and max_tokens < floor:
        ctx.report("CT102", "max_tokens", f"`max_tokens` is {max_tokens}; it must be {floor} or more "
                   "(0 only pre-warms the prompt cache; to get an answer, send a positive number).")
    stops = ctx.request.get("stop_sequences")
    if isinstance(stops, list):
        for i, s in enumerate(stops):
            if not isinstance(s, str):
                ctx.report("CT102", child("stop_sequences", i), f"stop sequences must be strings, not {json_kind(s)}.")
    msgs = ctx.request.get("messages")
    for i, m in enumerate(msgs if isinstance(msgs, list) else ()):
        path = child("messages", i)
        if not isinstance(m, dict):
            ctx.report("CT102", path, f"each message must be an object with role and content, not {json_kind(m)}.")
        elif "content" in m and not isinstance(m["content"], str | list | Opaque):
            ctx.report("CT102", child(path, "content"),
                       f"content must be a string or a list of blocks, not {json_kind(m['content'])}.")


def empty_messages(ctx: Context) -> None:
    if ctx.request.get("messages") == []:
        ctx.report("CT103", "messages", "messages is empty; send at least one user turn.")


def unknown_fields(ctx: Context) -> None:
    known = set(ctx.param("CT106", "fields", ()))
    betas = ctx.param("CT107", "fields", {})
    foreign = ctx.param("CT701", "fields", {})
    misplaced = ctx.param("CT106", "misplaced", {})
    generation_only = set(ctx.param("CT110", "fields", ()))
    marker = ctx.param("CT101", "platform_marker", "anthropic_version")
    for key in ctx.request:
        if ctx.source.endpoint == "count_tokens" and key in generation_only:
            ctx.report("CT110", key, f"`{key}` is not a count_tokens parameter; the endpoint answers "
                       f"'{key}: Extra inputs are not permitted'.")
        elif key in known or key == marker:
            continue
        elif key in betas:
            _beta_field(ctx, key, betas[key])
        elif key in foreign:
            _foreign(ctx, key, key, foreign[key], "the request")
        elif key in misplaced:
            ctx.report("CT106", key, f"`{key}` is not a body field here; it belongs in {misplaced[key]}.",
                       fix=f"Move it to {misplaced[key]}.")
        else:
            _unknown(ctx, key, key, known | set(betas))
    message_known = set(ctx.param("CT106", "message_fields", ()))
    message_foreign = ctx.param("CT701", "message_fields", {})
    for i, m in ctx.messages():
        for key in m:
            path = child(child("messages", i), key)
            if key in message_known:
                continue
            if key in message_foreign:
                _foreign(ctx, path, key, message_foreign[key], "a message")
            else:
                _unknown(ctx, path, key, message_known)


def _beta_field(ctx: Context, key: str, spec: dict) -> None:
    if ctx.beta_enabled(spec["prefixes"]):
        return
    fix = f"Send the header anthropic-beta: {spec['suggest']} (SDK: betas=[\"{spec['suggest']}\"])."
    if ctx.headers_known:
        sent = ", ".join(ctx.betas()) or "none"
        ctx.report("CT107", key, f"`{key}` is a beta field, but no anthropic-beta header unlocks it (sent: {sent}); "
                   f"without it the API rejects the field as an extra input.", fix=fix)
    else:
        ctx.report("CT107", key, f"`{key}` is a beta field: it works only with the header anthropic-beta: "
                   f"{spec['suggest']} (or a newer version of it). The headers are not part of this input; "
                   "check that it is sent.", fix=fix, severity="info")


def _foreign(ctx: Context, path: str, key: str, instead: str, where: str) -> None:
    if instead:
        ctx.report("CT701", path, f"`{key}` comes from another API (OpenAI's); the Messages API rejects it in "
                   f"{where}. The Anthropic equivalent is {instead}.", fix=f"Use {instead} instead of `{key}`.")
    else:
        ctx.report("CT701", path, f"`{key}` comes from another API (OpenAI's) and has no Anthropic equivalent; "
                   f"the Messages API rejects it in {where}.", fix=f"Remove `{key}`.")


def _unknown(ctx: Context, path: str, key: str, known: set) -> None:
    import difflib  # only when there is something to suggest
    near = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.75)
    hint = f" Did you mean `{near[0]}`?" if near else ""
    ctx.report("CT106", path, f"`{key}` is not a Messages API field; the API answers "
               f"'{path.replace('[', '.').replace(']', '')}: Extra inputs are not permitted'.{hint}",
               fix=f"Rename it to `{near[0]}`." if near else None)


def cache_breakpoints(ctx: Context) -> None:
    limit = ctx.param("CT111", "max_breakpoints", 4)
    marked = [child("tools", i) for i, t in enumerate(_list(ctx.request.get("tools"))) if _cached(t)]
    marked += [child("system", i) for i, b in enumerate(_list(ctx.request.get("system"))) if _cached(b)]
    marked += [path for path, block in ctx.all_blocks() if _cached(block)]
    if len(marked) > limit:
        ctx.report("CT111", marked[limit], f"{len(marked)} blocks carry cache_control; at most {limit} are "
                   f"allowed (the first are {', '.join(marked[:limit])}).")


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


def _cached(block: object) -> bool:
    return isinstance(block, dict) and isinstance(block.get("cache_control"), dict)


def lookalikes(ctx: Context) -> None:
    """CT112: a key, the model id or a header name holds a character that only looks like ASCII."""
    from ..reader import lookalike
    homoglyphs = ctx.param("CT112", "homoglyphs", {})
    found: list[tuple[str, str, str]] = []  # (path, what, text)
    if ctx.model_id:
        found.append(("model", "the model id", ctx.model_id))
    found += [("", "the header name", name) for name in (ctx.headers or {})]
    stack: list[tuple[str, object]] = [("", ctx.request)]
    visited = 0
    while stack and visited < 5_000:  # a huge body's keys are all seen well before this
        path, node = stack.pop()
        visited += 1
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str) and not key.isascii():
                    found.append((child(path, key), "the key", key))
                stack.append((child(path, key), value))
        elif isinstance(node, list):
            stack.extend((child(path, i), v) for i, v in enumerate(node[:200]))
    for path, what, text in found:
        hits = lookalike.find(text, homoglyphs)
        if hits:
            meant = lookalike.ascii_form(text, homoglyphs)
            ctx.report("CT112", path, lookalike.describe(what, text, hits) + "; the API reads a different name.",
                       fix=f"Retype it as “{meant}” (plain ASCII).")


CHECKS = [required, types, empty_messages, unknown_fields, cache_breakpoints, lookalikes]
