"""The preflight linter: a Messages API request in, findings out, before any money or time is spent.

Rules are data (knowledge/data/lint_rules.toml: ids, severities, limits, field maps); the checks
that apply them are code, one module per area. `lint_request` is what the engine calls on the
request it finds in a paste; `lint_input` is what `claude-triage lint` calls on raw input (a JSON
body, a curl command, a Python `messages.create(...)` call, or a paste holding one of them).
"""

from .finding import NO_REQUEST, RANK, SEVERITIES, Finding
from .run import lint_request
from .source import lint_input

__all__ = ["NO_REQUEST", "RANK", "SEVERITIES", "Finding", "lint_input", "lint_request"]
