"""`policykg viz`, and the graphml/gexf writers behind `policykg export --format graphml|gexf`."""

from __future__ import annotations

from pathlib import Path

from visualize.views import VIEWS


def register_viz(commands) -> None:
    # kg.commands imports this module while it builds its registry: import it here
    from kg.commands import _command, _kg_option, _lang_option

    p = _command(commands, "viz",
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
    _kg_option(p)
    _lang_option(p)


def run_viz(args) -> int:
    from kg.commands import in_memory, load_kg
    from visualize.render import write_view

    output = args.output or Path("out") / ("graph.html" if args.view == "overview"
                                           else f"{args.view}.html")
    ds = in_memory(load_kg(args.kg), "viz")
    path = write_view(ds, args.view, output, lang=args.lang, unit=args.unit)
    print(f"wrote {path} ({path.stat().st_size // 1024} KB)")
    return 0


def _flat_graph(ds, lang: str | None = None):
    """The overview graph with every attribute a string (GraphML and GEXF want scalars)."""
    from visualize.views import overview_graph

    graph = overview_graph(ds, lang)
    for _, attrs in list(graph.nodes(data=True)) + [(None, a) for *_, a in graph.edges(data=True)]:
        for key, value in list(attrs.items()):
            if value is None:
                del attrs[key]
            elif key == "details":
                attrs[key] = "\n".join(f"{k}: {v}" for k, v in value)
            elif isinstance(value, (list, tuple)):
                attrs[key] = "\n".join(map(str, value))
            else:
                attrs[key] = str(value)
    graph.graph = {k: str(v) for k, v in graph.graph.items()}
    return graph


def export_graphml(ds, path: str | Path, lang: str | None = None) -> Path:
    """The overview graph as GraphML (yEd, Gephi), written atomically."""
    import io

    import networkx as nx

    from kg.files import write_atomic

    buffer = io.BytesIO()
    nx.write_graphml(_flat_graph(ds, lang), buffer, encoding="utf-8")
    return write_atomic(Path(path), buffer.getvalue())


def export_gexf(ds, path: str | Path, lang: str | None = None) -> Path:
    """The overview graph as GEXF (Gephi), written atomically."""
    import io
    import re

    import networkx as nx

    from kg.files import write_atomic

    buffer = io.BytesIO()
    nx.write_gexf(_flat_graph(ds, lang), buffer, encoding="utf-8")
    # networkx stamps today's date: drop it, so the same graph gives the same bytes
    data = re.sub(rb'<meta lastmodifieddate="[^"]*">', b"<meta>", buffer.getvalue(), count=1)
    return write_atomic(Path(path), data)
