"""The subcommands of `policykg`, each a thin layer over the library."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.errors import InputError
from kg.vocab import LANGUAGES

DEFAULT_KG = Path("out/kg.trig")


def _command(commands, name: str, help_text: str, example: str, run):
    parser = commands.add_parser(name, help=help_text, description=help_text,
                                 epilog=f"example:\n  {example}",
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.set_defaults(run=run)
    return parser


def _kg_option(parser) -> None:
    parser.add_argument("--kg", type=Path, default=DEFAULT_KG, metavar="PATH",
                        help="the knowledge graph to read (default: out/kg.trig; built from "
                             "the bundled seed when missing)")


def _lang_option(parser) -> None:
    parser.add_argument("--lang", choices=LANGUAGES,
                        help="language of labels (default: the document's script)")


def in_memory(ds, command: str):
    """Commands other than query need the graph in memory (a .trig file)."""
    from rdflib import Dataset

    if not isinstance(ds, Dataset):
        raise InputError(f"`policykg {command}` reads a graph file (--kg out/kg.trig), "
                         "not an on-disk store; `policykg query` reads both")
    return ds


def load_kg(path: Path, for_query: bool = False):
    """The dataset at PATH (or the on-disk store at oxigraph:DIR); the default path is
    built from the seed when missing. Queries read files into Oxigraph, which parses
    and answers them far faster than rdflib; other commands get an rdflib Dataset."""
    from kg.dataset import load_dataset
    from kg.store import is_store, load_file, open_store

    if is_store(path):
        return open_store(path)
    if path == DEFAULT_KG and not path.exists():
        print(f"policykg: {path} is missing; building it from the bundled seed",
              file=sys.stderr)
        _build_outputs([], path.parent, reason=True, quiet=True)
    return load_file(path) if for_query else load_dataset(path)


# build
def register_build(commands) -> None:
    p = _command(commands, "build",
                 "Read, annotate, ingest, reason and validate documents; write the graph, "
                 "the graph page and the annotation files.",
                 "policykg build data/plan.txt -o out/", run_build)
    p.add_argument("docs", nargs="*", metavar="DOC",
                   help="documents (.txt), annotation files (.ann.json) or folders; "
                        "none: the bundled seed")
    p.add_argument("-o", "--out", type=Path, default=Path("out"), metavar="DIR",
                   help="output folder (default: out/)")
    p.add_argument("--no-reason", action="store_true", help="skip OWL RL reasoning")
    p.add_argument("--no-validate", action="store_true", help="skip SHACL validation")
    p.add_argument("--store", metavar="oxigraph:DIR",
                   help="keep the dataset on disk in a new Oxigraph store (for corpora "
                        "beyond memory); query it with --kg oxigraph:DIR")
    p.add_argument("-j", "--jobs", type=int, metavar="N",
                   help="worker processes for a corpus (default: up to 2, the cores here)")
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems")


def run_build(args) -> int:
    if args.store:
        from kg.store import is_store  # not above: kg.store costs 20 ms of every build

        if not is_store(args.store):
            raise InputError(f"--store takes oxigraph:DIR, not {args.store!r}")
    _require_documents(args.docs)
    return _build_outputs(args.docs, args.out, reason=not args.no_reason, quiet=args.quiet,
                          validate=not args.no_validate, jobs=args.jobs, store=args.store)


def _require_documents(paths) -> None:
    """Named paths that hold no document are an error, not a reason to build the seed."""
    from kg.pipeline import expand_sources

    if paths and not expand_sources(paths):
        raise InputError("no documents (.txt or .ann.json) here", ", ".join(map(str, paths)))


GRAPH_PAGE_LIMIT = 10  # documents; a corpus is browsed with `policykg viz` on a part


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """A build makes some 10^5 objects that live to the end (terms, triples, index
    entries). With the default thresholds Python's cycle collector scans them again
    some 300 times, 90 ms of the seed's build; this makes it 20 ms. Cycles are still
    collected, every 20,000 allocations instead of 700.

    What is alive at the end stays frozen too: the process usually exits next, and the
    collections Python makes at exit would scan all of it again (100 ms). A later build
    in the same process collects them first, so one build's objects at most stay frozen."""
    before = gc.get_threshold()
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()
    gc.freeze()  # what is there already (modules, the ontology) is not scanned again
    gc.set_threshold(20_000, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.freeze()


def _build_outputs(docs, out: Path, reason: bool, quiet: bool, validate: bool = True,
                   jobs: int | None = None, store: str | None = None) -> int:
    with _fewer_collections():
        return _build_and_write(docs, out, reason, quiet, validate, jobs, store)


def _build_and_write(docs, out: Path, reason: bool, quiet: bool, validate: bool,
                     jobs: int | None, store: str | None) -> int:
    from kg import annfile, summary
    from kg.export import write_build_outputs
    from kg.pipeline import build

    result = build(docs, reason=reason, validate=validate, jobs=jobs, store=store,
                   progress=summary.progress_printer(quiet))
    for failure in result.failures:
        print(f"policykg: {failure}", file=sys.stderr)
    for doc in result.documents:
        for warning in doc.diagnostics:
            print(f"warning: {warning}", file=sys.stderr)
    if not result.documents:
        return 1
    for doc in result.documents:
        annfile.write(doc, out / annfile.file_name(doc))
    written: dict[str, Path | None] = {"store": Path(store)} if store else {}
    if not store:
        written |= write_build_outputs(result.dataset, out)
        if len(result.documents) <= GRAPH_PAGE_LIMIT:
            written["html"] = _write_graph_page(result.dataset, out / "graph.html")
    if not quiet:
        print(summary.build_summary(result, written))
    return 1 if result.failures else 0


def _write_graph_page(ds, path: Path) -> Path:
    from visualize.render import write_view

    return write_view(ds, "overview", path)


# annotate and ingest
def register_annotate(commands) -> None:
    p = _command(commands, "annotate", "Write the reviewable annotation file of a document.",
                 "policykg annotate plan.txt -o plan.ann.json", run_annotate)
    p.add_argument("doc", type=Path, metavar="DOC")
    p.add_argument("-o", "--output", type=Path, metavar="F",
                   help="annotation file (default: DOC with .ann.json)")
    p.add_argument("--brat", action="store_true",
                   help="also write brat standoff (.txt + .ann) beside it")


def run_annotate(args) -> int:
    from kg import annfile
    from kg.annotate import annotate
    from kg.read import read_path

    doc = annotate(read_path(args.doc))
    output = args.output or args.doc.with_suffix(".ann.json")
    annfile.write(doc, output)
    if args.brat:
        annfile.write_brat(doc, output.with_name(output.name.removesuffix(".ann.json")))
    for warning in doc.diagnostics:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"wrote {output} ({len(doc.spans)} spans)")
    return 0


def register_ingest(commands) -> None:
    p = _command(commands, "ingest",
                 "Build the knowledge graph from annotation files (or raw documents).",
                 "policykg ingest plan.ann.json -o out/kg.trig", run_ingest)
    p.add_argument("files", nargs="+", type=Path, metavar="F")
    p.add_argument("-o", "--output", type=Path, default=DEFAULT_KG, metavar="KG")
    p.add_argument("--no-reason", action="store_true", help="skip OWL RL reasoning")


def run_ingest(args) -> int:
    from kg.export import serialize
    from kg.files import write_atomic
    from kg.pipeline import build

    _require_documents(args.files)
    result = build(args.files, reason=not args.no_reason, validate=False)
    for failure in result.failures:
        print(f"policykg: {failure}", file=sys.stderr)
    if not result.documents:
        return 1
    write_atomic(args.output, serialize(result.dataset, "trig"))
    print(f"wrote {args.output} ({len(result.documents)} documents, "
          f"{len(result.dataset)} triples)")
    return 1 if result.failures else 0


# queries
def register_queries(commands) -> None:
    _command(commands, "queries", "List the named queries, their parameters and summaries.",
             "policykg queries", run_queries)


def run_queries(args) -> int:
    from kg.formats import table
    from kg.query import named_queries

    rows = [{"name": q.name, "parameters": ", ".join(q.params) or "-",
             "summary": q.summary} for q in named_queries().values()]
    print(table(["name", "parameters", "summary"], rows), end="")
    return 0


def register_query(commands) -> None:
    p = _command(commands, "query", "Run a named query, a query file or query text.",
                 "policykg query unit-tasks --param unit=南沙區政府 --format csv", run_query)
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("name", nargs="?", help="a named query (see `policykg queries`)")
    source.add_argument("-f", "--file", type=Path, metavar="F.rq", help="a SPARQL query file")
    source.add_argument("-q", "--query", metavar="TEXT", help="SPARQL query text")
    p.add_argument("--param", action="append", default=[], metavar="K=V",
                   help="a parameter value, e.g. unit=市科技局 (repeatable)")
    p.add_argument("--format", choices=("table", "csv", "tsv", "json"), default="table")
    _kg_option(p)
    p.add_argument("--endpoint", metavar="URL", help="query a SPARQL endpoint instead")
    _lang_option(p)


def run_query(args) -> int:
    from kg import formats
    from kg.query import query_rows

    params = dict(_pair(p) for p in args.param)
    text = args.query
    if args.file:
        try:
            text = args.file.read_text(encoding="utf-8")
        except OSError as err:
            raise InputError(f"cannot read the query: {err.strerror}", str(args.file)) from None
    source = None if args.endpoint else load_kg(args.kg, for_query=True)
    columns, rows = query_rows(source, name=args.name, text=text, params=params,
                               lang=args.lang, endpoint=args.endpoint)
    sys.stdout.write(formats.render(columns, rows, args.format))
    return 0


def _pair(text: str) -> tuple[str, str]:
    if "=" not in text:
        raise InputError(f"--param takes K=V, not {text!r}")
    key, value = text.split("=", 1)
    return key.strip(), value.strip()


# validate and export
def register_validate(commands) -> None:
    p = _command(commands, "validate", "Check the graph against the SHACL shapes.",
                 "policykg validate --kg out/kg.trig", run_validate)
    _kg_option(p)
    p.add_argument("--lang", choices=LANGUAGES, default="en",
                   help="language of the messages")


def run_validate(args) -> int:
    from kg.validate import validate

    report = validate(in_memory(load_kg(args.kg), "validate"), lang=args.lang)
    for v in report.violations:
        print(f"{v.severity}: {v.focus} {v.path}: {v.message}")
    print("conforms" if report.conforms else f"{len(report.violations)} problems")
    return 0 if report.conforms else 1


def _registry() -> list:
    from kg.commands_store import register_export, register_push, register_serve
    from visualize.command import register_viz

    return [register_build, register_annotate, register_ingest, register_queries,
            register_query, register_validate, register_viz, register_export, register_serve,
            register_push]


REGISTRY = _registry()
