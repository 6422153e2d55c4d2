"""python -m tests.bench [--quick] [--only AREAS] [--out DIR]: see tests/bench/__init__.py."""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import time
from pathlib import Path

from tests.bench import bigdoc, cluster, corpus, html, queries, reason, scope, seed
from tests.bench.common import ROOT, Row, print_table, write_json

AREAS = ("seed", "reason", "queries", "bigdoc", "corpus", "scope", "html", "cluster")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench",
                                     description="policy-kg benchmarks (issue 8)")
    parser.add_argument("--quick", action="store_true",
                        help="fewer runs, corpora of 10 and 100 only")
    parser.add_argument("--only", default=",".join(AREAS),
                        help=f"comma-separated areas (default: all of {','.join(AREAS)})")
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "bench",
                        help="where results.json and the working files go")
    parser.add_argument("--big-runs", type=int, default=5,
                        help="runs of the 1,000-document build into the store (default 5)")
    parser.add_argument("--big-memory-runs", type=int, default=3,
                        help="runs of the 1,000-document build in memory (default 3: "
                             "about 7 minutes each; 0: none)")
    parser.add_argument("--validate-corpus", action="store_true",
                        help="validate while building corpora (default: --no-validate)")
    args = parser.parse_args(argv)
    areas = [a.strip() for a in args.only.split(",") if a.strip()]
    unknown = set(areas) - set(AREAS)
    if unknown:
        parser.error(f"unknown areas: {', '.join(sorted(unknown))}")
    runs = 5 if args.quick else 9
    sizes = [10, 100] if args.quick else [10, 100, 1000]
    work = args.out / "work"
    work.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    started = time.perf_counter()

    def section(name: str, fn) -> None:
        t = time.perf_counter()
        print(f"bench: {name} …", file=sys.stderr, flush=True)
        try:
            rows.extend(fn())
        except Exception as err:  # one area failing leaves the others reported
            rows.append(Row(name, "failed", float("nan"), note=f"{type(err).__name__}: {err}"))
        print(f"bench: {name} done in {time.perf_counter() - t:.0f} s", file=sys.stderr,
              flush=True)

    if "seed" in areas:
        section("seed", lambda: seed.whole_process(runs) + seed.stages(runs))
    if "reason" in areas:
        section("reason", lambda: reason.compare(runs, 5))
    if "queries" in areas:
        section("queries", lambda: queries.seed_queries(20 if args.quick else 40))
    if "bigdoc" in areas:
        copies = [1, 20, 50] if args.quick else [1, 20, 50, bigdoc.GOAL_COPIES]
        section("bigdoc", lambda: bigdoc.curve(work, copies, {1: 5, 20: 3, 50: 1 if args.quick
                                                               else 2}))
    stores: dict[int, str] = {}
    if "corpus" in areas:
        def run_corpus():
            runs_for = {(s, m): 5 for s in sizes for m in corpus.MODES}
            runs_for |= {(1000, "store"): args.big_runs, (1000, "memory"): args.big_memory_runs}
            found, kept = corpus.corpora(work, sizes, runs_for, args.validate_corpus)
            stores.update(kept)
            return found

        section("corpus", run_corpus)
        if stores:
            size = max(stores)
            section("queries on the store",
                    lambda: queries.store_queries(stores[size], size, 10 if args.quick else 20))
    if "scope" in areas:
        size = max(sizes)
        section("scope", lambda: scope.questions(work, size, stores.get(size)))
    if "html" in areas:
        section("html", lambda: html.pages(runs, 5))
    if "cluster" in areas:
        section("cluster", lambda: cluster.cluster(work, 20 if args.quick else 100,
                                                   2 if args.quick else 3))

    print()
    table = print_table(rows)
    missed = [r for r in rows if r.met is False]
    print(f"\n{sum(r.met is True for r in rows)} targets met, {len(missed)} missed"
          f"{': ' + '; '.join(r.name for r in missed) if missed else ''}")
    meta = {"quick": args.quick, "areas": areas, "sizes": sizes,
            "seconds": round(time.perf_counter() - started, 1),
            "python": platform.python_version(), "cpus": os.cpu_count(),
            "machine": platform.machine(), "when": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    path = args.out / "results.json"
    write_json(rows, path, meta)
    (args.out / "results.txt").write_text(table + "\n", encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
