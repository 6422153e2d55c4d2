"""Queries, an engine: Oxigraph stores (pyoxigraph), on disk for corpora beyond
memory or in memory for a graph file, holding the same named graphs as the rdflib
Dataset. ``--store oxigraph:DIR`` builds one and ``--kg oxigraph:DIR`` queries it.

It takes SPARQL text and bindings (kg.query names the queries) and gives the same rows as
rdflib, the bindings as a VALUES block of RDF terms (kg.sparql.with_values)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from kg.dataset import DOC_GRAPHS, INFERRED, PREFIXES, empty_dataset, graph_of, new_dataset
from kg.errors import InputError
from kg.namespace import NIF
from kg.resources import ontology_files
from kg.sparql import Answer, Binding, with_values
from kg.turtle import oxigraph_term, rdflib_term

SCHEME = "oxigraph:"


def is_store(location: str | Path) -> bool:
    return str(location).startswith(SCHEME)


def store_dir(location: str | Path) -> Path:
    return Path(str(location)[len(SCHEME):])


def store_for_build(location: str | Path) -> ox.Store:
    """The store at oxigraph:DIR a build writes into: a new one (DIR missing or empty),
    else the one a build made there before, to which documents are added (StoreWriter
    replaces a document built again). Either way the ontology and reference data are the
    current ones."""
    folder = store_dir(location)
    if folder.exists() and any(folder.iterdir()) and not (folder / "CURRENT").is_file():
        raise InputError("the store folder holds something that is not a store; remove it "
                         "or choose another", str(folder))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        store = ox.Store(str(folder))
    except OSError as err:
        raise InputError(f"cannot open the store: {err}", str(folder)) from None
    for graph in new_dataset().graphs():
        if len(graph):
            store.clear_graph(ox.NamedNode(graph.identifier))
            load_graph(store, graph)
    return store


def open_store(location: str | Path) -> ox.Store:
    folder = store_dir(location)
    if not folder.is_dir():
        raise InputError("no store here; build one with `policykg build --store "
                         f"{SCHEME}DIR`", str(folder))
    try:
        return ox.Store.read_only(str(folder))
    except OSError as err:
        raise InputError(f"cannot open the store: {err}", str(folder)) from None


def load_file(path: str | Path) -> ox.Store:
    """A graph file (TriG, N-Quads, Turtle, N-Triples) in an in-memory Oxigraph store:
    parsed and queried many times faster than in rdflib, with the same rows."""
    path = Path(path)
    if not path.exists():
        raise InputError("no knowledge graph here; run `policykg build` first", str(path))
    formats = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS,
               ".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES}
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=formats.get(path.suffix, ox.RdfFormat.TRIG))
    except (SyntaxError, ValueError, OSError) as err:
        raise InputError(f"cannot parse the knowledge graph: {err}", str(path)) from None
    return store


def reference_store() -> ox.Store:
    """The ontology and the reference data in an in-memory store, each file in the graph
    a build puts it in (kg.dataset)."""
    store = ox.Store()
    for path in ontology_files():
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.as_uri(),
                        to_graph=ox.NamedNode(graph_of(path)))
    return store


def dataset_store(ds: Dataset | Iterable[tuple[URIRef, Iterable]]) -> ox.Store:
    """The named graphs of DS (a Dataset, or (name, triples) pairs) copied into an
    in-memory store, for many queries (each is far faster there than on rdflib's
    engine)."""
    if isinstance(ds, Dataset):
        ds = [(g.identifier, g) for g in ds.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID]
    store, terms = ox.Store(), {}

    def term(node: Node):
        found = terms.get(node)
        if found is None:
            found = terms[node] = oxigraph_term(node)
        return found

    for identifier, triples in ds:
        name = ox.NamedNode(identifier)
        store.extend([ox.Quad(term(s), term(p), term(o), name) for s, p, o in triples])
    return store


def store_dataset(store: ox.Store) -> Dataset:
    """STORE's named graphs as an rdflib Dataset, for the commands that work on one
    (export, validate, push): the same graphs a build's kg.trig holds, language tags in
    their case (zh-Hant)."""
    ds = empty_dataset()
    terms: dict = {}
    for name in sorted(store.named_graphs(), key=lambda g: g.value):
        graph = ds.graph(URIRef(name.value))
        graph.addN((*triple, graph) for triple in graph_triples(store, name, terms))
    return ds


def graph_triples(store: ox.Store, name: ox.NamedNode, terms: dict | None = None
                  ) -> Iterator[tuple[Node, Node, Node]]:
    """The triples of graph NAME of STORE as rdflib terms, as the build made them (the NIF
    offsets xsd:nonNegativeInteger); TERMS, the terms converted so far (a term repeats)."""
    terms = {} if terms is None else terms

    def term(node):
        found = terms.get(node)
        if found is None:
            found = terms[node] = rdflib_term(node)
        return found

    for quad in store.quads_for_pattern(None, None, None, name):
        predicate, value = term(quad.predicate), term(quad.object)
        if predicate in _OFFSETS and value.datatype == XSD.integer:
            value = Literal(value, datatype=XSD.nonNegativeInteger)
        yield term(quad.subject), predicate, value


# Oxigraph keeps an xsd:nonNegativeInteger as an xsd:integer; the build writes the NIF
# offsets as xsd:nonNegativeInteger (kg.ingest), and they are read back so
_OFFSETS = (NIF.beginIndex, NIF.endIndex)


def as_store(source: Dataset | ox.Store) -> ox.Store:
    """SOURCE itself if it is an Oxigraph store, else its copy in one (dataset_store)."""
    return dataset_store(source) if isinstance(source, Dataset) else source


def load_graph(store: ox.Store, graph: Graph, name: URIRef | None = None) -> None:
    data = graph.serialize(format="nt", encoding="utf-8")
    store.load(data, ox.RdfFormat.N_TRIPLES,
               to_graph=ox.NamedNode(str(name or graph.identifier)))


def to_nquads(triples: Graph | list, name: URIRef) -> bytes:
    """Triples as N-Quads in graph NAME (made where the triples are: in a worker), the lines
    sorted and blank nodes labelled canonically: the same triples are the same bytes in any
    process (a shard of a Dask build is the shard of a local one), whatever the hash seed
    that orders what reasoning infers and the random labels a parser gives."""
    graph = triples if isinstance(triples, Graph) else Graph()
    if graph is not triples:
        graph.addN((*t, graph) for t in triples)
    suffix = f" <{name}> ."
    lines = _canonical(graph).serialize(format="nt", encoding="utf-8").decode("utf-8")
    return "".join(sorted(line[:-2] + suffix + "\n"
                          for line in lines.splitlines() if line)).encode("utf-8")


def _canonical(graph: Graph) -> Graph:
    """GRAPH, its blank nodes relabelled from rdflib.compare's canonical hash (only the
    ontology has any: 78 triples, 16 ms)."""
    blank = [t for t in graph if isinstance(t[0], BNode) or isinstance(t[2], BNode)]
    if not blank:
        return graph
    plain = Graph()
    plain.addN((*t, plain) for t in graph
               if not (isinstance(t[0], BNode) or isinstance(t[2], BNode)))
    blanks = Graph()
    blanks.addN((*t, blanks) for t in blank)
    return plain + to_canonical_graph(blanks)


class StoreWriter:
    """Gathers N-Quads in a file beside the store (in FOLDER) and loads them into it at
    the end in one bulk load. Each load merges into what the store already holds, so
    loads in batches cost more the fuller the store (measured: 1,000 documents' N-Quads in
    ten loads of 100 took 70 s of CPU, 21 s of it RocksDB compacting; in five loads of
    200, 70 s; in one load, 57 s), and the file keeps memory flat. One load costs a step,
    not a growth: up to about a million quads (200 documents) Oxigraph parses and sorts
    them in one batch, beyond that in batches of a million while it parses the next, and
    a document costs 20% more (CPU a document: 46 ms at 50, 48 at 100, 49 at 200, 58 at
    400, 57 at 1,000). The N-Quads are this build's own (rdflib's serialiser, IRIs
    minted by kg.iri), so the loader skips checking them again (lenient: 10% of its time,
    the same quads). A document already in the store (built before) loses its graph and
    the facts inferred from it first; INFER gives those facts for a document's graph."""

    def __init__(self, store: ox.Store, folder: Path, infer: Infer | None = None) -> None:
        self.store = store
        self.infer = infer
        self.spool = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed by flush)
            prefix=".policykg-load-", suffix=".nq", dir=folder)
        self.size = 0

    def add(self, nquads: bytes, graph: URIRef | None = None,
            document: URIRef | None = None) -> None:
        """NQUADS; those of GRAPH, the graph of DOCUMENT, replace what the store held."""
        if graph is not None and document is not None:
            forget_document(self.store, graph, document, self.infer)
        self.spool.write(nquads)
        self.size += len(nquads)

    def flush(self) -> None:
        """Load what was added, and remove the file (also removed, unloaded, when the
        writer is dropped)."""
        self.spool.flush()
        if self.size:
            self.store.bulk_load(path=self.spool.name, format=ox.RdfFormat.N_QUADS,
                                 lenient=True)
        self.spool.close()
        self.size = 0

    def close(self) -> None:
        """Flush, and let the store go: closed once nothing else holds it (its files then
        stay as they are)."""
        self.flush()
        del self.store


Infer = Callable[[Graph], list]


def forget_document(store: ox.Store, graph: URIRef, document: URIRef,
                    infer: Infer | None) -> None:
    """Remove GRAPH (DOCUMENT's facts) from STORE, and from the inferred facts those INFER
    draws from it: those about the document's own resources, and those about resources
    other documents share (an unresolved unit's types) unless another document's graph
    still gives them."""
    name = ox.NamedNode(graph)
    if not store.contains_named_graph(name):
        return
    inferred = set(infer(_read_graph(store, name))) if infer else set()
    store.remove_graph(name)
    own = str(document)
    shared = {t for t in inferred if not any(_within(str(term), own) for term in t)}
    gone = (inferred - shared) | (shared - _still_inferred(store, shared, infer))
    target = ox.NamedNode(INFERRED)
    for s, p, o in sorted(gone):
        store.remove(ox.Quad(oxigraph_term(s), oxigraph_term(p), oxigraph_term(o), target))


def _within(iri: str, document: str) -> bool:
    return iri == document or iri.startswith(document + "/")


def _still_inferred(store: ox.Store, facts: set, infer: Infer | None) -> set:
    """Of FACTS, those another document's graph still gives: the graphs that speak of
    their subjects are reasoned on again, until every fact is found."""
    if not facts or infer is None:
        return set()
    graphs = {q.graph_name.value for s in {t[0] for t in facts}
              for q in store.quads_for_pattern(oxigraph_term(s), None, None, None)
              if q.graph_name.value.startswith(DOC_GRAPHS)}
    found: set = set()
    for graph in sorted(graphs):
        found |= facts & set(infer(_read_graph(store, ox.NamedNode(graph))))
        if found == facts:
            break
    return found


def _read_graph(store: ox.Store, name: ox.NamedNode) -> Graph:
    graph = Graph(identifier=URIRef(name.value))
    graph.addN((*triple, graph) for triple in graph_triples(store, name))
    return graph


def query_store(store: ox.Store, sparql: str, bindings: dict[str, Binding],
                graphs: list[str] | None = None) -> Answer:
    """SPARQL on STORE: its default graph is the union of all graphs, or with GRAPHS the
    merge of those (and only they are its named graphs). Rows come as Oxigraph reads
    them; ASK gives a boolean, CONSTRUCT and DESCRIBE triples."""
    return oxigraph_answer(run_oxigraph(store, sparql, bindings, graphs))


def run_oxigraph(store: ox.Store, sparql: str, bindings: dict[str, Binding],
                 graphs: list[str] | None = None
                 ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """query_store's answer as Oxigraph gives it."""
    dataset: dict = {"use_default_graph_as_union": True}
    if graphs is not None:
        names = [ox.NamedNode(g) for g in graphs]
        dataset = {"default_graph": names, "named_graphs": names}
    try:
        return store.query(with_values(sparql, bindings), **dataset,
                           prefixes={p: str(ns) for p, ns in PREFIXES.items()})
    except SyntaxError as err:
        raise InputError(f"SPARQL error: {_short(err)}") from None
    except ValueError as err:  # a graph name that is no IRI
        raise InputError(f"SPARQL error: {err}") from None


# a term repeats from row to row, and from answer to answer (the names of the reference
# data): converted once, while no more than _TERMS_KEPT are kept (None: an unbound value)
_TERMS: dict = {None: None}
_TERMS_KEPT = 200_000


def oxigraph_answer(found: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> Answer:
    """What Oxigraph gave (a query's, or results read from a file) as an Answer of
    rdflib terms."""
    if isinstance(found, ox.QueryBoolean):
        return Answer(boolean=bool(found))
    global _TERMS
    if len(_TERMS) > _TERMS_KEPT:
        _TERMS = {None: None}  # a new one: an answer still read holds the old
    terms = _TERMS

    def term(node):
        known = terms.get(node, terms)
        if known is terms:
            known = terms[node] = rdflib_term(node)
        return known

    if isinstance(found, ox.QueryTriples):
        return Answer(triples=[(term(t.subject), term(t.predicate), term(t.object))
                               for t in found])
    columns = [v.value for v in found.variables]
    return Answer(columns, (dict(zip(columns, map(term, values), strict=True))
                            for values in found))


def _short(err: Exception) -> str:
    """Oxigraph's parser lists every token it expected: keep where and the first words."""
    message = str(err).splitlines()[0]
    return message.split(" expected one of")[0].rstrip(":") + ": syntax error" \
        if " expected one of" in message else message[:200]
