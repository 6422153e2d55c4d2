"""Timing helpers, the results table and the corpora of seed copies."""

from __future__ import annotations

import json
import math
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kg.resources import seed_document

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
POLICYKG = str(BIN / "policykg")


@dataclass
class Row:
    """One figure: a name, a value in a unit, how many runs, a target and a note."""

    area: str
    name: str
    value: float
    unit: str = "s"
    runs: int = 1
    target: str = ""
    met: bool | None = None  # None: no target
    note: str = ""
    extra: dict = field(default_factory=dict)

    def cells(self) -> list[str]:
        mark = "" if self.met is None else ("✓" if self.met else "✗")
        return [self.area, self.name, fmt(self.value, self.unit), str(self.runs),
                f"{mark} {self.target}".strip(), self.note]


def fmt(value: float, unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "x":
        return f"{value:.1f}×"
    if unit == "MiB":
        return f"{value:.0f} MiB"
    if unit == "KiB":
        return f"{value:.0f} KiB"
    if unit == "count":
        return f"{int(value):,}"
    return f"{value:g} {unit}"


def median_time(fn: Callable[[], object], runs: int, warmup: int = 0
                ) -> tuple[float, list[float], object]:
    """Median wall time of FN over RUNS calls (after WARMUP calls), the times, last result."""
    result = None
    for _ in range(warmup):
        result = fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times, result


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class ProcessRun:
    seconds: float
    max_rss_mib: float  # the largest process of the tree (the child or a waited worker)
    returncode: int
    stderr: str
    cpu_seconds: float = 0.0  # user + system of the child and the workers it waited for


def run_process(args: list[str], cwd: Path | None = None,
                env: dict[str, str] | None = None) -> ProcessRun:
    """Run ARGS as a child process (ENV: variables to set); its wall time, CPU time and
    peak RSS (os.wait4's rusage of that child: its own and that of the workers it waited
    for)."""
    start = time.perf_counter()
    # PYTHONPATH: the code of this checkout, also where the installed policykg is another's
    # (an editable install of a second worktree)
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(ROOT), **(env or {})}
    child = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, env=env)
    err = child.stderr.read().decode("utf-8", "replace") if child.stderr else ""
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    return ProcessRun(seconds, usage.ru_maxrss / 1024, child.returncode, err,
                      usage.ru_utime + usage.ru_stime)


def make_corpus(folder: Path, copies: int, first: int = 1000) -> Path:
    """COPIES of the seed, each with its own 文號 (穗科字〔2019〕1000號 …)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = seed_document().read_text(encoding="utf-8")
    for i in range(copies):
        path = folder / f"plan-{i:04d}.txt"
        if not path.exists():
            path.write_text(text.replace("316號", f"{first + i}號", 1), encoding="utf-8")
    return folder


def print_table(rows: list[Row]) -> str:
    header = ["area", "figure", "value", "runs", "target", "note"]
    cells = [header] + [r.cells() for r in rows]
    widths = [max(_width(c[i]) for c in cells) for i in range(len(header) - 1)]
    lines = []
    for i, row in enumerate(cells):
        parts = [c + " " * (w - _width(c)) for c, w in zip(row[:-1], widths, strict=True)]
        lines.append("  ".join([*parts, row[-1]]).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths) + "  ----")
    text = "\n".join(lines)
    print(text, flush=True)
    return text


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E80 and ch not in "✓✗×" else 1 for ch in text)


def write_json(rows: list[Row], path: Path, meta: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"meta": meta, "results": [asdict(r) for r in rows]}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
