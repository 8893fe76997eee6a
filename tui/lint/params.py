"""CT4xx and CT5xx: the model and the parameters that depend on it.

What a model accepts is data: models.toml lists rule groups per model ("no-sampling-params",
"adaptive-thinking", ...), lint_rules.toml names the group each check reads (`params.model_rule`)
and the limits. Nothing here knows a model by name.
"""

from __future__ import annotations

from .context import Context, is_int, is_number

_PLATFORM_FORMS = ("anthropic.", "us.anthropic.", "eu.anthropic.", "apac.anthropic.", "global.anthropic.")


def model(ctx: Context) -> None:
    if ctx.model_id is None:
        return  # missing (CT101) or not a string (CT102)
    m = ctx.model
    if m is None:
        from .. import models  # suggestions only for an unknown id
        near = models.nearest(ctx.kb, ctx.model_id)
        also = f"; nearest valid ids: {', '.join(near)}" if near else "; it does not look like a Claude model id"
        ctx.report("CT401", "model", f"{ctx.model_id!r} is not a model id the API knows (404 not_found_error){also}.",
                   fix=f"Use {near[0]!r}." if near else None)
        return
    host = (ctx.source.url or "").split("/")[2:3]
    if host == ["api.anthropic.com"] and ctx.model_id != m.id and ctx.model_id not in m.aliases \
            and (ctx.model_id.startswith(_PLATFORM_FORMS) or "@" in ctx.model_id):
        ctx.report("CT401", "model", f"{ctx.model_id!r} is the Bedrock / Vertex form of {m.id}; the first-party "
                   f"API does not know it.", fix=f"Use {m.id!r} with api.anthropic.com.")
    if m.lifecycle == "retired":
        ctx.report("CT402", "model", f"{m.name} ({ctx.model_id}) was retired" +
                   (f" on {m.retires}" if m.retires else "") + "; requests for it fail.")
    elif m.lifecycle == "deprecated":
        ctx.report("CT403", "model", f"{m.name} is deprecated" +
                   (f"; its end of life is {m.retires}" if m.retires else "") + ".")


def max_tokens(ctx: Context) -> None:
    mt = ctx.request.get("max_tokens")
    if not is_int(mt) or ctx.source.endpoint == "count_tokens":
        return
    m = ctx.model
    if m and m.max_output_tokens and mt > m.max_output_tokens \
            and not ctx.beta_enabled(ctx.param("CT404", "beta_prefixes", [])):
        ctx.report("CT404", "max_tokens", f"max_tokens {mt:,} is above {m.name}'s output limit of "
                   f"{m.max_output_tokens:,}; the API answers 'max_tokens: {mt} > {m.max_output_tokens}, which is "
                   "the maximum allowed number of output tokens'.", fix=f"Set max_tokens to {m.max_output_tokens} or less.")
    if not ctx.streams:
        _streaming(ctx, mt)


def _streaming(ctx: Context, mt: int) -> None:
    p = ctx.kb.lint_rules["CT405"].params
    cap = p.get("per_model_caps", {}).get(ctx.model_id or "")
    seconds = p["reference_seconds"] * mt / p["reference_tokens"]
    threshold = p["timeout_seconds"] * p["reference_tokens"] // p["reference_seconds"]
    severity = "error" if ctx.source.kind == "python" else None  # an SDK call is refused for certain
    refused = "the SDKs refuse it before sending with 'Streaming is required for operations that may take " \
              "longer than 10 minutes'"
    if cap and mt > cap:
        ctx.report("CT405", "max_tokens", f"max_tokens {mt:,} without streaming on {ctx.model_id}: the SDKs cap "
                   f"non-streaming calls for this id at {cap:,} tokens, so {refused}.", severity=severity)
    elif seconds > p["timeout_seconds"]:
        ctx.report("CT405", "max_tokens", f"max_tokens {mt:,} without streaming: the SDKs estimate "
                   f"{p['reference_seconds']} s × {mt:,} / {p['reference_tokens']:,} = {seconds:.0f} s, more than "
                   f"their {p['timeout_seconds']} s timeout, so {refused} (the limit is {threshold:,}).",
                   severity=severity)


def sampling(ctx: Context) -> None:
    if ctx.model_has(ctx.param("CT501", "model_rule")):
        for field in ctx.param("CT501", "fields", ()):
            if field in ctx.request:
                ctx.report("CT501", field, f"{ctx.model_name} no longer accepts `{field}` (any value): the API "
                           f"answers '`{field}` is deprecated for this model.'", fix=f"Delete `{field}`.")
        return
    for field, (low, high) in ctx.param("CT507", "ranges", {}).items():
        value = ctx.request.get(field)
        if is_number(value) and not low <= value <= high:
            ctx.report("CT507", field, f"`{field}` is {value}; it must be between {low} and {high}.")
    both = ctx.request.get("temperature") is not None and ctx.request.get("top_p") is not None
    if both and ctx.model_has(ctx.param("CT508", "model_rule")):
        ctx.report("CT508", "top_p", f"{ctx.model_name} takes temperature or top_p, not both: '`temperature` and "
                   "`top_p` cannot both be specified for this model. Please use only one.'")
    if ctx.thinking_on and (ctx.model is None or ctx.model_has(ctx.param("CT509", "model_rule"))):
        _thinking_sampling(ctx)


def _thinking_sampling(ctx: Context) -> None:
    mode = f"thinking is {ctx.thinking_type}"
    temperature, top_p = ctx.request.get("temperature"), ctx.request.get("top_p")
    if is_number(temperature) and temperature != 1:
        ctx.report("CT509", "temperature", f"temperature is {temperature} while {mode}; it may only be 1 "
                   "('`temperature` may only be set to 1 when thinking is enabled or in adaptive mode').")
    if ctx.request.get("top_k") is not None:
        ctx.report("CT509", "top_k", f"top_k is set while {mode}; it must be unset ('`top_k` must be unset when "
                   "thinking is enabled').")
    floor = ctx.param("CT509", "top_p_min", 0.95)
    if is_number(top_p) and top_p < floor:
        ctx.report("CT509", "top_p", f"top_p is {top_p} while {mode}; it must be between {floor} and 1.")


def thinking(ctx: Context) -> None:
    config = ctx.request.get("thinking")
    if not isinstance(config, dict):
        return
    kind = config.get("type")
    if kind is None:
        ctx.report("CT101", "thinking.type", "thinking has no `type` (adaptive, enabled or disabled).")
        return
    supported = ctx.param("CT512", "types", {})
    if not isinstance(kind, str) or kind not in supported:
        ctx.report("CT512", "thinking.type", f"thinking type {kind!r} does not exist; the types are "
                   f"{', '.join(supported)}.")
        return
    if kind == "enabled" and ctx.model_has(ctx.param("CT502", "model_rule")):
        ctx.report("CT502", "thinking.type", f"{ctx.model_name} only takes adaptive thinking: the API answers "
                   "'\"thinking.type.enabled\" is not supported for this model'.")
        return
    if kind == "disabled" and ctx.model_has(ctx.param("CT503", "model_rule")):
        ctx.report("CT503", "thinking.type", f"{ctx.model_name} cannot switch thinking off: the API answers "
                   "'\"thinking.type.disabled\" is not supported for this model'.")
        return
    needs = supported[kind]
    if ctx.model and needs and not any(ctx.model_has(r) for r in needs):
        ctx.report("CT512", "thinking.type", f"{ctx.model_name} does not support thinking type {kind!r}.")
        return
    cap_rule = ctx.param("CT504", "model_rules", {}).get(kind)
    if cap_rule and ctx.model_has(cap_rule) and ctx.effort in ctx.param("CT504", "capped_efforts", ()):
        ctx.report("CT504", "output_config.effort", f"{ctx.model_name} refuses thinking {kind!r} together with "
                   f"effort {ctx.effort!r}; keep effort at high or below, or use adaptive thinking.")
    if kind == "enabled":
        _budget(ctx, config.get("budget_tokens"))
        if ctx.model_has(ctx.param("CT513", "model_rule")):
            ctx.report("CT513", "thinking.type", f"budget thinking is deprecated on {ctx.model_name}; the next "
                       "model generation rejects it.")


def _budget(ctx: Context, budget: object) -> None:
    if budget is None:
        ctx.report("CT101", "thinking.budget_tokens", "thinking type 'enabled' needs budget_tokens.")
        return
    if not is_int(budget):
        return
    low = ctx.param("CT506", "min_budget", 1024)
    mt = ctx.request.get("max_tokens")
    if budget < low:
        ctx.report("CT506", "thinking.budget_tokens", f"budget_tokens {budget:,} is below the minimum of {low:,}.")
    if is_int(mt) and budget >= mt:
        ctx.report("CT505", "thinking.budget_tokens", f"budget_tokens {budget:,} is not below max_tokens {mt:,}; "
                   "thinking counts toward max_tokens, so the budget must be smaller.",
                   fix=f"Raise max_tokens above {budget:,} (for example to {budget + max(budget // 2, 1024):,}), "
                       "or lower budget_tokens.")


def effort(ctx: Context) -> None:
    value = ctx.get("output_config.effort")
    if value is None:
        return
    values = ctx.param("CT510", "values", ())
    if value not in values:
        ctx.report("CT510", "output_config.effort", f"effort {value!r} does not exist; use {', '.join(values)}.")
    elif ctx.model and not ctx.model_has(ctx.param("CT510", "model_rule")):
        ctx.report("CT510", "output_config.effort", f"{ctx.model_name} does not take the effort setting: the API "
                   "answers 'This model does not support the effort parameter.'")
    elif value == ctx.param("CT511", "value") and ctx.model and not ctx.model_has(ctx.param("CT511", "model_rule")):
        ctx.report("CT511", "output_config.effort", f"effort {value!r} is not available on {ctx.model_name} "
                   "(it needs Opus 4.7 or newer).")


CHECKS = [model, max_tokens, sampling, thinking, effort]
