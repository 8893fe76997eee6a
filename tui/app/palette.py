"""`CatalogueProvider`: the command palette (ctrl+p) searches the catalogue from any screen.

A hit opens the entry on the Catalogue screen through `app.show_catalogue(key)`. Titles come from
the knowledge base, so they are never handed to the palette as markup: the palette parses plain
strings as markup, so every piece is built as Content or escaped.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

KINDS = {"status": "HTTP status", "error_type": "error type", "cause": "cause", "error_code": "SDK error code",
         "model": "model", "rule": "lint rule"}


class CatalogueProvider(Provider):
    async def startup(self) -> None:
        import knowledge

        from ..render.catalogue_md import outline, walk
        # (key, title, kind) for every entry that has a page of its own.
        self._kb = knowledge.load()
        self._entries = {n.key: (n.label[len(n.key):].strip(), n.kind) for n, _ in walk(outline(self._kb)) if n.key}

    def _open(self, key: str) -> None:
        self.app.show_catalogue(key)  # type: ignore[attr-defined] - TriageApp's method

    def _help(self, kind: str) -> str:
        return escape(f"Catalogue · {KINDS.get(kind, kind)}")

    async def discover(self) -> Hits:
        # With an empty query: the statuses and error types, a starting point for browsing.
        for key, (title, kind) in self._entries.items():
            if kind in ("status", "error_type"):
                yield DiscoveryHit(Content.assemble((key, "bold"), "  ", title), partial(self._open, key),
                                   text=f"{key} {title}", help=self._help(kind))

    async def search(self, query: str) -> Hits:
        from ..engine.search import rank
        matcher = self.matcher(query)
        ranked = {h.key: (1.0 - 0.15 * h.tier - 0.0005 * i) for i, h in enumerate(rank(self._kb, query))}
        for key, (title, kind) in self._entries.items():
            # The catalogue's own ranking first (an exact name, then id, title and other words);
            # then Textual's fuzzy match on the short key only, for typos and abbreviations (it
            # enumerates letter positions and grows fast on long titles).
            score = ranked.get(key) or 0.3 * matcher.match(key)
            if score:
                # Keys are plain ids ([a-z0-9._-]), safe for the markup `highlight` parses.
                display = Content.assemble(matcher.highlight(key), "  ", (title, "dim"))
                yield Hit(score, display, partial(self._open, key), text=f"{key} {title}", help=self._help(kind))
