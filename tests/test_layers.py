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
                   "kg.files", "kg.turtle", "kg.vocab", "kg.beside", "kg.cache"),
    "text": ("kg.read", "kg.reflow", "kg.html_text", "kg.pdf_text", "kg.docx_text",
             "kg.gazetteer", "kg.annotate", "kg.annotate.", "kg.annfile"),
    "graph": ("kg.iri", "kg.ingest", "kg.dataset", "kg.reason", "kg.validate"),
    "queries": ("kg.sparql", "kg.store", "kg.tables", "kg.remote", "kg.lookup", "kg.query"),
    "outputs": ("kg.export", "kg.guard", "kg.serve", "kg.push", "kg.pipeline", "kg.cluster",
                "kg.outputs", "kg.api"),
    "visualize": ("visualize", "visualize."),
    "command line": ("kg.cli", "kg.cli.", "kg.__main__"),
}
# Heavy optional dependencies imported inside the one function that needs them (each
# import says why there); no other import may sit inside a function.
DEFERRED = {
    "pyshacl": "kg/validate.py: only validation needs it",
    "trafilatura": "kg/html_text.py: 0.15 s to import, only for a web page",
    "lxml": "kg/html_text.py: with trafilatura, only for a web page",
    "pdfplumber": "kg/pdf_text.py: 0.1 s to import, only for a PDF",
    "pdfminer.pdfdocument": "kg/pdf_text.py: with pdfplumber, only for a PDF",
    "docx": "kg/docx_text.py: 0.1 s to import, only for a Word file",
    "docx.table": "kg/docx_text.py: with docx, only for a Word file",
    "charset_normalizer": "kg/read.py: only for a file that decodes as GB18030 and Big5",
    "dask.distributed": "kg/cluster.py: about a second to import, optional, only for a cluster",
}


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


@pytest.mark.parametrize("name", sorted(MODULES))
def test_only_the_documented_heavy_imports_sit_inside_functions(name):
    top = {id(node) for node in TREES[name].body}
    for node in ast.walk(TREES[name]):
        if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in top:
            names = [a.name for a in node.names] if isinstance(node, ast.Import) \
                else [node.module]
            undocumented = [n for n in names if n not in DEFERRED]
            assert not undocumented, f"{name} imports {undocumented} inside a function"


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
