"""The overview graph as a network file for Gephi and yEd: GraphML or GEXF, the same bytes
for the same graph, behind `policykg export --format graphml|gexf`."""

from __future__ import annotations

import io
import re
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from rdflib import Dataset

from kg.errors import InputError
from kg.files import write_atomic
from visualize import NETWORK_FORMATS
from visualize.views import overview_graph


def network_bytes(source: Dataset | ox.Store, fmt: str, lang: str | None = None) -> bytes:
    """The overview graph of SOURCE (a Dataset or an Oxigraph store) as GraphML or GEXF."""
    if fmt not in NETWORK_FORMATS:
        raise InputError(f"unknown network format {fmt!r}: one of {', '.join(NETWORK_FORMATS)}")
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(_flat_graph(source, lang), buffer, encoding="utf-8")
        return buffer.getvalue()
    nx.write_gexf(_flat_graph(source, lang), buffer, encoding="utf-8")
    # networkx stamps today's date: drop it, so the same graph gives the same bytes
    return re.sub(rb'<meta lastmodifieddate="[^"]*">', b"<meta>", buffer.getvalue(), count=1)


def write_network(source: Dataset | ox.Store, fmt: str, path: str | Path,
                  lang: str | None = None) -> Path:
    """The overview graph of SOURCE as GraphML or GEXF at PATH, written atomically."""
    return write_atomic(Path(path), network_bytes(source, fmt, lang))


def _flat_graph(source: Dataset | ox.Store, lang: str | None = None) -> nx.DiGraph:
    """The overview graph with scalar attributes, as GraphML and GEXF want them: numbers
    stay numbers (x and y as doubles, counts, ranks, levels and lines as integers) and
    flags booleans, so that Gephi can size, sort and filter by them; lists and the rest
    become text."""
    graph = overview_graph(source, lang)
    for _, attrs in list(graph.nodes(data=True)) + [(None, a) for *_, a in graph.edges(data=True)]:
        for key, value in list(attrs.items()):
            if value is None:
                del attrs[key]
            elif key in ("x", "y"):
                attrs[key] = float(value)
            elif isinstance(value, (bool, int, float)):
                continue
            elif key == "details":
                attrs[key] = "\n".join(f"{k}: {v}" for k, v in value)
            elif isinstance(value, (list, tuple)):
                attrs[key] = "\n".join(map(str, value))
            else:
                attrs[key] = str(value)
    graph.graph = {k: str(v) for k, v in graph.graph.items()}
    return graph
