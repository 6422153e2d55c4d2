"""Annotation and ingest over the genre: each variation of the genre (numbering, unit
lists, targets, measures, appendices) is a small document in tests/data/genre with the
facts expected of it; the seed's facts were read off its text by hand
(tests/data/seed_facts.json). Full-length plans are in tests/test_genre_plans.py."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from genre_facts import facts
from rdflib.compare import isomorphic

from kg import annfile
from kg.annotate import annotate
from kg.document import HeaderField, TargetSpan, UnitMention
from kg.ingest import build_graph
from kg.namespace import PK, UOM
from kg.pipeline import build
from kg.read import decode, read_bytes, read_path, to_script
from kg.vocab import UNITS_OF_MEASURE

DATA = Path(__file__).parent / "data"
CASES = sorted((DATA / "genre").glob("*.txt"))


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_genre_variation_yields_expected_facts(case: Path) -> None:
    expected = json.loads(case.with_suffix(".expected.json").read_text(encoding="utf-8"))
    assert facts(build([case], validate=False)) == expected


@pytest.fixture(scope="module")
def seed_facts(seed_result) -> dict:
    return facts(seed_result)


@pytest.fixture(scope="module")
def expected_seed() -> dict:
    return json.loads((DATA / "seed_facts.json").read_text(encoding="utf-8"))


def test_seed_has_sixteen_tasks_with_ordered_unit_lists(seed_facts, expected_seed):
    assert len(seed_facts["tasks"]) == 16
    assert seed_facts["tasks"] == expected_seed["tasks"]


def test_seed_task_with_distributed_names(seed_facts):
    task = next(t for t in seed_facts["tasks"] if t["task"] == "1.2")
    assert task["units"] == ["市發展改革委/lead", "市科技局/support", "海珠區政府/support",
                             "黃埔區政府/support", "南沙區政府/support"]


def test_seed_has_72_action_targets_and_2_overall(seed_facts, expected_seed):
    per_action = Counter(t.split(" ")[0] for t in seed_facts["targets"])
    assert per_action == {"": 2, "1": 13, "2": 8, "3": 8, "4": 12, "5": 10, "6": 12, "7": 9}
    assert seed_facts["targets"] == expected_seed["targets"]


@pytest.mark.parametrize("target", [
    "4 高新技術企業 2021 > 12000  家 false overall",           # 超過1.2萬家
    "5 國家級制造業創新中心或分中心 2021 = 1 2 家 true overall",  # 爭創 … 1~2家
    " 科技進步貢獻率 2021 ≈ 65  % false overall",               # 65%左右
    "3 技術交易合同成交額 2019 > 850  億元 false milestone",     # 突破850億元
    "7 國際科技合作基地 2021 >= 60  家 false overall",          # 60家以上
    "1 國家大科學裝臵 2021 >= 1  個 false overall",              # 零的突破
    "1 國家實驗室 2020 = 1  家 true milestone",                 # 力爭籌建1家…
    "1 廣東省實驗室 2020 = 3  家 false milestone",              # …the next clause is not
])
def test_seed_target_readings(seed_facts, target):
    assert target in seed_facts["targets"]


def test_seed_warns_where_irregular_and_keeps_reading(seed_facts):
    assert seed_facts["warnings"] == [
        "59:156 unit list has no closing parenthesis; read it to the end of the line",
        "74:55 action (七) has targets but no tasks: the text seems cut off here; "
        "kept what was read",
    ]


def test_at_most_targets_read_as_at_most():
    text = ("廣州市測試行動計劃(2019—2021年)\n一、重點行動\n(一)節約行動。\n"
            "1.工作目標。至2021年末,財政專項資金結余率不超過5%,單位能耗增幅控制在3%以內。\n")
    doc = annotate(read_bytes(text.encode("utf-8"), "at-most.txt"))
    readings = [(t.indicator, t.comparator, t.value) for t in doc.of(TargetSpan)]
    assert readings == [("財政專項資金結余率", "<=", 5), ("單位能耗增幅", "<=", 3)]
    assert build_graph(doc)  # every comparator has its concept


def test_funding_amounts_in_tasks_are_not_targets(seed_facts):
    assert not any("6000" in t or "1000萬" in t for t in seed_facts["targets"])


def test_seed_in_simplified_script_gives_the_same_facts(seed_path, seed_doc):
    simplified = to_script(seed_path.read_text(encoding="utf-8"), "zh-Hans")
    doc = annotate(read_bytes(simplified.encode("utf-8"), "simplified.txt"))
    assert doc.script == "zh-Hans"
    units = [(u.start, u.ref, u.rank, u.role) for u in doc.of(UnitMention)]
    assert units == [(u.start, u.ref, u.rank, u.role) for u in seed_doc.of(UnitMention)]
    assert all(u.ref for u in doc.of(UnitMention))
    numbers = [(t.year, t.value, t.value_max, t.comparator, t.aspirational, t.target_kind)
               for t in doc.of(TargetSpan)]
    assert numbers == [(t.year, t.value, t.value_max, t.comparator, t.aspirational,
                        t.target_kind) for t in seed_doc.of(TargetSpan)]


@pytest.mark.parametrize("script", ["zh-Hant", "zh-Hans"])
def test_a_measure_word_is_named_by_its_traditional_spelling_in_either_script(script):
    # 公里 keeps its 里 in Traditional (a character-by-character conversion gives 公裏),
    # 个 and 亿 do not
    text = to_script("一、工作目標\n到2021年，新建綠道100公里，建成示範站點20個，"
                     "研發投入5億元。\n", script)
    doc = annotate(read_bytes(text.encode("utf-8"), "measures.txt"))
    assert doc.script == script
    graph = build_graph(doc)
    measures = {graph.value(target, PK.unitOfMeasure) for target in
                graph.subjects(PK.unitOfMeasure, None)}
    assert measures == {UNITS_OF_MEASURE["個"], UNITS_OF_MEASURE["億元"], UOM["公里"]}


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "utf-16"])
def test_encodings_and_line_endings_read_alike(seed_path, encoding):
    text = seed_path.read_text(encoding="utf-8").replace("\n", "\r\n")
    doc = annotate(read_bytes(text.encode(encoding), "seed.txt"))
    assert len(doc.of(UnitMention)) == 62
    assert len(doc.of(TargetSpan)) == 74
    assert all(doc.text[s.start:s.end] == s.text for s in doc.spans)


def test_binary_input_is_refused_clearly():
    from kg.errors import InputError

    with pytest.raises(InputError, match="binary"):
        decode(b"\x00\xff\xfe\x00garbage\x81", "x.bin")


def test_every_evidence_quotes_its_exact_characters(seed_dataset, seed_doc):
    rows = seed_dataset.query(
        "SELECT ?b ?e ?q WHERE { ?ev nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?q }")
    checked = 0
    for begin, end, quoted in rows:
        assert seed_doc.text[int(begin):int(end)] == str(quoted)
        checked += 1
    assert checked > 150


def test_annotation_file_round_trip_builds_the_same_graph(tmp_path, seed_doc):
    path = tmp_path / "seed.ann.json"
    annfile.write(seed_doc, path)
    again = annfile.read(path)
    assert isomorphic(build_graph(again), build_graph(seed_doc))


def test_a_correction_in_the_annotation_file_survives_into_the_graph(tmp_path, seed_path):
    path = tmp_path / "seed.ann.json"
    annfile.write(annotate(read_path(seed_path)), path)
    payload = json.loads(path.read_text(encoding="utf-8"))
    # a person marks 科協 in task 3.2 as the lead and fixes a target's value
    for span in payload["spans"]:
        if span["type"] == "unit" and span["text"] == "科協":
            span["attributes"].update(role="lead")
            break
    target = next(s for s in payload["spans"]
                  if s["type"] == "target" and s["attributes"]["indicator"] == "科技進步貢獻率")
    target["attributes"]["value"] = "66"
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    corrected = facts(build([path], validate=False))
    task = next(t for t in corrected["tasks"] if t["task"] == "3.2")
    assert "市科協/lead" in task["units"]
    assert " 科技進步貢獻率 2021 ≈ 66  % false overall" in corrected["targets"]


def test_annotation_file_with_wrong_text_is_refused_with_a_position(tmp_path, seed_doc):
    from kg.errors import InputError

    payload = json.loads(annfile.to_json(seed_doc))
    payload["spans"][5]["text"] = "not what the source says"
    path = tmp_path / "bad.ann.json"
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InputError, match="does not match") as err:
        annfile.read(path)
    assert err.value.line is not None


def test_brat_standoff_offsets_point_at_their_text(seed_doc):
    for line in annfile.to_brat(seed_doc).splitlines():
        if not line.startswith("T"):
            continue
        _, spec, shown = line.split("\t")
        pieces = [seed_doc.text[int(a):int(b)] for a, b in
                  (frag.split() for frag in spec.split(" ", 1)[1].split(";"))]
        assert " ".join(pieces) == shown


def test_ingest_is_deterministic(seed_path):
    first = build_graph(annotate(read_path(seed_path)))
    second = build_graph(annotate(read_path(seed_path)))
    assert sorted(first) == sorted(second)
    assert not any(type(t).__name__ == "BNode" for triple in first for t in triple)


def test_names_the_gazetteer_lacks_are_kept_unresolved():
    ds = build([DATA / "genre" / "names.txt"], reason=False, validate=False).dataset
    found = {(str(label), str(kind).rsplit("#")[-1]) for label, kind in ds.query(
        "SELECT ?l ?k WHERE { ?x pk:unresolved true ; a ?k ; skos:prefLabel ?l "
        "FILTER(langMatches(lang(?l), 'zh-Hant')) }")}
    assert found == {("廣州智能裝備研究院", "Institution"), ("廣州國際創新產業園", "Zone"),
                     ("市未來產業促進局", "Unit")}


def test_annotation_files_follow_their_json_schema(seed_doc):
    import dataclasses

    import jsonschema

    from kg.document import SPAN_TYPES
    from kg.resources import resource

    schema = json.loads(resource("annotation.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(annfile.to_json(seed_doc)), schema)
    # the schema names every attribute of every span type, and no other
    described = {rule["if"]["properties"]["type"]["const"]:
                 set(rule["then"]["properties"]["attributes"]["properties"])
                 for rule in schema["$defs"]["span"]["allOf"]}
    assert described == {kind: {f.name for f in dataclasses.fields(cls)} -
                         {"start", "end", "text", "ref"} for kind, cls in SPAN_TYPES.items()}
    broken = json.loads(annfile.to_json(seed_doc))
    unit = next(s for s in broken["spans"] if s["type"] == "unit")
    unit["attributes"]["rank"] = "first"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


@pytest.mark.parametrize("lines, title, period", [
    (["廣州市建設科技創新強市三年行動計劃", "(2019—2021年)"],
     "廣州市建設科技創新強市三年行動計劃(2019—2021年)", "2019-2021"),
    (["立山区政府2023年重点工作", "任务分解和责任分工方案"],
     "立山区政府2023年重点工作任务分解和责任分工方案", None),
])
def test_a_title_printed_on_two_lines_is_one_title(lines, title, period):
    text = "\n".join(["穗科字〔2019〕316號", "廣州市科學技術局", "2019年9月29日", *lines,
                      "一、重點行動", "(一)平臺建設行動。",
                      "1.工作目標。到2021年末,建設重點實驗室3家。"])
    doc = annotate(read_bytes(text.encode("utf-8"), "two-lines.txt"))
    fields = {f.name: f.value for f in doc.of(HeaderField)}
    assert fields["title"] == title
    assert fields.get("period") == period
    assert fields["issuer"] == "廣州市科學技術局"
    assert len(doc.of(TargetSpan)) == 1
