"""Reasoning: our scoped OWL RL (kg.reason) against plain owlrl
``DeductiveClosure(OWLRL_Semantics).expand()`` over the same data, as a ratio measured in
the same run, with every named query's rows compared under both (as tests/test_reason.py)."""

from __future__ import annotations

import owlrl
from rdflib import Graph, Literal

from kg.dataset import INFERRED, ONTOLOGY, REFERENCE, add_graph, document_graphs, new_dataset
from kg.query import named_queries, query_rows
from kg.reason import reason
from tests.bench.common import Row, median_time

PARAMS = {"unit-tasks": {"unit": "南沙區政府"}, "place-tasks": {"place": "南沙區"},
          "evidence": {"iri": "https://w3id.org/policykg/id/doc/穗科字2019-316/action/1/task/1"}}


def seed_asserted():
    """The seed's asserted dataset (ontology, reference data, its document graph)."""
    from kg.pipeline import build

    built = build(reason=False, validate=False).dataset
    ds = new_dataset()
    for graph in document_graphs(built):
        add_graph(ds, graph)
    return ds


def plain_closure(ds) -> Graph:
    """The baseline: every graph merged, then plain owlrl over all of it."""
    closure = Graph()
    for g in [ds.graph(ONTOLOGY), ds.graph(REFERENCE), *document_graphs(ds)]:
        closure += g
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    return closure


def answers(ds, name: str) -> list[tuple]:
    columns, rows = query_rows(ds, name, params=PARAMS.get(name, {}))
    return sorted(tuple(str(r.get(c)) for c in columns) for r in rows)


def compare(runs: int, plain_runs: int) -> list[Row]:
    ds = seed_asserted()
    t_ours, _, inferred = median_time(lambda: reason(ds), runs, warmup=1)
    t_plain, _, closure = median_time(lambda: plain_closure(ds), plain_runs)
    plain_ds = new_dataset()
    for graph in document_graphs(ds):
        add_graph(plain_ds, graph)
    target = plain_ds.graph(INFERRED)
    target.addN((s, p, o, target) for s, p, o in closure if not isinstance(s, Literal))
    differ = [n for n in sorted(named_queries()) if answers(ds, n) != answers(plain_ds, n)]
    ratio = t_plain / t_ours
    same = not differ
    return [
        Row("reason", "ours (kg.reason, set-up + infer)", t_ours, runs=runs,
            note=f"{len(inferred)} inferred triples kept"),
        Row("reason", "plain owlrl DeductiveClosure.expand()", t_plain, runs=plain_runs,
            note=f"{len(closure)} triples after closure"),
        Row("reason", "speed-up ours vs plain owlrl", ratio, unit="x", runs=runs,
            target="≥ 20×", met=ratio >= 20),
        Row("reason", "named queries answering the same under both",
            len(named_queries()) - len(differ), unit="count", runs=1,
            target=f"all {len(named_queries())}", met=same,
            note="all rows identical" if same else "differ: " + ", ".join(differ)),
    ]
