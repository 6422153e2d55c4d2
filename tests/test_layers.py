"""The layers of the code, lowest first. A module imports only from its own layer and the
layers below it, no imports go round in a circle, and every import sits at the top of its
file except a heavy optional dependency deferred on purpose (imports inside functions
count: the whole syntax tree of every module is read)."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = {  # a name ending in "." stands for every module of that package
    "foundation": ("kg", "kg.errors", "kg.document", "kg.namespace", "kg.resources",
                   "kg.files", "kg.turtle", "kg.vocab"),
    "text": ("kg.read", "kg.gazetteer", "kg.annotate", "kg.annotate.", "kg.annfile"),
    "graph": ("kg.iri", "kg.ingest", "kg.dataset", "kg.reason", "kg.validate"),
    "queries": ("kg.sparql", "kg.store", "kg.remote", "kg.query"),
    "outputs": ("kg.export", "kg.serve", "kg.push", "kg.pipeline", "kg.outputs", "kg.api"),
    "visualize": ("visualize", "visualize."),
    "command line": ("kg.cli", "kg.cli.", "kg.__main__"),
}
DEFERRED = {"pyshacl"}  # imported inside the function that needs it (kg/validate.py says why)


def modules() -> dict[str, Path]:
    found = {}
    for path in [*ROOT.glob("kg/**/*.py"), *ROOT.glob("visualize/**/*.py")]:
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


MODULES = modules()


def layer(name: str) -> int:
    for rank, members in enumerate(LAYERS.values()):
        if name in members or any(m.endswith(".") and name.startswith(m) for m in members):
            return rank
    raise AssertionError(f"{name} belongs to no layer: add it to LAYERS")


def imports(tree: ast.Module) -> dict[str, ast.stmt]:
    """Project modules imported anywhere in TREE (``from kg import annfile`` is
    kg.annfile), each with its statement."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name: node for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            subs = [f"{node.module}.{a.name}" for a in node.names]
            found |= {s: node for s in subs if s in MODULES} or {node.module: node}
    return {name: node for name, node in found.items()
            if name.split(".")[0] in ("kg", "visualize") or name in DEFERRED}


TREES = {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in MODULES.items()}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_point_down_and_sit_at_the_top(name):
    top = {id(node) for node in TREES[name].body}
    for imported, node in imports(TREES[name]).items():
        if imported in DEFERRED:
            continue
        assert layer(imported) <= layer(name), f"{name} ({layer(name)}) imports {imported}"
        assert id(node) in top, f"{name} imports {imported} inside a function"


def test_no_import_cycle():
    graph = {name: [i for i in imports(tree) if i in MODULES] for name, tree in TREES.items()}
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as err:
        pytest.fail(f"import cycle: {' -> '.join(err.args[1])}")


def test_each_module_of_kg_names_its_layer_in_its_first_line():
    """kg/*.py say it in words; the packages (kg/annotate/, kg/cli/, visualize/) by name."""
    for name, tree in TREES.items():
        if MODULES[name].parent.name == "kg" and name != "kg":
            title = list(LAYERS)[layer(name)]
            assert (ast.get_docstring(tree) or "").lower().startswith(title), name
