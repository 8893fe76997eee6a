"""`claude-triage mcp`: the diagnosis as Model Context Protocol tools for coding agents, over stdio.

Four tools (diagnose, explain, lint, search_catalogue) and one Markdown page per catalogue entry
(claude-triage://cause/{id} and the like). Each tool answers with the same JSON the CLI prints
for `--format json` (built by the same functions) as structured content, plus a short readable
text. Everything returned is redacted; bad arguments come back as a tool error that names the
argument, and the server carries on.

Built on the official MCP Python SDK (`pip install 'claude-triage[mcp]'`). Only this command
imports it: the module is loaded by tui.cli when `mcp` is asked for, never before.
"""

from __future__ import annotations

from typing import Annotated

from mcp.server import MCPServer
from mcp.server.mcpserver.exceptions import ResourceNotFoundError, ToolError
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import Field, ValidationError

from . import __version__
from .redact import redact, redact_obj

SCHEME = "claude-triage"
MAX_PASTE = 32 * 1024 * 1024  # characters: a paste, not a disk (the CLI reads 64 MB of bytes)
MAX_RESULTS = 50
# Resource path segment → the kind of entry tui.engine.lookup.resolve returns for its key.
PAGES = {"cause": "cause", "status": "status", "error-type": "error_type", "error-code": "error_code",
         "rule": "rule", "model": "model"}
URI_KIND = {kind: segment for segment, kind in PAGES.items()}

INSTRUCTIONS = """\
claude-triage explains why a call to the Claude API (Anthropic Messages API) failed and what to change.
When a Claude API call fails (an SDK exception, an HTTP error body, a curl -v dump, a stream that
stopped, a log), call `diagnose` with the whole error output: it returns ranked likely causes with
evidence, the fix, and whether retrying can help. Before sending a request, `lint` checks its body,
curl command or Python call. `explain` looks up a status, error type, error_code, cause id, lint
rule or model id; `search_catalogue` finds entries by words. Every entry has a Markdown page at the
`uri` the results give (claude-triage://cause/{id} ...). Keys and tokens are redacted in all output.
"""

STRICT = {"strict": True}  # "yes" is not a boolean and 5 is not a string: say so instead of guessing


def page_uri(kind: str, key: str) -> str:
    return f"{SCHEME}://{URI_KIND[kind]}/{key}"


def _result(structured: dict, text: str) -> CallToolResult:
    return CallToolResult(content=[TextContent(type="text", text=redact(text))],
                          structured_content=redact_obj(structured))


def _kb():
    import knowledge
    return knowledge.load()


# --- tools ----------------------------------------------------------------------------------

def diagnose(
    text: Annotated[str, Field(description="The failure as it was printed: SDK exception or traceback, HTTP "
                                           "error body, curl -v output, SSE stream, log lines, or the request body.",
                               max_length=MAX_PASTE, **STRICT)],
    use_env: Annotated[bool, Field(description="Also weigh this machine's ANTHROPIC_API_KEY / ANTHROPIC_AUTH_TOKEN / "
                                               "ANTHROPIC_BASE_URL / proxy settings (only whether they are set and "
                                               "what kind; values are never returned).", **STRICT)] = True,
) -> CallToolResult:
    """Diagnose a failed Claude API call: ranked likely causes with evidence, the fix, and retry advice."""
    from .engine import diagnose as run
    from .render.doc import to_plain
    from .render.report import diagnosis_doc
    d = run(text, use_env=use_env, env_values=False)
    return _result(d.to_dict(), to_plain(diagnosis_doc(d, more="the structured result lists them")))


def explain(
    key: Annotated[str, Field(description="A status (429), error type (overloaded_error), error_code, cause id "
                                          "(model.sampling-params-removed), lint rule (CT501) or model id.",
                              min_length=1, max_length=200, **STRICT)],
) -> CallToolResult:
    """Look up one entry of the offline catalogue: what it means, its causes, fixes and docs links."""
    from .engine.lookup import miss_message, resolve, suggest
    from .render.catalogue import entry_doc, explain_dict
    from .render.doc import to_plain
    kb = _kb()
    entry = resolve(kb, key)
    if entry is None:
        near = suggest(kb, key)
        return _result(explain_dict(key, None, near), miss_message(key, near))
    out = explain_dict(key, entry, [])
    out["uri"] = page_uri(entry.kind, entry.key)
    return _result(out, to_plain(entry_doc(entry, kb)) + f"\nPage: {out['uri']}\n")


def lint(
    request: Annotated[str, Field(description="The request before it is sent: a Messages API JSON body, a curl "
                                              "command, or a Python client.messages.create(...) call.",
                                  max_length=MAX_PASTE, **STRICT)],
    model: Annotated[str | None, Field(description="Lint it as sent to this model (replaces the model the "
                                                   "request names, or supplies one it names by a variable).",
                                       max_length=200, **STRICT)] = None,
) -> CallToolResult:
    """Check a Claude API request for what is known to fail, before sending it (exit-status rule: errors)."""
    from .lint import NO_REQUEST, lint_input
    from .render.doc import to_plain
    from .render.lint import result_doc, result_dict
    result = lint_input(request, kb=_kb(), body_size=len(request.encode("utf-8", "replace")), model=model or None)
    if result is None:
        raise ToolError(NO_REQUEST)
    return _result(result_dict(result, "error", result.fails("error")), to_plain(result_doc(result, "error", "request")))


def search_catalogue(
    query: Annotated[str, Field(description="Words to look for (all must match): a status, an error message "
                                            "fragment, a parameter, a model, an SDK class.",
                                min_length=1, max_length=500, **STRICT)],
    limit: Annotated[int, Field(description="At most this many entries.", ge=1, le=MAX_RESULTS, **STRICT)] = 10,
) -> CallToolResult:
    """Find catalogue entries (causes, error types, error codes, models, lint rules) by words."""
    from .render.catalogue import search_dict, search_doc
    from .render.doc import to_plain
    if not query.split():
        raise ToolError("query is blank: give a word to look for, e.g. 429 or temperature")
    found = search_dict(_kb(), query, limit)
    for row in found["results"]:
        row["uri"] = page_uri(row["kind"], row["key"])
    return _result(found, to_plain(search_doc(found)))


TOOLS = (diagnose, explain, lint, search_catalogue)


# --- resources ------------------------------------------------------------------------------

def _page(segment: str):
    kind = PAGES[segment]

    def read(key: str) -> str:
        from .engine.lookup import resolve
        from .render.catalogue_md import entry_markdown
        kb = _kb()
        entry = resolve(kb, key)
        if entry is None or entry.kind != kind:
            raise ResourceNotFoundError(redact(f"no {segment} {key!r} in the catalogue (search_catalogue finds entries)"))
        return entry_markdown(entry, kb)

    read.__name__ = f"{kind}_page"
    return read


def _index() -> str:
    """Every cause, by error type, with its page."""
    from .render.report import md_inline
    kb = _kb()
    out = ["# claude-triage catalogue", "", "Each cause links to its page; `explain` takes any of these ids.", ""]
    for t in sorted(kb.error_types.values(), key=lambda t: (t.status is None, t.status or 0, t.key)):
        causes = [c for c in kb.causes if c.error_type == t.key]
        out += [f"## {f'{t.status} ' if t.status else ''}{t.key}: {md_inline(t.title)}", ""]
        out += [f"- [{md_inline(c.title)}]({page_uri('cause', c.id)}) `{c.id}`" for c in causes]
        out.append("")
    return redact("\n".join(out))


# --- the server -----------------------------------------------------------------------------

def _clear(exc: ToolError) -> ToolError:
    """The SDK's message for rejected arguments is pydantic's, with the rejected values quoted in it.
    Say which argument is wrong and why, and nothing of what was sent (it may hold a key)."""
    cause = exc.__cause__
    if isinstance(cause, ValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'arguments'}: {e['msg']}"
                             for e in cause.errors(include_input=False, include_url=False))
        return type(exc)(f"{str(exc).split(':', 1)[0]}: invalid arguments: {problems}")
    return type(exc)(redact(str(exc)))  # the type tells the SDK whether to log a crash


class TriageServer(MCPServer):
    """MCPServer whose tool errors say what was wrong without echoing what was sent."""

    async def call_tool(self, name, arguments, context=None):
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as exc:
            raise _clear(exc) from exc.__cause__


def build() -> MCPServer:
    server = TriageServer("claude-triage", version=__version__, instructions=INSTRUCTIONS, log_level="WARNING")
    read_only = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True,
                                open_world_hint=False)
    for tool in TOOLS:
        server.add_tool(tool, annotations=read_only)
    for segment, kind in PAGES.items():
        server.resource(f"{SCHEME}://{segment}/{{key}}", name=kind, mime_type="text/markdown",
                        description=f"The catalogue page of a {kind.replace('_', ' ')}, in Markdown.")(_page(segment))
    server.resource(f"{SCHEME}://catalogue", name="catalogue", mime_type="text/markdown",
                    description="Every cause, grouped by error type, with a link to its page.")(_index)
    return server


def serve() -> int:
    """Run the server on stdin/stdout until the client closes them."""
    import gc
    gc.enable()  # the CLI pauses the cycle collector for one short command; a server runs for hours
    build().run("stdio")
    return 0
