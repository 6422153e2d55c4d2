"""export: every RDF format round-trips (export → parse → isomorphic), the output is byte
for byte the same across processes, and bad input is one line and exit code 1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, XSD

from kg.dataset import INFERRED, ONTOLOGY, PREFIXES
from kg.export import (
    DATASET_FORMATS,
    RDF_FORMATS,
    SELECTIONS,
    canonical_bnodes,
    export,
    export_bytes,
    selected_graphs,
)

ROOT = Path(__file__).resolve().parent.parent
RDFLIB_NAMES = {"ttl": "turtle", "trig": "trig", "nt": "nt", "nq": "nquads", "jsonld": "json-ld"}
OX_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG,
              "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS,
              "jsonld": ox.RdfFormat.JSON_LD}


def policykg(*args: str, hash_seed: str = "0", env: dict | None = None):
    environment = {**os.environ, "PYTHONHASHSEED": hash_seed, **(env or {})}
    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=ROOT, env=environment,
                          capture_output=True, timeout=300, check=False)


def parsed(data: bytes, fmt: str) -> Dataset:
    ds = Dataset()
    ds.parse(data=data.decode("utf-8"), format=RDFLIB_NAMES[fmt])
    return ds


def assert_round_trip(source: Dataset, fmt: str, selection: str) -> None:
    data = export_bytes(source, fmt, selection)
    back = parsed(data, fmt)
    names = [n for n in selected_graphs(source, selection) if len(source.graph(n))]
    if fmt in DATASET_FORMATS:
        assert {g.identifier for g in back.graphs() if len(g)} >= set(names)
        for name in names:
            assert isomorphic(back.graph(name), source.graph(name)), (fmt, name)
        if selection == "all":
            assert isomorphic(back.default_graph, source.default_graph)
    else:
        merged = Graph()
        for name in names:
            for triple in source.graph(name):
                merged.add(triple)
        if selection == "all":  # everything: the default graph too
            for triple in source.default_graph:
                merged.add(triple)
        single = Graph()
        for s, p, o, _ in back.quads():
            single.add((s, p, o))
        assert isomorphic(single, merged), (fmt, selection)
    # a strict second parser (Oxigraph, what users load into) reads it too
    assert len(list(ox.parse(data, format=OX_FORMATS[fmt]))) == sum(
        1 for _ in back.quads()) or fmt not in DATASET_FORMATS


@pytest.mark.parametrize("selection", SELECTIONS)
@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_round_trip_on_the_seed(seed_dataset, fmt, selection):
    assert_round_trip(seed_dataset, fmt, selection)


@pytest.fixture(scope="module")
def awkward() -> Dataset:
    """Literals and IRIs that need escaping, an explicit xsd:string, blank-node lists in
    two graphs with the same shape, and a triple in the default graph."""
    ds = Dataset()
    g = ds.graph(ONTOLOGY)
    ex = "https://example.org/x#"
    s = URIRef(ex + "s")
    g.add((s, RDFS.label, Literal('quote " backslash \\ newline\nreturn\r tab\t bell\x07')))
    g.add((s, RDFS.label, Literal("三\u3000空格", lang="zh-Hant")))
    g.add((s, RDFS.comment, Literal("typed", datatype=XSD.string)))
    g.add((s, RDFS.seeAlso, URIRef("https://example.org/廣州/a,b=(c)'d~e?f=g&h#i")))
    g.add((s, URIRef(ex + "n"), Literal("3.10", datatype=XSD.decimal)))
    for graph in (g, ds.graph(INFERRED)):
        head, rest = BNode(), BNode()
        graph.add((s, URIRef(ex + "list"), head))
        graph.add((head, RDF.first, URIRef(ex + "a")))
        graph.add((head, RDF.rest, rest))
        graph.add((rest, RDF.first, URIRef(ex + "b")))
        graph.add((rest, RDF.rest, RDF.nil))
    ds.default_graph.add((s, RDF.type, URIRef(ex + "Thing")))
    return ds


@pytest.mark.parametrize("selection", SELECTIONS)
@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_round_trip_of_awkward_terms(awkward, fmt, selection):
    assert_round_trip(awkward, fmt, selection)


def test_language_tags_keep_their_case_and_prefixes_are_declared(seed_dataset):
    ttl = export_bytes(seed_dataset, "ttl").decode("utf-8")
    assert '"@zh-Hant ;' in ttl and "@zh-hant" not in ttl
    for prefix, namespace in PREFIXES.items():
        assert f"@prefix {prefix}: <{namespace}> .\n" in ttl
    context = export_bytes(seed_dataset, "jsonld").decode("utf-8")
    assert '"pk": "https://w3id.org/policykg/ontology#"' in context


def test_selections(seed_dataset):
    asserted = parsed(export_bytes(seed_dataset, "nq", "asserted"), "nq")
    inferred = parsed(export_bytes(seed_dataset, "nq", "inferred"), "nq")
    everything = parsed(export_bytes(seed_dataset, "nq"), "nq")  # nq: --all by default
    names = {str(g.identifier) for g in asserted.graphs() if len(g)}
    assert str(INFERRED) not in names and str(ONTOLOGY) in names
    assert {str(g.identifier) for g in inferred.graphs() if len(g)} == {str(INFERRED)}
    assert sum(1 for _ in everything.quads()) == \
        sum(1 for _ in asserted.quads()) + sum(1 for _ in inferred.quads())
    # ttl defaults to --asserted: nothing of the inferred graph that is not asserted too
    ttl = Graph().parse(data=export_bytes(seed_dataset, "ttl").decode(), format="turtle")
    assert len(ttl) == len(Graph().parse(
        data=export_bytes(seed_dataset, "nt", "asserted").decode(), format="nt"))


BLANK_SHAPES = {  # Turtle with the blank nodes of OWL axioms, and two harder shapes
    "a list below a property": "ex:p owl:propertyChainAxiom ( ex:q ex:r ex:q ) .",
    "an axiom nothing points to": "[] a owl:AllDisjointClasses ; owl:members ( ex:A ex:B ) .\n"
                                  "[] a owl:AllDisjointClasses ; owl:members ( ex:A ex:C ) .",
    "two on one property": "ex:C rdfs:subClassOf [ owl:onProperty ex:p ; owl:hasValue 1 ] ,\n"
                           "                     [ owl:onProperty ex:p ; owl:hasValue 2 ] .",
    "a cycle": "_:x ex:next _:y . _:y ex:next _:x . ex:A ex:first _:x .",
}


@pytest.mark.parametrize("shape", sorted(BLANK_SHAPES))
def test_blank_node_labels_follow_from_the_statements_alone(shape):
    """Each parse gives the blank nodes new random labels, and the quads come in another
    order: the labels written are the same, one per node."""
    text = ("@prefix ex: <https://example.org/x#> .\n"
            "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
            "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n" + BLANK_SHAPES[shape])

    def written(order) -> list[str]:
        quads = order([(*t, ONTOLOGY) for t in Graph().parse(data=text, format="turtle")])
        labels = canonical_bnodes(quads)
        assert len(set(labels.values())) == len(labels) == len(
            {n for q in quads for n in q if isinstance(n, BNode)})
        return sorted(" ".join(labels.get(n, n).n3() for n in q[:3]) for q in quads)

    assert written(sorted) == written(lambda quads: sorted(quads, reverse=True))


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_byte_identical_across_processes(seed_kg, seed_dataset, fmt):
    """Two processes with different hash seeds (set and dict order, fresh blank-node
    labels) write the same bytes, and the same bytes as this process."""
    first = policykg("export", "--kg", str(seed_kg), "--format", fmt, hash_seed="1")
    second = policykg("export", "--kg", str(seed_kg), "--format", fmt, hash_seed="2")
    assert first.returncode == 0, first.stderr.decode()
    assert first.stdout == second.stdout
    assert first.stdout == export_bytes(seed_dataset, fmt)


def test_output_file_is_written_atomically(seed_kg, tmp_path):
    out = tmp_path / "sub" / "kg.trig"
    run = policykg("export", "--kg", str(seed_kg), "--format", "trig", "--inferred",
                   "-o", str(out))
    assert run.returncode == 0, run.stderr.decode()
    assert sorted(p.name for p in out.parent.iterdir()) == ["kg.trig"]  # no temp file left
    back = parsed(out.read_bytes(), "trig")
    assert {str(g.identifier) for g in back.graphs() if len(g)} == {str(INFERRED)}


def test_export_writes_through_the_library(seed_dataset, tmp_path):
    path = export(seed_dataset, "nt", "inferred", tmp_path / "inferred.nt")
    assert path.read_bytes() == export_bytes(seed_dataset, "nt", "inferred")


def test_missing_kg_is_one_line_and_exit_1(tmp_path):
    run = policykg("export", "--kg", str(tmp_path / "missing.trig"), "--format", "ttl")
    assert run.returncode == 1
    err = run.stderr.decode()
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "missing.trig" in err and run.stdout == b""


def test_unparseable_kg_is_exit_1(tmp_path):
    bad = tmp_path / "bad.trig"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    run = policykg("export", "--kg", str(bad))
    assert run.returncode == 1 and b"Traceback" not in run.stderr


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_formats(seed_kg, tmp_path, fmt):
    """GraphML / GEXF: the overview graph (visualize.network), for Gephi."""
    out = tmp_path / f"kg.{fmt}"
    run = policykg("export", "--kg", str(seed_kg), "--format", fmt, "-o", str(out))
    assert run.returncode == 0, run.stderr.decode()
    import networkx as nx

    graph = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(out)
    assert graph.number_of_nodes() > 0


def test_the_build_writes_the_exports_own_bytes(seed_dataset, tmp_path):
    """kg.trig and kg.ttl, written in one pass, are `export --all trig` and `export ttl`."""
    from kg.export import write_build_outputs

    written = write_build_outputs(seed_dataset, tmp_path)
    assert written["trig"].read_bytes() == export_bytes(seed_dataset, "trig", "all")
    assert written["ttl"].read_bytes() == export_bytes(seed_dataset, "ttl", "asserted")
