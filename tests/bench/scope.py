"""Questions of a corpus in the on-disk store, each `policykg query … --kg oxigraph:DIR`
as a whole process (median of 5), against a baseline measured in the same run:

- about one plan (`--param document=…`) in a store of 1,000 plans, against the same
  question on a store of that plan alone (goal ≤ 2×);
- about one agency across the corpus (unit-tasks, unit-roles, co-owners), and the corpus
  listings (targets, task-owners), against the store's floor for reading the same rows: a
  plain SELECT of the triples those rows come from, printed as CSV by the same command
  (goal ≤ 2×). Both read the answer tables the build wrote beside the store (kg.tables):
  a listing is asked as the first time after a build (before each run the whole table a
  question may have written goes, and what is left is what the build wrote); a question
  about one agency never writes one."""

from __future__ import annotations

import shutil
import statistics
import sys
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from kg.tables import tables_of
from tests.bench.common import ROOT, Row, make_corpus, run_process
from tests.bench.corpus import build_once

RUNS = 5
UNIT = "市科技局"
ONE_PLAN = {"task-owners": {}, "unit-tasks": {"unit": UNIT}, "targets": {},
            "co-owners": {"unit": UNIT}, "documents": {}, "district-tasks": {}}
# the floor of each corpus-wide question: the triples its rows come from, nothing else
UNIT_ROWS = """SELECT ?task ?role ?heading ?task_no ?action_no WHERE {
  ?resp pk:unit <https://w3id.org/policykg/id/org/guangzhou-science-technology-bureau> ;
        pk:role ?role .
  ?task pk:responsibility ?resp ; pk:heading ?heading ; pk:ordinal ?task_no .
  ?action pk:hasTask ?task ; pk:ordinal ?action_no }"""
CO_OWNER_ROWS = """SELECT ?task ?unit ?role WHERE {
  ?own pk:unit <https://w3id.org/policykg/id/org/guangzhou-science-technology-bureau> .
  ?task pk:responsibility ?own , ?resp .
  ?resp pk:unit ?unit ; pk:role ?role }"""
TARGET_ROWS = """SELECT * WHERE {
  ?t pk:year ?y ; pk:value ?v ; pk:unitOfMeasure ?u ; pk:comparator ?c ;
     pk:aspirational ?a ; pk:targetKind ?k ; pk:indicator ?i }"""
OWNER_ROWS = """SELECT * WHERE {
  ?action pk:hasTask ?task ; pk:ordinal ?action_no .
  ?task pk:ordinal ?task_no ; pk:heading ?heading .
  OPTIONAL { ?task pk:responsibility ?resp . ?resp pk:unit ?unit ; pk:rank ?rank ;
             pk:role ?role ; pk:asWritten ?written } }"""
ACROSS = {"unit-tasks": ({"unit": UNIT}, UNIT_ROWS), "co-owners": ({"unit": UNIT}, CO_OWNER_ROWS),
          "unit-roles": ({"unit": UNIT}, UNIT_ROWS)}
LISTINGS = {"targets": ({}, TARGET_ROWS), "task-owners": ({}, OWNER_ROWS)}


def query_args(kg: str, name: str | None, params: dict[str, str], text: str | None = None
               ) -> list[str]:
    """`policykg query` of this checkout (python -m kg), CSV to nowhere."""
    args = [sys.executable, "-m", "kg", "query", "--kg", kg, "--format", "csv", "-q"]
    args += [name] if name else ["-e", text or ""]
    return args + [a for k, v in params.items() for a in ("--param", f"{k}={v}")]


def whole_process(args: list[str], before: Callable[[], None] | None = None) -> float:
    """Median wall time of ARGS as a child process (from the project's folder), RUNS runs,
    each after BEFORE."""
    times = []
    for _ in range(RUNS):
        if before is not None:
            before()
        run = run_process(args, cwd=ROOT)
        if run.returncode != 0:
            raise RuntimeError(f"{' '.join(args[2:6])}…: {run.stderr[-300:]}")
        times.append(run.seconds)
    return statistics.median(times)


def ratio_row(area: str, name: str, value: float, baseline: float, what: str) -> Row:
    ratio = value / baseline
    return Row(area, name, ratio, unit="x", runs=RUNS, target="≤ 2×", met=ratio <= 2,
               note=f"{value * 1000:.0f} ms against {what} {baseline * 1000:.0f} ms",
               extra={"seconds": value, "baseline_seconds": baseline})


def stores(work: Path, size: int, corpus_store: str | None) -> tuple[str, str, str]:
    """The corpus store (the corpus area's when it made one of SIZE), a store of the plan
    in its middle alone (of 1,000: plan-0500.txt), and that plan's 文號."""
    corpus = make_corpus(work / f"corpus-{size}", size)
    plan = size // 2
    if corpus_store is None:
        build_once(corpus, work / f"scope-{size}", "store", validate=False)
        corpus_store = f"oxigraph:{work / f'scope-{size}' / 'store'}"
    alone = work / "scope-plan"
    shutil.rmtree(alone, ignore_errors=True)
    (alone / "plan").mkdir(parents=True)
    shutil.copy(corpus / f"plan-{plan:04d}.txt", alone / "plan")
    build_once(alone / "plan", alone / "out", "store", validate=False)
    return corpus_store, f"oxigraph:{alone / 'out' / 'store'}", f"穗科字〔2019〕{1000 + plan}號"


def questions(work: Path, size: int, corpus_store: str | None = None) -> list[Row]:
    return list(each_question(work, size, corpus_store))


def each_question(work: Path, size: int, corpus_store: str | None = None) -> Iterator[Row]:
    """The rows of the area, each as soon as it is measured."""
    corpus, alone, number = stores(work, size, corpus_store)
    area = f"scope {size:,} docs (store)"
    for name, params in ONE_PLAN.items():
        scoped = {**params, "document": number}
        in_corpus = whole_process(query_args(corpus, name, scoped))
        on_its_own = whole_process(query_args(alone, name, scoped))
        yield ratio_row(area, f"one plan: {name}", in_corpus, on_its_own, "the plan alone")
    for name, (params, floor_text) in ACROSS.items():
        value = whole_process(query_args(corpus, name, params))
        floor = whole_process(query_args(corpus, None, {}, floor_text))
        yield ratio_row(area, f"one agency: {name}", value, floor, "the floor")
    for name, (params, floor_text) in LISTINGS.items():
        value = whole_process(query_args(corpus, name, params), partial(forget_table, corpus, name))
        floor = whole_process(query_args(corpus, None, {}, floor_text))
        yield ratio_row(area, f"listing, first ask after a build: {name}", value, floor,
                        "the floor")


def forget_table(store: str, name: str) -> None:
    """The whole table of listing NAME a question wrote beside STORE, removed: the next
    question is the first after the build."""
    for table in tables_of(store).glob(f"{name}.*.tsv"):
        table.unlink()
