"""`make bench`: stage timings on the seed, and our scoped OWL RL reasoning against plain
owlrl over the same data, as a ratio measured in the same run.

    python -m tests.bench [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import owlrl
from rdflib import Graph

from kg.annotate import annotate
from kg.build import build_graph
from kg.dataset import ONTOLOGY, REFERENCE, add_graph, document_graphs, new_dataset
from kg.export import serialize
from kg.query import named_queries, query_rows
from kg.read import read_path
from kg.reason import reason
from kg.resources import seed_document
from kg.validate import validate


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def plain_owlrl(ds) -> int:
    """The baseline: DeductiveClosure(OWLRL_Semantics).expand() over everything."""
    graph = Graph()
    for g in [ds.graph(ONTOLOGY), ds.graph(REFERENCE), *document_graphs(ds)]:
        for triple in g:
            graph.add(triple)
    before = len(graph)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return len(graph) - before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    path = seed_document()
    rows: list[tuple[str, float, str]] = []

    t, doc = timed(lambda: annotate(read_path(path)), repeat)
    rows.append(("read + annotate", t, f"{len(doc.spans)} spans"))
    t, graph = timed(lambda: build_graph(doc), repeat)
    rows.append(("ingest (triples)", t, f"{len(graph)} triples"))
    ds = new_dataset()
    add_graph(ds, graph)
    t_ours, inferred = timed(lambda: len(reason(ds)), repeat)
    rows.append(("reason: scoped owlrl (ours)", t_ours, f"{inferred} new triples kept"))
    t_plain, plain = timed(lambda: plain_owlrl(ds), 1)
    rows.append(("reason: plain owlrl (baseline)", t_plain,
                 f"{plain} new triples; ours is {t_plain / t_ours:.0f}x faster"))
    t, report = timed(lambda: validate(ds), repeat)
    rows.append(("validate (pySHACL)", t, "conforms" if report.conforms else "problems"))
    t, data = timed(lambda: serialize(ds, "trig"), repeat)
    rows.append(("export TriG", t, f"{len(data) // 1024} KiB"))
    for name in named_queries():
        params = {"iri": str(ds.value(predicate=None, object=None) or "")} \
            if name == "evidence" else {}
        try:
            t, (_, found) = timed(lambda n=name, p=params: query_rows(ds, n, params=p), repeat)
        except Exception as err:  # a benchmark reports, it does not stop
            rows.append((f"query {name}", float("nan"), str(err)))
            continue
        rows.append((f"query {name}", t, f"{len(found)} rows"))

    width = max(len(r[0]) for r in rows)
    print(f"{'stage':<{width}}  {'median s':>9}  notes")
    for name, seconds, note in rows:
        print(f"{name:<{width}}  {seconds:>9.3f}  {note}")


if __name__ == "__main__":
    main()
