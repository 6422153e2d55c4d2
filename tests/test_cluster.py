"""A corpus built on a Dask cluster (a real LocalCluster of worker processes) is the graph
a local build makes, byte for byte; its shards load into a store as the same quads; built
into a store, it keeps each document's rows of the corpus listings, as a local build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.cli import main
from kg.cluster import dask_executor
from kg.export import serialize
from kg.pipeline import build
from kg.query import get_query
from kg.store import run_oxigraph, store_dir
from kg.tables import document_tables, fingerprint, tables_of

pytest.importorskip("dask.distributed")
pyoxigraph = pytest.importorskip("pyoxigraph")
pytestmark = pytest.mark.slow  # a cluster of two worker processes starts in seconds

PLANS = Path(__file__).parent / "data" / "plans" / "dev"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, seed_path) -> Path:
    """Two copies of the seed (each its own 文號), two dev plans and an annotation file."""
    folder = tmp_path_factory.mktemp("corpus")
    text = seed_path.read_text(encoding="utf-8")
    for n in (1, 2):
        (folder / f"seed{n}.txt").write_text(text.replace("316號", f"31{n}號"), "utf-8")
    for name in ("shenzhen-2021-municipal", "state-council-2021"):
        shutil.copy(PLANS / f"{name}.txt", folder)
    assert main(["annotate", str(PLANS / "gz-2012-municipal.txt"),
                 "-o", str(folder / "gz-2012.ann.json")]) == 0
    return folder


@pytest.fixture(scope="module")
def local(corpus):
    return build([corpus])


def test_a_dask_build_is_the_local_build_byte_for_byte(corpus, local, tmp_path):
    shards = tmp_path / "shards"
    on_dask = build([corpus], executor=dask_executor(workers=2), shards=shards)
    assert [d.id for d in on_dask.documents] == [d.id for d in local.documents]
    assert len(on_dask.documents) == 5 and not on_dask.failures
    assert serialize(on_dask.dataset, "trig") == serialize(local.dataset, "trig")
    assert on_dask.inferred == local.inferred
    assert on_dask.report.conforms == local.report.conforms


def test_shards_load_into_a_store_as_the_quads_of_a_local_store(corpus, local, tmp_path):
    shards = tmp_path / "shards"
    build([corpus], executor=dask_executor(workers=2), shards=shards)
    files = sorted(p.name for p in shards.iterdir())
    assert files[0] == "base.nq" and len(files) == 6
    loaded = pyoxigraph.Store(str(tmp_path / "loaded"))  # empty: the shards hold it all
    for shard in sorted(shards.iterdir()):
        loaded.bulk_load(path=str(shard), format=pyoxigraph.RdfFormat.N_QUADS)
    built = build([corpus], store=f"oxigraph:{tmp_path / 'built'}").dataset
    assert _quads(loaded) == _quads(built)


def test_a_dask_build_writes_the_shards_of_a_local_build_byte_for_byte(corpus, tmp_path):
    build([corpus], executor=dask_executor(workers=2), shards=tmp_path / "dask")
    build([corpus], shards=tmp_path / "local")
    names = sorted(p.name for p in (tmp_path / "local").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "dask").iterdir())
    assert [n for n in names
            if (tmp_path / "local" / n).read_bytes() != (tmp_path / "dask" / n).read_bytes()
            ] == []


def _quads(store) -> list[str]:
    """The quads, a blank node written _: (each load names its blank nodes anew)."""
    return sorted(" ".join("_:" if isinstance(t, pyoxigraph.BlankNode) else str(t)
                           for t in q) for q in store)


def test_the_command_line_builds_on_a_local_cluster(corpus, local, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", str(corpus), "-o", str(out), "-q", "--executor", "dask", "-j", "2",
                 "--no-validate"]) == 0
    assert (out / "kg.trig").read_bytes() == serialize(
        build([corpus], validate=False).dataset, "trig")


def test_an_unreachable_scheduler_is_one_clear_line(corpus, tmp_path, capsys):
    code = main(["build", str(corpus), "-o", str(tmp_path / "out"), "-q",
                 "--scheduler", "tcp://127.0.0.1:9"])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert "cannot reach the Dask scheduler" in err


def test_a_store_built_on_the_cluster_keeps_each_documents_listing_rows(corpus, tmp_path):
    location = f"oxigraph:{tmp_path / 'store'}"
    store = build([corpus], executor=dask_executor(workers=2), store=location,
                  validate=False).dataset
    for name in ("targets", "task-owners"):
        expected = run_oxigraph(store, get_query(name).text, {}).serialize(
            format=pyoxigraph.QueryResultsFormat.TSV)
        assert document_tables(tables_of(location), name, fingerprint(store_dir(location)),
                               get_query(name).text) == expected
