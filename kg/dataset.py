"""The rdflib Dataset every stage shares: the ontology, the reference data, one graph of
asserted facts per document, and the inferred facts, each in its own named graph."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.errors import InputError
from kg.namespace import GRAPH, ID, ITSRDF, NIF, ORG, PK, SCHEMA, UOM
from kg.resources import ontology_files

Triple = tuple
ONTOLOGY = GRAPH["ontology"]
REFERENCE = GRAPH["reference"]
INFERRED = GRAPH["inferred"]
_DOC_GRAPHS = str(GRAPH["doc/"])

PREFIXES = {
    "pk": PK._NS, "id": ID, "uom": UOM, "org": ORG, "schema": SCHEMA, "nif": NIF,
    "itsrdf": ITSRDF, "dcterms": DCTERMS, "skos": SKOS, "prov": PROV, "owl": OWL,
    "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "graph": GRAPH,
}


def new_dataset() -> Dataset:
    """A Dataset holding the ontology and reference data, ready for documents."""
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    for path, triples in parsed_ontology_files():
        target = ds.graph(REFERENCE if path.parent.name == "reference" else ONTOLOGY)
        target.addN((*t, target) for t in triples)
    return ds


@lru_cache(maxsize=1)
def parsed_ontology_files() -> tuple[tuple[Path, tuple[Triple, ...]], ...]:
    """The triples of each ontology and reference file, parsed once per process."""
    return tuple((path, parse_turtle(path)) for path in ontology_files())


def parse_turtle(path: Path) -> tuple[Triple, ...]:
    """A Turtle file's triples as rdflib terms, equal to rdflib's own parse
    (tests/test_ontology.py checks) and five times faster: Oxigraph parses."""
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
        return Literal(node.value, lang=_language_case(node.language))
    if node.datatype.value == _XSD_STRING:
        return Literal(node.value)
    return Literal(node.value, datatype=URIRef(node.datatype.value))


def _language_case(tag: str) -> str:
    """Oxigraph lowercases language tags; rdflib keeps them as written, which for our
    files is BCP 47's usual case (zh-Hant, en-GB)."""
    first, *rest = tag.split("-")
    return "-".join([first, *(p.title() if len(p) == 4 else p.upper() if len(p) == 2
                              else p for p in rest)])


def bind_prefixes(graph: Graph) -> None:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)


def add_graph(ds: Dataset, graph: Graph) -> None:
    """Add (or replace) one document's asserted graph."""
    ds.remove_graph(ds.graph(graph.identifier))
    target = ds.graph(graph.identifier)
    for triple in graph:
        target.add(triple)


def document_graphs(ds: Dataset) -> list[Graph]:
    return sorted((g for g in ds.graphs() if str(g.identifier).startswith(_DOC_GRAPHS)),
                  key=lambda g: str(g.identifier))


def asserted_graph(ds: Dataset, with_ontology: bool = True) -> Graph:
    """Ontology, reference data and every document's facts as one graph (kg.ttl)."""
    merged = Graph()
    bind_prefixes(merged)
    sources = [*document_graphs(ds)]
    if with_ontology:
        sources = [ds.graph(ONTOLOGY), ds.graph(REFERENCE), *sources]
    for graph in sources:
        for triple in graph:
            merged.add(triple)
    return merged


def load_dataset(path: str | Path) -> Dataset:
    """Read a dataset written by ``policykg build`` (TriG or N-Quads)."""
    path = Path(path)
    if not path.exists():
        raise InputError("no knowledge graph here; run `policykg build` first", str(path))
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    fmt = {".nq": "nquads", ".trig": "trig"}.get(path.suffix, "trig")
    try:
        ds.parse(path, format=fmt)
    except Exception as err:  # rdflib raises many types for bad syntax
        raise InputError(f"cannot parse the knowledge graph: {err}", str(path)) from None
    return ds
