"""Foundation: the fixed vocabularies, read once from ontology/concepts.ttl.

    ROLES             name → concept           "lead" → pk:lead (the concept's local name)
    COMPARATORS       skos:notation → concept  "<=" → pk:le
    TARGET_KINDS      name → concept           "milestone" → pk:milestone
    UNITS_OF_MEASURE  skos:notation → concept  "億元" → uom:yi-yuan (written as zh-Hant)
    CHANGES           skos:notation → concept  "+" → pk:increase
    RECURRENCES       name → concept           "yearly" → pk:yearly
    LANGUAGES         the languages the concepts are labelled in: en, zh-Hant, zh-Hans
    SCRIPTS           the Chinese ones: the scripts a document is written in

Each mapping lists its concepts in the order concepts.ttl gives them. A value added to
concepts.ttl is known to every module at once: the annotation file accepts it, ingest
writes it, the views show it (tests/test_visualize.py fails for a concept the pages
cannot show). Nothing else in the project spells these values out.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

from kg.namespace import PK
from kg.resources import resource
from kg.turtle import Triple, parse_turtle


def _in_scheme(triples: tuple[Triple, ...], scheme: URIRef) -> list[URIRef]:
    """The concepts of SCHEME in file order."""
    members = {s for s, p, o in triples if p == SKOS.inScheme and o == scheme}
    return list(dict.fromkeys(s for s, p, _ in triples if p == RDF.type and s in members))


def _by_name(triples: tuple[Triple, ...], scheme: URIRef) -> dict[str, URIRef]:
    return {str(c).rsplit("#", 1)[-1]: c for c in _in_scheme(triples, scheme)}


def _by_notation(triples: tuple[Triple, ...], scheme: URIRef) -> dict[str, URIRef]:
    notation = {s: str(o) for s, p, o in triples if p == SKOS.notation}
    return {notation[c]: c for c in _in_scheme(triples, scheme)}


def _languages(triples: tuple[Triple, ...]) -> tuple[str, ...]:
    tags = (o.language for _, p, o in triples
            if p == SKOS.prefLabel and isinstance(o, Literal) and o.language)
    return tuple(dict.fromkeys(tags))


_TRIPLES = parse_turtle(resource("ontology", "concepts.ttl"))

ROLES: dict[str, URIRef] = _by_name(_TRIPLES, PK.roles)
COMPARATORS: dict[str, URIRef] = _by_notation(_TRIPLES, PK.comparators)
TARGET_KINDS: dict[str, URIRef] = _by_name(_TRIPLES, PK.targetKinds)
UNITS_OF_MEASURE: dict[str, URIRef] = _by_notation(_TRIPLES, PK.unitsOfMeasure)
CHANGES: dict[str, URIRef] = _by_notation(_TRIPLES, PK.changes)
RECURRENCES: dict[str, URIRef] = _by_name(_TRIPLES, PK.recurrences)
LANGUAGES: tuple[str, ...] = _languages(_TRIPLES)
SCRIPTS: tuple[str, ...] = tuple(tag for tag in LANGUAGES if tag.startswith("zh-"))
