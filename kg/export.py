"""Outputs: export, graphs in RDF formats, byte for byte the same for the same input,
written atomically (kg.files).

Determinism needs three things rdflib's own serializers do not give:
- blank nodes (OWL lists and restrictions in the ontology) get fresh random labels on every
  parse: they are relabelled from a canonical hash (rdflib.compare's RGDA1 colouring), with
  the graph name folded into each triple so a node keeps its graph;
- rdflib's TriG writer orders graphs by a Python set (PYTHONHASHSEED decides): here every
  statement is sorted by the N-Triples text of (graph, subject, predicate, object);
- rdflib's Turtle writer grows faster than linearly with the number of triples: the
  writers here stream sorted statements, linear in the number of triples.

Language tags keep their case (``zh-Hant``), unlike pyoxigraph, which lowercases them.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from urllib.parse import quote

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import _TripleCanonicalizer
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF
from rdflib.term import Node

from kg.beside import Beside
from kg.dataset import DOC_GRAPHS, INFERRED, ONTOLOGY, PREFIXES, REFERENCE
from kg.errors import InputError
from kg.files import write_atomic

RDFLIB_FORMATS = {"ttl": "turtle", "trig": "trig", "nt": "nt", "nq": "nquads", "jsonld": "json-ld"}
RDF_FORMATS = ("ttl", "trig", "nt", "nq", "jsonld")
DATASET_FORMATS = ("trig", "nq")
SELECTIONS = ("asserted", "inferred", "all")

Quad = tuple[Node, Node, Node, URIRef | None]
_TYPE = RDF.type  # a DefinedNamespace attribute costs a method call each time it is read


def serialize(graph: Graph | Dataset, fmt: str) -> bytes:
    """A Dataset (every graph) or a Graph in FORMAT, deterministically for ttl, trig, nt,
    nq and jsonld; other rdflib format names go to rdflib unchanged."""
    if fmt not in RDF_FORMATS:
        return graph.serialize(format=RDFLIB_FORMATS.get(fmt, fmt), encoding="utf-8")
    if isinstance(graph, Dataset):
        quads = list(_dataset_quads(graph, [g.identifier for g in named_graphs(graph)],
                                    default=True))
    else:
        quads = [(s, p, o, None) for s, p, o in graph]
    if fmt not in DATASET_FORMATS:
        quads = [(s, p, o, None) for s, p, o, _ in quads]
    return _write(quads, fmt)


def write_build_outputs(graphs: Dataset | Iterable[tuple[URIRef, Iterable]], out_dir: Path,
                        trig_written: Callable[[], object] | None = None) -> dict[str, Path]:
    """kg.trig (every named graph) and kg.ttl (ontology + asserted facts), from one pass
    over the graphs: a Dataset, or (name, triples) pairs, a name perhaps more than once
    (a build's graphs before they are merged into one Dataset). kg.ttl has the same bytes
    as export_bytes(ds, "ttl", "asserted"); it is written after kg.trig, in a forked child
    where the machine can (kg.beside), while TRIG_WRITTEN() runs here."""
    if isinstance(graphs, Dataset):
        graphs = [(g.identifier, g) for g in named_graphs(graphs)]
    quads: list[Quad] = []
    merged: list[Quad] = []
    same = {}.setdefault  # one object per predicate and class: the writers look terms up by id
    for name, triples in graphs:  # graph by graph: a URIRef hashes slowly, per quad
        graph_quads = [(s, same(p, p), same(o, o), name) for s, p, o in triples]
        quads += graph_quads
        if _is_asserted(name):
            merged += [(s, p, o, None) for s, p, o, _ in graph_quads]
    # kg.trig first: the graph page waits for it (kg.outputs); kg.ttl after, in a child
    # that has the term texts kg.trig rendered
    shared: dict = {}
    trig = _write_file(out_dir / "kg.trig", quads, "trig", shared)
    ttl = Beside(partial(_write_file, out_dir / "kg.ttl", merged, "ttl", shared))
    if trig_written is not None:
        trig_written()
    return {"trig": trig, "ttl": ttl.result()}


def _write_file(path: Path, quads: list[Quad], fmt: str, shared: dict | None = None) -> Path:
    return write_atomic(path, _write(quads, fmt, shared))


def _is_asserted(name: URIRef) -> bool:
    """The ontology, the reference data and every document's graph: all but inferred."""
    return name in (ONTOLOGY, REFERENCE) or name.startswith(DOC_GRAPHS)


# selecting graphs
def default_selection(fmt: str) -> str:
    """--all for the dataset formats (trig, nq), --asserted for the others."""
    return "all" if fmt in DATASET_FORMATS else "asserted"


def selected_graphs(ds: Dataset, selection: str) -> list[URIRef]:
    """The names of the graphs a selection covers: asserted = ontology, reference and every
    document; inferred = the inferred graph; all = every named graph."""
    if selection == "asserted":
        return [g.identifier for g in named_graphs(ds) if _is_asserted(g.identifier)]
    if selection == "inferred":
        return [INFERRED]
    if selection == "all":
        return [g.identifier for g in named_graphs(ds)]
    raise InputError(f"unknown selection {selection!r}: one of {', '.join(SELECTIONS)}")


def export_bytes(ds: Dataset, fmt: str, selection: str | None = None) -> bytes:
    """The selected graphs of DS in an RDF format: trig and nq keep one named graph each;
    ttl, nt and jsonld merge them into one graph."""
    if fmt not in RDF_FORMATS:
        raise InputError(f"unknown RDF format {fmt!r}: one of {', '.join(RDF_FORMATS)}")
    selection = selection or default_selection(fmt)
    names = selected_graphs(ds, selection)
    quads = _dataset_quads(ds, names, default=selection == "all")
    if fmt not in DATASET_FORMATS:
        quads = ((s, p, o, None) for s, p, o, _ in quads)
    return _write(list(quads), fmt)


def export(ds: Dataset, fmt: str, selection: str | None = None,
           output: str | Path | None = None) -> bytes | Path:
    """Export DS: the bytes when OUTPUT is None, else write OUTPUT atomically and return
    its path."""
    data = export_bytes(ds, fmt, selection)
    return data if output is None else write_atomic(output, data)


def named_graphs(ds: Dataset) -> list[Graph]:
    return sorted((g for g in ds.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID),
                  key=lambda g: str(g.identifier))


def _dataset_quads(ds: Dataset, names: Iterable[URIRef], default: bool) -> Iterator[Quad]:
    for name in names:
        for s, p, o in ds.graph(name):
            yield s, p, o, name
    if default:
        for s, p, o in ds.default_graph:
            yield s, p, o, None


# canonical blank nodes
def canonical_bnodes(quads: list[Quad]) -> dict[BNode, BNode]:
    """A label for every blank node that depends only on the statements around it, so the
    same graph parsed twice gets the same labels (b0, b1, … in canonical-hash order)."""
    folded = []
    for s, p, o, g in quads:
        if isinstance(s, BNode) or isinstance(o, BNode):
            # the graph name goes into the predicate: the same node shape in two graphs
            # must not be confused
            name = f"urn:x-graph:{quote(str(g or ''), safe='')}:{quote(str(p), safe='')}"
            folded.append((s, URIRef(name), o))
    if not folded:
        return {}
    hashes = _path_hashes(folded) or _colour_hashes(folded)
    order = sorted(set(hashes.values()))
    rank = {h: i for i, h in enumerate(order)}
    return {old: BNode(f"b{rank[h]}") for old, h in hashes.items()}


def _path_hashes(triples: list[tuple]) -> dict[BNode, str] | None:
    """Each blank node's hash from its path of properties down from a named node (an OWL
    list or restriction hangs from one property of one resource), or from a blank node
    that nothing points to, taken by what it holds (an owl:AllDisjointClasses axiom).
    None where a node has two parents or is on a cycle, or two nodes share a hash: only
    a full colouring tells those apart."""
    parent: dict[BNode, tuple[Node, Node]] = {}
    below: dict[BNode, list[tuple[Node, Node]]] = {}
    for s, p, o in triples:
        if isinstance(s, BNode):
            below.setdefault(s, []).append((p, o))
        if isinstance(o, BNode):
            if o in parent:
                return None
            parent[o] = (s, p)
    hashes: dict[Node, str] = {}
    for node in set(below) | set(parent):
        path, at = [], node  # up to a node hashed already, or to the top
        while at not in hashes and at in parent:
            if len(path) > len(parent):
                return None
            path.append(at)
            at = parent[at][0]
        if at not in hashes:
            try:
                hashes[at] = _held(at, below) if isinstance(at, BNode) else str(at)
            except RecursionError:  # a list of thousands below a node nothing points to
                return None
        for step in reversed(path):
            hashes[step] = _sha(f"{hashes[parent[step][0]]} {parent[step][1]}")
    found = {node: h for node, h in hashes.items() if isinstance(node, BNode)}
    return found if len(set(found.values())) == len(found) else None


def _held(node: BNode, below: dict[BNode, list[tuple[Node, Node]]]) -> str:
    """The hash of what a blank node holds, the blank nodes below it taken the same way
    (a tree: _path_hashes has checked that each has one parent)."""
    return _sha(" ".join(sorted(
        f"{p} {_held(o, below) if isinstance(o, BNode) else o.n3()}"
        for p, o in below.get(node, ()))))


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _colour_hashes(triples: list[tuple]) -> dict[BNode, str]:
    """Each blank node's hash from rdflib.compare's canonical (RGDA1) colouring."""
    with_bnodes = Graph(store="SimpleMemory")  # read many times: no named graphs is faster
    with_bnodes.addN((*t, with_bnodes) for t in triples)
    canon = _TripleCanonicalizer(with_bnodes)
    hashes: dict[BNode, str] = {}
    for before, after in zip(list(with_bnodes), canon.canonical_triples(), strict=True):
        for old, new in ((before[0], after[0]), (before[2], after[2])):
            if isinstance(old, BNode):
                hashes[old] = str(new)
    if len(set(hashes.values())) != len(hashes):  # never seen: RGDA1 colours are discrete
        raise RuntimeError("blank node canonicalisation gave two nodes one label")
    return hashes


# writing terms
_IRI_ESCAPE = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_STRING_ESCAPE = re.compile(r'[\x00-\x1f"\\\x7f]')
_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
# conservative local names: readable in every Turtle parser (Protégé/OWLAPI included)
_LOCAL = re.compile(r"[A-Za-z_\u4e00-\u9fff][A-Za-z0-9_\-\u4e00-\u9fff]*")


def _iri(iri: str) -> str:
    return "<" + _IRI_ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04X}", iri) + ">"


def _string(text: str) -> str:
    return '"' + _STRING_ESCAPE.sub(
        lambda m: _ECHAR.get(m.group(), f"\\u{ord(m.group()):04X}"), text) + '"'


class _Terms:
    """Renders terms as N-Triples, or as Turtle with prefixed names where the local part
    is plainly safe; remembers each term's text (terms repeat a lot). CACHE may be shared
    by writers of the same dataset with other blank node labels: it keeps no blank node."""

    def __init__(self, bnodes: dict[BNode, BNode], prefixes: dict[str, str] | None,
                 cache: dict[Node, str] | None = None):
        self.bnodes = bnodes
        self.prefixes = sorted(((ns, p) for p, ns in (prefixes or {}).items()),
                               key=lambda item: -len(item[0]))
        self.cache: dict[Node, str] = {} if cache is None else cache

    def __call__(self, term: Node) -> str:
        text = self.cache.get(term)
        if text is None:
            text = self._render(term)
            if not isinstance(term, BNode):
                self.cache[term] = text
        return text

    def by_id(self) -> tuple[Callable[[int], str | None], Callable[[Node], str]]:
        """The same, as a fast look-up by the term's id (rdflib terms hash in Python, ints
        in C), ``get(id(term)) or text(term)``: only while something (the quads) holds
        every term rendered, so that no id is reused."""
        texts: dict[int, str] = {}

        def text(term: Node) -> str:
            found = texts[id(term)] = self(term)
            return found

        return texts.get, text

    def _render(self, term: Node) -> str:
        if isinstance(term, URIRef):
            return self._uri(str(term))
        if isinstance(term, BNode):
            return f"_:{self.bnodes.get(term, term)}"
        if isinstance(term, Literal):
            text = _string(str(term))
            if term.language:
                return f"{text}@{term.language}"
            if term.datatype is not None:
                return f"{text}^^{self._uri(str(term.datatype))}"
            return text
        raise TypeError(f"cannot write {term!r} in RDF 1.1")

    def _uri(self, iri: str) -> str:
        for namespace, prefix in self.prefixes:
            if iri.startswith(namespace):
                local = iri[len(namespace):]
                if not local or _LOCAL.fullmatch(local):
                    return f"{prefix}:{local}"
        return _iri(iri)


Row = tuple[str, str, str, str, Quad]
_TYPE_NT = f"<{_TYPE}>"


def _sorted_rows(quads: list[Quad], shared: dict | None = None
                 ) -> tuple[list[Row], dict[BNode, BNode]]:
    """Statements deduplicated and in N-Triples text order (graph, subject, predicate with
    rdf:type first, object), the order every writer here uses."""
    terms = _Terms(canonical_bnodes(quads), None, shared)
    get, text = terms.by_id()
    rows = {}
    for quad in quads:
        s, p, o, g = quad
        predicate = get(id(p)) or text(p)
        key = ("" if g is None else get(id(g)) or text(g), get(id(s)) or text(s),
               "" if predicate == _TYPE_NT else predicate, get(id(o)) or text(o))
        if key not in rows:
            rows[key] = (*key, quad)
    return [rows[k] for k in sorted(rows)], terms.bnodes


def _write(quads: list[Quad], fmt: str, shared: dict | None = None) -> bytes:
    """SHARED: term texts that writers of the same dataset can reuse (see _Terms)."""
    shared = {} if shared is None else shared
    rows, bnodes = _sorted_rows(quads, shared.setdefault("nt", {}))
    if fmt in ("nt", "nq"):
        return _write_lines(rows, bnodes, with_graph=fmt == "nq")
    if fmt == "jsonld":
        return _write_jsonld(rows, bnodes)
    return _write_turtle(rows, bnodes, with_graph=fmt == "trig",
                         shared=shared.setdefault("ttl", {}))


def _write_lines(rows, bnodes, with_graph: bool) -> bytes:
    nt = _Terms(bnodes, None)
    lines = []
    for _, _, _, _, (s, p, o, g) in rows:
        graph = f" {nt(g)}" if with_graph and g is not None else ""
        lines.append(f"{nt(s)} {nt(p)} {nt(o)}{graph} .\n")
    return "".join(lines).encode("utf-8")


def _prefix_lines() -> list[str]:
    return [f"@prefix {p}: {_iri(str(ns))} .\n" for p, ns in sorted(PREFIXES.items())]


def _write_turtle(rows: list[Row], bnodes, with_graph: bool, shared: dict | None = None
                  ) -> bytes:
    """Turtle (or TriG, a block per graph): one subject per paragraph, predicates joined
    with ';', objects with ','. Rows group by their N-Triples texts (str compares fast)."""
    get, ttl = _Terms(bnodes, {p: str(ns) for p, ns in PREFIXES.items()}, shared).by_id()
    out = _prefix_lines()
    indent = "    " if with_graph else ""
    by_graph = groupby(rows, key=itemgetter(0)) if with_graph else [("", rows)]
    for g, graph_rows in by_graph:
        graph_rows = list(graph_rows)
        out.append("\n")
        if with_graph:
            out.append("{\n" if g == "" else f"{ttl(graph_rows[0][4][3])} {{\n")
        first = True
        for _, subject_rows in groupby(graph_rows, key=itemgetter(1)):
            if not first:
                out.append("\n")
            first = False
            lines = []
            for p, predicate_rows in groupby(subject_rows, key=itemgetter(2)):
                objects = [row[4] for row in predicate_rows]
                verb = "a" if p == "" else ttl(objects[0][1])
                lines.append(f"{verb} " + f" ,\n{indent}        ".join(
                    [get(id(q[2])) or ttl(q[2]) for q in objects]))
            out.append(f"{indent}{ttl(objects[0][0])} " + f" ;\n{indent}    ".join(lines) + " .\n")
        if with_graph:
            out.append("}\n")
    return "".join(out).encode("utf-8")


def _write_jsonld(rows, bnodes) -> bytes:
    """JSON-LD 1.1, one graph: a node object per subject, compact IRIs from PREFIXES."""
    names = _Terms(bnodes, {p: str(ns) for p, ns in PREFIXES.items()})

    def ref(term: Node) -> str:
        text = names(term)
        return str(term) if text.startswith("<") else text  # _:b0 and pk:x stay

    def value(term: Node) -> dict:
        if not isinstance(term, Literal):
            return {"@id": ref(term)}
        item: dict[str, str] = {"@value": str(term)}
        if term.language:
            item["@language"] = term.language
        elif term.datatype is not None:
            item["@type"] = ref(term.datatype)
        return item

    nodes = []
    for s, subject_rows in groupby(rows, key=lambda row: row[4][0]):
        node: dict[str, object] = {"@id": ref(s)}
        for p, predicate_rows in groupby(subject_rows, key=lambda row: row[4][1]):
            objects = [row[4][2] for row in predicate_rows]
            if p == RDF.type and not any(isinstance(o, Literal) for o in objects):
                node["@type"] = [ref(o) for o in objects]
            else:
                node[ref(p)] = [value(o) for o in objects]
        nodes.append(node)
    document = {"@context": {p: str(ns) for p, ns in sorted(PREFIXES.items())},
                "@graph": nodes}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
