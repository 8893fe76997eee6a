"""The catalogue as the app shows it: a searchable outline of the knowledge base and Markdown pages.

Pure (no Textual) so both are testable without the app. The outline groups status → error type →
causes, with the SDK's error codes under their status, the no-status failures, models and lint
rules in their own branches. Pages are Markdown for the app's Markdown widget: knowledge-base prose
is escaped so it cannot become links or HTML, pastes go into fenced code blocks, and the whole page
is redacted and stripped of control characters.
"""

from __future__ import annotations

import re

from knowledge import KnowledgeBase
from knowledge.model import Cause, ErrorCode
from knowledge.record import Record, factory

from ..engine.lookup import Entry
from .doc import clean
from .report import md_inline

BIG_FOLDER = 15  # an error-code folder larger than this is split by area


class Node(Record):
    label: str                  # plain text: the screen renders it literally, never as markup
    key: str = ""               # what tui.engine.lookup.resolve takes; "" for a folder
    kind: str = "folder"        # folder | status | error_type | cause | error_code | model | rule
    haystack: str = ""          # lower-cased words the search looks in
    children: list = factory(list)


def _hay(*parts: object) -> str:
    return " ".join(str(p) for p in parts if p).lower()


def _cause_node(c: Cause, status: int | None) -> Node:
    patterns = [str(r.value) for r in c.matches if r.kind in ("message", "text", "error_code") and not r.exclude]
    pastes = [e.paste for e in c.examples]
    return Node(f"{c.id}  {c.title}", c.id, "cause",
                _hay(c.id, c.title, c.error_type, status, c.summary, *patterns, *pastes))


def _code_node(e: ErrorCode) -> Node:
    return Node(f"{e.code}  {e.sdk_class}", e.code, "error_code",
                _hay(e.code, e.sdk_class, e.parent, e.status, e.area, e.meaning))


def _codes_folder(codes: list[ErrorCode], status: int) -> Node:
    folder = Node(f"SDK error codes ({len(codes)})", haystack=_hay("error codes", status))
    if len(codes) <= BIG_FOLDER:
        folder.children = [_code_node(e) for e in codes]
        return folder
    for area in sorted({e.area for e in codes}):
        in_area = [e for e in codes if e.area == area]
        folder.children.append(Node(f"{area} ({len(in_area)})", haystack=_hay(area),
                                    children=[_code_node(e) for e in in_area]))
    return folder


def outline(kb: KnowledgeBase) -> list[Node]:
    """The whole knowledge base as a tree of Nodes (top level first)."""
    types = sorted(kb.error_types.values(), key=lambda t: t.key)
    codes = sorted(kb.error_codes.values(), key=lambda e: (e.status, e.code))
    statuses = sorted({t.status for t in types if t.status} | {e.status for e in codes})

    def type_node(t) -> Node:
        causes = [_cause_node(c, t.status) for c in kb.causes if c.error_type == t.key]
        return Node(f"{t.key}  {t.title} ({len(causes)})", t.key, "error_type",
                    _hay(t.key, t.title, t.status, t.summary), causes)

    top = []
    for status in statuses:
        own = [t for t in types if t.status == status]
        title = " / ".join(t.title for t in own) or "SDK error codes only"
        node = Node(f"{status}  {title}", str(status), "status", _hay(status, title, *(t.key for t in own)),
                    [type_node(t) for t in own])
        status_codes = [e for e in codes if e.status == status]
        if status_codes:
            node.children.append(_codes_folder(status_codes, status))
        top.append(node)
    pseudo = [type_node(t) for t in types if not t.status]
    top.append(Node("No HTTP status (connection, client, stream)", haystack="no status", children=pseudo))
    top.append(Node(f"Models ({len(kb.models)})", haystack="models", children=[
        Node(f"{m.id}  {m.name} · {m.lifecycle}", m.id, "model",
             _hay(m.id, m.name, m.family, m.lifecycle, *m.aliases, m.bedrock_id, m.vertex_id))
        for m in kb.models]))
    if kb.lint_rules:
        top.append(Node(f"Request lint rules ({len(kb.lint_rules)})", haystack="lint rules", children=[
            Node(f"{r.id}  {r.name}", r.id, "rule", _hay(r.id, r.name, r.severity, r.summary))
            for r in kb.lint_rules.values()]))
    return top


def matches(node: Node, query: str) -> bool:
    """Whether the node itself holds every word of `query` (an empty query matches nothing)."""
    words = query.lower().split()
    return bool(words) and all(w in node.haystack for w in words)


def search(nodes: list[Node], query: str, keys: set[str] | frozenset[str] | None = None) -> list[Node]:
    """The outline pruned to what matches `query`: every word in a node's text, or, given `keys`
    (the entries tui.engine.search ranked for the query), an entry whose key is among them. A
    folder whose own text matches keeps only its matching entries when it has any ("spend" in the
    400 summary must not list all sixty 400 causes), and its whole subtree when none match (so
    "429" lists every 429 cause)."""
    if not query.split():
        return nodes

    def hit(node: Node) -> bool:
        return node.key in keys if keys is not None and node.key else matches(node, query)

    def keep(node: Node) -> Node | None:
        children = [k for c in node.children if (k := keep(c)) is not None]
        if children:
            return Node(node.label, node.key, node.kind, node.haystack, children)
        return node if hit(node) else None

    return [k for n in nodes if (k := keep(n)) is not None]


def walk(nodes: list[Node], parents: tuple[Node, ...] = ()):
    """Every (node, its ancestors) in display order."""
    for n in nodes:
        yield n, parents
        yield from walk(n.children, (*parents, n))


# --- pages ----------------------------------------------------------------------------------

def fenced(text: str, lang: str = "text") -> str:
    """A fenced code block that no backtick run inside `text` can close early."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    body = text.strip("\n")
    return f"{fence}{lang}\n{body}\n{fence}"


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def cause_page(c: Cause, kb: KnowledgeBase) -> list[str]:
    t = kb.error_types.get(c.error_type)
    status = f" · HTTP {t.status}" if t and t.status else ""
    out = [f"# {md_inline(c.title)}", "",
           f"`{c.id}` · `{c.error_type}`{status} · retrying can help: {_yes_no(c.retryable)}", "",
           md_inline(c.summary), "", "## Fix", ""]
    out += [f"{i}. {md_inline(step)}" for i, step in enumerate(c.fix, 1)]
    out += ["", f"Docs: {c.docs_url}"]
    if c.sources:
        out += ["", "Seen in: " + md_inline(", ".join(c.sources))]
    for i, ex in enumerate(c.examples, 1):
        out += ["", f"## Example paste {i} of {len(c.examples)}", ""]
        if ex.note:
            out += [f"_{md_inline(ex.note)}_", ""]
        if ex.env:
            out += ["With the environment: " + ", ".join(f"`{k}`" for k in sorted(ex.env)), ""]
        out.append(fenced(ex.paste))
    return out


def _type_section(entry: Entry) -> list[str]:
    out = []
    for t in entry.error_types:
        status = f"{t.status} " if t.status else ""
        out += [f"# {status}{t.key}: {md_inline(t.title)}", "", md_inline(t.summary), "",
                f"The SDKs retry it: {_yes_no(t.retryable)} · Docs: {t.docs_url}", ""]
    if entry.classes:
        out += ["## Exception classes", "", "| SDK | class |", "|---|---|"]
        out += [f"| {lang} | `{cls}` |" for lang, cls in entry.classes.items()]
        out.append("")
    return out


def _code_section(e: ErrorCode) -> list[str]:
    return [f"# `{e.code}` ({e.status})", "",
            f"Exception `{e.sdk_class}` (a `{e.parent}`) · area {e.area} · retryable: {_yes_no(e.retryable)}", "",
            md_inline(e.meaning), "", f"**Fix:** {md_inline(e.fix)}", "",
            *([f"- `details.{k}`: {md_inline(v)}" for k, v in e.details.items()] + [""] if e.details else [])]


def entry_markdown(entry: Entry, kb: KnowledgeBase) -> str:
    """A resolved catalogue entry (status, error type, cause, error code, rule, model) as Markdown."""
    out: list[str] = []
    if entry.kind == "cause":
        out += cause_page(entry.causes[0], kb)
    elif entry.kind == "error_code":
        out += _code_section(entry.codes[0])
    elif entry.kind == "rule" and entry.rule:
        r = entry.rule
        out += [f"# {r.id} `{r.name}`", "", f"Severity: {r.severity}", "", md_inline(r.summary), "",
                f"**Fix:** {md_inline(r.fix)}", "", f"Docs: {r.docs_url}", ""]
        for label, sample in (("Violates the rule", r.example_bad), ("Passes", r.example_good)):
            if sample:
                out += [f"## {label}", "", fenced(sample, "json"), ""]
    elif entry.kind == "model" and entry.model:
        m = entry.model
        out += [f"# {md_inline(m.name)}", "", f"`{m.id}` · {m.lifecycle}", "", "| | |", "|---|---|"]
        for label, val in (("Aliases", ", ".join(m.aliases)), ("Retires", m.retires),
                           ("Context window", m.context_window), ("Max output tokens", m.max_output_tokens),
                           ("Request rules", ", ".join(sorted(m.rules))), ("Bedrock ID", m.bedrock_id),
                           ("Vertex ID", m.vertex_id)):
            if val:
                out.append(f"| {label} | `{val}` |")
        if m.note:
            out += ["", md_inline(m.note)]
        for rule in sorted(m.rules):
            if rule in kb.rule_groups:
                out += ["", f"- `{rule}`: {md_inline(kb.rule_groups[rule].summary)}"]
    else:
        out += _type_section(entry)
    if entry.kind != "cause" and entry.causes:
        out += ["", f"## Causes ({len(entry.causes)})", ""]
        out += [f"- **{md_inline(c.title)}** `{c.id}`" for c in entry.causes]
    if entry.kind in ("status", "error_type") and entry.codes:
        out += ["", f"## SDK error codes ({len(entry.codes)})", ""]
        out += [f"- `{e.code}` `{e.sdk_class}`: {md_inline(e.meaning)}" for e in entry.codes]
    return clean("\n".join(out) + "\n")


def folder_markdown(node: Node) -> str:
    """A folder's page: its name and what it holds."""
    lines = [f"# {md_inline(node.label)}", "", "Select an entry, or type in the search box to narrow the list.", ""]
    lines += [f"- {md_inline(child.label)}" for child in node.children]
    return clean("\n".join(lines) + "\n")
