"""A corpus built on a Dask cluster, and its shards bulk-loaded into a store (issue 18).

Builds: `policykg build CORPUS -q --no-validate --shards DIR` as a whole process, with
local worker processes (-j 2, the baseline) and on a LocalCluster of 2 Dask workers
(--executor dask -j 2), interleaved run by run; wall and CPU time (the workers' included),
documents a second, a second per worker, and the dask/local ratio. The two builds' shards
must be the same bytes. A one-document build of each gives the Dask build's fixed cost
(importing Dask, starting and stopping the cluster, each worker loading the reference
data): the one-document local build runs in the process, without workers.

Loads: the shards into a new Virtuoso database (the Debian virtuoso-opensource package:
isql-vt's ld_dir, rdf_loader_run and checkpoint, as the README shows), against
pyoxigraph's bulk load of the shards, concatenated, into a new on-disk store; both must
hold every quad.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox

from kg.serve import HOST
from tests.bench.common import POLICYKG, ProcessRun, Row, make_corpus, run_process

WORKERS = 2
MODES = {"local": [], "dask": ["--executor", "dask"]}
ISQL = "isql-vt"  # Debian's name for Virtuoso's isql
LOADED = "https://w3id.org/policykg/"  # every graph the shards name
COUNT = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
         f"FILTER(STRSTARTS(STR(?g), '{LOADED}')) }}")


def build_once(corpus: Path, out: Path, mode: str) -> ProcessRun:
    shutil.rmtree(out, ignore_errors=True)
    run = run_process([POLICYKG, "build", str(corpus), "-q", "--no-validate", "-o",
                       str(out / "out"), "-j", str(WORKERS), "--shards", str(out / "shards"),
                       *MODES[mode]])
    if run.returncode != 0:
        raise RuntimeError(f"{mode} build of {corpus} failed: {run.stderr[-800:]}")
    return run


def timed_builds(work: Path, corpus: Path, runs: int) -> dict[str, list[ProcessRun]]:
    """RUNS builds of CORPUS in each mode, interleaved; the last ones' files stay in WORK."""
    done: dict[str, list[ProcessRun]] = {m: [] for m in MODES}
    for _ in range(runs):
        for mode in MODES:
            done[mode].append(build_once(corpus, work / f"cluster-{corpus.name}-{mode}", mode))
    return done


def same_shards(local: Path, dask: Path) -> Row:
    """A row, met when both folders hold the same files with the same bytes; an error when
    they do not hold the same quads."""
    names = sorted(p.name for p in local.iterdir())
    if names != sorted(p.name for p in dask.iterdir()):
        raise RuntimeError(f"the dask build's shards are other files than {local}'s")
    differ = [n for n in names if (local / n).read_bytes() != (dask / n).read_bytes()]
    note = "same bytes"
    if differ:
        other = [n for n in differ if quads(local / n) != quads(dask / n)]
        if other:
            raise RuntimeError(f"the dask build's shards hold other quads: {other[:3]}")
        note = (f"{len(differ)} of {len(names)} files differ in bytes (the order of lines, "
                "blank-node labels), not in quads")
    return Row("cluster", "shards: dask = local, byte for byte", len(names) - len(differ),
               unit="count", target=f"= {len(names)} files", met=not differ, note=note)


def quads(shard: Path) -> set[ox.Quad]:
    """The quads of a shard, every blank node replaced by one (their labels differ)."""
    blank = ox.BlankNode("b")
    found = set()
    for q in ox.parse(path=str(shard), format=ox.RdfFormat.N_QUADS):
        s = blank if isinstance(q.subject, ox.BlankNode) else q.subject
        o = blank if isinstance(q.object, ox.BlankNode) else q.object
        found.add(ox.Quad(s, q.predicate, o, q.graph_name))
    return found


def build_rows(runs: dict[str, list[ProcessRun]], docs: int) -> list[Row]:
    rows, wall, cpu = [], {}, {}
    for mode, done in runs.items():
        wall[mode] = statistics.median(r.seconds for r in done)
        cpu[mode] = statistics.median(r.cpu_seconds for r in done)
        rate = docs / wall[mode]
        what = (f"local -j {WORKERS} (baseline)" if mode == "local"
                else f"dask, LocalCluster of {WORKERS}")
        rows.append(Row("cluster", f"build {docs} docs, {what}", wall[mode], runs=len(done),
                        note=f"CPU {cpu[mode]:.1f} s; {rate:.2f} docs/s; "
                             f"{rate / WORKERS:.2f} docs/s a worker; "
                             f"peak RSS {max(r.max_rss_mib for r in done):.0f} MiB",
                        extra={"times": [r.seconds for r in done],
                               "cpu_seconds": [r.cpu_seconds for r in done],
                               "docs_per_second": rate,
                               "docs_per_second_per_worker": rate / WORKERS}))
    for name, medians in (("time", wall), ("CPU", cpu)):
        rows.append(Row("cluster", f"{name}(dask)/{name}(local), {docs} docs",
                        medians["dask"] / medians["local"], unit="x",
                        note="same run, interleaved"))
    return rows


def fixed_cost(work: Path, runs: int) -> Row:
    """The one-document dask build less the one-document local build."""
    done = timed_builds(work, make_corpus(work / "cluster-corpus-1", 1), runs)
    wall = {m: statistics.median(r.seconds for r in d) for m, d in done.items()}
    cpu = {m: statistics.median(r.cpu_seconds for r in d) for m, d in done.items()}
    return Row("cluster", "Dask's fixed cost: 1 doc, dask − local", wall["dask"] - wall["local"],
               runs=runs,
               note=f"local {wall['local']:.2f} s, dask {wall['dask']:.2f} s; CPU "
                    f"{cpu['dask'] - cpu['local']:.1f} s more (import, cluster start and "
                    "stop, reference data in each worker)",
               extra={"wall": wall, "cpu": cpu})


def oxigraph_load(shards: Path, folder: Path) -> tuple[float, float, int]:
    """Seconds, CPU seconds and quads of a bulk load of the shards, concatenated (timed),
    into a new on-disk store in FOLDER."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    start, cpu = time.perf_counter(), time.process_time()
    joined = folder / "all.nq"
    with joined.open("wb") as out:
        for path in sorted(shards.glob("*.nq")):
            out.write(path.read_bytes())
    store = ox.Store(str(folder / "store"))
    store.bulk_load(path=str(joined), format=ox.RdfFormat.N_QUADS)
    store.flush()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    count = len(store)
    del store
    shutil.rmtree(folder)
    return seconds, cpu, count


def virtuoso_load(shards: Path, folder: Path) -> tuple[float, float, int]:
    """Seconds, the server's CPU seconds and quads of ld_dir + rdf_loader_run + checkpoint
    of the shards into a new Virtuoso database in FOLDER (its start is not timed)."""
    from tests.stores import Virtuoso  # imports pytest: only when Virtuoso is there

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copytree(shards, folder / "shards")  # within the ini's DirsAllowed
    server = Virtuoso(folder)
    try:
        before = server_cpu(server.process.pid)
        start = time.perf_counter()
        isql(server, f"ld_dir('{folder / 'shards'}', '*.nq', '{LOADED}graph/default'); "
                     "rdf_loader_run(); checkpoint;")
        seconds = time.perf_counter() - start
        cpu = server_cpu(server.process.pid) - before
        errors = isql(server, "select ll_file, ll_error from DB.DBA.LOAD_LIST "
                              "where ll_error is not null;")
        if "0 Rows." not in errors:
            raise RuntimeError(f"Virtuoso's loader failed: {errors[-800:]}")
        return seconds, cpu, sparql_count(server.sparql_url)
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def isql(server, statements: str) -> str:
    done = subprocess.run([ISQL, f"{HOST}:{server.sql_port}", "dba", "dba",
                           f"exec={statements}"], capture_output=True, text=True, timeout=3600)
    if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
        raise RuntimeError(f"isql: {statements}: {(done.stdout + done.stderr)[-800:]}")
    return done.stdout


def server_cpu(pid: int) -> float:
    """User + system seconds of process PID so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def sparql_count(endpoint: str) -> int:
    url = endpoint + "?" + urllib.parse.urlencode({"query": COUNT})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=600) as answer:
        return int(json.load(answer)["results"]["bindings"][0]["n"]["value"])


def load_rows(work: Path, shards: Path, runs: int) -> list[Row]:
    size = sum(p.stat().st_size for p in shards.glob("*.nq")) / 2**20
    have = shutil.which("virtuoso-t") and shutil.which(ISQL)
    done: dict[str, list[tuple[float, float, int]]] = {"oxigraph": [], "virtuoso": []}
    for _ in range(runs):  # interleaved
        done["oxigraph"].append(oxigraph_load(shards, work / "cluster-oxigraph"))
        if have:
            done["virtuoso"].append(virtuoso_load(shards, work / "cluster-virtuoso"))
    expected = done["oxigraph"][-1][2]
    rows = []
    for store, loads in done.items():
        name = (f"bulk load of the shards, {store}"
                + (" (baseline: one concatenated file)" if store == "oxigraph" else
                   " (isql ld_dir, rdf_loader_run, checkpoint)"))
        if not loads:
            rows.append(Row("cluster", name, float("nan"),
                            note=f"needs virtuoso-t and {ISQL} (Debian: virtuoso-opensource)"))
            continue
        count = loads[-1][2]
        if count != expected:
            raise RuntimeError(f"{store} holds {count:,} quads of the shards' {expected:,}")
        seconds = statistics.median(s for s, _, _ in loads)
        cpu = statistics.median(c for _, c, _ in loads)
        rows.append(Row("cluster", name, seconds, runs=len(loads),
                        note=f"{count:,} quads ({size:.0f} MiB), all counted back; "
                             f"{count / seconds:,.0f} quads/s; CPU {cpu:.1f} s"
                             + (" (the server's)" if store == "virtuoso" else ""),
                        extra={"times": [s for s, _, _ in loads],
                               "cpu_seconds": [c for _, c, _ in loads], "quads": count,
                               "quads_per_second": count / seconds}))
    return rows


def cluster(work: Path, docs: int, runs: int) -> list[Row]:
    corpus = make_corpus(work / f"corpus-{docs}", docs)
    done = timed_builds(work, corpus, runs)
    shards = {m: work / f"cluster-{corpus.name}-{m}" / "shards" for m in MODES}
    rows = build_rows(done, docs)
    rows.append(fixed_cost(work, runs))
    rows.append(same_shards(shards["local"], shards["dask"]))
    return rows + load_rows(work, shards["dask"], runs)
