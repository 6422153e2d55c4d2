"""The recogniser built from the reference data (ontology/reference/*.ttl): every label
of every unit, place and institution, in both scripts, folded for matching."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import SKOS

from kg.namespace import PK
from kg.read import fold
from kg.turtle import parsed_ontology_files

_LABELS = (SKOS.prefLabel, SKOS.altLabel, PK.shortName, PK.formerName, SKOS.hiddenLabel)
_KINDS = {PK.Unit: "unit", PK.Institution: "institution", PK.Place: "place"}
# Shorter labels ("天河", "南沙") would match inside other names (天河二號).
_MIN_MATCH_LENGTH = 3


@dataclass(frozen=True)
class Entry:
    iri: URIRef
    kind: str  # unit | place | institution


class Gazetteer:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._by_label: dict[str, Entry] = {}
        kinds = _kinds_by_class(graph)
        for subject, kind in _entities(graph, kinds):
            for prop in _LABELS:
                for label in graph.objects(subject, prop):
                    self._by_label.setdefault(_key(str(label)), Entry(subject, kind))
        matchable = sorted((k for k, e in self._by_label.items()
                            if e.kind != "unit" and len(k) >= _MIN_MATCH_LENGTH
                            and not k.isascii()), key=len, reverse=True)
        self._mentions = re.compile("|".join(map(re.escape, matchable))) if matchable else None

    def lookup(self, name: str, kind: str | None = None) -> Entry | None:
        entry = self._by_label.get(_key(name))
        return entry if entry and (kind is None or entry.kind == kind) else None

    def place_heads(self) -> list[str]:
        """Folded place names (two characters or more), longest first: what a name that
        the gazetteer lacks may start with (廣州…研究院)."""
        return sorted((k for k, e in self._by_label.items()
                       if e.kind == "place" and len(k) >= 2 and not k.isascii()),
                      key=len, reverse=True)

    def mentions(self, folded: str, start: int, end: int):
        """Non-overlapping, longest-first matches of place and institution names."""
        if self._mentions is None:
            return
        for m in self._mentions.finditer(folded, start, end):
            yield m.start(), m.end(), self._by_label[m.group(0)]


def _key(label: str) -> str:
    return fold(label).strip().lower()


def _kinds_by_class(graph: Graph) -> dict[URIRef, str]:
    kinds = {}
    for root, kind in _KINDS.items():
        for cls in graph.transitive_subjects(RDFS.subClassOf, root):
            kinds[cls] = kind
    return kinds


def _entities(graph: Graph, kinds: dict[URIRef, str]):
    for subject, cls in sorted(graph.subject_objects(RDF.type)):
        if cls in kinds and isinstance(subject, URIRef):
            yield subject, kinds[cls]


@lru_cache(maxsize=1)
def reference_graph() -> Graph:
    """The ontology, concept schemes and reference data, parsed once per process (in a
    store without named graphs: twice as fast to fill and to read)."""
    graph = Graph(store="SimpleMemory")
    for _, triples in parsed_ontology_files():
        graph.addN((*t, graph) for t in triples)
    return graph


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return Gazetteer(reference_graph())
