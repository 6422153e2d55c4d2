"""The graph views (networkx) and pages (HTML) on the seed and on an injection probe."""

from __future__ import annotations

import argparse
import json
import re

import networkx as nx
import pytest
from rdflib import RDF

from kg import vocab
from kg.cli import viz
from kg.dataset import add_graph, load_dataset, new_dataset
from kg.errors import InputError
from kg.namespace import PK
from kg.query import view_queries
from visualize.network import write_network
from visualize.render import page_data, render_html, script_json, write_view
from visualize.style import COMPARATOR_SIGNS, EDGE_COLORS, ROLE_LINES
from visualize.views import build_view

IMG = "<img src=x onerror=window.__pwned=1>"
SCRIPT = "</script><script>window.__pwned=2</script>"
PROBE_TEXT = f"""測試行動計劃(2020—2021年)
一、重點行動
(一)測試行動。
1.工作目標。到2021年,建設實驗室3家。
2.主要任務。
{IMG}加強{SCRIPT}平臺建設。推進相關工作。(責任單位:市科技局、{IMG}辦公室{SCRIPT})
"""
SCI_TECH = "https://w3id.org/policykg/id/org/guangzhou-science-technology-bureau"


AT_MOST_TEXT = """測試行動計劃(2020—2021年)
一、重點行動
(一)測試行動。
1.工作目標。到2021年,單位能耗不超過5%,建設實驗室超過10家。
2.主要任務。
加強平臺建設。(責任單位:市科技局)
"""


def dataset_of(text: str):
    from kg.annotate import annotate
    from kg.ingest import build_graph
    from kg.read import read_text

    ds = new_dataset()
    add_graph(ds, build_graph(annotate(read_text(text, doc_id="probe"))))
    return ds


def injection_dataset():
    """A one-task document whose task heading and unit name hold HTML and script."""
    return dataset_of(PROBE_TEXT)


@pytest.fixture(scope="module")
def views(seed_dataset):
    return {"overview": build_view(seed_dataset, "overview"),
            "unit": build_view(seed_dataset, "unit", unit="市科技局"),
            "district": build_view(seed_dataset, "unit", unit="南沙區政府"),
            "coresponsibility": build_view(seed_dataset, "coresponsibility")}


def _count(ds, cls) -> int:
    return len(set(ds.subjects(RDF.type, cls)))


def test_overview_draws_every_task_target_and_unit(seed_dataset, views):
    g = views["overview"]
    classes = nx.get_node_attributes(g, "class")
    assert sum(c == "task" for c in classes.values()) == _count(seed_dataset, PK.Task)
    assert sum(c == "target" for c in classes.values()) == _count(seed_dataset, PK.Target)
    assert sum(c == "action" for c in classes.values()) == _count(seed_dataset, PK.Action)
    units = {str(u) for u in seed_dataset.objects(None, PK.unit)}
    assert units <= set(g)
    assert all("x" in a and "y" in a for a in g.nodes.values())


def test_task_nodes_carry_heading_responsibilities_targets_and_source(views):
    tasks = [a for a in views["overview"].nodes.values() if a["class"] == "task"]
    first = min(tasks, key=lambda a: a["id"])
    assert first["heading"].startswith("科學謀劃粵港澳大灣區")
    assert first["responsibilities"][0] == "1. 市發展改革委 (lead)"
    assert "2. 市科技局 (support)" in first["responsibilities"]
    assert first["targets"] and first["line"] == 21
    assert first["source"].startswith(first["heading"])


def test_unit_labels_cover_both_scripts_english_and_short_names(views):
    unit = views["overview"].nodes[SCI_TECH]
    assert unit["label"] == "市科技局"
    for name in ("科技局", "廣州市科學技術局", "广州市科学技术局",
                 "Guangzhou Municipal Science and Technology Bureau"):
        assert name in unit["labels"]


def test_lead_and_support_edges_differ(views):
    edges = [a for *_, a in views["overview"].edges(data=True) if a["rel"] in ("lead", "support")]
    assert {a["rel"] for a in edges} == {"lead", "support"}
    assert all(a["dashes"] == (a["rel"] == "support") for a in edges)


def test_unit_view_of_a_district_shows_tasks_through_the_collective_unit(views):
    g = views["district"]
    center = g.graph["unit"]
    via = [(a, b, d) for a, b, d in g.edges(data=True) if d["rel"] == "via"]
    assert via and all(a == center and d["label"] == "via 各區政府" and d["dashes"]
                       for a, b, d in via)
    assert g.graph["via"] == len(via) and g.graph["direct"] >= 1
    own = views["unit"]
    assert not [d for *_, d in own.edges(data=True) if d["rel"] == "via"]
    assert own.graph["direct"] == 13 and own.graph["led"] == 8


def test_coresponsibility_ranking_and_widths(views):
    g = views["coresponsibility"]
    ranking = g.graph["ranking"]
    assert ranking[0]["label"] == "市科技局"
    assert ranking[0]["tasks"] >= ranking[1]["tasks"]
    assert {"tasks", "led", "degree", "betweenness"} <= set(ranking[0])
    for *_, d in g.edges(data=True):
        assert d["width"] == d["weight"] == len(d["tasks"])


@pytest.mark.parametrize("lang,expected", [
    ("en", "Guangzhou Municipal Science and Technology Bureau"),
    ("zh-Hans", "市科技局"), (None, "市科技局")])
def test_lang_picks_labels(seed_dataset, lang, expected):
    g = build_view(seed_dataset, "overview", lang=lang)
    assert g.nodes[SCI_TECH]["label"] == expected
    if lang == "zh-Hans":
        assert any(a["label"].startswith("科学谋划") for a in g.nodes.values())


def test_unknown_view_and_unit_are_input_errors(seed_dataset, tmp_path):
    with pytest.raises(InputError, match="unknown view"):
        write_view(seed_dataset, "pie", tmp_path / "x.html")
    with pytest.raises(InputError, match="unknown unit"):
        write_view(seed_dataset, "unit", tmp_path / "x.html", unit="火星局")
    with pytest.raises(InputError, match="needs a unit"):
        write_view(seed_dataset, "unit", tmp_path / "x.html")
    assert not (tmp_path / "x.html").exists()


def test_pages_are_deterministic_and_offline(seed_dataset, seed_kg, tmp_path):
    reloaded = load_dataset(seed_kg)
    for view, unit in (("overview", None), ("unit", "南沙區政府"), ("coresponsibility", None)):
        a = write_view(seed_dataset, view, tmp_path / f"{view}-a.html", unit=unit).read_bytes()
        b = write_view(reloaded, view, tmp_path / f"{view}-b.html", unit=unit).read_bytes()
        assert a == b, view
        text = a.decode()
        assert "vis-network" in text and "new vis.Network" in text
        assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", text)
        assert "default-src 'none'" in text  # the page's CSP forbids any fetch


def test_script_json_cannot_close_the_script_element():
    text = script_json({"a": "</script><b>&\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><b>&\u2028"}


def test_injection_probe_is_escaped_in_the_page():
    ds = injection_dataset()
    graph = build_view(ds, "overview")
    labels = {a["label"] for a in graph.nodes.values()}
    assert any(IMG in label for label in labels)
    html = render_html(graph)
    assert IMG not in html and "window.__pwned=2</script>" not in html
    data = page_data(graph)
    assert any(SCRIPT in n["full"] for n in data["nodes"])


def test_graphml_and_gexf_round_trip(seed_dataset, tmp_path):
    overview = build_view(seed_dataset, "overview")
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        first = write_network(seed_dataset, fmt, tmp_path / "a").read_bytes()
        assert write_network(seed_dataset, fmt, tmp_path / "b").read_bytes() == first
        back = read(tmp_path / "a")
        assert back.number_of_nodes() == overview.number_of_nodes()
        assert back.number_of_edges() == overview.number_of_edges()


def test_viz_command_writes_the_page(seed_kg, tmp_path, capsys):
    parser = argparse.ArgumentParser()
    viz.register_viz(parser.add_subparsers())
    out = tmp_path / "unit.html"
    args = parser.parse_args(["viz", "--view", "unit", "--unit", "Guangzhou Municipal Science "
                              "and Technology Bureau", "--kg", str(seed_kg), "-o", str(out)])
    assert args.run(args) == 0
    assert out.exists() and "wrote" in capsys.readouterr().out


def test_every_concept_has_a_rendering_in_the_views():
    assert set(vocab.COMPARATORS) <= set(COMPARATOR_SIGNS)
    assert set(vocab.ROLES) <= set(EDGE_COLORS) & set(ROLE_LINES)


def test_an_at_most_target_shows_its_sign():
    graph = build_view(dataset_of(AT_MOST_TEXT), "overview")
    task = next(a for a in graph.nodes.values() if a["class"] == "task")
    targets = task["targets"]
    assert any("≤5%" in t for t in targets) and any(">10家" in t for t in targets), targets


def test_the_pages_state_what_the_named_queries_answer(seed_dataset, views):
    """Owners, a unit's tasks and the workload come from task-owners, unit-tasks and
    unit-workload: the page and `policykg query` cannot disagree."""
    from kg.query import query_rows

    def rows(name, **params):
        return query_rows(seed_dataset, name, params=params)[1]

    owners = {(str(r["task_iri"]), str(r["unit"]), int(r["rank"]), str(r["role"]))
              for r in rows("task-owners") if r["unit"] is not None}
    drawn = {(b, a, d["rank"], d["rel"]) for a, b, d in views["overview"].edges(data=True)
             if d["rel"] in vocab.ROLES}
    assert drawn == owners
    reached = {(str(r["task_iri"]), "via" if str(r["via"]) != "direct" else str(r["role"]))
               for r in rows("unit-tasks", unit="南沙區政府")}
    district = views["district"]
    assert {(b, d["rel"]) for a, b, d in district.edges(data=True)
            if a == district.graph["unit"]} == reached
    workload = {str(r["unit"]): (int(r["tasks"]), int(r["led"])) for r in rows("unit-workload")}
    assert {row["id"]: (row["tasks"], row["led"])
            for row in views["coresponsibility"].graph["ranking"]} == workload


@pytest.mark.parametrize("name", sorted(view_queries()))
def test_view_queries_have_a_header_and_give_the_same_rows_on_both_engines(
        seed_dataset, name):
    from kg.query import query_rows
    from kg.store import dataset_store

    query = view_queries()[name]
    assert query.summary and query.description
    assert query.example.startswith(f"policykg query {name}")

    def key(row):
        return tuple(sorted((k, "" if v is None else str(v)) for k, v in row.items()))

    on_rdflib = query_rows(seed_dataset, name)[1]
    assert on_rdflib or name == "views/unresolved-units"  # the seed names none
    assert sorted(map(key, on_rdflib)) == sorted(map(key, query_rows(
        dataset_store(seed_dataset), name)[1]))


def test_network_files_type_numbers_and_flags(seed_dataset, tmp_path):
    """Gephi sizes and filters by number: x, y are doubles, counts and ranks integers."""
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        back = read(write_network(seed_dataset, fmt, tmp_path / f"net.{fmt}"))
        unit = next(a for _, a in back.nodes(data=True) if a.get("tasks") is not None)
        assert isinstance(unit["tasks"], int) and isinstance(unit["led"], int), fmt
        assert all(isinstance(a["x"], float) and isinstance(a["y"], float)
                   for _, a in back.nodes(data=True) if "x" in a), fmt
        ranks = [a["rank"] for *_, a in back.edges(data=True) if "rank" in a]
        assert ranks and all(isinstance(r, int) for r in ranks), fmt


def test_a_resolved_unit_of_no_finer_class_is_not_called_unresolved(views, gapped_page_data):
    """市科協 (a people's organisation, pk:Unit only) is in the reference data:
    unresolved-units lists nothing for the seed, and the legend agrees."""
    data = page_data(views["overview"])
    [node] = [n for n in data["nodes"] if n["full"].startswith("市科協")]
    assert data["classes"][node["cls"]]["name"] == "Other unit"
    assert "Unit (unresolved)" not in [c["name"] for c in data["classes"].values()]
    names = {n["full"].split("\n")[0]: gapped_page_data["classes"][n["cls"]]["name"]
             for n in gapped_page_data["nodes"]}
    assert names["市火星辦"] == "Unit (unresolved)"


@pytest.fixture(scope="module")
def gapped_page_data(seed_path, tmp_path_factory):
    text = seed_path.read_text(encoding="utf-8").replace("市科技局、港澳辦,", "市科技局、火星辦,")
    return page_data(build_view(dataset_of(text), "overview"))


def test_a_page_of_many_plans_is_titled_with_their_count():
    from visualize.facts import plans_title

    assert plans_title(["甲計劃"]) == "甲計劃"
    assert plans_title(["甲計劃", "乙方案"]) == "甲計劃 · 乙方案"
    assert plans_title(["甲", "乙", "丙", "丁"]) == "4 plans: 甲 · 乙 · …"


def test_an_english_page_says_what_stays_chinese(seed_dataset):
    assert "no English" in page_data(build_view(seed_dataset, "overview", lang="en"))[
        "languageNote"]
    assert page_data(build_view(seed_dataset, "overview"))["languageNote"] == ""
