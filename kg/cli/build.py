"""Command line, the build family: build (the main job), annotate and ingest."""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

from kg import annfile
from kg.annotate import annotate
from kg.cli.common import DEFAULT_KG, command, draw_overview, fewer_collections, report_problems
from kg.cli.formats import plural
from kg.cli.summary import QUESTIONS, build_summary, progress_printer
from kg.cluster import dask_executor
from kg.errors import InputError
from kg.export import serialize
from kg.files import write_atomic
from kg.outputs import start_page, write_outputs
from kg.pipeline import READABLE, build, scan_sources
from kg.read import read_path
from kg.store import is_store


def register_build(commands) -> None:
    p = command(commands, "build",
                "Read, annotate, ingest, reason and validate documents; write the graph, "
                "the graph page and the annotation files.",
                "policykg build data/plan.txt -o out/", run_build)
    p.add_argument("docs", nargs="*", metavar="DOC",
                   help="documents (.txt, .html, .pdf, .docx), annotation files "
                        "(.ann.json) or folders of them; none: the bundled seed")
    p.add_argument("-o", "--out", type=Path, default=Path("out"), metavar="DIR",
                   help="output folder (default: out/)")
    p.add_argument("--no-reason", action="store_true", help="skip OWL RL reasoning")
    p.add_argument("--no-validate", action="store_true", help="skip SHACL validation")
    p.add_argument("--store", metavar="oxigraph:DIR",
                   help="keep the dataset on disk in a new Oxigraph store (for corpora "
                        "beyond memory); query it with --kg oxigraph:DIR")
    p.add_argument("-j", "--jobs", type=positive, metavar="N",
                   help="worker processes for a corpus, 1 or more (default: up to 2, the "
                        "cores here); "
                        "with --executor dask and no scheduler, the local cluster's workers")
    p.add_argument("--executor", choices=("local", "dask"), default="local",
                   help="where documents are processed: worker processes here (local, the "
                        "default) or a Dask distributed cluster (dask; needs "
                        "pip install 'policy-kg[cluster]')")
    p.add_argument("--scheduler", metavar="URL",
                   help="the Dask cluster's scheduler (tcp://HOST:PORT; implies --executor "
                        "dask); none: a local cluster on this machine")
    p.add_argument("--shards", type=Path, metavar="DIR",
                   help="also write each document's graphs as N-Quads into DIR (doc-ID.nq, "
                        "and base.nq with the ontology and reference data), for a store's "
                        "bulk loader")
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems")


def run_build(args: argparse.Namespace) -> int:
    if args.store and not is_store(args.store):
        raise InputError(f"--store takes oxigraph:DIR, not {args.store!r}")
    require_documents(args.docs)
    executor = executor_of(args)
    # the page's child starts first, to prepare while the documents are built
    page = None if args.store else start_page(draw_overview, args.out,
                                              questions=() if args.quiet else QUESTIONS)
    try:
        with fewer_collections():
            result = build(args.docs, reason=not args.no_reason,
                           validate=not args.no_validate, jobs=args.jobs, store=args.store,
                           progress=progress_printer(args.quiet), executor=executor,
                           shards=args.shards)
            report_problems(result)
            if not result.documents:
                return 1
            written = write_outputs(result, args.out, graph_page=page)
            page = None  # drawn, or not to be
            if not args.quiet:
                print(build_summary(result, written,
                                    kg_to_name(args.store, written.get("trig"))))
    finally:
        if page is not None:
            page.cancel()
    return 1 if result.failures else 0


def executor_of(args: argparse.Namespace):
    """The executor --executor names (None: worker processes here); a scheduler means
    Dask."""
    if args.executor == "local" and not args.scheduler:
        return None
    if importlib.util.find_spec("dask") is None:
        raise InputError("--executor dask needs Dask: pip install 'policy-kg[cluster]'")
    return dask_executor(args.scheduler, args.jobs)


def kg_to_name(store: str | None, trig: Path | None) -> str | None:
    """What --kg a query needs to read what a build wrote: the store, else the TriG file
    unless it is the default (out/kg.trig)."""
    if store:
        return store
    if trig is None or Path(trig) == DEFAULT_KG:
        return None
    return str(trig)


def positive(text: str) -> int:
    """A whole number from 1 (argparse reports anything else as a usage error)."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1, not {text!r}")
    return int(text)


def require_documents(paths: list) -> None:
    """Named paths that hold no document are an error, not a reason to build the seed (a
    folder of files policykg does not read is built: each is named as skipped)."""
    if paths and not any(scan_sources(paths)):
        raise InputError(f"no documents ({READABLE}) here", ", ".join(map(str, paths)))


def register_annotate(commands) -> None:
    p = command(commands, "annotate", "Write the reviewable annotation file of a document.",
                "policykg annotate plan.pdf -o plan.ann.json", run_annotate)
    p.add_argument("doc", type=Path, metavar="DOC",
                   help="a plan as .txt, .html, .pdf or .docx")
    p.add_argument("-o", "--output", type=Path, metavar="F",
                   help="annotation file (default: DOC with .ann.json)")
    p.add_argument("--brat", action="store_true",
                   help="also write brat standoff (.ann, and a UTF-8 .txt unless the "
                        "document is one) beside it; the document is never rewritten")


def run_annotate(args: argparse.Namespace) -> int:
    doc = annotate(read_path(args.doc))
    output = args.output or args.doc.with_suffix(".ann.json")
    annfile.write(doc, output)
    for warning in doc.diagnostics:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"wrote {output} ({len(doc.spans)} spans)")
    if args.brat:  # never over the document itself (kg.annfile.write_brat)
        txt, ann = annfile.write_brat(doc, output.with_name(output.name.removesuffix(".ann.json")))
        print(f"wrote {ann} (brat standoff over {txt})")
    return 0


def register_ingest(commands) -> None:
    p = command(commands, "ingest",
                "Build the knowledge graph from annotation files (or raw documents).",
                "policykg ingest plan.ann.json -o out/kg.trig", run_ingest)
    p.add_argument("files", nargs="+", type=Path, metavar="F",
                   help="annotation files (.ann.json, as `policykg annotate` writes them "
                        "and a person corrects them), documents, or folders of them")
    p.add_argument("-o", "--output", type=Path, default=DEFAULT_KG, metavar="KG",
                   help="the graph file to write, TriG (default: out/kg.trig)")
    p.add_argument("--no-reason", action="store_true", help="skip OWL RL reasoning")


def run_ingest(args: argparse.Namespace) -> int:
    require_documents(args.files)
    result = build(args.files, reason=not args.no_reason, validate=False)
    report_problems(result, warnings=False)
    if not result.documents:
        return 1
    write_atomic(args.output, serialize(result.dataset, "trig"))
    print(f"wrote {args.output} ({plural(len(result.documents), 'document')}, "
          f"{plural(len(result.dataset), 'triple')}); ask it: policykg query task-owners "
          f"--kg {args.output}")
    return 1 if result.failures else 0


COMMANDS = (register_build, register_annotate, register_ingest)
