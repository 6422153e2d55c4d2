"""Every named query on the seed, checked against facts read by hand from its text
(tests/data/seed_expected.json), on rdflib and on Oxigraph; hostile parameters; the CLI."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from kg.cli import main
from kg.errors import InputError
from kg.query import (
    bind_params,
    get_query,
    graph_lookup,
    named_queries,
    query_rows,
    run_named,
)
from kg.resources import query_dir

EXPECTED = json.loads((Path(__file__).parent / "data" / "seed_expected.json")
                      .read_text(encoding="utf-8"))
NAMES = sorted(named_queries())

CONTRACT = {
    "task-owners": "action_no action task_no task unit_short unit rank role task_id task_iri",
    "targets": "action_no indicator year value value_max unit_of_measure comparator "
               "aspirational kind task_id",
    "unit-workload": "unit_short unit tasks led",
    "task-places": "action_no task_no task place",
    "task-institutions": "action_no task_no task institution",
    "document": "identifier title issuer issued",
    "unit-tasks": "action_no task_no task role via",
}


def run(ds, name, **params):
    """Rows of a named query as dicts of plain strings ('' for unbound)."""
    _, found = query_rows(ds, name, params=params)
    return [{k: "" if v is None else str(v) for k, v in row.items()} for row in found]


def task_no(row) -> str:
    return f"{row['action_no']}.{row['task_no']}"


# --- the library itself -------------------------------------------------------------

def test_at_least_twenty_queries_each_with_a_full_header():
    assert len(NAMES) >= 20
    assert set(CONTRACT) <= set(NAMES)
    for name, query in named_queries().items():
        assert query.summary and query.description and query.example, name
        assert query.example.startswith(f"policykg query {name}"), name
        for param in query.params:
            assert param in query.text.split("SELECT")[0], f"{name}: #+ params omits {param}"
        for key in query.defaults:
            assert key in query.params, f"{name}: default for unknown parameter {key}"


def test_queries_that_need_reasoning_say_so():
    for name, query in named_queries().items():
        uses_inferred = re.search(r"pk:involvesUnit|pk:containedInPlace", query.text)
        assert query.inference == bool(uses_inferred), name


@pytest.mark.parametrize("name", NAMES)
def test_every_named_query_runs_on_the_seed(seed_dataset, name):
    columns, found = query_rows(seed_dataset, name)
    assert columns and "document" not in columns  # one document: the column is dropped
    if name not in ("unassigned-tasks", "unresolved-units"):
        assert found, f"{name} gave no rows on the seed"


def test_policykg_queries_lists_every_file(capsys):
    assert main(["queries"]) == 0
    listed = capsys.readouterr().out
    for path in query_dir().glob("*.rq"):
        assert re.search(rf"^{re.escape(path.stem)}\s", listed, re.M), path.stem


# --- answers against the text ---------------------------------------------------------

def test_document(seed_dataset):
    [row] = run(seed_dataset, "document")
    fact = EXPECTED["document"]
    assert [row[k] for k in ("identifier", "title", "issuer", "issued")] == \
        [fact[k] for k in ("identifier", "title", "issuer", "issued")]


def test_documents_counts(seed_dataset):
    [row] = run(seed_dataset, "documents")
    fact = EXPECTED["document"]
    for key in ("identifier", "title", "actions", "tasks", "targets", "units", "unassigned"):
        assert row[key] == str(fact[key]), key


def test_task_owners_one_row_per_listed_unit(seed_dataset):
    found = run(seed_dataset, "task-owners")
    assert len(found) == EXPECTED["task_owner_rows"]
    assert {r["rank"] for r in found if r["role"] == "lead"} == {"1"}


def test_unit_workload(seed_dataset):
    found = {r["unit_short"]: r for r in run(seed_dataset, "unit-workload")}
    for unit, fact in EXPECTED["workload"].items():
        assert (found[unit]["tasks"], found[unit]["led"]) == (str(fact["tasks"]), str(fact["led"]))


@pytest.mark.parametrize("name", EXPECTED["nansha_names"])
def test_unit_tasks_direct_and_through_all_district_governments(seed_dataset, name):
    found = run(seed_dataset, "unit-tasks", unit=name)
    fact = EXPECTED["unit_tasks"]["南沙區政府"]
    assert [task_no(r) for r in found if r["via"] == "direct"] == fact["direct"]
    assert [task_no(r) for r in found if r["via"] == "各區政府"] == fact["via 各區政府"]
    assert len(found) == len(fact["direct"]) + len(fact["via 各區政府"])


def test_unit_roles(seed_dataset):
    found = run(seed_dataset, "unit-roles", unit="市科技局")
    fact = EXPECTED["unit_roles"]["市科技局"]
    for role in ("lead", "support"):
        assert [task_no(r) for r in found if r["role"] == role] == fact[role]
    assert [r["role"] for r in found] == sorted(r["role"] for r in found)  # leads first


def test_co_owners(seed_dataset):
    found = {r["unit_short"]: r for r in run(seed_dataset, "co-owners", unit="市科技局")}
    assert "市科技局" not in found
    for unit, fact in EXPECTED["co_owners"]["市科技局"].items():
        if unit != "comment":
            assert (found[unit]["shared"], found[unit]["led"]) == \
                (str(fact["shared"]), str(fact["led"])), unit
    assert run(seed_dataset, "co-owners")[0]["unit_short"] == "市發展改革委"  # default unit


def test_no_task_of_the_seed_lacks_a_unit(seed_dataset):
    assert run(seed_dataset, "unassigned-tasks") == []
    assert run(seed_dataset, "unresolved-units") == []


@pytest.mark.parametrize("year", ["2019", "2020", "2021"])
def test_targets_due(seed_dataset, year):
    found = run(seed_dataset, "targets-due", year=year)
    assert len(found) == EXPECTED["targets_due"][year]
    assert all(r["kind"] in ("overall", "milestone") for r in found)


def test_targets_due_defaults_to_2020(seed_dataset):
    found = run(seed_dataset, "targets-due")
    assert len(found) == EXPECTED["targets_due"]["2020"]
    assert {r["line"] for r in found} == {"18", "28", "36", "45", "55", "64", "74"}


def test_targets_one_row_per_target_with_plain_values(seed_dataset):
    found = run(seed_dataset, "targets")
    assert len(found) == EXPECTED["document"]["targets"]
    assert {"3.1", "65", "12000", "13.5"} <= {r["value"] for r in found}
    assert not [r["value"] for r in found if r["value"].endswith(".0")]


@pytest.mark.parametrize("script", ["indicator", "simplified"])
def test_indicator_trajectory(seed_dataset, script):
    fact = EXPECTED["trajectory"]
    found = run(seed_dataset, "indicator-trajectory", indicator=fact[script])
    assert [[r["year"], r["value"]] for r in found] == fact["points"]
    assert {r["unit_of_measure"] for r in found} == {fact["unit"]}
    assert {r["indicator"] for r in found} == {fact["indicator"]}


def test_aspirational_targets(seed_dataset):
    found = run(seed_dataset, "aspirational-targets")
    fact = EXPECTED["aspirational"]
    assert len(found) == fact["count"]
    lines = {}
    for r in found:
        lines[r["line"]] = lines.get(r["line"], 0) + 1
    assert lines == {k: v for k, v in fact["lines"].items()}


def test_targets_by_action(seed_dataset):
    found = {r["action_no"]: int(r["targets"]) for r in run(seed_dataset, "targets-by-action")}
    assert found == EXPECTED["targets_by_action"]


def test_place_tasks_bring_in_what_lies_inside_the_place(seed_dataset):
    found = run(seed_dataset, "place-tasks", place="南沙區")
    pairs = [[task_no(r), r["mentioned"]] for r in found]
    for pair in EXPECTED["place_tasks"]["南沙區"]:
        assert pair in pairs
    assert run(seed_dataset, "place-tasks", place="南沙区") == found


def test_institution_tasks(seed_dataset):
    for name, tasks in EXPECTED["institution_tasks"].items():
        if name != "comment":
            assert [task_no(r) for r in run(seed_dataset, "institution-tasks",
                                            institution=name)] == tasks


def test_task_places_and_institutions_name_as_written(seed_dataset):
    assert ["1.1", "南沙科學城"] in [[task_no(r), r["place"]]
                                   for r in run(seed_dataset, "task-places")]
    assert ["1.4", "中山大學"] in [[task_no(r), r["institution"]]
                                 for r in run(seed_dataset, "task-institutions")]


def test_district_tasks(seed_dataset):
    found = run(seed_dataset, "district-tasks")
    assert len([r for r in found if r["via"] == "direct"]) == EXPECTED["district_direct"]
    nansha = [task_no(r) for r in found if r["district"] == "南沙區政府"]
    fact = EXPECTED["unit_tasks"]["南沙區政府"]
    assert sorted(nansha) == sorted(fact["direct"] + fact["via 各區政府"])
    assert len(found) == EXPECTED["district_total"]


def test_evidence_quotes_the_text(seed_dataset, seed_doc):
    [mention] = [r for r in run(seed_dataset, "place-tasks") if r["mentioned"] == "南沙科學城"]
    [row] = run(seed_dataset, "evidence", iri=mention["entity"])
    fact = EXPECTED["evidence"]["南沙科學城"]
    assert (row["quote"], row["line"]) == (fact["quote"], str(fact["line"]))
    begin, end = int(row["begin"]), int(row["end"])
    assert seed_doc.text[begin:end] == fact["quote"]
    assert seed_doc.text.count("\n", 0, begin) + 1 == fact["line"]


def test_evidence_of_a_unit_is_each_list_that_names_it(seed_dataset, seed_doc):
    found = run(seed_dataset, "evidence",
                iri="https://w3id.org/policykg/id/org/guangzhou-nansha-district-government")
    assert [r["line"] for r in found] == ["22", "23", "67"]
    for r in found:
        assert seed_doc.text[int(r["begin"]):int(r["end"])] == r["quote"]


# --- a document with gaps -------------------------------------------------------------

@pytest.fixture(scope="module")
def gapped_dataset(tmp_path_factory, seed_path):
    """The seed with task 2.1's unit list removed and 港澳辦 (line 50) renamed 火星辦."""
    from kg.pipeline import build

    text = seed_path.read_text(encoding="utf-8")
    assert "(責任單位:市科技局)\n" in text and "市科技局、港澳辦," in text
    text = text.replace("(責任單位:市科技局)\n", "\n")
    text = text.replace("市科技局、港澳辦,", "市科技局、火星辦,")
    path = tmp_path_factory.mktemp("gapped") / "gapped.txt"
    path.write_text(text, encoding="utf-8")
    return build([path], validate=False).dataset


def test_unassigned_and_unresolved_on_a_document_with_gaps(gapped_dataset):
    [task] = run(gapped_dataset, "unassigned-tasks")
    assert (task_no(task), task["task"], task["line"]) == (
        "2.1", "強化基礎研究和應用基礎研究", "31")
    [unit] = run(gapped_dataset, "unresolved-units")
    assert (unit["unit_short"], task_no(unit), unit["quote"], unit["line"]) == \
        ("市火星辦", "4.3", "火星辦", "50")
    [doc] = run(gapped_dataset, "documents")
    assert doc["unassigned"] == "1"


# --- hostile parameters -----------------------------------------------------------------

HOSTILE = '" } ; DROP ALL ; #'


@pytest.mark.parametrize("name, param, value", [
    ("unit-tasks", "unit", "市科技局" + HOSTILE),
    ("unit-roles", "unit", "市科技局" + HOSTILE),
    ("co-owners", "unit", "市科技局" + HOSTILE),
    ("place-tasks", "place", "南沙區" + HOSTILE),
    ("institution-tasks", "institution", "中山大學" + HOSTILE),
    ("targets-due", "year", '2020"^^xsd:gYear) } #'),
    ("task-owners", "lang", 'en" ) } #'),
    ("evidence", "iri", "https://w3id.org/policykg/id/place/x> } UNION { ?s ?p ?o } #"),
])
def test_hostile_entity_or_year_values_are_refused(seed_dataset, name, param, value):
    with pytest.raises(InputError):
        run(seed_dataset, name, **{param: value})


@pytest.mark.parametrize("name, param, value", [
    ("indicator-trajectory", "indicator", '技術交易合同成交額")) } UNION { ?s ?p ?o } #'),
    ("indicator-trajectory", "indicator", "x" + HOSTILE),
])
def test_hostile_free_text_values_match_nothing(seed_dataset, name, param, value):
    assert run(seed_dataset, name, **{param: value}) == []
    assert len(run(seed_dataset, "task-owners")) == EXPECTED["task_owner_rows"]  # intact


def test_an_unknown_parameter_is_refused():
    with pytest.raises(InputError, match="takes no parameter"):
        bind_params(get_query("targets"), {"year": "2020"})


# --- the command line -------------------------------------------------------------------

def test_malformed_sparql_gives_exit_1_and_the_parsers_message(seed_kg, capsys):
    assert main(["query", "-e", "SELECT ?x WHERE {", "--kg", str(seed_kg)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("policykg: SPARQL error:") and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_contract_queries_csv_header(seed_kg, capsys, name):
    assert main(["query", name, "--format", "csv", "--kg", str(seed_kg)]) == 0
    out = capsys.readouterr().out
    header = next(csv.reader(io.StringIO(out)))
    expected = CONTRACT[name].split()
    assert header[:len(expected)] == expected


# --- the same answers on Oxigraph, parameters as a VALUES block -------------------------

def _in_oxigraph(ds):
    pyoxigraph = pytest.importorskip("pyoxigraph")
    store = pyoxigraph.Store()
    store.load(ds.serialize(format="nquads").encode("utf-8"),
               format=pyoxigraph.RdfFormat.N_QUADS)
    return store


@pytest.fixture(scope="module")
def oxigraph_store(seed_dataset):
    return _in_oxigraph(seed_dataset)


def _on_oxigraph(store, name, params):
    from kg.dataset import PREFIXES
    from kg.sparql import with_values

    query = get_query(name)
    bindings = bind_params(query, params, graph_lookup(store))
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    result = store.query(with_values(prologue + query.text, bindings),
                         use_default_graph_as_union=True)
    columns = [v.value for v in result.variables]
    return [tuple("" if row[c] is None else row[c].value for c in columns) for row in result]


OXIGRAPH_CASES = [(name, {}) for name in NAMES] + [
    ("unit-tasks", {"unit": "南沙區政府"}), ("unit-tasks", {"lang": "en"}),
    ("place-tasks", {"place": "南沙區"}), ("targets-due", {"year": "2021"}),
    ("task-owners", {"lang": "zh-Hans"}), ("unit-workload", {"lang": "en"}),
    ("task-owners", {"task": "1.2"}), ("task-places", {"task": "科學謀劃"}),
    ("shared-tasks", {"unit": "市科技局", "other_unit": "南沙區政府"}),
    ("shared-tasks", {"unit": "黃埔區政府", "lang": "en"}),
    ("units-with-tasks", {"tasks": "3"}), ("actions-lacking", {"lacking": "tasks"}),
    ("actions-lacking", {"lacking": "targets"}), ("overall-targets", {"year": "2021"}),
    ("indicator-span", {"unit_of_measure": "亿元"}), ("district-involvement", {"lang": "en"}),
    ("districts", {"lang": "en"}), ("evidence", {"iri": "4.3"}),
    ("indicator-trajectory", {"indicator": "大科學裝置"}),
]


@pytest.mark.parametrize("name, params", OXIGRAPH_CASES)
def test_oxigraph_gives_the_same_rows(seed_dataset, oxigraph_store, name, params):
    local = [tuple("" if v is None else str(v) for v in row)
             for row in run_named(seed_dataset, name, params)]
    assert list(map(_unordered, _on_oxigraph(oxigraph_store, name, params))) == \
        list(map(_unordered, local))


@pytest.mark.parametrize("name", ["unassigned-tasks", "unresolved-units", "documents"])
def test_oxigraph_finds_the_same_gaps(gapped_dataset, name):
    """The gap queries are shaped for Oxigraph's planner (a MINUS, tests inside UNION
    branches): the same rows as rdflib's, and not empty, on a document with gaps."""
    local = [tuple("" if v is None else str(v) for v in row)
             for row in run_named(gapped_dataset, name, {})]
    assert local
    assert sorted(_on_oxigraph(_in_oxigraph(gapped_dataset), name, {})) == sorted(local)


@pytest.fixture(scope="module")
def sharing_dataset():
    """Two plans that both write units of measure the reference data lacks (个百分点) and
    name one unit it lacks: each plan's graph says what those nodes are, so the same
    triples sit in two graphs."""
    from kg.pipeline import build

    plans = Path(__file__).parent / "data" / "plans" / "dev"
    return build([plans / "miit-2022-joint.txt", plans / "state-council-2021.txt"],
                 validate=False).dataset


@pytest.mark.parametrize("name", NAMES)
def test_oxigraph_gives_the_same_rows_where_plans_share_nodes(sharing_dataset, name):
    """Oxigraph's union of the graphs gives a triple once for each graph holding it
    (rdflib's, once): a query that joins such nodes' names must not repeat its rows."""
    def rows_on(source) -> list[tuple[str, ...]]:
        columns, rows = query_rows(source, name)
        return [_unordered(tuple("" if row[c] is None else str(row[c]) for c in columns))
                for row in rows]

    try:
        local = rows_on(sharing_dataset)
    except InputError:  # a query that needs a parameter
        pytest.skip(f"{name} needs a parameter")
    assert rows_on(_in_oxigraph(sharing_dataset)) == local


def _unordered(row: tuple[str, ...]) -> tuple[str, ...]:
    """GROUP_CONCAT lists (targets-by-action's indicators, district-involvement's
    districts) come in each engine's order: kg.query sorts them, and these rows are the
    engines' own."""
    return tuple("、".join(sorted("; ".join(sorted(v.split("; "))).split("、"))) for v in row)


def test_zh_hans_units_of_measure_are_spellings_not_concept_names(seed_dataset):
    """個 is written 个 in zh-Hans; % stays %, not its concept's name 百分比."""
    from kg.store import dataset_store

    store = dataset_store(seed_dataset)
    for name in ("targets", "targets-due", "aspirational-targets", "indicator-trajectory"):
        units = {row["unit_of_measure"] for row in run(store, name, lang="zh-Hans")}
        assert "百分比" not in units and "個" not in units and "億元" not in units, (name, units)
    units = {row["unit_of_measure"] for row in run(store, "targets", lang="zh-Hans")}
    assert {"%", "个", "亿元"} <= units


# --- tasks by id, IRI or words; names folded; the nearest names -------------------------

def test_every_row_that_names_a_task_carries_its_id_and_iri(seed_store):
    for name in NAMES:
        columns, found = query_rows(seed_store, name)
        if "task_no" not in columns:
            continue
        assert {"task_id", "task_iri"} <= set(columns), name
        for row in found:
            if row.get("task_no") is not None:
                assert str(row["task_id"]) == f"{row['action_no']}.{row['task_no']}", name
                assert str(row["task_iri"]).endswith(
                    f"/action/{row['action_no']}/task/{row['task_no']}"), name


def test_targets_written_in_a_task_carry_its_id_and_iri():
    """gz-2021's 分工 rows write targets inside tasks (tests/data/plans/dev): each names
    its task by id and IRI, in every query that lists targets."""
    from kg.pipeline import build
    from kg.store import dataset_store

    plan = Path(__file__).parent / "data" / "plans" / "dev" / "gz-2021-municipal.txt"
    store = dataset_store(build([plan], validate=False).dataset)
    found = [r for r in run(store, "targets") if r["task_id"]]
    assert len(found) == 10
    for r in found:
        action, task = r["task_id"].split(".")
        assert r["task_iri"].endswith(f"/action/{action}/task/{task}")
    for name in ("targets-due", "aspirational-targets", "indicator-trajectory"):
        rows = run(store, name, **({"year": "2021"} if name == "targets-due" else {}))
        assert all(r["task_iri"].endswith("/task/" + r["task_id"].split(".")[1])
                   for r in rows if r["task_id"]), name


@pytest.mark.parametrize("value", [
    "1.2", "https://w3id.org/policykg/id/doc/穗科字2019-316/action/1/task/2",
    "重大科技基礎設施", "重大科技基础设施", "規劃布局 基礎設施"])
def test_a_task_is_found_by_id_iri_or_words_of_its_heading(seed_store, value):
    """Line 22: 規劃布局建設重大科技基礎設施。…"""
    found = run(seed_store, "task-owners", task=value)
    assert {r["task_id"] for r in found} == {"1.2"} and len(found) == 5


def test_task_places_and_institutions_of_one_task(seed_store):
    """Line 24 (task 1.4) names 中山大學 first; line 21 (1.1) 粵港澳大灣區 first (in its
    heading), then 中新廣州知識城."""
    assert run(seed_store, "task-institutions", task="1.4")[0]["institution"] == "中山大學"
    assert {r["task_id"] for r in run(seed_store, "task-institutions", task="1.4")} == {"1.4"}
    assert [r["place"] for r in run(seed_store, "task-places", task="1.1")][:2] == [
        "粵港澳大灣區", "中新廣州知識城"]


def test_a_task_that_is_not_there_says_what_is(seed_store):
    with pytest.raises(InputError, match=r"no task 9\.9 in this graph; its tasks are 1\.1 to 6\.3"):
        run(seed_store, "task-owners", task="9.9")
    with pytest.raises(InputError, match=r"no task heading holds '科研院校'; nearest: 1\.3 "
                                         r"重點打造國際一流水平科研院所"):
        run(seed_store, "task-owners", task="科研院校")


@pytest.mark.parametrize("words", ["大科學裝置", "大科學裝臵", "大科学装置"])
def test_an_indicator_is_found_whatever_variant_the_text_writes(seed_store, words):
    """Line 19 writes 國家大科學裝置, line 16 國家大科學裝臵 (臵, a misprint of 置): one
    indicator, named as first written."""
    [row] = run(seed_store, "indicator-trajectory", indicator=words)
    assert (row["indicator"], row["year"], row["value"]) == ("國家大科學裝臵", "2021", "1")


def test_variants_fold_on_both_sides(tmp_path, seed_path):
    """裏, 裡 and 里 are one character to a look-up (OpenCC folds them), in the text and
    in the question; the label stays as written."""
    from kg.pipeline import build

    text = seed_path.read_text(encoding="utf-8")
    assert text.count("孵化器在孵企業數量") == 4  # lines 43-46
    path = tmp_path / "variant.txt"
    path.write_text(text.replace("孵化器在孵企業數量", "孵化器裏在孵企業數量"), encoding="utf-8")
    ds = build([path], validate=False).dataset
    for words in ("孵化器裡在孵", "孵化器里在孵", "孵化器裏在孵"):
        found = run(ds, "indicator-trajectory", indicator=words)
        assert [(r["indicator"], r["year"], r["value"]) for r in found] == [
            ("孵化器裏在孵企業數量", "2019", "9600"), ("孵化器裏在孵企業數量", "2020", "9800"),
            ("孵化器裏在孵企業數量", "2021", "10000")]
    # 範 and 范: line 24 writes 華南師范大學
    assert [r["task_id"] for r in run(ds, "institution-tasks", institution="華南師範大學")] == \
        ["1.4"]


def test_a_name_that_finds_nothing_is_answered_with_the_nearest(seed_store):
    with pytest.raises(InputError) as err:
        run(seed_store, "unit-tasks", unit="黃埔區")
    assert str(err.value) == ("unknown unit '黃埔區': not a name in the reference data; "
                              "nearest: 黃埔區政府 (unit), 黃埔區 (place)")
    from kg.query import answer

    found = answer(seed_store, "indicator-trajectory", params={"indicator": "技術合同成交額"})
    assert list(found.rows) == []
    assert found.notes == [
        "no indicator's name holds '技術合同成交額'; nearest: 技術交易合同成交額"]


def test_a_unit_the_reference_data_lacks_is_found_by_its_written_name(gapped_dataset):
    """The gapped seed's 火星辦 (line 50, with the distributed 市: 市火星辦)."""
    for name in ("市火星辦", "市火星办"):
        assert [r["task_id"] for r in run(gapped_dataset, "unit-tasks", unit=name)] == ["4.3"]
    with pytest.raises(InputError, match=r"nearest: 市火星辦 \(unit\)"):
        run(gapped_dataset, "unit-tasks", unit="火星")


def test_unknown_parameters_are_usage_errors():
    from kg.errors import UsageError

    with pytest.raises(UsageError, match="takes no parameter year"):
        bind_params(get_query("targets"), {"year": "2020"})


def test_the_python_api_takes_numbers_as_parameters(seed_store):
    from kg.api import query

    assert len(query(seed_store, "targets-due", year=2020)) == 17
    assert len(query(seed_store, "units-with-tasks", tasks=1)) == 13


def test_a_graph_built_without_reasoning_says_its_inferred_answers_are_missing(seed_path):
    """unit-tasks 南沙區政府: 3 tasks name it (lines 22, 23, 67); the 4 of 各區政府 come
    from reasoning."""
    from kg.pipeline import build
    from kg.query import UNREASONED, answer
    from kg.store import dataset_store

    store = dataset_store(build([seed_path], reason=False, validate=False).dataset)
    found = answer(store, "unit-tasks", params={"unit": "南沙區政府"})
    assert len(list(found.rows)) == 3 and found.notes == [UNREASONED]
    assert answer(store, "unit-roles", params={"unit": "南沙區政府"}).notes == []
