"""Command line, the viz family: `policykg viz` writes an interactive, offline HTML page."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import visualize
from kg.cli.common import ENGLISH_NOTE, command, kg_option, lang_option, load_kg
from kg.errors import UsageError
from visualize import VIEWS


def register_viz(commands) -> None:
    p = command(commands, "viz",
                "Write an interactive, offline HTML graph: the overview, one unit's "
                "neighbourhood, or the units linked by shared tasks.",
                "policykg viz --view unit --unit 市科技局 -o out/unit.html", run_viz)
    p.add_argument("--view", choices=VIEWS, default="overview",
                   help="overview (default), unit (needs --unit) or coresponsibility")
    p.add_argument("--unit", metavar="NAME",
                   help="the unit of the unit view: a short, full or English name in either "
                        "script, or an IRI (e.g. 市科技局, 南沙區政府)")
    p.add_argument("-o", "--output", type=Path, metavar="FILE",
                   help="the page to write (default: out/graph.html for the overview, "
                        "out/<view>.html otherwise)")
    kg_option(p)
    lang_option(p)


def run_viz(args: argparse.Namespace) -> int:
    if args.view == "unit" and not args.unit:
        raise UsageError("the unit view needs a unit: --unit NAME (e.g. 市科技局)")
    output = args.output or Path("out") / ("graph.html" if args.view == "overview"
                                           else f"{args.view}.html")
    source = load_kg(args.kg, for_query=True)  # the views query Oxigraph
    path = visualize.write_view(source, args.view, output, lang=args.lang, unit=args.unit)
    if args.lang == "en":
        print(f"policykg: note: {ENGLISH_NOTE}", file=sys.stderr)
    print(f"wrote {path} ({path.stat().st_size // 1024} KB)")
    return 0


COMMANDS = (register_viz,)
