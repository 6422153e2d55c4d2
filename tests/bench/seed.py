"""The seed end to end: `policykg build` as a whole process beside the import floor, and
each stage in process."""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

from rdflib import Graph

from tests.bench.common import POLICYKG, Row, median_time, run_process

FLOOR = [sys.executable, "-c", "import rdflib, owlrl, pyvis, networkx"]
FLOOR_NAME = "import floor (rdflib, owlrl, pyvis, networkx)"
DEMO = "policykg build -o DIR (as make demo: validating, summary printed)"
COLD = "the same, cache off (POLICYKG_CACHE=off: the first build after an install)"


def whole_process(runs: int) -> list[Row]:
    """The build a user runs (`make demo`: the summary and its task table printed) and
    the quiet one without validation, beside the import floor, interleaved run by run;
    the builds read the cache (kg.cache) the first one filled, as every build after the
    first does, and one more runs without it, as the first build after an install."""
    compiled = _byte_compile()
    with tempfile.TemporaryDirectory(prefix="bench-seed-") as tmp:
        cache = {"POLICYKG_CACHE": str(Path(tmp) / "cache")}
        commands = {
            FLOOR_NAME: (FLOOR, None),
            DEMO: ([POLICYKG, "build", "-o", tmp], cache),
            "policykg build -q --no-validate": (
                [POLICYKG, "build", "-q", "-o", tmp, "--no-validate"], cache),
            COLD: ([POLICYKG, "build", "-o", tmp], {"POLICYKG_CACHE": "off"}),
        }
        run_process(commands[DEMO][0], env=cache)  # fills the cache
        times: dict[str, list[float]] = {name: [] for name in commands}
        rss: dict[str, float] = {}
        for _ in range(runs):  # interleaved: each comparison in the same stretch of time
            for name, (args, env) in commands.items():
                run = run_process(args, env=env)
                if run.returncode != 0:
                    raise RuntimeError(f"{name} failed: {run.stderr[-500:]}")
                times[name].append(run.seconds)
                rss[name] = max(rss.get(name, 0), run.max_rss_mib)
    med = {name: statistics.median(t) for name, t in times.items()}
    floor = med[FLOOR_NAME]
    rows = []
    for name, value in med.items():
        row = Row("seed", name, value, runs=runs, note=f"peak RSS {rss[name]:.0f} MiB",
                  extra={"times": times[name]})
        if name != FLOOR_NAME:
            row.note = f"{value / floor:.1f}× floor; " + row.note
            if compiled:
                row.note += "; kg and visualize byte-compiled first"
        rows.append(row)
    ratio = med[DEMO] / floor
    rows.append(Row("seed", "make demo's build / import floor", ratio, unit="x", runs=runs,
                    target="≤ 2×", met=ratio <= 2,
                    note="issue 18: the command a user runs, beside the floor in the same run"))
    return rows


def _byte_compile() -> bool:
    """Compile kg and visualize as pip does at install (the floor's packages are): from
    a checkout under PYTHONDONTWRITEBYTECODE every build would compile them (~50 ms)."""
    import compileall

    import kg
    import visualize

    folders = [Path(kg.__file__).parent, Path(visualize.__file__).parent]
    return all(compileall.compile_dir(folder, quiet=2) for folder in folders)


def stages(runs: int) -> list[Row]:
    from kg import annfile
    from kg.annotate import annotate
    from kg.dataset import INFERRED, ONTOLOGY, REFERENCE, add_graph, new_dataset
    from kg.export import write_build_outputs
    from kg.ingest import build_graph
    from kg.read import read_path
    from kg.reason import Reasoner
    from kg.resources import seed_document
    from kg.validate import validate_graphs
    from visualize.render import write_view

    path = seed_document()
    rows: list[Row] = []

    def stage(name: str, fn, note=lambda r: "", warmup: int = 1):
        t, _, result = median_time(fn, runs, warmup=warmup)
        rows.append(Row("stage", name, t, runs=runs, note=note(result)))
        return result

    base = stage("load ontology + reference data", new_dataset,
                 lambda ds: f"{len(ds)} triples", warmup=0)
    text_doc = stage("read", lambda: read_path(path), lambda d: f"{len(d.text)} characters")
    doc = stage("annotate", lambda: annotate(text_doc), lambda d: f"{len(d.spans)} spans")
    graph = stage("ingest (build_graph)", lambda: build_graph(doc), lambda g: f"{len(g)} triples")
    reasoner = stage("reason: Reasoner set-up (once per process)",
                     lambda: Reasoner(base.graph(ONTOLOGY), base.graph(REFERENCE)),
                     lambda r: f"{len(r.reference_facts)} reference facts")
    inferred = stage("reason: infer one document", lambda: reasoner.infer(graph),
                     lambda t: f"{len(t)} new triples")
    inferred_graph = Graph()
    inferred_graph.addN((*t, inferred_graph) for t in inferred)
    stage("validate (pySHACL, one document)",
          lambda: validate_graphs([base.graph(REFERENCE), graph, inferred_graph]),
          lambda r: "conforms" if r.conforms else f"{len(r.violations)} problems")
    ds = new_dataset()
    add_graph(ds, graph)
    ds.graph(INFERRED).addN((*t, ds.graph(INFERRED)) for t in
                            [*reasoner.reference_facts, *inferred])
    with tempfile.TemporaryDirectory(prefix="bench-write-") as tmp:
        out = Path(tmp)

        def write():
            annfile.write(doc, out / annfile.file_name(doc))
            return write_build_outputs(ds, out)

        stage("write (kg.trig, kg.ttl, .ann.json)", write,
              lambda w: ", ".join(f"{p.name} {p.stat().st_size // 1024} KiB"
                                  for p in w.values()))
        stage("html (overview page)", lambda: write_view(ds, "overview", out / "graph.html"),
              lambda p: f"{p.stat().st_size // 1024} KiB")
    total = sum(r.value for r in rows if r.name != "load ontology + reference data"
                and "set-up" not in r.name)
    rows.append(Row("stage", "sum of per-document stages", total, runs=runs))
    return rows
