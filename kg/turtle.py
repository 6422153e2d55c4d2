"""Foundation: Turtle files read by Oxigraph as rdflib terms, and the ontology's files
parsed once per process.

Oxigraph parses Turtle several times faster than rdflib, with the same triples
(tests/test_ontology.py checks); ``rdflib_term`` is the one conversion of an Oxigraph term
to rdflib's, for parsed files and for the rows of an Oxigraph store alike, and
``oxigraph_term`` the way back.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.resources import ontology_files

Triple = tuple


@lru_cache(maxsize=1)
def parsed_ontology_files() -> tuple[tuple[Path, tuple[Triple, ...]], ...]:
    """The triples of each ontology and reference file, parsed once per process."""
    return tuple((path, parse_turtle(path)) for path in ontology_files())


def parse_turtle(path: Path) -> tuple[Triple, ...]:
    """A Turtle file's triples as rdflib terms, equal to rdflib's own parse."""
    return _parse_turtle(path)[0]


def turtle_graph(path: Path) -> Graph:
    """A Turtle file as a Graph with the file's prefixes, parsed as parse_turtle does."""
    triples, prefixes = _parse_turtle(path)
    graph = Graph()
    for prefix, namespace in prefixes.items():
        graph.bind(prefix, namespace)
    graph.addN((*t, graph) for t in triples)
    return graph


def _parse_turtle(path: Path) -> tuple[tuple[Triple, ...], dict[str, str]]:
    terms: dict = {}

    def term(node):
        found = terms.get(node)
        if found is None:
            found = terms[node] = rdflib_term(node, fresh_blank=True)
        return found

    quads = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.as_uri())
    triples = tuple((term(q.subject), term(q.predicate), term(q.object)) for q in quads)
    return triples, quads.prefixes


_XSD_STRING = str(XSD.string)


def rdflib_term(node, fresh_blank: bool = False):
    """An Oxigraph term as rdflib's. FRESH_BLANK: a new blank node (a file's labels are
    its own; the caller maps each label once), else one with Oxigraph's label."""
    if isinstance(node, ox.NamedNode):
        return URIRef(node.value)
    if isinstance(node, ox.BlankNode):
        return BNode() if fresh_blank else BNode(node.value)
    if node.language:
        return Literal(node.value, lang=language_case(node.language))
    if node.datatype.value == _XSD_STRING:
        return Literal(node.value)
    return Literal(node.value, datatype=URIRef(node.datatype.value))


def oxigraph_term(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as Oxigraph's."""
    if isinstance(term, URIRef):
        return ox.NamedNode(term)
    if isinstance(term, BNode):
        return ox.BlankNode(term)
    if term.language:
        return ox.Literal(term, language=term.language)
    if term.datatype is not None:
        return ox.Literal(term, datatype=ox.NamedNode(term.datatype))
    return ox.Literal(term)


@lru_cache(maxsize=64)
def language_case(tag: str) -> str:
    """Oxigraph lowercases language tags; rdflib keeps them as written, which for our
    files is BCP 47's usual case (zh-Hant, en-GB)."""
    first, *rest = tag.split("-")
    return "-".join([first, *(p.title() if len(p) == 4 else p.upper() if len(p) == 2
                              else p for p in rest)])
