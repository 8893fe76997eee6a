"""CT8xx: HTTP request headers, when the input shows them (a curl command, an SDK call's headers).

A header that is present can be judged from any input; a header that is missing only when the
input lists every header (a curl command), since a paste of an SDK error shows none of them.
"""

from __future__ import annotations

import re

from .context import Context

_PLATFORM_HOSTS = ("amazonaws.com", "googleapis.com")  # Bedrock / Vertex sign requests their own way


def credentials(ctx: Context) -> None:
    if not ctx.headers_known:
        return
    key, auth = ctx.headers.get("x-api-key"), ctx.headers.get("authorization")
    if key and key.strip().startswith(str(ctx.param("CT803", "oauth_prefix", "sk-ant-oat"))):
        ctx.report("CT803", "headers.x-api-key", "x-api-key holds an OAuth access token (sk-ant-oat…); the API "
                   "reads x-api-key as an API key and answers 401 'invalid x-api-key'.")
    if key and auth:
        ctx.report("CT804", "headers", "both x-api-key and Authorization are sent; a request with two credentials "
                   "is refused with 401.")
    if ctx.source.kind not in ("curl", "python"):
        return  # a key shown in a `curl -v` dump or a log was not necessarily written into a command
    pattern = re.compile(str(ctx.param("CT805", "key_pattern", r"sk-ant-[a-z]+\d*-\S+")))
    for name, value in ctx.headers.items():
        found = pattern.search(value)
        if found:
            from ..redact import mask
            ctx.report("CT805", f"headers.{name}", f"the {name} header holds a literal key ({mask(found.group())}); "
                       "it is now in your shell history and anywhere this command was pasted.")


def required_headers(ctx: Context) -> None:
    if not ctx.source.headers_complete or any(h in (ctx.source.url or "") for h in _PLATFORM_HOSTS):
        return
    h = ctx.headers
    if "anthropic-version" not in h:
        ctx.report("CT801", "headers", "no anthropic-version header; the API answers 'anthropic-version: header is "
                   "required'.", fix=f"Add -H \"anthropic-version: {ctx.param('CT801', 'value', '2023-06-01')}\".")
    if "x-api-key" not in h and "authorization" not in h:
        ctx.report("CT806", "headers", "no x-api-key or Authorization header; the API answers 401.")
    ctype = h.get("content-type")
    if ctype is None:
        ctx.report("CT802", "headers", "no content-type header: curl sends a -d body as "
                   "application/x-www-form-urlencoded.")
    elif "json" not in ctype.lower():
        ctx.report("CT802", "headers.content-type", f"content-type is {ctype!r}; the body is JSON "
                   "(application/json).")


CHECKS = [credentials, required_headers]
