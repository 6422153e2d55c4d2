"""Outputs: push, each named graph to a triple store over the SPARQL 1.1 Graph Store HTTP
Protocol.

    Oxigraph   http://127.0.0.1:7878/store
    Fuseki     http://127.0.0.1:3030/DATASET/data
    GraphDB    http://127.0.0.1:7200/repositories/REPO/rdf-graphs/service   (SPARQL GSP)
               http://127.0.0.1:7200/repositories/REPO/statements   (RDF4J REST: the graph
               goes in ``?context=<iri>`` instead of ``?graph=iri``)

PUT replaces each graph (``--replace``); POST adds to it. Blank nodes are scoped to one
request, so a second POST of the same graph duplicates its OWL lists: use --replace.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from rdflib import Dataset, URIRef

from kg.errors import InputError
from kg.export import named_graphs, serialize
from kg.remote import http_detail, reason

N_TRIPLES = "application/n-triples"


@dataclass(frozen=True)
class Pushed:
    graph: URIRef
    triples: int
    status: int


def graph_url(store: str, graph: URIRef) -> str:
    """The URL of one named graph on a Graph Store Protocol endpoint (or RDF4J's
    /statements, which names it ``context=<iri>``)."""
    path = urllib.parse.urlsplit(store).path.rstrip("/")
    key, value = ("context", f"<{graph}>") if path.endswith("/statements") else ("graph", graph)
    joiner = "&" if urllib.parse.urlsplit(store).query else "?"
    return f"{store}{joiner}{urllib.parse.urlencode({key: str(value)})}"


def push(ds: Dataset, store: str, replace: bool = False, timeout: float = 120,
         progress=None) -> list[Pushed]:
    """PUT (REPLACE) or POST every non-empty named graph of DS to STORE as N-Triples."""
    if urllib.parse.urlsplit(store).scheme not in ("http", "https"):
        raise InputError(f"--store takes an http(s) URL, not {store!r}")
    done = []
    for graph in named_graphs(ds):
        if not len(graph):
            continue
        body = serialize(graph, "nt")
        status = _send(graph_url(store, graph.identifier), body, replace, timeout, store)
        done.append(Pushed(graph.identifier, len(graph), status))
        if progress:
            progress(done[-1])
    return done


def _send(url: str, body: bytes, replace: bool, timeout: float, store: str) -> int:
    request = urllib.request.Request(url, data=body, method="PUT" if replace else "POST",
                                     headers={"Content-Type": N_TRIPLES})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as err:
        raise InputError(f"the store answered HTTP {err.code} {err.reason}: "
                         f"{http_detail(err)}", store) from None
    except (urllib.error.URLError, OSError) as err:
        raise InputError(f"cannot reach the store: {reason(err)}", store) from None
