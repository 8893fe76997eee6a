"""The import structure: every module sits in a declared layer, nothing imports a higher layer, and
no two modules import each other, directly or around a loop (imports inside functions count too:
a lazy import is still a dependency).

The layers, lowest first (docs/architecture.md says why each sits where it does):
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Lowest first. A module belongs to the first entry that equals it or is a package above it.
LAYERS: list[tuple[str, ...]] = [
    ("knowledge",),                                               # the data, its schema and loader
    ("tui.lazyre", "tui.observation", "tui.redact", "tui.models"),  # shared by everything above
    ("tui.reader",),                                              # any text -> Observation
    ("tui.lint",),                                                # a request -> findings
    ("tui.engine", "tui"),                                        # Observation + findings -> Diagnosis
    ("tui.render", "tui.checks", "tui.scan"),                     # Diagnosis -> text; offline checks; logs
    ("tui.probe",),                                               # live requests (httpx)
    ("tui.app", "tui.mcp_server", "tui.hook"),                    # front ends: Textual, MCP, excepthook
    ("tui.cli_io",),                                              # what the commands share
    ("tui.cli_live", "tui.cli_scan"),                             # check and shrink (may send requests); scan
    ("tui.cli", "tui.__main__"),                                  # the command line
]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    files = [*(ROOT / "knowledge").rglob("*.py"), *(ROOT / "tui").rglob("*.py")]
    return {_module_name(p): p for p in files}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The project's modules `name` imports, anywhere in the file."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            # `from pkg import sub` imports the submodule when there is one
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        else:
            continue
        found.update(t for t in targets if t in known and t != name)
    return found


def _layer(name: str) -> int | None:
    best = None
    for i, members in enumerate(LAYERS):
        for m in members:
            if name == m or name.startswith(m + "."):
                if best is None or len(m) > best[1]:
                    best = (i, len(m))
    return best[0] if best else None


def _graph() -> dict[str, set[str]]:
    mods = _modules()
    return {name: _imports(name, path, set(mods)) for name, path in mods.items()}


def test_every_module_has_a_layer():
    assert not [m for m in _graph() if _layer(m) is None], "declare the new module's layer in LAYERS"


def test_nothing_imports_upward():
    upward = [f"{a} -> {b}" for a, targets in _graph().items() for b in targets
              if _layer(b) > _layer(a)]
    assert not upward, upward


def test_no_import_cycles():
    graph = _graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    # A submodule importing its own package's __init__ counts too: the __init__ is a table of
    # contents, and the work it lists must not depend on it.
    assert not cycles, cycles


def test_the_old_arrows_against_the_layers_are_gone():
    graph = _graph()
    assert "tui.cli" not in graph["tui.cli_live"]       # the cli <-> cli_live loop
    assert not any(t.startswith("tui.engine") for m, ts in graph.items() if m.startswith("tui.lint") for t in ts)
