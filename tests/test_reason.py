"""Our scoped OWL RL reasoning gives every named query the same answers as plain owlrl
over everything, and keeps the inferred facts apart and clean."""

from __future__ import annotations

import owlrl
import pytest
from rdflib import Graph, Literal
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


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_named_queries_answer_the_same_as_with_plain_owlrl(name, seed_dataset, plain_dataset):
    params = PARAMS.get(name, {})

    def answer(ds):
        columns, rows = query_rows(ds, name, params=params)
        return sorted(tuple(str(r.get(c)) for c in columns) for r in rows)

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
