"""The Catalogue screen: every knowledge-base entry in a searchable tree, one page per entry.

The outline and the pages come from tui.render.catalogue_md (pure, tested without the app); this
screen only lays them out. Tree labels are Rich Text and pages are Markdown built from escaped
text, so nothing from the knowledge base is read as Textual markup.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Footer, Header, Input, Markdown, Static, Tree
from textual.widgets.tree import TreeNode

from ..engine.lookup import resolve
from ..engine.search import rank
from ..render.catalogue_md import Node, entry_markdown, folder_markdown, outline, search

SEARCH_DELAY = 0.15  # s: rebuild the tree once typing pauses, not on every key
SHOW_DELAY = 0.05    # s: render the page once the cursor settles while arrowing through the tree
INTRO = """# Error catalogue

Every status, error type, cause, SDK error code, model and request lint rule claude-triage knows.

- Type in the search box: an id, a status, an error code, an SDK exception class or words from
  an error message. The best match is highlighted; Enter opens it.
- Select an entry to read it here. A cause has example pastes: **Try it** (`t`) opens one in
  Diagnose, **Next example** (`n`) picks another.
- `ctrl+p` searches the catalogue from any screen.
"""


class CatalogueScreen(Screen):
    DEFAULT_CSS = """
    CatalogueScreen #cat-body { height: 1fr; }
    CatalogueScreen #cat-left { width: 42%; min-width: 32; }
    CatalogueScreen #cat-search { margin-bottom: 0; }
    CatalogueScreen #cat-tree { height: 1fr; overflow-x: hidden; }
    CatalogueScreen #cat-count { height: 1; color: $text-muted; padding: 0 1; }
    CatalogueScreen #cat-right { width: 1fr; }
    CatalogueScreen #cat-page { height: 1fr; padding: 0 1; }
    CatalogueScreen #cat-bar { height: auto; padding: 0 1; }
    CatalogueScreen #cat-bar Button { margin-right: 2; }
    CatalogueScreen #cat-example { height: 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("ctrl+f,slash", "focus_search", "Search", tooltip="Search the catalogue"),
        Binding("t,f5", "try_it", "Try it", tooltip="Open this cause's example paste in Diagnose"),
        Binding("n,f6", "next_example", "Next example", tooltip="Show the cause's next example paste"),
        Binding("escape", "clear_search", "Clear search", show=False),
        Binding("down", "focus_tree", show=False),
    ]
    AUTO_FOCUS = "#cat-tree"

    def __init__(self) -> None:
        super().__init__()
        import knowledge
        self._kb = knowledge.load()
        self._outline = outline(self._kb)
        self._node: Node | None = None        # the entry on the page
        self._example = 0                      # which of the cause's examples "try it" opens
        self._pending: str | None = None       # a select(key) that arrived before the tree existed
        self._search_timer: Timer | None = None
        self._show_timer: Timer | None = None
        self._shown_query: list[str] = []      # the search words the tree currently reflects
        self._best: str | None = None          # the key of the best match for the search, if any

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="cat-body"):
            with Vertical(id="cat-left"):
                yield Input(placeholder="Search: 429, overloaded, dual credentials…", id="cat-search")
                tree: Tree[Node] = Tree("catalogue", id="cat-tree")
                tree.show_root = False
                yield tree
                yield Static(id="cat-count")
            with Vertical(id="cat-right"):
                with VerticalScroll(id="cat-page", can_focus=True):
                    yield Markdown(INTRO, id="cat-md")
                with Horizontal(id="cat-bar"):
                    yield Button("Try it (t)", id="cat-try", variant="primary", disabled=True, compact=True)
                    yield Button("Next example (n)", id="cat-next", disabled=True, compact=True)
                    yield Static(id="cat-example")
        yield Footer()

    def on_mount(self) -> None:
        self._fill(self._outline, expand=False)
        if self._pending:
            key, self._pending = self._pending, None
            self.select(key)

    # --- the tree -------------------------------------------------------------------------

    def _fill(self, nodes: list[Node], expand: bool, best: str | None = None) -> None:
        tree = self.query_one("#cat-tree", Tree)
        tree.clear()
        leaves = 0
        stack: list[tuple[TreeNode, Node]] = [(tree.root, n) for n in reversed(nodes)]
        while stack:
            parent, node = stack.pop()
            if node.children:
                branch = parent.add(_label(node), data=node, expand=expand)
                stack.extend((branch, c) for c in reversed(node.children))
            else:
                parent.add_leaf(_label(node), data=node)
                leaves += 1
        tree.root.expand()
        count = self.query_one("#cat-count", Static)
        query = self.query_one("#cat-search", Input).value.strip()
        self._shown_query = query.split()
        shown = f"{leaves} entries" + (" match" if query else "")
        if best:  # the short form when the pane is narrow (80 columns): the id must stay in view
            long = f"{shown} · Enter: {best}"
            shown = long if len(long) <= count.size.width - 2 else f"Enter: {best}"
        count.update(Text(shown, no_wrap=True))

    @on(Input.Changed, "#cat-search")
    def _typed(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY, self._apply_search)

    def _apply_search(self) -> None:
        """Filter the tree to what the search matches, and highlight the best match (its page
        shows; the search box keeps the focus)."""
        query = self.query_one("#cat-search", Input).value
        if query.split() == self._shown_query:
            return  # the tree shows this already (select() may have cleared the box itself)
        hits = rank(self._kb, query)  # best first: an exact name, then id, title, other words
        self._best = hits[0].key if hits else None
        keys = {h.key for h in hits}
        self._fill(search(self._outline, query, keys if query.strip() else None), expand=bool(query.strip()),
                   best=self._best)
        target = _find(self.query_one("#cat-tree", Tree), self._best) if self._best else None
        if target is not None:
            self._go_to(target)

    @on(Input.Submitted, "#cat-search")
    def _search_done(self) -> None:
        """Enter in the search box: apply it now and open the best match ("overloaded" opens
        server.overloaded, not the first entry in tree order that mentions the word)."""
        self._apply_search()
        tree = self.query_one("#cat-tree", Tree)
        tree.focus()
        target = _find(tree, self._best) if self._best else None
        if target is not None:
            self._go_to(target)

    @on(Tree.NodeHighlighted, "#cat-tree")
    def _highlighted(self, event: Tree.NodeHighlighted) -> None:
        if self._show_timer is not None:
            self._show_timer.stop()
        node = event.node.data
        if node is not None and node is not self._node:
            self._show_timer = self.set_timer(SHOW_DELAY, lambda: self._show(node))

    # --- the page -------------------------------------------------------------------------

    def _show(self, node: Node) -> None:
        entry = resolve(self._kb, node.key) if node.key else None
        text = entry_markdown(entry, self._kb) if entry is not None else folder_markdown(node)
        self._node, self._example = node, 0
        self.query_one("#cat-md", Markdown).update(text)
        self.query_one("#cat-page", VerticalScroll).scroll_home(animate=False)
        self._update_bar()

    def _cause(self):
        node = self._node
        return self._kb.cause_by_id.get(node.key) if node is not None and node.kind == "cause" else None

    def _update_bar(self) -> None:
        cause = self._cause()
        count = len(cause.examples) if cause else 0
        self.query_one("#cat-try", Button).disabled = count == 0
        self.query_one("#cat-next", Button).disabled = count < 2
        note = f"example {self._example + 1} of {count}" if count else "pick a cause to try it"
        self.query_one("#cat-example", Static).update(Text(note))

    # --- what the app and the keys call ---------------------------------------------------

    def select(self, key: str) -> None:
        """Select and show the entry for `key`: a status, error type, cause id, error code,
        lint rule or model id (what `claude-triage explain` takes)."""
        if not self.is_mounted:
            self._pending = key
            return
        entry = resolve(self._kb, key)
        if entry is None:
            self.notify(f"Nothing in the catalogue is called {key!r}.", severity="warning", markup=False)
            return
        tree = self.query_one("#cat-tree", Tree)
        target = _find(tree, entry.key)
        if target is None:  # filtered out by the search: show everything again
            self.query_one("#cat-search", Input).value = ""
            self._fill(self._outline, expand=False)
            target = _find(tree, entry.key)
        if target is not None:
            tree.focus()
            self._go_to(target)

    def _go_to(self, target: TreeNode) -> None:
        parent = target.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
        self.call_after_refresh(_move_cursor, self.query_one("#cat-tree", Tree), target)
        self._show(target.data)

    def action_focus_search(self) -> None:
        self.query_one("#cat-search", Input).focus()

    def action_focus_tree(self) -> None:
        self.query_one("#cat-tree", Tree).focus()

    def action_clear_search(self) -> None:
        search_box = self.query_one("#cat-search", Input)
        if search_box.value:
            search_box.value = ""
            self._apply_search()
        self.action_focus_tree()

    @on(Button.Pressed, "#cat-try")
    def action_try_it(self) -> None:
        cause = self._cause()
        if cause is None:
            self.notify("Select a cause to try its example paste.", markup=False)
            return
        example = cause.examples[self._example % len(cause.examples)]
        # The example runs with the environment it declares ({} = none), never the user's own.
        self.app.open_paste(example.paste, dict(example.env))  # type: ignore[attr-defined]

    @on(Button.Pressed, "#cat-next")
    def action_next_example(self) -> None:
        cause = self._cause()
        if cause is None or len(cause.examples) < 2:
            return
        self._example = (self._example + 1) % len(cause.examples)
        self._update_bar()
        self._scroll_to_example()

    def _scroll_to_example(self) -> None:
        """Bring the chosen example's heading into view (headings are "Example paste N of M")."""
        md = self.query_one("#cat-md", Markdown)
        wanted = f"Example paste {self._example + 1} of"
        for block in md.query("MarkdownH2"):
            if str(block._content).startswith(wanted):  # the heading's text (Textual keeps it there)
                self.query_one("#cat-page", VerticalScroll).scroll_to_widget(block, top=True)
                return


def _label(node: Node) -> Text:
    """The node's label as literal text: the id bold, the rest plain, folders dim."""
    if not node.key:
        return Text(node.label, style="bold")
    key, _, rest = node.label.partition("  ")
    return Text.assemble((key, "bold" if node.kind != "cause" else "cyan"), ("  " + rest if rest else ""))


def _move_cursor(tree: Tree, target: TreeNode) -> None:
    # Expanding a branch drops the tree's line index; reading `last_line` rebuilds it, without
    # which `target.line` is still -1 and the cursor would land on the first line instead.
    if tree.last_line >= 0:
        tree.move_cursor(target)


def _nodes(root: TreeNode):
    for child in root.children:
        yield child
        yield from _nodes(child)


def _find(tree: Tree, key: str) -> TreeNode | None:
    return next((n for n in _nodes(tree.root) if n.data is not None and n.data.key == key), None)
