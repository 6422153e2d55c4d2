"""Command line, the query family: queries (the list), query (a named query, a file or
text, on a graph file, an on-disk store or an endpoint) and validate (the SHACL report)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.cli.common import command, in_memory, kg_option, lang_option, load_kg
from kg.cli.formats import RESULT_FORMATS, table, write_answer
from kg.errors import InputError, UsageError
from kg.query import answer, named_queries
from kg.validate import validate
from kg.vocab import LANGUAGES


def register_queries(commands) -> None:
    command(commands, "queries", "List the named queries, their parameters and summaries.",
            "policykg queries", run_queries)


def run_queries(args: argparse.Namespace) -> int:
    rows = [{"name": q.name, "parameters": ", ".join(q.params) or "-",
             "summary": q.summary} for q in named_queries().values()]
    print(table(["name", "parameters", "summary"], rows), end="")
    return 0


def register_query(commands) -> None:
    p = command(commands, "query", "Run a named query, a query file or query text.",
                "policykg query unit-tasks --param unit=南沙區政府 --format csv", run_query)
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("name", nargs="?", help="a named query (see `policykg queries`)")
    source.add_argument("-f", "--file", type=Path, metavar="F.rq", help="a SPARQL query file")
    source.add_argument("-q", "--query", metavar="TEXT", help="SPARQL query text")
    p.add_argument("--param", action="append", default=[], metavar="K=V",
                   help="a parameter value, e.g. unit=市科技局 (repeatable)")
    p.add_argument("--format", choices=RESULT_FORMATS, default="table",
                   help="rows: table (default), csv, tsv, json; a CONSTRUCT or DESCRIBE "
                        "graph: ttl (default), nt, jsonld; ASK prints true or false")
    kg_option(p)
    p.add_argument("--endpoint", metavar="URL", help="query a SPARQL endpoint instead")
    p.add_argument("--graph", action="append", metavar="IRI",
                   help="a graph the query reads (repeatable; default: every graph of "
                        "the knowledge graph, which on an endpoint means the project's "
                        "graphs found there)")
    lang_option(p)


def run_query(args: argparse.Namespace) -> int:
    params = parameters(args.param)
    text = args.query
    if args.file:
        try:
            text = args.file.read_text(encoding="utf-8")
        except OSError as err:
            raise InputError(f"cannot read the query: {err.strerror}", str(args.file)) from None
    source = None if args.endpoint else load_kg(args.kg, for_query=True)
    found = answer(source, name=args.name, text=text, params=params, lang=args.lang,
                   endpoint=args.endpoint, graphs=args.graph)
    for note in found.notes:
        print(f"policykg: note: {note}", file=sys.stderr)
    write_answer(found, args.format, sys.stdout)
    return 0


def parameters(pairs: list[str]) -> dict[str, str]:
    """--param K=V options as a dict; a malformed or repeated one is a usage error."""
    params: dict[str, str] = {}
    for text in pairs:
        if "=" not in text:
            raise UsageError(f"--param takes K=V, not {text!r}")
        key, value = (part.strip() for part in text.split("=", 1))
        if key in params:
            raise UsageError(f"--param {key} is given twice ({params[key]!r} and {value!r}): "
                             "give it once")
        params[key] = value
    return params


def register_validate(commands) -> None:
    p = command(commands, "validate", "Check the graph against the SHACL shapes.",
                "policykg validate --kg out/kg.trig", run_validate)
    kg_option(p)
    p.add_argument("--lang", choices=LANGUAGES, default="en",
                   help="language of the messages")


def run_validate(args: argparse.Namespace) -> int:
    report = validate(in_memory(load_kg(args.kg), "validate"), lang=args.lang)
    for v in report.violations:
        print(f"{v.severity}: {v.focus} {v.path}: {v.message}")
    print("conforms" if report.conforms else f"{len(report.violations)} problems")
    return 0 if report.conforms else 1


COMMANDS = (register_queries, register_query, register_validate)
