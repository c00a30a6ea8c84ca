"""The one-way flow, read from the source: ingest/ -> graph/ -> api/, and no import cycle among provkg modules.

Every import statement counts, wherever it stands: at module level, inside a function (run when the
function is), and under `if TYPE_CHECKING:` (run by no one, but a dependency all the same: an import
moved into a function or behind TYPE_CHECKING to get past a cycle still leaves the cycle in the
design). An edge goes to the module an import names (`from provkg.graph import rdf` names
provkg.graph.rdf; `from provkg.graph.store import Store` names provkg.graph.store); a package's
__init__ is not an edge of its submodules (a router registry such as api/routes/__init__.py imports
the modules it lists, which is not a cycle of their code). A module importing itself (a worker's
entry point naming its own module) is no edge.
"""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    line: int
    where: str  # "module", "function" or "type-checking"


def package_dirs() -> dict[str, Path]:
    """provkg's top-level packages and their folders, as pyproject.toml maps them."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return {pkg: REPO / folder for pkg, folder in config["tool"]["setuptools"]["package-dir"].items()}


def module_sources(dirs: dict[str, Path]) -> tuple[dict[str, str], set[str]]:
    """Module name -> source for every .py file under the package folders (subpackages too), and which of
    the modules are packages."""
    sources, packages = {}, set()
    for pkg, folder in dirs.items():
        for path in sorted(folder.rglob("*.py")):
            parts = [pkg, *path.relative_to(folder).with_suffix("").parts]
            if parts[-1] == "__init__":
                parts.pop()
                packages.add(".".join(parts))
            sources[".".join(parts)] = path.read_text(encoding="utf-8")
    return sources, packages


def _resolve(name: str, known: set[str]) -> str | None:
    """The longest known module `name` is, or lies in."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    """ids of the import nodes under an `if TYPE_CHECKING:` block."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            out |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return out


def imports_of(module: str, source: str, known: set[str], is_package: bool = False) -> Iterator[Edge]:
    """Every import of a known module in `source`, wherever it stands."""
    tree = ast.parse(source)
    typing_only = _type_checking_nodes(tree)
    in_function = {id(n) for f in ast.walk(tree) if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
                   for n in ast.walk(f)}
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            names = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        else:
            continue
        where = "type-checking" if id(node) in typing_only else "function" if id(node) in in_function else "module"
        for name in names:
            target = _resolve(name, known)
            if target is not None and target != module:
                yield Edge(module, target, node.lineno, where)


def import_edges(sources: dict[str, str], packages: set[str] = frozenset()) -> list[Edge]:
    known = set(sources)
    return list(dict.fromkeys(e for m, src in sources.items() for e in imports_of(m, src, known, m in packages)))


def cycles(edges: list[Edge]) -> list[list[str]]:
    """The groups of modules that import each other, directly or round a loop."""
    g = nx.DiGraph((e.source, e.target) for e in edges)
    return sorted(sorted(c) for c in nx.strongly_connected_components(g) if len(c) > 1)


def _provkg() -> tuple[dict[str, str], list[Edge]]:
    sources, packages = module_sources(package_dirs())
    return sources, import_edges(sources, packages)


def _show(edges: list[Edge]) -> str:
    return "\n".join(f"{e.source} -> {e.target} (line {e.line}, {e.where})" for e in edges)


# --- the walker itself, on code written here ----------------------------------------------------------


def test_the_walker_sees_imports_in_functions_and_behind_type_checking() -> None:
    sources = {
        "pkg.a": "from typing import TYPE_CHECKING\nimport pkg.b\nif TYPE_CHECKING:\n    from pkg.c import C\n",
        "pkg.b": "def late():\n    from pkg import a\n    return a\n",
        "pkg.c": "class C:\n    def m(self):\n        from . import d\n",
        "pkg.d": "X = 1\n",
        "pkg": "",
    }
    edges = import_edges(sources, {"pkg"})
    assert {(e.source, e.target, e.where) for e in edges} == {
        ("pkg.a", "pkg.b", "module"), ("pkg.a", "pkg.c", "type-checking"),
        ("pkg.b", "pkg.a", "function"), ("pkg.c", "pkg.d", "function")}
    assert cycles(edges) == [["pkg.a", "pkg.b"]]  # a cycle only a function-level import closes is found


# --- provkg -------------------------------------------------------------------------------------------


def test_every_package_is_walked() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    sources, edges = _provkg()
    assert set(config["tool"]["setuptools"]["packages"]) <= set(sources)
    assert {"provkg.graph.store", "provkg.graph.load", "provkg.api.cli", "provkg.ingest.pipeline"} <= set(sources)
    assert {e.where for e in edges} >= {"module", "function"}


def test_ingest_and_graph_never_import_api() -> None:
    _, edges = _provkg()
    wrong = [e for e in edges if e.source.startswith(("provkg.ingest", "provkg.graph"))
             and e.target.startswith("provkg.api")]
    assert not wrong, "data flows one way; these go back to the doors:\n" + _show(wrong)


def test_ingest_never_imports_graph() -> None:
    _, edges = _provkg()
    wrong = [e for e in edges if e.source.startswith("provkg.ingest") and e.target.startswith("provkg.graph")]
    assert not wrong, "extraction knows nothing of RDF or the store:\n" + _show(wrong)


def test_no_import_cycle() -> None:
    _, edges = _provkg()
    found = cycles(edges)
    within = [e for e in edges if any(e.source in c and e.target in c for c in found)]
    assert not found, f"modules importing each other: {found}\n" + _show(within)
