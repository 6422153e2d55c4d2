"""Graph: reason, the OWL RL entailments of our ontology, computed fast and kept apart.

The schema (the ontology's property and class axioms: sub-properties, inverses, property
chains, transitive properties, sub-classes, equivalences) is closed as OWL RL's scm-spo,
scm-eqp1/2, scm-sco and scm-eqc1/2 close it: the transitive closure of rdfs:subPropertyOf
and rdfs:subClassOf, each equivalence counting as two sub-axioms (owlrl's full closure of
this small schema cost more than the rest of the reasoning; tests/test_reason.py checks
the rules against it). The data is then closed under exactly those axioms, with the OWL RL rules
that use them (prp-spo1, prp-spo2, prp-inv, prp-trp, prp-symp, prp-eqp, cax-sco,
cax-eqc), by direct graph look-ups: the reference data once, then each document on top
of it, so a corpus costs time in proportion to its size. tests/test_reason.py checks
that every named query answers the same as with plain
``DeductiveClosure(OWLRL_Semantics).expand()`` over everything; ``make bench`` measures
the ratio. New facts go to their own named graph; literal subjects, reflexive owl:sameAs
and schema-level triples are left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL

from kg.dataset import INFERRED, ONTOLOGY, REFERENCE, document_graphs
from kg.namespace import ID
from kg.turtle import Triple

_TYPE = RDF.type  # a DefinedNamespace attribute costs a method call each time it is read


@dataclass
class Rules:
    """The ontology's axioms, closed, as rules over data triples."""

    sub_properties: list[tuple[URIRef, URIRef]] = field(default_factory=list)
    inverses: list[tuple[URIRef, URIRef]] = field(default_factory=list)
    chains: list[tuple[URIRef, list[URIRef]]] = field(default_factory=list)
    transitive: list[URIRef] = field(default_factory=list)
    sub_classes: list[tuple[URIRef, URIRef]] = field(default_factory=list)

    @classmethod
    def from_ontology(cls, ontology: Graph) -> Rules:
        rules = cls()
        rules.sub_properties = _closed_pairs(ontology, RDFS.subPropertyOf,
                                             OWL.equivalentProperty)
        for p, q in _named_pairs(ontology.subject_objects(OWL.inverseOf)):
            rules.inverses += [(p, q), (q, p)]
        for p in ontology.subjects(RDF.type, OWL.SymmetricProperty):
            rules.inverses.append((p, p))
        for p, head in ontology.subject_objects(OWL.propertyChainAxiom):
            rules.chains.append((p, list(ontology.items(head))))
        rules.transitive = sorted(set(ontology.subjects(RDF.type, OWL.TransitiveProperty)))
        rules.sub_classes = _closed_pairs(ontology, RDFS.subClassOf, OWL.equivalentClass)
        return rules

    def predicates(self) -> set[URIRef]:
        """The data predicates any rule reads."""
        found = {RDF.type, *self.transitive}
        found |= {p for pair in self.sub_properties + self.inverses for p in pair}
        found |= {p for p, chain in self.chains for p in (p, *chain)}
        return found

    def closure(self, known: _Index, local: Iterable[Triple]) -> set[Triple]:
        """The triples the rules derive from ``known`` (already closed, unchanged) and
        ``local`` that are in neither. Semi-naive: each round derives only what uses a
        triple new in the round before (the rest was derived then, or is in ``known``)."""
        index = _Index(under=known)
        new = {t for t in local if t not in index}
        derived: set[Triple] = set()
        while new:
            index.update(new)
            delta = _Index()
            delta.update(new)
            new = {t for t in self._derive(index, delta) if t not in index}
            derived |= new
        return derived

    def _derive(self, g: _Index, delta: _Index) -> Iterator[Triple]:
        """What the rules derive from G with at least one premise in DELTA (in G too)."""
        for p, q in self.sub_properties:
            for s, o in delta.pairs(p):
                yield s, q, o
        for p, q in self.inverses:
            for s, o in delta.pairs(p):
                if not isinstance(o, Literal):
                    yield o, q, s
        for p, chain in self.chains:
            if any(delta.pairs(step) for step in chain):  # few and short: walked whole
                pairs = set(g.pairs(chain[0]))
                for step in chain[1:]:
                    pairs = {(s, o2) for s, o in pairs for o2 in g.objects(o, step)}
                for s, o in pairs:
                    yield s, p, o
        for p in self.transitive:
            for s, o in delta.pairs(p):
                for o2 in g.objects(o, p):
                    yield s, p, o2
                for s0 in g.subjects(p, s):
                    yield s0, p, o
        for c, d in self.sub_classes:
            for s in delta.subjects(_TYPE, c):
                yield s, _TYPE, d


class _Index:
    """Triples indexed by predicate, subject and object: the look-ups the rules make,
    without rdflib's per-call overhead (the closure makes tens of thousands). One made
    over another (UNDER, which stays unchanged) holds what it adds, and answers for both:
    a document's closure does not copy the reference data's."""

    def __init__(self, under: _Index | None = None) -> None:
        self._under = under
        self._triples: set[Triple] = set()
        self._pairs: dict[URIRef, set[tuple]] = defaultdict(set)
        self._objects: dict[tuple, set] = defaultdict(set)
        self._subjects: dict[tuple, set] = defaultdict(set)

    def update(self, triples: Iterable[Triple]) -> None:
        for s, p, o in triples:
            self._triples.add((s, p, o))
            self._pairs[p].add((s, o))
            self._objects[s, p].add(o)
            self._subjects[p, o].add(s)

    def __contains__(self, triple: Triple) -> bool:
        return triple in self._triples or (self._under is not None and triple in self._under)

    def pairs(self, p: URIRef) -> list[tuple]:
        found = list(self._pairs.get(p, ()))
        return found + self._under.pairs(p) if self._under is not None else found

    def objects(self, s, p: URIRef) -> set:
        found = self._objects.get((s, p), set())
        return found | self._under.objects(s, p) if self._under is not None else found

    def subjects(self, p: URIRef, o) -> list:
        found = list(self._subjects.get((p, o), ()))
        return found + self._under.subjects(p, o) if self._under is not None else found


class Reasoner:
    """The rules of an ontology with its reference data already closed: infers the new
    facts of one document at a time (in any process: it is built from graphs alone)."""

    def __init__(self, ontology: Graph, reference: Graph) -> None:
        self.rules = Rules.from_ontology(ontology)
        self.relevant = self.rules.predicates()
        self.known = _Index()
        facts = _slice(reference, self.relevant)
        derived = self.rules.closure(self.known, facts)
        self.known.update(facts)
        self.known.update(derived)
        self.reference_facts = sorted(t for t in derived if _about_data(t))

    def infer(self, document: Graph) -> list[Triple]:
        derived = self.rules.closure(self.known, _slice(document, self.relevant))
        return sorted(t for t in derived if _about_data(t))


def reason(ds: Dataset) -> Graph:
    """Write the inferred facts into <graph/inferred> (replacing any) and return it."""
    ds.remove_graph(ds.graph(INFERRED))
    reasoner = Reasoner(ds.graph(ONTOLOGY), ds.graph(REFERENCE))
    inferred = ds.graph(INFERRED)
    inferred.addN((*t, inferred) for t in reasoner.reference_facts)
    for doc in document_graphs(ds):
        inferred.addN((*t, inferred) for t in reasoner.infer(doc))
    return inferred


def _slice(graph: Graph, predicates: Iterable[URIRef]) -> list[Triple]:
    return [t for p in predicates for t in graph.triples((None, p, None))]


def _closed_pairs(ontology: Graph, sub: URIRef, equivalent: URIRef) -> list[tuple]:
    """The named pairs (a, b), a != b, of the transitive closure of SUB, each EQUIVALENT
    axiom counting as SUB both ways."""
    edges: dict = defaultdict(set)
    for a, b in ontology.subject_objects(sub):
        edges[a].add(b)
    for a, b in ontology.subject_objects(equivalent):
        edges[a].add(b)
        edges[b].add(a)
    pairs = set()
    for start in list(edges):
        seen, todo = set(), [start]
        while todo:
            for b in edges.get(todo.pop(), ()):
                if b not in seen:
                    seen.add(b)
                    todo.append(b)
        pairs |= {(start, b) for b in seen}
    return list(_named_pairs(pairs))


def _named_pairs(pairs: Iterable[tuple]) -> Iterator[tuple[URIRef, URIRef]]:
    for s, o in sorted(pairs):
        if isinstance(s, URIRef) and isinstance(o, URIRef) and s != o:
            yield s, o


def _about_data(triple: Triple) -> bool:
    s, p, o = triple
    if isinstance(s, Literal) or not str(s).startswith(str(ID)):
        return False
    if p == OWL.sameAs and s == o:
        return False
    return not (p == RDF.type and o in (OWL.Thing, RDFS.Resource, OWL.NamedIndividual))
