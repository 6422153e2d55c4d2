"""One large document: the seed copied N times into one file (each copy with its own
文號), built as a user builds it (`policykg build FILE -o DIR`: validating, the summary
printed) as a whole process. The curve shows whether a document costs in proportion to
its length (issue 15: 200 copies, 4 MB, under a minute)."""

from __future__ import annotations

import statistics
from pathlib import Path

from kg.resources import seed_document
from tests.bench.common import POLICYKG, Row, run_process

GOAL_COPIES, GOAL_SECONDS = 200, 60.0


def big_document(folder: Path, copies: int, first: int = 1000) -> Path:
    """COPIES of the seed in one file, one after the other, each with its own 文號."""
    text = seed_document().read_text(encoding="utf-8")
    path = folder / f"plan-x{copies}.txt"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(text.replace("316號", f"{first + i}號", 1)
                                  for i in range(copies)), encoding="utf-8")
    return path


def curve(work: Path, copies: list[int], runs_for: dict[int, int]) -> list[Row]:
    rows: list[Row] = []
    per_copy: dict[int, float] = {}
    for n in copies:
        path = big_document(work / "bigdoc", n)
        times, rss = [], 0.0
        for _ in range(runs_for.get(n, 1)):
            run = run_process([POLICYKG, "build", str(path), "-o", str(work / f"bigdoc-{n}")])
            if run.returncode != 0:
                raise RuntimeError(f"build of {n} copies failed: {run.stderr[-800:]}")
            times.append(run.seconds)
            rss = max(rss, run.max_rss_mib)
        median = statistics.median(times)
        per_copy[n] = median / n
        row = Row("bigdoc", f"build one document of {n} cop{'y' if n == 1 else 'ies'}",
                  median, runs=len(times),
                  note=f"{path.stat().st_size / 2**20:.1f} MiB; {per_copy[n]:.2f} s a copy; "
                       f"peak RSS {rss:.0f} MiB",
                  extra={"copies": n, "bytes": path.stat().st_size, "times": times,
                         "seconds_per_copy": per_copy[n], "peak_rss_mib": rss})
        if n == GOAL_COPIES:
            row.target, row.met = f"< {GOAL_SECONDS:.0f} s", median < GOAL_SECONDS
        rows.append(row)
    # the one-copy build is mostly the process's start (imports, ontology): the curve's
    # slope is read from the smallest build of several copies to the largest
    several = [n for n in per_copy if n > 1]
    if len(several) > 1:
        small, large = min(several), max(several)
        ratio = per_copy[large] / per_copy[small]
        rows.append(Row("bigdoc", f"seconds a copy, {large} copies / {small} copies", ratio,
                        unit="x", note="1× is linear"))
    return rows
