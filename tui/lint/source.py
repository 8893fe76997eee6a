"""Raw input → the request to lint. The input is one of:

- a JSON body (the fast path: one `json.loads`, nothing copied, so a 30 MB body stays cheap);
- a curl command (tui.lint.curl), anywhere in the input;
- a Python `messages.create(...)` call (tui.lint.pycall);
- a larger paste holding a request, read by the paste reader (logs, tracebacks, `curl -v` dumps).
"""

from __future__ import annotations

import json
import os

from knowledge import KnowledgeBase
from knowledge.record import Record, factory

from .run import lint_request
from .context import Context, Source


class LintResult(Record):
    findings: list
    request: dict | None
    source: Source
    headers: dict | None = None
    text: str = ""                  # the whole input
    body_offset: int | None = None  # where the JSON body starts in `text`, when it is there verbatim
    filename: str | None = None
    error_position: tuple | None = None  # (line, column) in `text` where the JSON broke (CT108)
    model: str | None = None
    counts: dict = factory(dict)

    def __post_init__(self) -> None:
        from .finding import RANK
        self.findings = sorted(self.findings, key=lambda f: -RANK[f.severity])  # stable: request order kept
        self.counts = {s: sum(f.severity == s for f in self.findings) for s in ("error", "warning", "info")}
        if isinstance(self.request, dict) and isinstance(self.request.get("model"), str):
            self.model = self.request["model"]

    def fails(self, fail_on: str) -> bool:
        """Whether a finding is at or above the severity `fail_on` (what makes `lint` exit 1)."""
        from .finding import RANK
        return any(RANK[f.severity] >= RANK[fail_on] for f in self.findings)


def lint_input(text: str, kb: KnowledgeBase | None = None, filename: str | None = None,
               body_size: int | None = None, model: str | None = None) -> LintResult | None:
    """Lint whatever request the input holds; None when it holds none.

    `model` lints the request as sent to that model (a Python call often names it by a variable).
    """
    import knowledge
    kb = kb or knowledge.load()
    start = len(text) - len(text.lstrip())
    if text[start:start + 1] == "{":
        try:
            request = json.loads(text)
        except ValueError as exc:
            if getattr(exc, "msg", "") != "Extra data":  # not a JSON object followed by more text
                return _malformed(kb, text, exc, Source(kind="json", body_size=body_size), filename, 0, "")
        else:
            source = Source(kind="json", body_size=body_size)
            return _result(kb, request, source, None, text, start, filename, model)
    from . import curl, pycall  # not needed on the JSON fast path
    at = curl.find(text)
    if at is not None:
        return _from_curl(kb, text, at, filename, model)
    call = pycall.find(text)
    if call is not None:
        parsed = pycall.parse(text, call)
        if parsed is not None:
            source = Source(kind="python", endpoint="count_tokens" if parsed.method == "count_tokens" else "messages",
                            stream=parsed.method == "stream", all_fields_known=parsed.all_fields_known)
            return _result(kb, parsed.request, source, parsed.headers or None, text, None, filename, model)
    from ..reader import read  # a paste: the reader finds the request in logs, dumps and tracebacks
    obs = read(text)
    if obs.request is None:
        return None
    return _result(kb, obs.request, Source(kind="paste"), obs.request_headers or None, text, None, filename,
                   model)


def _from_curl(kb: KnowledgeBase, text: str, at: int, filename: str | None, model: str | None) -> LintResult:
    from . import curl
    dirs = [os.getcwd()] + ([os.path.dirname(os.path.abspath(filename))] if filename else [])
    cmd = curl.parse(text, at, dirs)
    source = Source(kind="curl", endpoint=cmd.endpoint, headers_complete=True, url=cmd.url,
                    body_size=len(cmd.body.encode()) if cmd.body is not None else None)
    if cmd.problem:
        ctx = _headers_only(kb, cmd.headers, source)
        ctx.report("CT109", "", cmd.problem[0].upper() + cmd.problem[1:] + ".")
        return LintResult(findings=ctx.findings, request=None, source=source, headers=cmd.headers, text=text,
                          filename=filename)
    try:
        request = json.loads(cmd.body)
    except ValueError as exc:
        offset = text.find(cmd.body) if len(cmd.body) < 1_000_000 else -1
        return _malformed(kb, cmd.body, exc, source, filename, offset if offset >= 0 else None, " in the curl body",
                          text, cmd.headers)
    offset = text.find(cmd.body) if len(cmd.body) < 1_000_000 else -1
    return _result(kb, request, source, cmd.headers, text, offset if offset >= 0 else None, filename, model)


def _result(kb: KnowledgeBase, request: object, source: Source, headers: dict | None, text: str,
            offset: int | None, filename: str | None, model: str | None = None) -> LintResult:
    if model and isinstance(request, dict):
        request = {**request, "model": model}
    findings = lint_request(request, kb=kb, headers=headers, source=source)
    return LintResult(findings=findings, request=request if isinstance(request, dict) else None, source=source,
                      headers=headers, text=text, body_offset=offset, filename=filename)


def _malformed(kb: KnowledgeBase, body: str, exc: ValueError, source: Source, filename: str | None,
               offset: int | None, where: str, text: str | None = None, headers: dict | None = None) -> LintResult:
    line, col = getattr(exc, "lineno", None), getattr(exc, "colno", None)
    msg = getattr(exc, "msg", str(exc))
    pos = getattr(exc, "pos", 0) or 0
    hint = ""
    if msg.startswith("Expecting property name") and body[pos:pos + 1] == "'":
        hint = " This looks like a Python dict: JSON needs double quotes (use json.dumps)."
    elif msg.startswith("Expecting") and body[max(0, pos - 2):pos + 1].strip().startswith(","):
        hint = " A trailing comma before a closing bracket is not allowed in JSON."
    ctx = _headers_only(kb, headers, source)
    ctx.report("CT108", "", f"the body is not valid JSON{where}: {msg} at line {line}, column {col}.{hint}")
    text = body if text is None else text
    position = None
    if offset is not None:
        at = offset + pos
        position = (text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at))
    return LintResult(findings=ctx.findings, request=None, source=source, headers=headers, text=text,
                      body_offset=offset, filename=filename, error_position=position)


def _headers_only(kb: KnowledgeBase, headers: dict | None, source: Source) -> Context:
    """A context for an input whose body cannot be read: its headers can still be judged."""
    from . import headers as header_checks
    ctx = Context({}, kb, headers, source)
    for check in header_checks.CHECKS:
        check(ctx)
    return ctx
