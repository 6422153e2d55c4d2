"""Command line: what the commands share. Each command's parser entry with its example,
the --kg and --lang options, and the graph a command reads."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import import_module
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

import visualize
from kg.dataset import load_dataset
from kg.errors import InputError
from kg.outputs import write_outputs
from kg.pipeline import BuildResult, build
from kg.resources import checkout
from kg.store import is_store, load_file, open_store, reference_store, store_dataset
from kg.vocab import LANGUAGES

DEFAULT_KG = Path("out/kg.trig")
ENGLISH_NOTE = ("--lang en: units (and a document's issuer and approvers) are named in "
                "English; headings, indicators, place and institution names and quotes stay "
                "in the document's script, as the graph has no English for them")
Run = Callable[[argparse.Namespace], int]


def command(commands, name: str, help_text: str, example: str, run: Run,
            more: str = "") -> argparse.ArgumentParser:
    """A command's parser: its help, an example, and MORE after the example."""
    parser = commands.add_parser(name, help=help_text, description=help_text,
                                 epilog=f"example:\n  {example}\n{more}",
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.set_defaults(run=run, command=name)
    return parser


def kg_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kg", type=Path, default=DEFAULT_KG, metavar="PATH",
                        help="the knowledge graph to read: a graph file (.trig, .nq, .ttl, "
                             ".nt) or an on-disk store made by `build --store` "
                             "(oxigraph:DIR); default: out/kg.trig, which in the project's "
                             "folder is built from the bundled seed when missing")


def lang_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=LANGUAGES,
                        help="language of labels (default: the document's script); en names "
                             "units in English, the rest stays in the document's script")


def in_memory(ds: Dataset | ox.Store) -> Dataset:
    """The graph as an rdflib Dataset, for the commands that work on one (export,
    validate, push): an on-disk store is read into memory."""
    return ds if isinstance(ds, Dataset) else store_dataset(ds)


def load_kg(path: Path, for_query: bool = False) -> Dataset | ox.Store:
    """The dataset at PATH (or the on-disk store at oxigraph:DIR). Queries read files into
    Oxigraph, which parses and answers them far faster than rdflib; other commands get
    an rdflib Dataset. The default path, when missing, is built from the seed in the
    project's own folder, and refused anywhere else."""
    if is_store(path):
        return open_store(path)
    if path == DEFAULT_KG and not path.exists():
        build_seed(path.parent)
    return load_file(path) if for_query else load_dataset(path)


def build_seed(folder: Path) -> None:
    """`policykg build -q -o FOLDER`, said on stderr; only in the project's folder, so
    that a command run elsewhere does not fill the current folder unasked."""
    if checkout() is None or Path.cwd().resolve() != checkout():
        raise InputError("no knowledge graph here; run `policykg build` first, or give "
                         "--kg PATH", str(folder / DEFAULT_KG.name))
    print(f"policykg: {folder / DEFAULT_KG.name} is missing; building it from the bundled "
          f"seed into {folder.resolve()}", file=sys.stderr)
    with fewer_collections():
        write_outputs(build(), folder, graph_page=draw_overview)


class OverviewPage:
    """The build's graph page (a kg.outputs page writer). prepare() runs in the forked
    child that draws the page, while the build writes the graph it draws: it loads
    visualize (networkx: 0.1 s to import) and draws the page of the ontology and the
    reference data alone. That reads the queries and the page's assets once, and turns
    the reference data's names into rdflib terms, which kg.store keeps: the seed's page
    then takes 45 ms instead of 80.
    """

    def prepare(self) -> None:
        render = import_module("visualize.render")
        views = import_module("visualize.views")
        render.render_html(views.build_view(reference_store(), "overview"))

    def __call__(self, source: Dataset | ox.Store, path: Path) -> Path:
        return visualize.write_overview(source, path)


draw_overview = OverviewPage()


def report_problems(result: BuildResult, warnings: bool = True) -> None:
    """The documents that failed, then (WARNINGS) the warnings of those read, on stderr."""
    for failure in result.failures:
        print(f"policykg: {failure}", file=sys.stderr)
    for doc in result.documents if warnings else ():
        for warning in doc.diagnostics:
            print(f"warning: {warning}", file=sys.stderr)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """A build makes some 10^5 objects that live to its end (terms, triples, index
    entries). With the default thresholds Python's cycle collector scans them again some
    300 times; this freezes what exists already (modules, the ontology) and collects
    every 20,000 allocations instead of 700. Cycles are still collected, and on the way
    out the collector is as it was: nothing stays frozen."""
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(20_000, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
