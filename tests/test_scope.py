"""A question about one plan of a corpus: every named query with `document` (its 文號 or
IRI) gives exactly the rows it gives on that plan built alone, on rdflib's engine and on
Oxigraph; pages (--limit/--offset) follow the query's order; an unknown 文號 names the
nearest ones."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
from rdflib import Dataset, Literal
from rdflib.namespace import SKOS

from kg.cli import main
from kg.errors import InputError
from kg.pipeline import build
from kg.query import Page, named_queries, query_rows
from kg.resources import seed_document
from kg.store import dataset_store, open_store

GENRE = Path(__file__).parent / "data" / "genre"
# the seed (a 文號), a plan in simplified script, plans with no 文號 (found by IRI)
PLANS = ("seed", "simplified_fullwidth.txt", "names.txt", "targets.txt")
NAMES = sorted(named_queries())
WITH_PARAMS = [("unit-tasks", {"unit": "南沙區政府"}), ("co-owners", {"unit": "各區政府"}),
               ("unit-roles", {"unit": "市發展改革委"}), ("place-tasks", {"place": "廣州市"}),
               ("targets-due", {"year": "2021"}), ("task-owners", {"lang": "en"}),
               ("evidence", {"iri": "https://w3id.org/policykg/id/org/"
                                    "guangzhou-nansha-district-government"})]
RDFLIB_CASES = [("task-owners", {}), ("targets", {}), ("documents", {}),
                ("unit-tasks", {"unit": "南沙區政府"}), ("districts", {})]


def _path(plan: str) -> Path:
    return seed_document() if plan == "seed" else GENRE / plan


@pytest.fixture(scope="module")
def corpus():
    """The plans built together, in rdflib and in Oxigraph, and each plan built alone."""
    together = build([_path(p) for p in PLANS]).dataset
    alone = {p: build([_path(p)]).dataset for p in PLANS}
    return together, dataset_store(together), alone, {p: dataset_store(d) for p, d in alone.items()}


def _document(ds) -> str:
    """How a user names the plan: its 文號, else its IRI."""
    _, [row] = query_rows(ds, "views/documents")
    return str(row["identifier"] or row["doc"])


def _rows(source, name: str, params: dict, page: Page | None = None) -> list[list[str]]:
    columns, rows = query_rows(source, name, params=params, page=page)
    return [columns] + [["" if row[c] is None else str(row[c]) for c in columns] for row in rows]


@pytest.mark.parametrize("plan", PLANS)
@pytest.mark.parametrize("name, params", [(n, {}) for n in NAMES] + WITH_PARAMS)
def test_a_plan_of_the_corpus_answers_as_the_plan_alone_on_oxigraph(corpus, plan, name, params):
    _, store, alone, alone_stores = corpus
    scoped = {**params, "document": _document(alone[plan])}
    assert _rows(store, name, scoped) == _rows(alone_stores[plan], name, params)


@pytest.mark.parametrize("plan", PLANS[:2])
@pytest.mark.parametrize("name, params", RDFLIB_CASES)
def test_a_plan_of_the_corpus_answers_as_the_plan_alone_on_rdflib(corpus, plan, name, params):
    together, _, alone, alone_stores = corpus
    scoped = {**params, "document": _document(alone[plan])}
    assert _rows(together, name, scoped) == _rows(alone[plan], name, params) \
        == _rows(alone_stores[plan], name, params)


def test_the_document_is_found_by_its_number_in_any_brackets_or_script(corpus):
    _, store, alone, _ = corpus
    expected = _rows(alone["seed"], "task-owners", {})
    for number in ("穗科字[2019]316號", "穗科字 (2019) 316号", "穗科字【2019】316號"):
        assert _rows(store, "task-owners", {"document": number}) == expected


def test_a_graph_built_before_documents_kept_a_key_finds_them_by_number_too(corpus):
    """The build writes each 文號 folded (skos:hiddenLabel), so a look-up reads one
    document's; a graph without them (an older build) is searched document by document."""
    together, _, alone, _ = corpus
    [key] = together.quads((None, SKOS.hiddenLabel, Literal("穗科字[2019]316号"), None))
    older = Dataset(default_union=True)
    older.addN(quad for quad in together.quads() if quad != key)
    assert key not in set(older.quads())
    expected = _rows(alone["seed"], "task-owners", {})
    for graph in (together, older, dataset_store(older)):
        assert _rows(graph, "task-owners", {"document": "穗科字（2019）316号"}) == expected


def test_an_unknown_document_names_the_nearest(corpus):
    _, store, _, _ = corpus
    with pytest.raises(InputError, match=r"no document '穗科字〔2019〕361號'.*nearest: "
                                         r"穗科字〔2019〕316號"):
        query_rows(store, "task-owners", params={"document": "穗科字〔2019〕361號"})


@pytest.mark.parametrize("source", ["rdflib", "oxigraph"])
def test_pages_follow_the_order_and_keep_the_document_column(corpus, source):
    together, store, _, _ = corpus
    engine = together if source == "rdflib" else store
    [columns, *everything] = _rows(engine, "task-owners", {})
    assert columns[-1] == "document"
    pages = [_rows(engine, "task-owners", {}, Page(15, start)) for start in (0, 15, 30)]
    assert all(page[0] == columns for page in pages)
    assert [row for page in pages for row in page[1:]] == everything[:45]
    # a page of one plan names one document: no document column, as for the plan alone
    [columns, *rows] = _rows(engine, "task-owners", {"document": "穗科字〔2019〕316號"},
                             Page(3, 2))
    assert "document" not in columns and len(rows) == 3


def test_the_command_pages_its_own_query_text_too(seed_kg):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["query", "--kg", str(seed_kg), "-e", "SELECT ?s WHERE { ?s a pk:Task } "
                     "ORDER BY ?s", "--offset", "3", "--limit", "2", "--format", "csv"]) == 0
    assert len(out.getvalue().splitlines()) == 3


def test_a_negative_limit_is_a_usage_error(seed_kg):
    with pytest.raises(SystemExit) as exit_:
        main(["query", "task-owners", "--kg", str(seed_kg), "--limit", "-1"])
    assert exit_.value.code == 2


# --- the on-disk store is a graph like any other ------------------------------------------

def _policykg(*args: str) -> bytes:
    out = io.BytesIO()
    with contextlib.redirect_stdout(io.TextIOWrapper(out, encoding="utf-8")) as text, \
            contextlib.redirect_stderr(io.StringIO()):
        assert main(list(args)) == 0
        text.flush()
    return out.getvalue()


def load_store(location: str):
    return open_store(location)


def _export(kg: str) -> bytes:
    return _policykg("export", "--kg", kg, "--format", "nq")


@pytest.fixture
def plans(tmp_path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    for name in ("names.txt", "targets.txt", "measures.txt"):
        (folder / name).write_bytes((GENRE / name).read_bytes())
    return folder


def _build(tmp_path: Path, *docs: Path, store: str | None = None) -> str:
    """`policykg build -q DOCS…` into a new folder (or into STORE): the --kg to read."""
    out = tmp_path / f"out{len(list(tmp_path.glob('out*')))}"
    _policykg("build", "-q", *map(str, docs), "-o", str(out),
              *(["--store", store] if store else []))
    return store or str(out / "kg.trig")


def test_a_store_takes_new_plans_and_replaces_a_plan_built_again(tmp_path, plans):
    store = f"oxigraph:{tmp_path / 'store'}"
    first, second, third = (plans / name for name in ("names.txt", "targets.txt",
                                                         "measures.txt"))
    _build(tmp_path, first, second, store=store)
    _build(tmp_path, third, store=store)
    _, rows = query_rows(load_store(store), "documents")
    assert len(rows) == 3
    assert _export(store) == _export(_build(tmp_path, first, second, third))
    # names.txt again, its unresolved unit and place now named otherwise
    text = first.read_text(encoding="utf-8")
    assert "市未來產業促進局" in text
    first.write_text(text.replace("市未來產業促進局", "市工業和信息化局"), encoding="utf-8")
    _build(tmp_path, first, store=store)
    exported = _export(store)
    for old_name in ("市未來產業促進局", "市未来产业促进局"):  # its label, its IRI
        assert old_name.encode() not in exported
    assert exported == _export(_build(tmp_path, first, second, third))


def test_export_validate_and_viz_read_the_store_as_the_graph_file(tmp_path, plans):
    docs = sorted(plans.iterdir())
    store, trig = _build(tmp_path, *docs, store=f"oxigraph:{tmp_path / 'store'}"), \
        _build(tmp_path, *docs)
    for fmt in ("trig", "ttl", "jsonld", "graphml"):
        assert _policykg("export", "--kg", store, "--format", fmt) == \
            _policykg("export", "--kg", trig, "--format", fmt)
    assert _policykg("validate", "--kg", store) == _policykg("validate", "--kg", trig)
    pages = [tmp_path / "store.html", tmp_path / "trig.html"]
    for kg, page in zip((store, trig), pages, strict=True):
        _policykg("viz", "--kg", kg, "-o", str(page))
    assert pages[0].read_bytes() == pages[1].read_bytes()


@pytest.mark.server
def test_push_reads_the_store(tmp_path, plans):
    from kg.serve import start

    store = _build(tmp_path, *sorted(plans.iterdir()), store=f"oxigraph:{tmp_path / 'store'}")
    server = start(location=None, read_only=False, timeout_s=30)
    try:
        said = _policykg("push", "--kg", store, "--store", server.store_url, "--replace")
        _, [row] = query_rows(None, text="SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                              endpoint=server.query_url)
    finally:
        server.stop()
    assert b"pushed to" in said
    assert int(row["n"]) == len(load_store(store))
