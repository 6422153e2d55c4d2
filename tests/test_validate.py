"""Validation (kg.validate) runs pySHACL on ontology/shapes.ttl rearranged for speed: it
finds exactly what the shapes file finds, with messages in the language asked for."""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import SH

from kg.dataset import INFERRED, REFERENCE, document_graphs
from kg.namespace import NIF, PK
from kg.resources import shapes_file
from kg.validate import _violations, validate_graphs

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def seed_data(seed_dataset) -> Graph:
    data = Graph()
    for graph in [seed_dataset.graph(REFERENCE), *document_graphs(seed_dataset),
                  seed_dataset.graph(INFERRED)]:
        data.addN((*t, data) for t in graph)
    return data


@pytest.fixture(scope="module")
def broken_seed(seed_data) -> Graph:
    """The seed with a task without units, a second ordinal below 1, evidence beyond the
    end of the text and a wrong quotation (core and SPARQL constraints)."""
    data = Graph()
    data.addN((*t, data) for t in seed_data)
    tasks = sorted(set(data.subjects(PK.responsibility, None)))
    evidence = sorted(set(data.objects(None, PK.evidence)))
    data.remove((tasks[0], PK.responsibility, None))
    data.remove((tasks[0], PK.unassigned, None))
    data.add((tasks[1], PK.ordinal, Literal(0)))
    data.add((evidence[0], NIF.endIndex, Literal(999999)))
    data.add((evidence[1], NIF.anchorOf, Literal("wrong")))
    return data


@pytest.mark.parametrize("case", ["seed", "broken seed", "broken sample"])
@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
def test_the_rearranged_shapes_find_what_the_shapes_file_finds(case, lang, request):
    data = {"seed": lambda: request.getfixturevalue("seed_data"),
            "broken seed": lambda: request.getfixturevalue("broken_seed"),
            "broken sample": lambda: Graph().parse(DATA / "ontology" / "broken.ttl")}[case]()
    conforms, results, _ = pyshacl.validate(data, shacl_graph=Graph().parse(shapes_file()),
                                            inference="none", allow_warnings=True)
    report = validate_graphs([data], lang)
    assert report.conforms == conforms
    assert report.violations == _violations(results, lang)
    assert (case == "seed") == (not report.violations)


@pytest.mark.parametrize("lang, start", [("en", "Evidence ends at 999999"),
                                         ("zh-Hant", "原文依據的終點 999999"),
                                         ("zh-Hans", "原文依据的终点 999999")])
def test_sparql_constraint_messages_come_in_the_language_asked(broken_seed, lang, start):
    report = validate_graphs([broken_seed], lang)
    sparql = [v.message for v in report.violations if v.focus.endswith("/text")]
    assert len(sparql) == 2
    assert any(m.startswith(start) for m in sparql)


def test_no_property_shape_is_listed_by_a_targeted_node_shape():
    from kg.validate import _shapes

    shapes, _ = _shapes()
    listed = {node for node in shapes.subjects(SH.property, None)
              if next(shapes.objects(node, SH.targetClass), None) is not None}
    assert not listed


def test_the_sparql_constraints_evaluated_natively_are_not_left_to_pyshacl():
    """The two evidence checks of pksh:ContextShape run in Python, in time linear in the
    text (a SPARQL engine takes the whole text for each evidence); pySHACL runs the
    rest. That both find the same is test_the_rearranged_shapes_find_what_the_shapes_file_finds
    (the broken seed breaks both)."""
    from kg.validate import PKSH, _shapes

    shapes, native = _shapes()
    original = Graph().parse(shapes_file())
    assert len(native) == len(set(original.subjects(PKSH.evaluatedBy, None))) == 2
    assert not any(shapes.value(c, PKSH.evaluatedBy) for c in shapes.objects(None, SH.sparql))


def test_a_document_is_validated_with_the_reference_data_it_names(seed_dataset):
    """A build validates each document with the reference triples about its nodes, not
    the whole reference data: the same findings, on the seed broken as above."""
    from kg.validate import validate_document

    [document] = document_graphs(seed_dataset)
    broken = Graph(identifier=document.identifier)
    broken.addN((*t, broken) for t in document)
    tasks = sorted(set(broken.subjects(PK.responsibility, None)))
    evidence = sorted(set(broken.objects(None, PK.evidence)))
    broken.remove((tasks[0], PK.responsibility, None))
    broken.add((tasks[1], PK.ordinal, Literal(0)))
    broken.add((evidence[0], NIF.endIndex, Literal(999999)))
    broken.add((evidence[1], NIF.anchorOf, Literal("wrong")))
    inferred = list(seed_dataset.graph(INFERRED))
    reference = seed_dataset.graph(REFERENCE)
    whole = validate_graphs([reference, broken, inferred])
    assert validate_document(reference, broken, inferred) == whole
    assert len(whole.violations) >= 4
