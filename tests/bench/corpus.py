"""Corpora of 10, 100 and 1,000 copies of the seed (each with its own 文號): `policykg
build` as a child process, in memory (writing kg.trig and kg.ttl) and into the on-disk
Oxigraph store; build time, triples, peak RSS and the growth ratio."""

from __future__ import annotations

import shutil
import statistics
from pathlib import Path

import pyoxigraph as ox

from tests.bench.common import POLICYKG, Row, make_corpus, run_process

MODES = ("memory", "store")
LINEAR = 10.5  # time(1,000)/time(100) (issue 18): ten times the documents, ~ten times the time


def count_triples(out: Path, mode: str) -> int:
    if mode == "store":
        return len(ox.Store.read_only(str(out / "store")))
    store = ox.Store()
    store.bulk_load(path=str(out / "kg.trig"), format=ox.RdfFormat.TRIG)
    return len(store)


def build_once(corpus: Path, out: Path, mode: str, validate: bool):
    shutil.rmtree(out, ignore_errors=True)
    args = [POLICYKG, "build", str(corpus), "-q", "-o", str(out)]
    if not validate:
        args.append("--no-validate")
    if mode == "store":
        args += ["--store", f"oxigraph:{out / 'store'}"]
    run = run_process(args)
    if run.returncode != 0:
        raise RuntimeError(f"build of {corpus} ({mode}) failed: {run.stderr[-800:]}")
    return run


def corpora(work: Path, sizes: list[int], runs_for: dict[tuple[int, str], int],
            validate: bool) -> tuple[list[Row], dict[int, str]]:
    """Rows per size and mode (RUNS_FOR[size, mode] builds each), and the store location
    kept for each size."""
    rows: list[Row] = []
    medians: dict[tuple[int, str], float] = {}
    stores: dict[int, str] = {}
    for size in sizes:
        corpus = make_corpus(work / f"corpus-{size}", size)
        times: dict[str, list[float]] = {m: [] for m in MODES}
        rss: dict[str, float] = {m: 0.0 for m in MODES}
        for i in range(max(runs_for[size, m] for m in MODES)):
            for mode in MODES:  # interleaved, so both modes share the machine's mood
                if i >= runs_for[size, mode]:
                    continue
                run = build_once(corpus, work / f"out-{size}-{mode}", mode, validate)
                times[mode].append(run.seconds)
                rss[mode] = max(rss[mode], run.max_rss_mib)
        for mode in MODES:
            out = work / f"out-{size}-{mode}"
            triples = count_triples(out, mode)
            median = statistics.median(times[mode])
            runs = len(times[mode])
            medians[size, mode] = median
            note = (f"{triples:,} triples; peak RSS {rss[mode]:.0f} MiB; "
                    f"{median / size * 1000:.0f} ms/doc")
            if runs < 5:
                note += f"; only {runs} run{'s' if runs > 1 else ''} (a long build)"
            rows.append(Row("corpus", f"build {size:,} docs, {mode}", median, runs=runs,
                            note=note, extra={"triples": triples, "peak_rss_mib": rss[mode],
                                              "times": times[mode]}))
            rows.append(Row("corpus", f"peak RSS {size:,} docs, {mode}", rss[mode],
                            unit="MiB", runs=runs, note="largest process (parent or worker)"))
        stores[size] = f"oxigraph:{work / f'out-{size}-store' / 'store'}"
    for mode in MODES:
        if (1000, mode) in medians and (100, mode) in medians:
            ratio = medians[1000, mode] / medians[100, mode]
            rows.append(Row("corpus", f"time(1,000)/time(100), {mode}", ratio, unit="x",
                            target=f"≤ {LINEAR}×", met=ratio <= LINEAR))
        elif (100, mode) in medians and (10, mode) in medians:
            ratio = medians[100, mode] / medians[10, mode]
            rows.append(Row("corpus", f"time(100)/time(10), {mode} (quick: proxy)", ratio,
                            unit="x", target=f"≤ {LINEAR}×", met=ratio <= LINEAR,
                            note="the target is on 1,000/100; run without --quick"))
    return rows, stores
