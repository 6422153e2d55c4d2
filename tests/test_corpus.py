"""Corpora: many documents, one named graph each, built in worker processes, in memory or
in an on-disk Oxigraph store that every named query reads with the same rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.cli import main
from kg.pipeline import build
from kg.query import named_queries, query_rows
from kg.store import open_store

COPIES = 5
PARAMS = {"unit-tasks": {"unit": "南沙區政府"}, "place-tasks": {"place": "南沙區"},
          "evidence": {"iri": "https://w3id.org/policykg/id/doc/穗科字2019-1001/action/1/task/1"}}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, seed_path) -> Path:
    """Copies of the seed, each with its own 文號 (穗科字〔2019〕1000號 …)."""
    folder = tmp_path_factory.mktemp("corpus")
    text = seed_path.read_text(encoding="utf-8")
    for i in range(COPIES):
        numbered = text.replace("316號", f"{1000 + i}號", 1)
        (folder / f"plan-{i:02d}.txt").write_text(numbered, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def in_memory(corpus):
    return build([corpus], validate=False, jobs=2)


@pytest.fixture(scope="module")
def on_disk(corpus, tmp_path_factory):
    location = f"oxigraph:{tmp_path_factory.mktemp('store') / 'kg'}"
    build([corpus], validate=False, jobs=2, store=location)
    return open_store(location)


def _rows(source, name):
    columns, rows = query_rows(source, name, params=PARAMS.get(name, {}))
    return columns, [tuple("" if r.get(c) is None else str(r[c]) for c in columns)
                     for r in rows]


def test_each_document_gets_its_own_graph_and_id(in_memory):
    ids = [d.id for d in in_memory.documents]
    assert ids == [f"穗科字2019-{1000 + i}" for i in range(COPIES)]
    graphs = {str(g.identifier) for g in in_memory.dataset.graphs() if "/graph/doc/" in
              str(g.identifier)}
    assert len(graphs) == COPIES


def test_workers_build_the_same_graph_as_one_process(corpus, in_memory):
    alone = build([corpus], validate=False, jobs=1)

    def extracted(ds):  # the ontology's own blank nodes differ from parse to parse
        return sorted(q for q in ds.quads() if "/graph/doc/" in str(q[3])
                      or str(q[3]).endswith("/graph/inferred"))

    assert extracted(alone.dataset) == extracted(in_memory.dataset)


def test_named_queries_carry_a_document_column_with_several_documents(in_memory):
    columns, rows = query_rows(in_memory.dataset, "task-owners")
    assert columns[-1] == "document" and len(rows) == 62 * COPIES
    assert {str(r["document"]) for r in rows} == {
        f"穗科字〔2019〕{1000 + i}號" for i in range(COPIES)}


@pytest.mark.slow  # every named query on a corpus through rdflib's engine
@pytest.mark.parametrize("name", sorted(named_queries()))
def test_the_on_disk_store_answers_every_named_query_alike(name, in_memory, on_disk):
    assert _rows(on_disk, name) == _rows(in_memory.dataset, name)


def test_a_bad_document_and_a_duplicate_are_named_and_the_rest_built(corpus, tmp_path,
                                                                       capsys):
    (tmp_path / "empty.txt").write_bytes(b"")
    code = main(["build", str(corpus), str(tmp_path / "empty.txt"),
                 str(corpus / "plan-00.txt"), "--no-validate", "-q", "-o", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 1
    assert "empty.txt: the document is empty" in err
    assert "same document id '穗科字2019-1000'" in err
    assert len(list((tmp_path / "o").glob("*.ann.json"))) == COPIES


def test_a_store_folder_holding_something_else_is_refused(tmp_path, seed_path, capsys):
    (tmp_path / "kg").mkdir()
    (tmp_path / "kg" / "notes.txt").write_text("mine")
    assert main(["build", str(seed_path), "--store", f"oxigraph:{tmp_path / 'kg'}",
                 "-q", "-o", str(tmp_path / "o")]) == 1
    assert "holds something that is not a store" in capsys.readouterr().err
    assert (tmp_path / "kg" / "notes.txt").read_text() == "mine"


def test_query_reads_the_store_from_the_command_line(on_disk, corpus, tmp_path, capsys):
    location = f"oxigraph:{tmp_path / 'kg'}"
    assert main(["build", str(corpus / "plan-01.txt"), "--store", location, "--no-validate",
                 "-q", "-o", str(tmp_path / "o")]) == 0
    capsys.readouterr()
    assert main(["query", "unit-tasks", "--param", "unit=南沙区政府", "--kg", location,
                 "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("action_no,task_no,task,role,via") and len(lines) == 8
    page = tmp_path / "unit.html"  # the views query the store as they query a file
    assert main(["viz", "--kg", location, "--view", "unit", "--unit", "南沙区政府",
                 "-o", str(page)]) == 0
    assert "南沙" in page.read_text(encoding="utf-8")


@pytest.mark.server
def test_the_store_is_served_as_it_is(on_disk, corpus, tmp_path):
    from kg.query import query_endpoint
    from kg.serve import start
    from kg.store import store_dir

    location = f"oxigraph:{tmp_path / 'kg'}"
    build([corpus / "plan-02.txt"], validate=False, store=location)
    server = start(store_dir(location), read_only=True, timeout_s=10)
    try:
        _, rows = query_endpoint(server.query_url, "unit-tasks",
                                 params={"unit": "南沙區政府"})
    finally:
        server.stop()
    assert len(rows) == 7 and {str(r["via"]) for r in rows} == {"direct", "各區政府"}
    assert (store_dir(location) / "CURRENT").exists()  # the store is still there
