"""Our scoped OWL RL reasoning gives every named query the same answers as plain owlrl
over everything, and keeps the inferred facts apart and clean."""

from __future__ import annotations

import owlrl
import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import OWL

from kg.dataset import INFERRED, ONTOLOGY, REFERENCE, add_graph, document_graphs, new_dataset
from kg.query import named_queries, query_rows
from kg.reason import reason

PARAMS = {"unit-tasks": {"unit": "南沙區政府"}, "place-tasks": {"place": "南沙區"},
          "evidence": {"iri": "https://w3id.org/policykg/id/doc/穗科字2019-316/action/1/task/1"}}


@pytest.fixture(scope="module")
def plain_dataset(seed_dataset):
    """The seed with plain DeductiveClosure(OWLRL_Semantics) over everything as its
    inferred graph (only literal subjects dropped: Oxigraph and Turtle refuse them)."""
    ds = new_dataset()
    for graph in document_graphs(seed_dataset):
        add_graph(ds, graph)
    closure = Graph()
    for g in [ds.graph(ONTOLOGY), ds.graph(REFERENCE), *document_graphs(ds)]:
        for triple in g:
            closure.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    inferred = ds.graph(INFERRED)
    for s, p, o in closure:
        if not isinstance(s, Literal):
            inferred.add((s, p, o))
    return ds


@pytest.mark.slow  # plain owlrl's closure takes seconds, and every query runs on rdflib
@pytest.mark.parametrize("name", sorted(named_queries()))
def test_named_queries_answer_the_same_as_with_plain_owlrl(name, seed_dataset, plain_dataset):
    params = PARAMS.get(name, {})

    def answer(ds):
        columns, rows = query_rows(ds, name, params=params)
        return [tuple(str(r.get(c)) for c in columns) for r in rows]

    assert answer(seed_dataset) == answer(plain_dataset)


def test_every_fact_we_infer_plain_owlrl_infers_too(seed_dataset, plain_dataset):
    ours = set(seed_dataset.graph(INFERRED))
    assert ours <= set(plain_dataset.graph(INFERRED))


def test_inferred_facts_are_apart_and_clean(seed_dataset):
    inferred = seed_dataset.graph(INFERRED)
    assert len(inferred) > 0
    asserted = set().union(*(set(g) for g in document_graphs(seed_dataset)))
    assert not asserted & set(inferred)
    assert not any(isinstance(s, Literal) for s, _, _ in inferred)
    assert not any(p == OWL.sameAs and s == o for s, p, o in inferred)


def test_reasoning_brings_collective_tasks_to_each_district(seed_dataset):
    rows = seed_dataset.query(
        "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t pk:involvesUnit ?u . "
        "?u pk:shortName ?l FILTER(STR(?l) = '從化區政府') }")
    assert int(next(iter(rows))[0]) == 4


def test_reason_replaces_its_graph(seed_dataset):
    before = len(seed_dataset.graph(INFERRED))
    assert len(reason(seed_dataset)) == before


def test_rules_are_those_of_owlrls_closure_of_the_schema():
    """Rules.from_ontology closes the schema itself; owlrl's full OWL RL closure of the
    same axioms gives the same rules."""
    from kg.reason import Rules

    ontology = new_dataset().graph(ONTOLOGY)
    schema = Graph()
    for p in (RDFS.subPropertyOf, OWL.inverseOf, OWL.propertyChainAxiom, RDFS.subClassOf,
              OWL.equivalentProperty, OWL.equivalentClass):
        for s, o in ontology.subject_objects(p):
            schema.add((s, p, o))
    for kind in (OWL.TransitiveProperty, OWL.SymmetricProperty):
        for s in ontology.subjects(RDF.type, kind):
            schema.add((s, RDF.type, kind))
    for _, head in ontology.subject_objects(OWL.propertyChainAxiom):
        for node in ontology.transitive_objects(head, RDF.rest):
            for triple in ontology.triples((node, None, None)):
                schema.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False,
                           datatype_axioms=False).expand(schema)

    def named(p):
        return {(s, o) for s, o in schema.subject_objects(p)
                if isinstance(s, URIRef) and isinstance(o, URIRef) and s != o}

    rules = Rules.from_ontology(ontology)
    equivalent_properties = named(OWL.equivalentProperty)
    equivalent_classes = named(OWL.equivalentClass)
    assert set(rules.sub_properties) == named(RDFS.subPropertyOf) | equivalent_properties | {
        (q, p) for p, q in equivalent_properties}
    nothing = {(OWL.Nothing, OWL.Thing)}  # owlrl's axiom; no data is an owl:Nothing
    assert set(rules.sub_classes) == named(RDFS.subClassOf) - nothing | equivalent_classes | {
        (d, c) for c, d in equivalent_classes}
    inverses = named(OWL.inverseOf)
    assert set(rules.inverses) == inverses | {(q, p) for p, q in inverses} | {
        (p, p) for p in schema.subjects(RDF.type, OWL.SymmetricProperty)}
    assert rules.transitive == sorted(set(schema.subjects(RDF.type, OWL.TransitiveProperty)))
    assert sorted((p, tuple(c)) for p, c in rules.chains) == sorted(
        (p, tuple(schema.items(h))) for p, h in schema.subject_objects(OWL.propertyChainAxiom))
    assert rules.sub_properties and rules.sub_classes and rules.inverses and rules.chains


SCHEMA = """
@prefix ex: <https://example.org/schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:partOf a owl:TransitiveProperty .
ex:hasPart owl:inverseOf ex:partOf .
ex:leads rdfs:subPropertyOf ex:involves .
ex:involvedIn owl:inverseOf ex:involves .
ex:reaches owl:propertyChainAxiom ( ex:involves ex:memberOf ) .
ex:Bureau rdfs:subClassOf ex:Unit .
"""


def test_a_document_closed_on_the_reference_data_gets_what_owlrl_gets_over_both():
    """The reference data is closed once, then each document on top of it, each round
    from what the round before found; owlrl closes both at once. The chains of facts
    cross from one to the other: a transitive part-of whose middle link is reference
    data, the inverse of a sub-property, a property chain ending in reference data."""
    from kg.namespace import ID
    from kg.reason import Reasoner

    ex = "https://example.org/schema#"
    ontology = Graph().parse(data=SCHEMA, format="turtle")
    reference, document = Graph(), Graph()
    a, b, c, d, t, u, g, x = (ID[n] for n in "abcdtugx")
    reference += [(b, URIRef(ex + "partOf"), c), (u, URIRef(ex + "memberOf"), g)]
    document += [(a, URIRef(ex + "partOf"), b), (c, URIRef(ex + "partOf"), d),
                 (t, URIRef(ex + "leads"), u), (x, RDF.type, URIRef(ex + "Bureau"))]
    reasoner = Reasoner(ontology, reference)
    ours = set(reasoner.reference_facts) | set(reasoner.infer(document))

    everything = ontology + reference + document
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(everything)
    theirs = {(s, p, o) for s, p, o in everything - ontology - reference - document
              if str(s).startswith(str(ID))
              and (str(p).startswith(ex) or (p == RDF.type and str(o).startswith(ex)))}
    assert ours == theirs
    part_of = URIRef(ex + "partOf")
    assert {(a, part_of, c), (a, part_of, d), (b, part_of, d),
            (t, URIRef(ex + "reaches"), g), (x, RDF.type, URIRef(ex + "Unit"))} <= ours
