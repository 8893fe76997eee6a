"""Catalogue search by relevance: which entries a query names, best first (pure; no Textual).

Every catalogue entry with a page of its own (status, error type, cause, SDK error code, model,
lint rule) is matched at the first of four tiers it reaches:

  0  the query *is* one of its names: an id, a status, an error type, an error code, an SDK
     exception class (bare or qualified, any SDK), a model id or alias, a lint rule id or name;
  1  every word of the query starts a word of its id ("overloaded": server.overloaded,
     "dual cred": auth.dual-credentials);
  2  every word of the query starts a word of its title;
  3  every word of the query is in its summary, meaning, message patterns or example pastes.

Within a tier, causes come before error codes, error types, statuses, lint rules and models (a
cause's page says what to do), then the closer match (the id or title the query covers most; in
tier 3 the query found as a phrase, and its words in the title or id), then catalogue order. The Catalogue screen opens the first hit on Enter; the MCP server can answer with them.
"""

from __future__ import annotations

import re

from knowledge import KnowledgeBase
from knowledge.record import Record

KIND_ORDER = {"cause": 0, "error_code": 1, "error_type": 2, "status": 3, "rule": 4, "model": 5}
_WORDS = re.compile(r"[a-z0-9]+")


class Hit(Record):
    key: str      # what tui.engine.lookup.resolve takes
    kind: str     # status | error_type | cause | error_code | rule | model
    tier: int     # 0 a name, 1 part of the id, 2 title words, 3 other words (see the module doc)


class _Entry(Record):
    key: str
    kind: str
    names: frozenset     # lower-cased exact names (tier 0)
    ident: frozenset     # lower-cased words of the id (tier 1)
    size: int            # letters and digits in the id
    title: frozenset     # lower-cased title words (tier 2)
    text: str            # lower-cased summary, meaning, patterns, pastes (tier 3)
    order: int


def _bare(name: str) -> str:
    """An exception class without its namespace: anthropic.RateLimitError → ratelimiterror."""
    return re.split(r"::|\\|\.", name.strip().lstrip("*"))[-1].lower()


def _class_names(kb: KnowledgeBase) -> dict[str, set[str]]:
    """Each status → the SDK exception classes raised for it (every SDK, bare and qualified)."""
    out: dict[str, set[str]] = {}
    for sdk in kb.sdks.values():
        for status, name in sdk.classes.items():
            key = "500" if status == "5xx" else str(status)
            out.setdefault(key, set()).update({name.lower(), _bare(name)})
            if sdk.namespace:
                out[key].add(f"{sdk.namespace}.{name}".lower())
    return out


def _entries(kb: KnowledgeBase) -> list[_Entry]:
    classes = _class_names(kb)
    rows: list[tuple] = []  # (key, kind, names, title, text)
    types = sorted(kb.error_types.values(), key=lambda t: (t.status or 0, t.key))
    for status in sorted({t.status for t in types if t.status} | {e.status for e in kb.error_codes.values()}):
        own = [t for t in types if t.status == status]
        rows.append((str(status), "status", {str(status), *classes.get(str(status), ())},
                     " ".join(t.title for t in own), " ".join(t.summary for t in own)))
    for t in types:
        names = {t.key} | (classes.get(str(t.status), set()) if t.status else set())
        rows.append((t.key, "error_type", names, t.title, t.summary))
    for c in kb.causes:
        patterns = [str(r.value) for r in c.matches if r.kind in ("message", "text", "error_code") and not r.exclude]
        rows.append((c.id, "cause", {c.id}, c.title,
                     " ".join([c.summary, c.error_type, *patterns, *(e.paste for e in c.examples)])))
    for e in sorted(kb.error_codes.values(), key=lambda e: (e.status, e.code)):
        rows.append((e.code, "error_code", {e.code, e.sdk_class.lower(), _bare(e.sdk_class)},
                     f"{e.code.replace('_', ' ')} {e.sdk_class}", f"{e.meaning} {e.area} {e.parent}"))
    for m in kb.models:
        rows.append((m.id, "model", {m.id, *m.aliases, m.bedrock_id or "", m.vertex_id or ""},
                     m.name, f"{m.family} {m.lifecycle} {m.note}"))
    for r in kb.lint_rules.values():
        rows.append((r.id, "rule", {r.id, r.name}, r.name.replace("-", " "), r.summary))
    return [_Entry(key, kind, frozenset(n.lower() for n in names if n), frozenset(_WORDS.findall(key.lower())),
                   len("".join(_WORDS.findall(key.lower()))), frozenset(_WORDS.findall(title.lower())),
                   text.lower(), i)
            for i, (key, kind, names, title, text) in enumerate(rows)]


def _index(kb: KnowledgeBase) -> list[_Entry]:
    return kb.derived("search-index", lambda: _entries(kb))


def _starts_words(words: list[str], of: frozenset) -> bool:
    return all(any(w.startswith(q) for w in of) for q in words)


def tier(entry: _Entry, query: str, words: list[str]) -> tuple[int, float] | None:
    """The tier an entry reaches for a query (lower-cased, and its words), and how close the
    match is within the tier (higher is closer); None when it does not match."""
    if query in entry.names or _bare(query) in entry.names:
        return 0, 1.0
    if _starts_words(words, entry.ident):
        return 1, sum(map(len, words)) / max(entry.size, 1)
    if _starts_words(words, entry.title):
        return 2, len(words) / max(len(entry.title), 1)
    if all(q in entry.text or any(w.startswith(q) for w in entry.ident) for q in words):
        near = sum(1 for q in words if any(w.startswith(q) for w in entry.title | entry.ident))
        return 3, (query in entry.text) + near / len(words)
    return None


def rank(kb: KnowledgeBase, query: str, limit: int | None = None) -> list[Hit]:
    """The entries `query` matches, best first (see the module doc); [] for an empty query."""
    query = " ".join(query.lower().split())
    words = _WORDS.findall(query) or query.split()
    if not query:
        return []
    scored = []
    for entry in _index(kb):
        found = tier(entry, query, words)
        if found is not None:
            scored.append((found[0], KIND_ORDER[entry.kind], -found[1], entry.order, entry))
    scored.sort(key=lambda s: s[:4])
    return [Hit(s[4].key, s[4].kind, s[0]) for s in scored[:limit]]


def best(kb: KnowledgeBase, query: str) -> Hit | None:
    hits = rank(kb, query, limit=1)
    return hits[0] if hits else None
