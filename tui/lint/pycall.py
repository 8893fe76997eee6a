"""Read a `client.messages.create(...)` call from Python source (with `ast`, never executed).

Literal arguments become the request; anything else (a variable, a function call) becomes an
`Opaque` placeholder, so rules that need its value stay silent instead of guessing. SDK-only
arguments map to what the SDK sends: `betas` and `extra_headers` to headers, `extra_body` into the
body, `.stream(...)` to a streaming call. A TypeScript `messages.create({...})` object literal is
read too, through the paste reader's lenient literal parser.
"""

from __future__ import annotations

import re

from knowledge.record import Record, factory

from ..lazyre import lazy
from ..reader.loose import STRING, lone, quoted_tokens, starts
from .context import Opaque

# The receiver is at most 8 names of 64 characters (`client.beta.`): an unbounded `(?:\b\w+\.)*`
# rescanned a run like "a.a.a.a…" from every word in it.
_CALL = re.compile(r"(?:\b\w{1,64}\.){0,8}messages\.(create|stream|count_tokens)\s*+\(")
# Strings, comments and parentheses; read through `quoted_tokens`, which stops retrying a quote
# kind on a line where it opened no string (else 1 MB of `\'` rescans the line from each quote).
_TOKENS = {(sq, dq): lazy("|".join([r"'''.*?'''", r'\"\"\".*?\"\"\"'] + [STRING['"']] * dq
                                   + [STRING["'"]] * sq + [r"#[^\n]*", r"[()]"] + lone(sq, dq)), re.S)
           for sq in (True, False) for dq in (True, False)}
_STARTS = starts("#()")
_HEADER_ARGS = {"workspace_id": "anthropic-workspace-id", "user_profile_id": "anthropic-user-profile-id"}
_IGNORED = {"timeout", "extra_query", "output_format"}


class PyCall(Record):
    request: dict = factory(dict)
    headers: dict = factory(dict)
    method: str = "create"
    all_fields_known: bool = True
    offset: int = 0


def find(text: str) -> re.Match[str] | None:
    if "messages." not in text:  # memchr-fast; the pattern has no literal prefix to skip ahead by
        return None
    return _CALL.search(text)


def _close(text: str, open_at: int) -> int | None:
    """Index just past the parenthesis that closes the one at `open_at` (strings and comments skipped)."""
    depth = 0
    for m in quoted_tokens(text, open_at, _TOKENS, _STARTS):
        tok = m.group()
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth -= 1
            if depth == 0:
                return m.end()
    return None


def parse(text: str, match: re.Match[str]) -> PyCall | None:
    end = _close(text, match.end() - 1)
    if end is None:
        return None
    call = PyCall(method=match.group(1), offset=match.start())
    source = text[match.start():end]
    import ast  # only for this input form: it is not free to import
    try:
        node = ast.parse(source, mode="eval").body
    except SyntaxError:
        return _object_literal(text[match.end():end - 1], call)
    if not isinstance(node, ast.Call):
        return None
    for arg in node.args[:1]:  # messages.create(params_dict)
        value = _value(arg, ast)
        if isinstance(value, dict):
            call.request.update(value)
    for kw in node.keywords:
        if kw.arg is None:
            value = _value(kw.value, ast)
            if isinstance(value, dict):
                call.request.update(value)
            else:
                call.all_fields_known = False  # **kwargs we cannot see
            continue
        _keyword(call, kw.arg, _value(kw.value, ast))
    return call


def _keyword(call: PyCall, name: str, value: object) -> None:
    if name == "betas" and isinstance(value, list):
        call.headers["anthropic-beta"] = ",".join(str(b) for b in value)
    elif name == "extra_headers" and isinstance(value, dict):
        call.headers.update({str(k).lower(): str(v) for k, v in value.items()})
    elif name == "extra_body" and isinstance(value, dict):
        call.request.update(value)
    elif name in _HEADER_ARGS:
        call.headers[_HEADER_ARGS[name]] = str(value)
    elif name not in _IGNORED and not (name.startswith("extra_") and isinstance(value, Opaque)):
        call.request[name] = value


def _value(node, ast) -> object:
    """A literal's value; containers are converted piecewise so one variable does not hide the rest."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Dict):
        out = {}
        for k, v in zip(node.keys, node.values):
            if k is None:  # {**other}
                continue
            # A bare name as key is a JavaScript object literal ({model: "…"}), which also parses as Python.
            key = k.id if isinstance(k, ast.Name) else _value(k, ast)
            if isinstance(key, str):
                out[key] = _value(v, ast)
        return out
    if isinstance(node, ast.List | ast.Tuple):
        return [_value(v, ast) for v in node.elts]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant):
        return -node.operand.value
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict" and not node.args:
        return {kw.arg: _value(kw.value, ast) for kw in node.keywords if kw.arg}
    return Opaque(ast.unparse(node)[:60])


def _object_literal(inner: str, call: PyCall) -> PyCall | None:
    """`messages.create({ model: "…", … })` from TypeScript / JavaScript."""
    from ..reader.loose import objects
    for _, _, value in objects(inner):
        if isinstance(value, dict):
            call.request.update(value)
            return call
    return None
