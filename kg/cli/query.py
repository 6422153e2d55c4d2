"""Command line, the query family: queries (the list), query (a named query, a file or
text, on a graph file, an on-disk store or an endpoint) and validate (the SHACL report)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from kg.cli.common import ENGLISH_NOTE, command, in_memory, kg_option, lang_option, load_kg
from kg.cli.formats import RESULT_FORMATS, plural, table, write_answer
from kg.errors import InputError, UsageError
from kg.query import NamedQuery, Page, answer, get_query, named_queries
from kg.tables import tables_of
from kg.validate import validate
from kg.vocab import LANGUAGES


def register_queries(commands) -> None:
    command(commands, "queries", "List the named queries, their parameters (with the "
            "default each takes when it is not given) and summaries.",
            "policykg queries", run_queries)


def run_queries(args: argparse.Namespace) -> int:
    rows = [{"name": q.name, "parameters": parameter_list(q), "summary": q.summary}
            for q in named_queries().values()]
    print(table(["name", "parameters", "summary"], rows), end="")
    return 0


def parameter_list(query: NamedQuery, shared: tuple[str, ...] = ()) -> str:
    """unit=市科技局, other_unit, lang: each parameter (but SHARED), with its default if it
    has one."""
    return ", ".join(f"{p}={query.defaults[p]}" if p in query.defaults else p
                     for p in query.params if p not in shared) or "-"


def _parameters_help() -> str:
    lines = [f"  {q.name:<22} {parameter_list(q, ('document',))}"
             for q in named_queries().values() if set(q.params) - {"lang", "document"}]
    return ("\nparameters of the named queries (NAME=DEFAULT: the value used when the "
            "parameter is not given;\nlang, on most, is zh-Hant, zh-Hans or en; document, on "
            "every one, a plan's 文號 or IRI:\nthe question asked of that plan alone):\n"
            + "\n".join(lines) + "\n")


def register_query(commands) -> None:
    p = command(commands, "query", "Run a named query, a query file or query text.",
                "policykg query unit-tasks --param unit=南沙區政府 --format csv\n"
                "  policykg query task-owners --param document=穗科字〔2019〕316號 --limit 20",
                run_query,
                more=_parameters_help())
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("name", nargs="?", help="a named query (see `policykg queries`)")
    source.add_argument("-f", "--file", type=Path, metavar="F.rq", help="a SPARQL query file")
    source.add_argument("-e", "--query", metavar="TEXT", help="SPARQL query text")
    p.add_argument("--param", action="append", default=[], metavar="K=V",
                   help="a parameter of the named query, e.g. unit=市科技局 (once each; "
                        "see below for each query's parameters and defaults)")
    p.add_argument("--format", choices=RESULT_FORMATS, default="table",
                   help="rows: table (default: aligned columns; one line per column for a "
                        "single wide row), csv (SPARQL CSV), tsv (a plain tab-separated "
                        "table), sparql-tsv (SPARQL TSV: RDF terms), json (SPARQL JSON); "
                        "a CONSTRUCT or DESCRIBE graph: ttl (default), nt, jsonld; ASK "
                        "prints true or false")
    p.add_argument("--limit", type=count, metavar="N",
                   help="at most N rows (a named query: its engine stops there)")
    p.add_argument("--offset", type=count, metavar="N",
                   help="skip the first N rows; with --limit, pages that follow the "
                        "query's order (a page of a corpus keeps the document column)")
    p.add_argument("--bom", action="store_true",
                   help="begin CSV or TSV with a byte order mark, so that Excel reads it "
                        "as UTF-8")
    kg_option(p)
    p.add_argument("--endpoint", metavar="URL", help="query a SPARQL endpoint instead")
    p.add_argument("--graph", action="append", metavar="IRI",
                   help="a graph the query reads (repeatable; default: every graph of "
                        "the knowledge graph, which on an endpoint means the project's "
                        "graphs found there)")
    lang_option(p)
    p.add_argument("-q", "--quiet", action="store_true",
                   help="print the answer only, no notes")


def run_query(args: argparse.Namespace) -> int:
    params = parameters(args.param)
    if args.name and _SPARQL.match(args.name):
        raise UsageError("that is SPARQL, not a query name: give query text with -e TEXT "
                         "(or --query TEXT)")
    if args.bom and args.format not in ("csv", "tsv", "sparql-tsv"):
        raise UsageError(f"--bom is for csv and tsv, not {args.format}")
    text = args.query
    if args.file:
        try:
            text = args.file.read_text(encoding="utf-8")
        except OSError as err:
            raise InputError(f"cannot read the query: {err.strerror}", str(args.file)) from None
    source = None if args.endpoint else load_kg(args.kg, for_query=True)
    page = None if args.limit is None and args.offset is None else \
        Page(args.limit, args.offset)
    found = answer(source, name=args.name, text=text, params=params, lang=args.lang,
                   endpoint=args.endpoint, graphs=args.graph, page=page,
                   tables=None if args.endpoint else tables_of(args.kg))
    if not args.quiet:
        for note in found.notes + _language_notes(args):
            print(f"policykg: note: {note}", file=sys.stderr)
    if args.bom:
        sys.stdout.write("\ufeff")
    write_answer(found, args.format, sys.stdout)
    return 0


_SPARQL = re.compile(r"\s*(SELECT|ASK|CONSTRUCT|DESCRIBE|PREFIX|BASE)\b", re.IGNORECASE)


def _language_notes(args: argparse.Namespace) -> list[str]:
    """What --lang en changes, and what it cannot: the graph has English for units only."""
    if args.lang != "en" or not args.name or "lang" not in get_query(args.name).params:
        return []
    return [ENGLISH_NOTE]


def count(text: str) -> int:
    """A whole number from 0 (argparse reports anything else as a usage error)."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"must be a whole number from 0, not {text!r}")
    return int(text)


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
    report = validate(in_memory(load_kg(args.kg)), lang=args.lang)
    for v in report.violations:
        print(f"{v.severity}: {v.focus} {v.path}: {v.message}")
    print("conforms" if report.conforms else plural(len(report.violations), "problem"))
    return 0 if report.conforms else 1


COMMANDS = (register_queries, register_query, register_validate)
