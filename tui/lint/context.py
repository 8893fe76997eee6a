"""What one lint run shares between its checks: the request, its model, the headers, the origin.

Checks read the request through these helpers and call `report(rule_id, path, message)`; the
rule's name, default severity, fix and docs page come from the knowledge base, so a check only
says what is specific to this request.
"""

from __future__ import annotations

from collections.abc import Iterator

from knowledge import KnowledgeBase
from knowledge.record import Record


class Opaque:
    """A value the linter cannot see: a Python argument that is a variable, not a literal."""

    def __init__(self, source: str) -> None:
        self.source = source

    def __repr__(self) -> str:
        return f"<{self.source}>"


class Source(Record):
    """Where the request came from. The CLI fills it in; the engine passes none (the defaults)."""

    kind: str = "json"              # json | curl | python | paste
    endpoint: str = "messages"      # messages | count_tokens
    headers_complete: bool = False  # every request header is known (a curl command): absence means absent
    body_size: int | None = None    # bytes of the body as sent, when known
    stream: bool | None = None      # the call streams whatever the body says (SDK messages.stream())
    all_fields_known: bool = True   # False when a Python call passes **kwargs we cannot read
    url: str | None = None          # where a curl command sends it


def child(path: str, key: str | int) -> str:
    """`messages` + 2 → `messages[2]`; `thinking` + `type` → `thinking.type`."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class Context:
    def __init__(self, request: dict, kb: KnowledgeBase, headers: dict | None, source: Source | None):
        self.request = request if isinstance(request, dict) else {}
        self.kb = kb
        self.source = source or Source()
        self.headers = {str(k).lower(): str(v) for k, v in (headers or {}).items()}
        self.findings: list = []
        model = self.request.get("model")
        self.model_id = model if isinstance(model, str) else None
        # The registry answers an exact id; the engine's lookup (platform prefixes, dated snapshots,
        # Vertex '@' forms) is imported only when that misses: it costs a few ms of every CLI run.
        self.model = kb.model_by_id.get(self.model_id) if self.model_id else None
        if self.model is None and self.model_id:
            from .. import models
            self.model = models.lookup(kb, self.model_id)

    # --- reporting ------------------------------------------------------------------------

    def report(self, rule_id: str, path: str, message: str, fix: str | None = None,
               severity: str | None = None) -> None:
        from .finding import Finding
        rule = self.kb.lint_rules[rule_id]
        if message.split(" ", 1)[0].isalpha():  # a sentence, but never a field name: tool_use stays tool_use
            message = message[:1].upper() + message[1:]
        self.findings.append(Finding(rule=rule.id, name=rule.name, severity=severity or rule.severity,
                                     path=path, message=message, fix=fix or rule.fix, docs_url=rule.docs_url))

    def param(self, rule_id: str, key: str, default: object = None) -> object:
        rule = self.kb.lint_rules.get(rule_id)
        return rule.params.get(key, default) if rule else default

    # --- the model --------------------------------------------------------------------------

    def model_has(self, rule_key: object) -> bool:
        return self.model is not None and rule_key in self.model.rules

    @property
    def model_name(self) -> str:
        return self.model.name if self.model else (self.model_id or "this model")

    # --- request fields ---------------------------------------------------------------------

    def get(self, dotted: str) -> object:
        node: object = self.request
        for part in dotted.split("."):
            if not isinstance(node, dict):
                return None
            node = node.get(part)
        return node

    def text(self, dotted: str) -> str | None:
        """The value at a dotted path when it is a string, else None."""
        value = self.get(dotted)
        return value if isinstance(value, str) else None

    @property
    def thinking_type(self) -> str | None:
        return self.text("thinking.type")

    @property
    def thinking_on(self) -> bool:
        return self.thinking_type in ("enabled", "adaptive")

    @property
    def effort(self) -> str | None:
        return self.text("output_config.effort")

    @property
    def streams(self) -> bool:
        return self.request.get("stream") is True or bool(self.source.stream)

    @property
    def platform_body(self) -> bool:
        """A Bedrock / Vertex body: anthropic_version inside, the model in the URL instead."""
        return self.param("CT101", "platform_marker", "anthropic_version") in self.request

    # --- headers ----------------------------------------------------------------------------

    @property
    def headers_known(self) -> bool:
        return bool(self.headers) or self.source.headers_complete

    def betas(self) -> list[str]:
        raw = self.headers.get("anthropic-beta", "")
        return [b.strip() for b in raw.split(",") if b.strip()]

    def beta_enabled(self, prefixes: list) -> bool:
        return any(b.startswith(tuple(prefixes)) for b in self.betas())

    # --- the conversation -------------------------------------------------------------------

    def messages(self) -> Iterator[tuple[int, dict]]:
        msgs = self.request.get("messages")
        if isinstance(msgs, list):
            for i, m in enumerate(msgs):
                if isinstance(m, dict):
                    yield i, m

    def blocks(self, i: int, message: dict) -> Iterator[tuple[str, dict]]:
        """(path, block) of a message's content blocks; nested tool_result content too."""
        content = message.get("content")
        if not isinstance(content, list):
            return
        base = child(child("messages", i), "content")
        for j, block in enumerate(content):
            if not isinstance(block, dict):
                continue
            path = child(base, j)
            yield path, block
            inner = block.get("content") if block.get("type") == "tool_result" else None
            if isinstance(inner, list):
                for k, sub in enumerate(inner):
                    if isinstance(sub, dict):
                        yield child(child(path, "content"), k), sub

    def all_blocks(self) -> Iterator[tuple[str, dict]]:
        for i, m in self.messages():
            yield from self.blocks(i, m)
