"""Corpora of 10, 100 and 1,000 copies of the seed (each with its own 文號): `policykg
build` as a child process, in memory (writing kg.trig and kg.ttl) and into the on-disk
Oxigraph store; build time, CPU time (user + system, the workers' included: other work on
the machine moves it less than the wall time), triples, peak RSS and the growth ratios of
both."""

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
    cpu: dict[tuple[int, str], float] = {}
    stores: dict[int, str] = {}
    for size in sizes:
        corpus = make_corpus(work / f"corpus-{size}", size)
        times: dict[str, list[float]] = {m: [] for m in MODES}
        cpus: dict[str, list[float]] = {m: [] for m in MODES}
        rss: dict[str, float] = {m: 0.0 for m in MODES}
        for i in range(max(runs_for[size, m] for m in MODES)):
            for mode in MODES:  # interleaved, so both modes share the machine's mood
                if i >= runs_for[size, mode]:
                    continue
                run = build_once(corpus, work / f"out-{size}-{mode}", mode, validate)
                times[mode].append(run.seconds)
                cpus[mode].append(run.cpu_seconds)
                rss[mode] = max(rss[mode], run.max_rss_mib)
        for mode in MODES:
            if not times[mode]:  # asked for no run (--big-memory-runs 0)
                continue
            out = work / f"out-{size}-{mode}"
            triples = count_triples(out, mode)
            median = statistics.median(times[mode])
            runs = len(times[mode])
            medians[size, mode] = median
            cpu[size, mode] = statistics.median(cpus[mode])
            note = (f"{triples:,} triples; peak RSS {rss[mode]:.0f} MiB; "
                    f"{median / size * 1000:.0f} ms/doc; CPU {cpu[size, mode]:.1f} s")
            if runs < 5:
                note += f"; only {runs} run{'s' if runs > 1 else ''} (a long build)"
            rows.append(Row("corpus", f"build {size:,} docs, {mode}", median, runs=runs,
                            note=note, extra={"triples": triples, "peak_rss_mib": rss[mode],
                                              "times": times[mode],
                                              "cpu_seconds": cpus[mode]}))
            rows.append(Row("corpus", f"peak RSS {size:,} docs, {mode}", rss[mode],
                            unit="MiB", runs=runs, note="largest process (parent or worker)"))
        stores[size] = f"oxigraph:{work / f'out-{size}-store' / 'store'}"
    for mode in MODES:
        rows += ratio_rows(mode, medians, cpu)
    return rows, stores


def ratio_rows(mode: str, wall: dict[tuple[int, str], float],
               cpu: dict[tuple[int, str], float]) -> list[Row]:
    """time(1,000)/time(100) of MODE, in wall time and in CPU time (else 100/10, a proxy)."""
    big, small, proxy = (1000, 100, "") if (1000, mode) in wall else (100, 10, " (quick: proxy)")
    if (big, mode) not in wall or (small, mode) not in wall:
        return []
    note = "the target is on 1,000/100; run without --quick" if proxy else ""
    rows = []
    for name, medians in (("time", wall), ("CPU", cpu)):
        ratio = medians[big, mode] / medians[small, mode]
        rows.append(Row("corpus", f"{name}({big:,})/{name}({small}), {mode}{proxy}", ratio,
                        unit="x",
                        target=f"≤ {LINEAR}×", met=ratio <= LINEAR, note=note))
    return rows
