"""The preflight linter: a Messages API request in, findings out, before any money or time is spent.

Rules are data (knowledge/data/lint_rules.toml: ids, severities, limits, field maps); the checks
that apply them are code, one module per area. `lint_request` is what the engine calls on the
request it finds in a paste; `lint_input` is what `claude-triage lint` calls on raw input (a JSON
body, a curl command, a Python `messages.create(...)` call, or a paste holding one of them).
"""

from __future__ import annotations

from knowledge import KnowledgeBase
from knowledge.record import Record

SEVERITIES = ("info", "warning", "error")
RANK = {s: i for i, s in enumerate(SEVERITIES)}
NO_REQUEST = ("no Messages API request found in the input (expected a JSON body, a curl command or a "
              "messages.create(...) call)")


class Finding(Record):
    rule: str          # stable id, e.g. "CT501"
    name: str          # short kebab name, e.g. "sampling-param-removed"
    severity: str      # "error" | "warning" | "info"
    path: str          # JSON path into the request, e.g. "messages[2].content[0]"; "" = the request
    message: str       # what is wrong here, specific to this request
    fix: str           # what to change
    docs_url: str

    def to_dict(self) -> dict:
        return self.fields()


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


def lint_input(text: str, kb: KnowledgeBase | None = None, filename: str | None = None,
               body_size: int | None = None, model: str | None = None):
    """Read raw input (see tui.lint.source) and lint the request in it: a `LintResult`.
    `model` lints it as sent to that model, whatever model the request names (or none)."""
    from .source import lint_text
    return lint_text(text, kb=kb, filename=filename, body_size=body_size, model=model)


__all__ = ["RANK", "SEVERITIES", "Finding", "lint_input", "lint_request"]
