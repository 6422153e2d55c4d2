"""Graph: the rdflib Dataset every stage shares: the ontology, the reference data, one
graph of asserted facts per document, and the inferred facts, each in its own named
graph."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.errors import InputError
from kg.namespace import GRAPH, ID, ITSRDF, NIF, ORG, PK, SCHEMA, UOM
from kg.turtle import parsed_ontology_files

ONTOLOGY = GRAPH["ontology"]
REFERENCE = GRAPH["reference"]
INFERRED = GRAPH["inferred"]
DOC_GRAPHS = str(GRAPH["doc/"])

PREFIXES = {
    "pk": PK._NS, "id": ID, "uom": UOM, "org": ORG, "schema": SCHEMA, "nif": NIF,
    "itsrdf": ITSRDF, "dcterms": DCTERMS, "skos": SKOS, "prov": PROV, "owl": OWL,
    "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "graph": GRAPH,
}


def empty_dataset() -> Dataset:
    """A Dataset with our prefixes and no graph yet."""
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    return ds


def new_dataset() -> Dataset:
    """A Dataset holding the ontology and reference data, ready for documents."""
    ds = empty_dataset()
    for path, triples in parsed_ontology_files():
        target = ds.graph(graph_of(path))
        target.addN((*t, target) for t in triples)
    return ds


def base_graphs() -> dict[URIRef, Graph]:
    """The ontology and the reference data, each its own Graph, for the stages that read
    them (the reasoner, validation) and the writers: in rdflib's SimpleMemory store,
    which fills in half the time of a Dataset's and answers their look-ups as fast."""
    graphs = {name: Graph(store="SimpleMemory", identifier=name)
              for name in (ONTOLOGY, REFERENCE)}
    for path, triples in parsed_ontology_files():
        target = graphs[graph_of(path)]
        target.addN((*t, target) for t in triples)
    return graphs


def graph_of(path: Path) -> URIRef:
    """The named graph an ontology file goes into: its reference/ files, the reference
    data; the others, the ontology."""
    return REFERENCE if path.parent.name == "reference" else ONTOLOGY


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
    return sorted((g for g in ds.graphs() if str(g.identifier).startswith(DOC_GRAPHS)),
                  key=lambda g: str(g.identifier))


def load_dataset(path: str | Path) -> Dataset:
    """Read a dataset written by ``policykg build`` (TriG or N-Quads)."""
    path = Path(path)
    if not path.exists():
        raise InputError("no knowledge graph here; run `policykg build` first", str(path))
    ds = empty_dataset()
    fmt = {".nq": "nquads", ".trig": "trig"}.get(path.suffix, "trig")
    try:
        ds.parse(path, format=fmt)
    except Exception as err:  # rdflib raises many types for bad syntax
        raise InputError(f"cannot parse the knowledge graph: {err}", str(path)) from None
    return ds
