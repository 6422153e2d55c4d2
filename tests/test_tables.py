"""A corpus listing of an on-disk store (targets, task-owners) is kept beside the store
(kg.tables): the build writes each document's rows, so the first listing after a build
reads them; in another lang (or of a store whose documents lack them) the first question
writes the whole table and the next read it. So are the answers about one unit (unit-tasks,
unit-roles, co-owners), each unit's rows of each document. Every one prints the bytes the
store itself answers, pages too; a build into the store (a plan added, a plan built again)
makes the next listing show it; a table that cannot be written leaves the answer as it is."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from kg.cli import main
from kg.cli.formats import write_answer
from kg.query import Page, answer, get_query, named_queries
from kg.resources import seed_document
from kg.store import open_store, run_oxigraph, store_dir
from kg.tables import document_tables, fingerprint, tables_of

GENRE = Path(__file__).parent / "data" / "genre"
DEV = Path(__file__).parent / "data" / "plans" / "dev"
LISTINGS = sorted(name for name, query in named_queries().items() if query.table == "true")
BY_UNIT = sorted(name for name, query in named_queries().items() if query.table == "unit")
SCIENCE_BUREAU = URIRef("https://w3id.org/policykg/id/org/guangzhou-science-technology-bureau")
# listed in most plans; reached through 各區政府 only; listed in one plan, unresolved; a
# ministry, listed in the two national plans only
UNITS = ["市科技局", "南沙區政府", "市未來產業促進局", "國家發展改革委"]
SEED_NUMBER = "穗科字〔2019〕316號"


def _policykg(*args: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert main(list(args)) == 0
    return out.getvalue()


def _build(store: str, *names: str | Path) -> None:
    """NAMES (of tests/data/genre, or paths) built into the store."""
    _policykg("build", "-q", "--no-validate", *(str(GENRE / n) for n in names),
              "-o", str(Path(store.split(":", 1)[1]).parent / "out"), "--store", store)


def _plan(folder: Path, name: str, number: str) -> Path:
    """The seed as the plan NAME, numbered NUMBER."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(seed_document().read_text(encoding="utf-8").replace(SEED_NUMBER, number),
                    encoding="utf-8")
    return path


def _sparql_tsv(store: str, name: str) -> bytes:
    """The listing as the store's SPARQL answers it, as TSV."""
    found = run_oxigraph(open_store(store), get_query(name).text, {})
    return found.serialize(format=ox.QueryResultsFormat.TSV)


def _per_document(store: str, name: str, unit: URIRef | None = None) -> bytes | None:
    """The listing (the answer about UNIT) from the tables the build wrote of each
    document (None: not those)."""
    return document_tables(tables_of(store), name, fingerprint(store_dir(store)),
                           get_query(name).text, unit)


def _whole_tables(store: str) -> list[Path]:
    """The tables of a whole listing a question wrote (not the build's)."""
    return sorted(tables_of(store).glob("*.tsv"))


def _from_the_store(store: str, name: str, params: dict[str, str], fmt: str,
                    page: Page | None = None) -> str:
    """What the store itself answers (no table), as `policykg query` prints it."""
    out = io.StringIO()
    write_answer(answer(open_store(store), name, params=params, page=page), fmt, out)
    return out.getvalue()


def _query(store: str, name: str, params: dict[str, str], fmt: str, *more: str) -> str:
    args = [a for k, v in params.items() for a in ("--param", f"{k}={v}")]
    return _policykg("query", name, "--kg", store, "--format", fmt, "-q", *args, *more)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    """Plans without 文號 (names, targets: ordered by IRI), plans whose 文號 order is not
    their files' (a-plan is numbered after b-plan), two plans that write a unit of measure
    the reference data lacks (个百分点), in worker processes."""
    work = tmp_path_factory.mktemp("tables")
    location = f"oxigraph:{work / 'store'}"
    _build(location, "names.txt", "targets.txt", "simplified_fullwidth.txt",
           _plan(work / "plans", "a-plan.txt", "穗科字〔2019〕900號"),
           _plan(work / "plans", "b-plan.txt", "穗科字〔2019〕100號"),
           DEV / "state-council-2021.txt", DEV / "miit-2022-joint.txt")
    return location


def test_oxigraph_orders_simple_literals_by_code_point():
    """As the tables of each document are put in order (Python's str order): not by
    UTF-16 unit (an astral character after U+FFFF), nor by language."""
    texts = ["穗科字〔2019〕316號", "https://w3id.org/x", "b", "B", "é", "😀", "\uffff", "ｚ",
             "a\tb", 'a"', "a\\", "穗科字〔2019〕31號", "𠀀", "\ue000", ""]
    values = " ".join(str(ox.Literal(t)) for t in texts)
    found = ox.Store().query(f"SELECT ?v {{ VALUES ?v {{ {values} }} }} ORDER BY ?v")
    assert [row["v"].value for row in found] == sorted(texts)


@pytest.mark.parametrize("name", LISTINGS)
def test_the_tables_of_each_document_are_the_stores_answer_byte_for_byte(store, name):
    expected = _sparql_tsv(store, name)
    assert _per_document(store, name) == expected
    documents = [line.rsplit(b"\t", 1)[-1] for line in expected.splitlines()[1:]]
    assert len(set(documents)) == 7  # every plan has rows
    assert documents.index('"穗科字〔2019〕100號"'.encode()) < \
        documents.index('"穗科字〔2019〕900號"'.encode())


@pytest.mark.parametrize("name", LISTINGS)
def test_each_row_is_listed_once_where_plans_share_a_unit_of_measure(store, name):
    rows = _sparql_tsv(store, name).splitlines()
    assert "个百分点".encode() in b"".join(rows) or name != "targets"
    assert len(set(rows)) == len(rows)


@pytest.mark.parametrize("name", LISTINGS)
def test_the_first_listing_after_a_build_reads_the_tables_of_each_document(store, name):
    for fmt in ("csv", "json", "table"):
        assert _query(store, name, {}, fmt) == _from_the_store(store, name, {}, fmt)
    assert _whole_tables(store) == []  # no question wrote the whole table


def test_the_listings_are_the_corpus_listings():
    assert LISTINGS == ["targets", "task-owners"]
    assert BY_UNIT == ["co-owners", "unit-roles", "unit-tasks"]


@pytest.mark.parametrize("name", ["co-owners", "unit-tasks"])
def test_the_tables_of_each_document_hold_each_units_answer_byte_for_byte(store, name):
    """The two ordered by document first: its rows, in that order, are the answer."""
    found = run_oxigraph(open_store(store), get_query(name).text, {"_unit": SCIENCE_BUREAU})
    expected = found.serialize(format=ox.QueryResultsFormat.TSV)
    assert len({line.rsplit(b"\t", 1)[-1] for line in expected.splitlines()[1:]}) >= 4
    assert _per_document(store, name, SCIENCE_BUREAU) == expected


@pytest.mark.parametrize("name", BY_UNIT)
@pytest.mark.parametrize("unit", UNITS)
def test_a_question_about_one_unit_prints_what_the_store_answers(store, name, unit):
    for fmt in ("csv", "json", "table"):
        assert _query(store, name, {"unit": unit}, fmt) == \
            _from_the_store(store, name, {"unit": unit}, fmt)
    assert _whole_tables(store) == []  # nothing written when asked


def test_unit_roles_lists_the_leads_of_every_plan_before_any_support(store):
    lines = _query(store, "unit-roles", {"unit": "市科技局"}, "csv").splitlines()[1:]
    roles = [line.split(",", 1)[0] for line in lines]
    assert roles == sorted(roles) and {"lead", "support"} <= set(roles)
    assert len({line.rsplit(",", 1)[-1] for line in lines}) >= 4  # several plans


@pytest.mark.parametrize("name", BY_UNIT)
def test_a_page_or_another_lang_about_one_unit_is_what_the_store_gives(store, name):
    params = {"unit": "市科技局"}
    for limit, offset in ((5, 0), (3, 7), (4, 10_000)):
        assert _query(store, name, params, "csv", "--limit", str(limit), "--offset",
                      str(offset)) == _from_the_store(store, name, params, "csv",
                                                      Page(limit, offset))
    english = {**params, "lang": "en"}
    assert _query(store, name, english, "csv") == _from_the_store(store, name, english, "csv")


def test_a_question_about_one_unit_reads_the_tables_the_build_wrote(tmp_path):
    """A plan's rows taken out of its table are out of the answer: the tables are read
    (and not the store, which still has them)."""
    location = f"oxigraph:{tmp_path / 'store'}"
    _build(location, "names.txt", "targets.txt")
    before = _query(location, "unit-tasks", {"unit": "市科技局"}, "csv")
    [table] = [t for t in tables_of(location).glob("unit-tasks/*.tsv")
               if "names" in t.name]
    table.write_bytes(table.read_bytes().split(b"\n", 1)[0] + b"\n")  # no rows
    after = _query(location, "unit-tasks", {"unit": "市科技局"}, "csv")
    assert "/doc/names/" in before and "/doc/targets/" in before
    assert "/doc/names/" not in after and "/doc/targets/" in after
    assert after != _from_the_store(location, "unit-tasks", {"unit": "市科技局"}, "csv")


@pytest.mark.parametrize("name", LISTINGS)
@pytest.mark.parametrize("params", [{}, {"lang": "en"}, {"lang": "zh-Hans"}])
def test_a_listing_from_its_table_prints_what_the_store_answers(store, name, params):
    for fmt in ("csv", "json", "table"):
        expected = _from_the_store(store, name, params, fmt)
        assert "document" in expected  # several plans: rows of each
        first, again = (_query(store, name, params, fmt) for _ in range(2))
        assert first == expected
        assert again == expected
    if params:  # another lang than the documents': the whole table, on first ask
        assert tables_of(store).glob(f"{name}@{params['lang']}.*.tsv")


@pytest.mark.parametrize("name", LISTINGS)
def test_a_page_of_a_listing_is_the_page_the_store_gives(store, name):
    _query(store, name, {}, "csv")  # the table is there
    for limit, offset in ((5, 0), (3, 7), (4, 10_000)):
        assert _query(store, name, {}, "csv", "--limit", str(limit), "--offset",
                      str(offset)) == _from_the_store(store, name, {}, "csv",
                                                      Page(limit, offset))


def test_a_plan_added_to_the_store_shows_in_the_next_listing(tmp_path):
    location = f"oxigraph:{tmp_path / 'store'}"
    _build(location, "names.txt", _plan(tmp_path / "plans", "late.txt", "穗科字〔2019〕900號"))
    before = _query(location, "targets", {}, "csv")
    _build(location, "targets.txt", _plan(tmp_path / "plans", "early.txt", "穗科字〔2019〕1號"))
    after = _query(location, "targets", {}, "csv")
    assert after != before
    assert after == _from_the_store(location, "targets", {}, "csv")
    for name in LISTINGS:  # the tables of the plans built before are still those read
        assert _per_document(location, name) == _sparql_tsv(location, name)


def test_a_plan_built_again_replaces_its_rows(tmp_path):
    location = f"oxigraph:{tmp_path / 'store'}"
    plans = tmp_path / "plans"
    _build(location, "names.txt", _plan(plans, "plan.txt", "穗科字〔2019〕900號"),
           _plan(plans, "other.txt", "穗科字〔2019〕500號"))
    before = _query(location, "targets", {}, "csv")
    text = (plans / "plan.txt").read_text(encoding="utf-8")
    (plans / "plan.txt").write_text(text.replace("國家重點實驗室22家", "國家重點實驗室29家", 1),
                                    encoding="utf-8")
    _build(location, plans / "plan.txt")
    after = _query(location, "targets", {}, "csv")
    assert ",29," in after and ",29," not in before
    assert len(after.splitlines()) == len(before.splitlines())
    for name in LISTINGS:
        assert _per_document(location, name) == _sparql_tsv(location, name)
        assert _query(location, name, {}, "csv") == _from_the_store(location, name, {}, "csv")


def test_a_store_whose_documents_lack_tables_answers_as_before(tmp_path):
    """A store built before the build wrote tables: the first question writes the whole
    table; a plan added to it does not make the others' tables appear."""
    location = f"oxigraph:{tmp_path / 'store'}"
    _build(location, "names.txt")
    shutil.rmtree(tables_of(location))
    _build(location, "targets.txt")
    assert _per_document(location, "targets") is None
    assert _query(location, "targets", {}, "csv") == \
        _from_the_store(location, "targets", {}, "csv")
    assert [p.name.split(".")[0] for p in _whole_tables(location)] == ["targets"]


def test_a_table_that_cannot_be_written_leaves_the_answer_as_the_store_gives_it(tmp_path):
    location = f"oxigraph:{tmp_path / 'store'}"
    _build(location, "targets.txt")
    shutil.rmtree(tables_of(location))
    tables_of(location).write_text("not a folder", encoding="utf-8")
    assert _query(location, "targets", {}, "csv") == \
        _from_the_store(location, "targets", {}, "csv")
    _build(location, "names.txt")  # nor is a build stopped by it
    assert _query(location, "targets", {}, "csv") == \
        _from_the_store(location, "targets", {}, "csv")


def test_tables_made_by_another_version_of_a_listing_are_not_read(tmp_path):
    """A policykg whose listing reads otherwise (its query text changed) asks the store."""
    location = f"oxigraph:{tmp_path / 'store'}"
    _build(location, "names.txt", "targets.txt")
    [index] = tables_of(location).glob("documents.*.json")
    made = json.loads(index.read_text(encoding="utf-8"))
    index.write_text(json.dumps({**made, "queries": {**made["queries"], "targets": "0" * 16}}),
                     encoding="utf-8")
    for table in tables_of(location).glob("targets/*.tsv"):
        table.write_bytes(table.read_bytes().split(b"\n", 1)[0] + b"\n")  # no rows
    assert _per_document(location, "targets") is None
    assert _query(location, "targets", {}, "csv") == \
        _from_the_store(location, "targets", {}, "csv")
    assert _per_document(location, "task-owners") == _sparql_tsv(location, "task-owners")
