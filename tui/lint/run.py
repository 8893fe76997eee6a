"""Running the linter: every check over one request body."""

from __future__ import annotations

from knowledge import KnowledgeBase

from .finding import RANK, Finding


def lint_request(request: dict, kb: KnowledgeBase | None = None, headers: dict | None = None,
                 source=None) -> list[Finding]:
    """Findings for one request body, most severe first, then in request order.

    `headers` are the HTTP request headers when known (names in any case); `source` (a
    `tui.lint.context.Source`) says where the request came from, which some rules need: the
    endpoint, whether the header list is complete, the body's size in bytes.
    """
    import knowledge

    from . import checks
    from .context import Context
    ctx = Context(request, kb or knowledge.load(), headers, source)
    if isinstance(request, dict):
        for check in checks.ALL:
            check(ctx)
    else:
        ctx.report("CT102", "", f"the request body must be a JSON object, not {type(request).__name__}")
    order = {id(f): i for i, f in enumerate(ctx.findings)}
    return sorted(ctx.findings, key=lambda f: (-RANK[f.severity], order[id(f)]))
