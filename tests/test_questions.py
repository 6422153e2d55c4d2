"""The analyst's twenty questions about the seed, each answered by one named query with at
most one parameter, checked against facts read by hand from the text
(data/guangzhou-sti-strong-city-action-plan-2019-2021.txt, 74 lines; each test says where),
and with tests/data/seed_facts.json and seed_expected.json. Task n.m is the m-th task
paragraph of action (n). The queries run on Oxigraph here; tests/test_queries.py checks
that rdflib's engine gives the same rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.cli import main
from kg.query import query_rows

DATA = Path(__file__).parent / "data"
FACTS = json.loads((DATA / "seed_facts.json").read_text(encoding="utf-8"))
EXPECTED = json.loads((DATA / "seed_expected.json").read_text(encoding="utf-8"))
UNITS_BY_TASK = {t["task"]: [u.split("/") for u in t["units"]] for t in FACTS["tasks"]}


@pytest.fixture(scope="module")
def ask(seed_store):
    """The rows of a named query on the seed, as dicts of plain strings."""
    def rows(name: str, **params: str) -> list[dict[str, str]]:
        _, found = query_rows(seed_store, name, params=params)
        return [{k: "" if v is None else str(v) for k, v in row.items()} for row in found]

    return rows


def ids(rows, role: str | None = None) -> list[str]:
    return [r["task_id"] for r in rows if role is None or r["role"] == role]


# 1 -------------------------------------------------------------------------------------

def test_which_units_own_task_1_2_in_order(ask):
    """Line 22: (責任單位:市發展改革委、科技局,海珠區、黃埔區、南沙區政府)."""
    found = ask("task-owners", task="1.2")
    assert [(r["unit_short"], r["role"]) for r in found] == \
        [tuple(u) for u in UNITS_BY_TASK["1.2"]] == [
            ("市發展改革委", "lead"), ("市科技局", "support"), ("海珠區政府", "support"),
            ("黃埔區政府", "support"), ("南沙區政府", "support")]
    assert [r["rank"] for r in found] == ["1", "2", "3", "4", "5"]
    assert {r["task_id"] for r in found} == {"1.2"}


# 2 -------------------------------------------------------------------------------------

def test_the_lead_and_co_owners_of_a_task_named_by_words_of_its_heading(ask):
    """Line 23: 重點打造國際一流水平科研院所 … (責任單位:市科技局、發展改革委,市委外辦,
    越秀區、黃埔區、南沙區政府); the words may be simplified."""
    for words in ("科研院所", "科研院所 国际一流"):
        found = ask("task-owners", task=words)
        assert {r["task_id"] for r in found} == {"1.3"}
        assert [r["unit_short"] for r in found if r["role"] == "lead"] == ["市科技局"]
        assert [r["unit_short"] for r in found if r["role"] == "support"] == [
            "市發展改革委", "市委外辦", "越秀區政府", "黃埔區政府", "南沙區政府"]


# 3, 4, 5 -------------------------------------------------------------------------------

def test_the_tasks_a_unit_leads_and_those_it_shares_without_leading(ask):
    """市科技局 is first on lines 23, 31, 32, 39, 40, 48, 49, 50 and listed, not first,
    on 21, 22, 24, 58, 59 (seed_expected.json: unit_roles). One answer gives both, leads
    first."""
    found = ask("unit-roles", unit="市科技局")
    fact = EXPECTED["unit_roles"]["市科技局"]
    assert ids(found, "lead") == fact["lead"]                  # the tasks it leads
    assert ids(found, "support") == fact["support"]            # shares but does not lead
    assert ids(found) == fact["lead"] + fact["support"]        # both in one answer
    assert all(r["task_iri"].endswith(f"/action/{r['action_no']}/task/{r['task_no']}")
               for r in found)


# 6 -------------------------------------------------------------------------------------

def test_units_ranked_by_tasks_and_leads(ask):
    """市科技局 on 13 lists (8 first), 市發展改革委 on 10 (5 first): the two at the top."""
    found = ask("unit-workload")
    assert [(r["unit_short"], r["tasks"], r["led"]) for r in found[:2]] == [
        ("市科技局", "13", "8"), ("市發展改革委", "10", "5")]
    counts = [(int(r["tasks"]), int(r["led"])) for r in found]
    assert counts == sorted(counts, reverse=True)


# 7 -------------------------------------------------------------------------------------

def test_the_tasks_two_units_share_with_each_ones_role(ask):
    """市科技局 and 市工業和信息化局 share lines 32 (科技局 first), 58 and 59 (neither
    first: 發展改革委 on 58, 財政局 on 59 lead)."""
    expected = [("2.2", "lead", "support"), ("5.1", "support", "support"),
                ("5.2", "support", "support")]
    found = ask("shared-tasks", unit="市科技局")           # one parameter: every partner
    assert [(r["task_id"], r["role"], r["other_role"]) for r in found
            if r["other_unit_short"] == "市工業和信息化局"] == expected
    pair = ask("shared-tasks", unit="市科技局", other_unit="市工業和信息化局")
    assert [(r["task_id"], r["role"], r["other_role"]) for r in pair] == expected
    # co-owners counts what shared-tasks lists
    partners = {r["unit_short"]: r["shared"] for r in ask("co-owners", unit="市科技局")}
    assert partners["市工業和信息化局"] == "3"


# 8 -------------------------------------------------------------------------------------

def test_the_tasks_a_district_government_shares_counting_all_district_governments(ask):
    """黃埔區政府 is listed with 市科技局 on lines 22, 23 and 50, and reaches 21, 32, 48
    and 49 through 各區政府; line 68 lists it without 市科技局."""
    found = [r for r in ask("shared-tasks", unit="黃埔區政府")
             if r["other_unit_short"] == "市科技局"]
    assert [(r["task_id"], r["via"]) for r in found] == [
        ("1.1", "各區政府"), ("1.2", "direct"), ("1.3", "direct"), ("2.2", "各區政府"),
        ("4.1", "各區政府"), ("4.2", "各區政府"), ("4.3", "direct")]
    assert {r["other_role"] for r in found if r["task_id"] in ("1.3", "4.3")} == {"lead"}
    # asked the other way round, a district government reached through 各區政府 is named
    other_way = ask("shared-tasks", unit="市科技局", other_unit="黃埔區政府")
    assert [(r["task_id"], r["other_via"]) for r in other_way] == \
        [(r["task_id"], r["via"]) for r in found]


# 9 -------------------------------------------------------------------------------------

def test_targets_due_in_a_year(ask):
    """2020: lines 18 (3), 28 (2), 36 (2), 45 (3), 55 (1), 64 (3), 74 (3)."""
    found = ask("targets-due", year="2020")
    assert len(found) == EXPECTED["targets_due"]["2020"] == 17
    lines = [r["line"] for r in found]
    assert {n: lines.count(n) for n in set(lines)} == {
        "18": 3, "28": 2, "36": 2, "45": 3, "55": 1, "64": 3, "74": 3}


# 10 ------------------------------------------------------------------------------------

def test_an_indicators_trajectory_across_the_years(ask):
    """Lines 35-37: 技術交易合同成交額突破850億元, 1000億元, 1200億元."""
    found = ask("indicator-trajectory", indicator="技術交易合同成交額")
    assert [(r["year"], r["value"], r["unit_of_measure"]) for r in found] == [
        ("2019", "850", "億元"), ("2020", "1000", "億元"), ("2021", "1200", "億元")]


# 11 ------------------------------------------------------------------------------------

def test_tasks_that_mention_a_place_directly_or_inside_an_institutions_name(ask):
    """天河區: line 40 names 廣州(國際)科技成果轉化天河基地 (an institution in 天河區, 天河
    inside its name), line 39 五山—石牌高教區 and line 69 國際金融城 (zones in 天河區),
    line 24 three universities there."""
    found = [(r["task_id"], r["mentioned"], r["kind"], r["line"])
             for r in ask("place-tasks", place="天河區")]
    assert ("3.2", "廣州(國際)科技成果轉化天河基地", "institution", "40") in found
    assert ("3.1", "五山—石牌高教區", "place", "39") in found
    assert ("6.3", "國際金融城", "place", "69") in found
    assert [m for t, m, *_ in found if t == "1.4"] == ["華南理工大學", "華南師范大學", "暨南大學"]


# 12 ------------------------------------------------------------------------------------

def test_tasks_involving_any_district_government_one_row_per_task(ask):
    """District governments on lines 22 (海珠、黃埔、南沙), 23 (越秀、黃埔、南沙), 40 (天河),
    50 (增城、黃埔), 67 (南沙), 68 (黃埔、花都、增城), 69 (天河); 各區政府 on 21, 32, 48, 49
    (each of the 11 districts)."""
    found = ask("district-involvement")
    assert [r["task_id"] for r in found] == [
        "1.1", "1.2", "1.3", "2.2", "3.2", "4.1", "4.2", "4.3", "6.1", "6.2", "6.3"]
    by_task = {r["task_id"]: r for r in found}
    assert by_task["1.2"]["districts"] == "南沙區政府、海珠區政府、黃埔區政府"  # code point order
    assert by_task["6.2"]["districts"].split("、") == sorted(["黃埔區政府", "花都區政府",
                                                            "增城區政府"])
    for task in ("1.1", "2.2", "4.1", "4.2"):
        assert (by_task[task]["districts"], by_task[task]["through"],
                by_task[task]["involved"]) == ("", "各區政府", "11")
    assert sum(len(r["districts"].split("、")) for r in found if r["districts"]) == \
        EXPECTED["district_direct"]


# 13 ------------------------------------------------------------------------------------

def test_a_districts_tasks_counting_all_district_governments(ask):
    """南沙區政府: lines 22, 23, 67 name it; lines 21, 32, 48, 49 name 各區政府."""
    found = ask("unit-tasks", unit="南沙區政府")
    fact = EXPECTED["unit_tasks"]["南沙區政府"]
    assert [r["task_id"] for r in found if r["via"] == "direct"] == fact["direct"]
    assert [r["task_id"] for r in found if r["via"] == "各區政府"] == fact["via 各區政府"]


# 14 ------------------------------------------------------------------------------------

def test_districts_named_on_tasks_and_never_named(ask):
    """The lists name 黃埔 (22, 23, 50, 68), 南沙 (22, 23, 67), 天河 (40, 69), 增城 (50,
    68), 海珠 (22), 越秀 (23), 花都 (68); 荔灣, 白雲, 番禺 and 從化 are never named, and
    reach the four tasks of 各區政府 only."""
    found = {r["district"]: r for r in ask("districts")}
    assert len(found) == 11
    named = {d: int(r["listed"]) for d, r in found.items() if r["named"] == "true"}
    assert named == {"黃埔區政府": 4, "南沙區政府": 3, "天河區政府": 2, "增城區政府": 2,
                     "海珠區政府": 1, "越秀區政府": 1, "花都區政府": 1}
    never = {d for d, r in found.items() if r["named"] == "false"}
    assert never == {"荔灣區政府", "白雲區政府", "番禺區政府", "從化區政府"}
    assert {r["through"] for r in found.values()} == {"4"}
    assert found["花都區政府"]["mentions"] == "0"  # no place in 花都區 is named


# 15 ------------------------------------------------------------------------------------

def test_issuer_number_and_date_each_with_its_line_and_quote(ask):
    """Lines 1-6: 穗科字〔2019〕316號 / 各區委、區政府,市直局以上單位: / 經中共廣州市委、
    廣州市人民政府同意 / 廣州市科學技術局 / 2019年9月29日 / the title."""
    [row] = ask("document")
    fact = EXPECTED["document"]
    assert [row[k] for k in ("identifier", "issuer", "issued")] == \
        [fact["identifier"], fact["issuer"], fact["issued"]]
    assert (row["identifier_line"], row["identifier_quote"]) == ("1", "穗科字〔2019〕316號")
    assert (row["addressees"], row["addressees_line"]) == ("各區委、區政府,市直局以上單位", "2")
    assert (row["approved_by_line"], row["approved_by_quote"]) == \
        ("3", "中共廣州市委、廣州市人民政府")
    assert row["approved_by"] == "中國共產黨廣州市委員會、廣州市人民政府"
    assert (row["issuer_line"], row["issuer_quote"]) == ("4", "廣州市科學技術局")
    assert (row["issued_line"], row["issued_quote"]) == ("5", "2019年9月29日")
    assert (row["title_line"], row["title_quote"]) == ("6", fact["title"])


# 16 ------------------------------------------------------------------------------------

def test_actions_with_no_tasks(ask):
    """Action (七) (line 70) has its goal block (lines 71-74) and no 主要任務: the text is
    cut off there."""
    found = ask("actions-lacking", lacking="tasks")
    assert [(r["action_no"], r["numbering"], r["heading"], r["tasks"], r["targets"],
             r["line"]) for r in found] == [("7", "(七)", "開放創新合作共贏行動", "0", "9", "70")]
    # sections never hold tasks; one without targets (總體思路, line 9) shows with any
    lacking = ask("actions-lacking")
    assert [(r["kind"], r["heading"], r["line"]) for r in lacking] == [
        ("section", "總體思路", "9"), ("action", "開放創新合作共贏行動", "70")]


# 17 ------------------------------------------------------------------------------------

def test_the_overall_goals_indicators_for_a_year(ask):
    """Line 13 (總體目標): by 2021 R&D spending 3.1% of GDP, 科技進步貢獻率 about 65%."""
    found = ask("overall-targets", year="2021")
    assert [(r["indicator"], r["value"], r["unit_of_measure"], r["comparator"], r["line"],
             r["goal"]) for r in found] == [
        ("全社會研究與試驗發展(R&D)經費占地區生產總值(GDP)的比重", "3.1", "%", "=", "13",
         "總體目標"),
        ("科技進步貢獻率", "65", "%", "≈", "13", "總體目標")]
    assert ask("overall-targets", year="2020") == []


# 18 ------------------------------------------------------------------------------------

def test_units_with_exactly_one_task_and_that_task(ask):
    """seed_facts.json: 13 units are on one list only, e.g. 市財政局 (line 59, first),
    市委外辦 (line 23), 市重點項目管理中心 (line 24), 花都區政府 (line 68)."""
    listed: dict[str, list[tuple[str, str]]] = {}
    for task, units in UNITS_BY_TASK.items():
        for unit, role in units:
            listed.setdefault(unit, []).append((task, role))
    single = {u: tasks[0] for u, tasks in listed.items() if len(tasks) == 1}
    found = ask("units-with-tasks")                           # tasks=1 by default
    assert {r["unit_short"]: (r["task_id"], r["role"]) for r in found} == single
    assert len(found) == 13
    assert single["市財政局"] == ("5.2", "lead") and single["花都區政府"] == ("6.2", "support")
    three = {r["unit_short"] for r in ask("units-with-tasks", tasks="3")}
    assert three == {u for u, tasks in listed.items() if len(tasks) == 3}


# 19 ------------------------------------------------------------------------------------

def test_percentage_indicators_with_their_first_and_last_milestones(ask):
    """Lines 27-29 (13 → 14), 44-46 (49 → 51), 63-65 (11 → 12, 68.5 → 70.5); R&D (line
    13) and 科技進步貢獻率 have an overall target only."""
    found = {r["indicator"]: (r["first_year"], r["first_value"], r["last_year"],
                              r["last_value"], r["overall_value"]) for r in ask("indicator-span")}
    assert found == {
        "基礎研究經費支出占全社會研發支出比重": ("2019", "13", "2021", "14", "14"),
        "高新技術產品產值占規模以上工業總產值比重": ("2019", "49", "2021", "51", "51"),
        "實施技術改造規模以上工業企業占全市規模以上工業企業比例":
            ("2019", "11", "2021", "12", "12"),
        "現代服務業占服務業增加值比重": ("2019", "68.5", "2021", "70.5", "70.5"),
        "全社會研究與試驗發展(R&D)經費占地區生產總值(GDP)的比重": ("", "", "", "", "3.1"),
        "科技進步貢獻率": ("", "", "", "", "65"),
    }


# 20 ------------------------------------------------------------------------------------

def test_the_evidence_of_a_task_by_its_id(ask, seed_doc):
    """Task 2.2 is the paragraph of line 32, 加強關鍵核心技術攻關 … 各區政府)."""
    [row] = ask("evidence", iri="2.2")
    assert row["line"] == "32" and row["column"] == "1"
    assert row["quote"].startswith("加強關鍵核心技術攻關。實施重點領域研發計劃")
    assert row["quote"].endswith(
        "(責任單位:市科技局、發展改革委、工業和信息化局、衛生健康委,各區政府)")
    assert seed_doc.text[int(row["begin"]):int(row["end"])] == row["quote"]
    iri = ask("task-owners", task="2.2")[0]["task_iri"]
    assert ask("evidence", iri=iri) == [row]


# the commands, as an analyst types them ---------------------------------------------------

QUESTIONS = [
    ["task-owners", "--param", "task=1.2"],
    ["task-owners", "--param", "task=科研院所"],
    ["unit-roles", "--param", "unit=市科技局"],
    ["unit-workload"],
    ["shared-tasks", "--param", "unit=市科技局"],
    ["shared-tasks", "--param", "unit=黃埔區政府"],
    ["targets-due", "--param", "year=2020"],
    ["indicator-trajectory", "--param", "indicator=技術交易合同成交額"],
    ["place-tasks", "--param", "place=天河區"],
    ["district-involvement"],
    ["unit-tasks", "--param", "unit=南沙區政府"],
    ["districts"],
    ["document"],
    ["actions-lacking", "--param", "lacking=tasks"],
    ["overall-targets", "--param", "year=2021"],
    ["units-with-tasks"],
    ["indicator-span"],
    ["evidence", "--param", "iri=2.2"],
]


def test_each_question_is_one_command_with_at_most_one_parameter(seed_kg, capsys):
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for args in QUESTIONS:
        assert args.count("--param") <= 1
        assert main(["query", *args, "--kg", str(seed_kg)]) == 0, args
        out, err = capsys.readouterr()
        assert "(0 rows)" not in out and err == "", args
        assert f"policykg query {' '.join(args)}" in readme, args


# README, "Ask your own question": each example prints what the README shows -------------

def readme_examples() -> list[tuple[str, str]]:
    """(query, output) of each ```sparql block of the README and the block after it."""
    import re

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sparql\n(.*?)```\n\n```\n(.*?)```", readme, re.DOTALL)


def test_the_readme_has_three_worked_examples():
    assert len(readme_examples()) == 3


@pytest.mark.parametrize("index", range(3))
def test_each_readme_example_prints_what_it_shows_on_both_engines(
        index, seed_kg, seed_dataset, capsys):
    from kg.cli.formats import table
    from kg.query import query_rows

    sparql, shown = readme_examples()[index]
    assert main(["query", "-e", sparql, "--kg", str(seed_kg)]) == 0  # Oxigraph
    assert capsys.readouterr().out == shown
    assert table(*query_rows(seed_dataset, text=sparql)) == shown  # rdflib
    if "langMatches" in sparql:  # the README's warning: = on a tag matches nothing there
        exact = sparql.replace('langMatches(lang(?heading), "zh-Hant")',
                               'lang(?heading) = "zh-Hant"')
        if exact != sparql:
            assert main(["query", "-e", exact, "--kg", str(seed_kg)]) == 0
            assert capsys.readouterr().out.endswith("(0 rows)\n")
