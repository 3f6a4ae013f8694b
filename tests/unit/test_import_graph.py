"""The import graph of the project's packages, read from the source (imports inside functions too).

Layers: `core` imports no project package; `geodata` does not import `etl` (etl builds on geodata);
the app (`dashapp`) imports neither `etl` nor `geodata` (data flows one way: raw -> store -> app);
no import cycle among dashapp's modules (nor anywhere else); `store` imports only `core`.
"""
from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("core", "dashapp", "etl", "geodata", "mapa3x1", "store")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The project modules `name` imports anywhere in its file (`from a import b` is a.b when that is a module)."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the package of this module
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names if f"{module}.{alias.name}" in known)
    return {m for m in found if m.split(".")[0] in PACKAGES}


@cache
def _graph() -> dict[str, set[str]]:
    """Module -> the project modules it imports (parsed once per test session)."""
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def _edges(source: str, target: str) -> list[str]:
    return sorted(f"{a} -> {b}" for a, targets in _graph().items() if a.split(".")[0] == source
                  for b in targets if b.split(".")[0] == target)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph:
                continue
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return out


def test_the_graph_sees_imports_inside_functions_and_relative_ones(tmp_path):
    source = "import os\nfrom . import sibling\n\ndef f():\n    from etl.base import SourceResult\n"
    path = tmp_path / "mod.py"
    path.write_text(source, encoding="utf-8")
    assert _imports("geodata.mod", path, {"geodata.sibling"}) == {"geodata", "geodata.sibling", "etl.base"}
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert "core.names" in _graph() and "dashapp.app" in _graph()


def test_core_imports_no_project_package():
    assert [e for package in PACKAGES if package != "core" for e in _edges("core", package)] == []


def test_geodata_does_not_import_etl():
    assert _edges("geodata", "etl") == []


def test_the_app_imports_neither_etl_nor_geodata():
    assert _edges("dashapp", "etl") + _edges("dashapp", "geodata") == []


def test_no_import_cycle_among_dashapp_modules():
    graph = {a: {b for b in targets if b.startswith("dashapp")} for a, targets in _graph().items()
             if a.startswith("dashapp")}
    assert _cycles(graph) == []


def test_no_import_cycle_anywhere_in_the_project():
    assert _cycles(_graph()) == []


def test_the_store_package_imports_only_core():
    assert [e for package in PACKAGES if package not in ("store", "core") for e in _edges("store", package)] == []
