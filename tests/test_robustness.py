"""Bad input, hostile input and faults (issue 9): a clear word, nothing lost, nothing run.

Every awkward input goes through the real command line (``kg.cli.main``) and gets one of
two outcomes, never a traceback and never a half-written output folder:

- exit 0, each irregularity a warning ``FILE:LINE:COL: message`` on stderr, and every
  fact that can be read kept (checked through ``policykg query task-owners --format csv``
  and ``policykg query targets``);
- exit 1 and one line ``policykg: FILE…: message`` naming the file.

Small inputs are files in tests/data/awkward; big ones (4 MB, a 1 MB line) and the
encodings are made at run time from tests/data/awkward/base.txt.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kg.cli import main
from kg.document import line_spans

ROOT = Path(__file__).resolve().parent.parent
AWKWARD = Path(__file__).parent / "data" / "awkward"
BASE = (AWKWARD / "base.txt").read_text(encoding="utf-8")
PROSE = "今天天氣很好,我們去公園散步,公園裡有很多人在跑步,也有人在下棋。\n"
WARNING = re.compile(r"^warning: (?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<message>.+)$")

# task-owners rows as "action_no.task_no task unit_short role"
BASE_ROWS = [
    "1.1 建設創新平臺 市科技局 lead",
    "1.1 建設創新平臺 市發展改革委 support",
    "1.1 建設創新平臺 南沙區政府 support",
    "1.2 完善科技服務 市工業和信息化局 lead",
    "2.1 加強人才引進 市人力資源社會保障局 lead",
    "2.1 加強人才引進 市科技局 support",
]
HTML_TASK = ("<img src=x onerror=window.__pwned=1>加強</script><script>window.__pwned=2"
             "</script>平臺建設")


@dataclass
class Case:
    """One awkward input and what the command line must make of it."""

    id: str
    make: Callable[[Path], Path]          # writes the input under a folder, returns its path
    code: int                             # expected exit code
    message: str = ""                     # exit 1: a part of the one-line message
    rows: list[str] = field(default_factory=list)      # exit 0: task-owners rows
    targets: int = 0                      # exit 0: number of targets
    warnings: list[str] = field(default_factory=list)  # "LINE:COL: part of the message"
    args: tuple[str, ...] = ()            # more arguments to `policykg build`
    source_named: bool = True             # exit 1: the message starts with the input


def data(name: str) -> Callable[[Path], Path]:
    return lambda folder: AWKWARD / name


def written(name: str, content: bytes | Callable[[], bytes]) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(content() if callable(content) else content)
        return path
    return make


def missing(folder: Path) -> Path:
    return folder / "no-such-plan.txt"


def empty_folder(folder: Path) -> Path:
    (folder / "plans").mkdir()
    (folder / "plans" / "notes.md").write_text("not a plan", encoding="utf-8")
    return folder / "plans"


def long_line() -> bytes:
    """A task paragraph of about 1 MB (one line), its unit list at the very end."""
    body = "推動平臺發展," * 50_000
    text = BASE.replace("建設服務體系。", f"建設服務體系,{body}建設服務體系。")
    return text.encode("utf-8")


def four_megabytes() -> bytes:
    """4 MB: a long cover letter of prose, then the plan."""
    cover = PROSE * (4_000_000 // len(PROSE.encode("utf-8")))
    return (cover + BASE).encode("utf-8")


def annotation(name: str, change: Callable[[dict], None]) -> Callable[[Path], Path]:
    """An annotation file of base.txt, as annotate writes it, then changed by hand."""
    def make(folder: Path) -> Path:
        from kg.annfile import to_json
        from kg.annotate import annotate
        from kg.read import read_text

        payload = json.loads(to_json(annotate(read_text(BASE, "base.txt", "base"))))
        change(payload)
        path = folder / f"{name}.ann.json"
        path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        return path
    return make


def first(kind: str) -> Callable[[dict], dict]:
    return lambda payload: next(s for s in payload["spans"] if s["type"] == kind)


def out_is_a_file(folder: Path) -> Path:
    (folder / "out").write_text("not a folder", encoding="utf-8")
    return AWKWARD / "base.txt"


CASES = [
    # exit 1: nothing readable, one line naming the file
    Case("empty", written("empty.txt", b""), 1, "the document is empty"),
    Case("whitespace-only", written("blank.txt", " \n\t\u3000\r\n".encode()), 1,
         "the document is empty"),
    Case("binary", written("scan.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\xff" * 40), 1,
         "binary"),
    Case("missing", missing, 1, "cannot read the document: No such file or directory"),
    Case("latin-1", written("latin1.txt", "café à la crème\n".encode("latin-1")), 1,
         "neither UTF-8"),
    Case("utf-8-broken-tail", written("broken.txt", BASE.encode() + b"\xff\xfe\xfd"), 1,
         "UTF-8 (invalid at byte 614)"),
    Case("folder-without-documents", empty_folder, 1,
         "notes.md: skipped: not a format policykg reads"),
    # annotation files a person edited badly
    Case("annotation-not-json", written("typo.ann.json", b'{"format": '), 1,
         "not a JSON annotation file"),
    Case("annotation-spans-not-objects", annotation("spans", lambda p: p.update(spans=[1])),
         1, "spans entry 0 must be an object, not 1"),
    Case("annotation-text-shifted", annotation(
        "shift", lambda p: first("action")(p).update(start=first("action")(p)["start"] + 1)),
        1, "does not match the source"),
    Case("annotation-unknown-role", annotation(
        "role", lambda p: first("unit")(p)["attributes"].update(role={"a": 1})), 1,
        "role {\"a\": 1}: expected one of lead, support, responsible"),
    Case("annotation-unknown-kind", annotation(
        "kind", lambda p: first("target")(p)["attributes"].update(target_kind="x")), 1,
        "target_kind \"x\": expected one of overall, milestone"),
    Case("annotation-rank-not-a-number", annotation(
        "rank", lambda p: first("unit")(p)["attributes"].update(rank="1")), 1,
        "rank \"1\": expected a whole number"),
    Case("annotation-id-not-an-iri", annotation(
        "iri", lambda p: first("unit")(p).update(id="javascript:alert(1)")), 1,
        "is not an http(s) IRI"),
    Case("annotation-document-id-not-a-string", annotation(
        "docid", lambda p: p["document"].update(id=5)), 1,
        "document id must be a non-empty string, not 5"),
    # the output folder is a file
    Case("output-folder-is-a-file", out_is_a_file, 1, "cannot write: ", source_named=False),
    # exit 0: every encoding the reader supports gives the same facts
    Case("utf-8", written("utf8.txt", BASE.encode("utf-8")), 0, rows=BASE_ROWS, targets=2),
    Case("utf-8-bom", written("bom.txt", BASE.encode("utf-8-sig")), 0, rows=BASE_ROWS,
         targets=2),
    Case("gb18030", written("gb.txt", BASE.encode("gb18030")), 0, rows=BASE_ROWS, targets=2),
    Case("utf-16-le-bom", written("u16le.txt", BASE.encode("utf-16")), 0, rows=BASE_ROWS,
         targets=2),
    Case("utf-16-be-bom", written("u16be.txt", b"\xfe\xff" + BASE.encode("utf-16-be")), 0,
         rows=BASE_ROWS, targets=2),
    Case("utf-16-le-no-bom", written("u16.txt", BASE.encode("utf-16-le")), 0, rows=BASE_ROWS,
         targets=2),
    Case("crlf", written("crlf.txt", BASE.replace("\n", "\r\n").encode()), 0, rows=BASE_ROWS,
         targets=2),
    Case("long-line-1mb", written("long.txt", long_line), 0, rows=BASE_ROWS, targets=2),
    Case("four-megabytes", written("big.txt", four_megabytes), 0, rows=BASE_ROWS, targets=2),
    # exit 0 with warnings: irregular, everything readable kept
    Case("unit-list-cut-off", data("cut_unit_list.txt"), 0, rows=[
        *BASE_ROWS[:4], "1.2 完善科技服務 市財 support"], targets=1, warnings=[
        "7:15: unit list has no closing parenthesis",
        "7:30: unit '市財' is not in the reference data"]),
    Case("tasks-without-units", data("no_units.txt"), 0, rows=[
        "1.1 建設創新平臺  ", "1.2 完善科技服務 市科技局 lead", "1.3 做好統計監測  "],
        targets=1, warnings=["6:1: task 1.1 (建設創新平臺) names no responsible unit",
                             "8:1: task 1.3 (做好統計監測) names no responsible unit"]),
    Case("unknown-units", data("unknown_units.txt"), 0, rows=[
        "1.1 建設創新平臺 市未來產業促進局 lead", "1.1 建設創新平臺 市科技局 support",
        "1.1 建設創新平臺 火星區政府 support"], targets=1, warnings=[
        "6:21: unit '市未來產業促進局' is not in the reference data",
        "6:35: unit '火星區政府' is not in the reference data"]),
    Case("duplicated-sections", data("duplicated_sections.txt"), 0, rows=[
        "1.1 建設創新平臺 市科技局 lead", "2.1 建設創新平臺 市發展改革委 lead",
        "3.1 加強人才引進 市人力資源社會保障局 lead"], targets=2, warnings=[
        "7:1: (一) appears again", "11:1: 一、 appears again", "14:1: 2.主要任務。 appears again"]),
    Case("mixed-scripts-and-widths", data("mixed_scripts.txt"), 0, rows=[
        "1.1 建設創新平台 市科技局 lead", "1.1 建設創新平台 市發展改革委 support",
        "1.1 建設創新平台 南沙區政府 support", "1.2 完善科技服務 市工业和信息化局 lead"],
        targets=1),
    Case("html-and-javascript-in-names", data("html_names.txt"), 0, rows=[
        f"1.1 {HTML_TASK} 市科技局 lead",
        f"1.1 {HTML_TASK} 市<img src=x onerror=window.__pwned=5>辦公室</script> support"],
        targets=1, warnings=["6:147: unit '市<img src=x onerror=window.__pwned=5>辦公室"]),
    Case("sparql-syntax-in-names", data("sparql_names.txt"), 0, rows=[
        "1.1 加強\"\"\"'''平臺}建設 市科技局 lead",
        '1.1 加強"""\'\'\'平臺}建設 市"> } DROP ALL #辦公室 support',
        "1.1 加強\"\"\"'''平臺}建設 市\\u0022'局 support"], targets=1, warnings=[
        "6:55: unit '市\"> } DROP ALL #辦公室' is not in the reference data",
        "6:75: unit \"市\\\\u0022'局\" is not in the reference data"]),
]

# Inputs where no structure can be read: exit 1 and a word, or (lone CR line breaks)
# read like any other.
UNSTRUCTURED = [
    Case("not-an-action-plan", data("not_a_plan.txt"), 1, "not an action plan"),
    Case("whole-plan-on-one-line", written("oneline.txt", BASE.replace("\n", "").encode()),
         1, "not an action plan"),
    Case("cr-line-endings", written("cr.txt", BASE.replace("\n", "\r").encode()), 0,
         rows=BASE_ROWS, targets=2),
]


def params() -> list:
    return [pytest.param(c, id=c.id) for c in [*CASES, *UNSTRUCTURED]]


def run(*argv: str, capsys) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def task_owner_rows(kg: Path, capsys) -> list[str]:
    code, out, err = run("query", "task-owners", "--format", "csv", "--kg", str(kg),
                         capsys=capsys)
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    return [f"{r['action_no']}.{r['task_no']} {r['task']} {r['unit_short']} {r['role']}"
            for r in rows]


def target_count(kg: Path, capsys) -> int:
    code, out, err = run("query", "targets", "--format", "csv", "--kg", str(kg), capsys=capsys)
    assert code == 0, err
    return len(list(csv.DictReader(io.StringIO(out))))


def leftovers(folder: Path) -> list[str]:
    """Temporary files a write left behind (write_atomic names them .NAME.*.tmp)."""
    return [n for n in os.listdir(folder) if n.endswith(".tmp")] if folder.is_dir() else []


@pytest.mark.parametrize("case", params())
def test_awkward_input(case: Case, tmp_path, capsys):
    source = case.make(tmp_path)
    out_dir = tmp_path / "out"
    code, _, err = run("build", "-q", str(source), "-o", str(out_dir), *case.args,
                         capsys=capsys)
    assert code == case.code, err
    assert leftovers(out_dir) == []
    if case.code == 1:
        lines = err.strip().splitlines()
        assert len(lines) == 1, err
        named = str(source) if case.source_named else str(out_dir)
        assert lines[0].startswith(f"policykg: {named}"), lines[0]
        assert case.message in lines[0]
        if out_dir.is_dir():
            assert not {"kg.trig", "kg.ttl", "graph.html"} & set(os.listdir(out_dir))
        return
    names = set(os.listdir(out_dir))
    assert {"kg.trig", "kg.ttl", "graph.html"} <= names
    assert any(n.endswith(".ann.json") for n in names)
    warnings = [WARNING.match(line) for line in err.strip().splitlines()]
    assert all(warnings), f"every line on stderr is a warning FILE:LINE:COL: {err}"
    assert {w["file"] for w in warnings} <= {str(source)}
    said = [f"{w['line']}:{w['col']}: {w['message']}" for w in warnings]
    for expected in case.warnings:
        assert any(s.startswith(expected) for s in said), (expected, said)
    assert len(said) == len(case.warnings), said
    assert task_owner_rows(out_dir / "kg.trig", capsys) == case.rows
    assert target_count(out_dir / "kg.trig", capsys) == case.targets


@pytest.mark.parametrize(("content", "code", "expected"), [
    (BASE.encode("gb18030"), 0, "(3 rows)"),
    (b"\x00\x01\x02binary\xff\xfe" * 10, 1, "binary"),
])
def test_awkward_input_in_a_real_process(tmp_path, content, code, expected):
    """The console entry point, as a user runs it: no traceback, the right exit code."""
    path = tmp_path / "plan.txt"
    path.write_bytes(content)
    done = subprocess.run([sys.executable, "-m", "kg", "build", str(path), "-o",
                           str(tmp_path / "out")], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert expected in (done.stdout if code == 0 else done.stderr)


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    """No space left on the device half way: the old kg.trig stays whole."""
    import errno

    from kg import files
    from kg.errors import InputError

    target = tmp_path / "kg.trig"
    files.write_atomic(target, b"old graph")

    def full(src, dst):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "replace", full)
    with pytest.raises(InputError, match="No space left on device"):
        files.write_atomic(target, b"new graph" * 1000)
    assert target.read_bytes() == b"old graph"
    assert os.listdir(tmp_path) == ["kg.trig"]


# --- properties: any text, any bytes -------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

# pieces of the genre, so that random text often looks like a plan and exercises the
# annotators' branches, mixed with arbitrary characters
GENRE = ["一、", "二、", "(一)", "(二)", "(1)", "1.", "2.", "1.工作目標。", "2.主要任務。",
         "工作目標:", "總體目標", "保障措施", "到2021年", "到2020年末,", "(責任單位:",
         "(牽頭單位:", ";配合單位:", "牽頭,", "配合)", "按職責分工負責", "市科技局", "科技局",
         "、", ",", ",", "。", ".", ")", ")", "(", "\n", "\r\n", "\r", "各區政府", "南沙區",
         "海珠區、黃埔區政府", "中山大學", "達到3.1%", "突破1200億元", "超過1.2萬家", "25家以上",
         "1~2家", "65%左右", "力爭", "爭取", "零的突破", "一是", ";二是", "\ufeff", "廣州市",
         "行動計劃(2019—2021年)", "穗科字〔2019〕316號", "2019年9月29日", "臵", "\u3000"]
texts = st.lists(st.one_of(st.sampled_from(GENRE), st.text(max_size=6)),
                 max_size=40).map("".join)
PROPERTY = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def check_document(doc) -> None:
    assert all(0 <= s.start <= s.end <= len(doc.text) for s in doc.spans)
    assert all(doc.text[s.start:s.end] == s.text for s in doc.spans)
    lines = len(line_spans(doc.text))  # LF, CRLF or a lone CR, as Document counts them
    assert all(1 <= d.line <= lines and d.column >= 1 for d in doc.diagnostics)


@PROPERTY
@given(texts)
def test_any_text_reads_and_annotates_with_spans_inside_it(text):
    from kg.annfile import from_payload, to_json
    from kg.annotate import annotate
    from kg.errors import InputError
    from kg.read import read_text

    try:
        doc = read_text(text, "any.txt", "any")
    except InputError:
        assert not text.strip()
        return
    assert doc.text == text
    annotated = annotate(doc)
    check_document(annotated)
    # what annotate wrote, an annotation file gives back
    again = from_payload(json.loads(to_json(annotated)), "any.ann.json")
    assert again.spans == annotated.spans


@PROPERTY
@given(st.one_of(st.binary(max_size=300),
                 texts.flatmap(lambda t: st.sampled_from(
                     ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "gb18030"]).map(
                     lambda enc: t.encode(enc, errors="replace")))))
def test_any_bytes_read_to_a_document_or_one_input_error(data):
    from kg.annotate import annotate
    from kg.errors import InputError
    from kg.read import read_bytes

    try:
        doc = read_bytes(data, "any.txt", "any")
    except InputError as err:
        assert err.file == "any.txt" and "\n" not in str(err)
        return
    check_document(annotate(doc))


# --- a corpus with bad documents ----------------------------------------------------

@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_corpus_with_bad_documents_builds_the_good_ones_and_names_the_bad(
        tmp_path, capsys, jobs):
    """tests/test_cli.py covers one empty file beside the seed; here a folder holding
    several good and several bad documents, in one process and in workers."""
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "a_good.txt").write_text(BASE, encoding="utf-8")
    (plans / "b_binary.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    (plans / "c_good.txt").write_bytes((AWKWARD / "unknown_units.txt").read_bytes())
    (plans / "d_latin1.txt").write_bytes("café crème\n".encode("latin-1"))
    (plans / "e_empty.txt").write_bytes(b"")
    (plans / "f_bad.ann.json").write_text("{", encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run("build", "-q", "--jobs", jobs, str(plans), "-o", str(out),
                       capsys=capsys)
    assert code == 1
    problems = [line for line in err.splitlines() if line.startswith("policykg: ")]
    assert [p.split(":")[1].strip() for p in problems] == [
        str(plans / n) for n in ("b_binary.txt", "d_latin1.txt", "e_empty.txt",
                                 "f_bad.ann.json")]
    assert sorted(n for n in os.listdir(out) if n.endswith(".ann.json")) == [
        "a_good.ann.json", "c_good.ann.json"]
    assert leftovers(out) == []
    code, csv_text, _ = run("query", "task-owners", "--format", "csv", "--kg",
                            str(out / "kg.trig"), capsys=capsys)
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert len(rows) == len(BASE_ROWS) + 3
    assert {r["document"].rsplit("/", 1)[-1] for r in rows} == {"a_good", "c_good"}


# --- determinism: the same files in another order ------------------------------------

def test_the_same_documents_in_another_order_give_the_same_bytes(tmp_path, capsys):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text(BASE, encoding="utf-8")
    b.write_bytes((AWKWARD / "unknown_units.txt").read_bytes())
    for name, order in (("ab", [a, b]), ("ba", [b, a])):
        assert run("build", "-q", *map(str, order), "-o", str(tmp_path / name),
                   capsys=capsys)[0] == 0
    for name in ("kg.trig", "kg.ttl", "a.ann.json", "b.ann.json"):
        assert (tmp_path / "ab" / name).read_bytes() == (tmp_path / "ba" / name).read_bytes()


# --- SPARQL injection through every parameter of every named query -------------------

HOSTILE = ['"', "'" * 3, "}", '" } UNION { ?s ?p ?o } #', '市科技局" } UNION { ?s ?p ?o } #',
           "a\nb } #", "# comment", "\\u0022",
           "https://w3id.org/policykg/id/org/x> } UNION { ?s ?p ?o } #", "urn:x'} UNION {",
           "<script>alert(1)</script>"]
# free strings reach the query as literals: fewer values keep the slow query quick
HOSTILE_LITERALS = ['" } UNION { ?s ?p ?o } #', "'" * 3 + " } #", "a\nb\\u0022 } #"]
# a value of each kind that is harmless (and, for free strings and IRIs, names nothing)
HARMLESS = {"lang": "en", "unit": "市科技局", "place": "南沙區", "institution": "中山大學",
            "iri": "https://w3id.org/policykg/id/nothing-here", "year": "1999",
            "indicator": "沒有這個指標", "task": "1.2", "other_unit": "市發展改革委",
            "tasks": "1", "lacking": "any", "unit_of_measure": "沒有這個單位"}


def _parameters() -> list[tuple[str, str]]:
    from kg.query import named_queries

    return [(q.name, p) for q in named_queries().values() for p in q.params]


PARAMETERS = _parameters()


def outcome(run_query) -> tuple | str:
    """The rows as tuples of strings, in order, or "refused" for an InputError."""
    from kg.errors import InputError

    try:
        columns, rows = run_query()
    except InputError as err:
        assert "\n" not in str(err)
        return "refused"
    return tuple(tuple("" if r.get(c) is None else str(r[c]) for c in columns) for r in rows)


def check_hostile(run_query, param: str) -> dict[str, tuple | str]:
    """Each hostile value is refused or gives the rows of the harmless value."""
    found, harmless = {}, None
    for value in HOSTILE_LITERALS if param in ("indicator", "unit_of_measure") else HOSTILE:
        found[value] = got = outcome(lambda v=value: run_query({param: v}))
        if got != "refused":
            if harmless is None:
                harmless = outcome(lambda: run_query({param: HARMLESS[param]}))
            assert got == harmless, (value, got, harmless)
    return found


@pytest.mark.parametrize(("name", "param"), PARAMETERS, ids=[f"{n}-{p}" for n, p in PARAMETERS])
def test_hostile_parameters_are_refused_or_inert_locally(seed_dataset, name, param):
    from kg.query import query_rows

    check_hostile(lambda params: query_rows(seed_dataset, name, params=params), param)


@pytest.mark.server
@pytest.mark.parametrize(("name", "param"), PARAMETERS, ids=[f"{n}-{p}" for n, p in PARAMETERS])
def test_hostile_parameters_are_refused_or_inert_on_the_endpoint(seed_endpoint, seed_store,
                                                                  name, param):
    from kg.query import bind_params, get_query, graph_lookup, query_endpoint

    remote = check_hostile(
        lambda params: query_endpoint(seed_endpoint.query_url, name, params=params), param)
    lookup = graph_lookup(seed_store)
    for value, got in remote.items():  # refused remotely exactly when refused locally
        local = outcome(lambda v=value: (bind_params(get_query(name), {param: v}, lookup),
                                         ([], []))[1])
        assert (got == "refused") == (local == "refused"), value


@pytest.mark.server
def test_the_endpoint_refuses_updates_sent_as_queries_and_stays_unchanged(seed_endpoint,
                                                                          seed_dataset):
    from kg.errors import InputError
    from kg.export import named_graphs
    from kg.query import query_endpoint

    url = seed_endpoint.query_url
    for update in ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "DROP ALL",
                   "SELECT * WHERE { ?s ?p ?o } ; DROP ALL"):
        with pytest.raises(InputError, match="HTTP 400"):
            query_endpoint(url, text=update)
    _, count = query_endpoint(url, text="SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(count[0]["n"]) == sum(len(g) for g in named_graphs(seed_dataset))


@pytest.mark.server
@pytest.mark.parametrize("name", ["task-owners", "targets-by-action"])
def test_english_labels_are_the_same_on_the_endpoint(seed_endpoint, seed_dataset, name):
    from kg.query import query_endpoint, query_rows

    remote = outcome(lambda: query_endpoint(seed_endpoint.query_url, name,
                                            params={"lang": "en"}))
    assert remote == outcome(lambda: query_rows(seed_dataset, name, params={"lang": "en"}))


# --- XSS: every string that reaches a graph page --------------------------------------

XSS = {  # where it is written → what is written there
    "title": "廣州市<script>window.__pwned=1</script>測試行動計劃(2020—2022年)",
    "task": HTML_TASK,
    "unit": "市<img src=x onerror=window.__pwned=5>辦公室</script>",
    "indicator": "<img src=x onerror=window.__pwned=3>實驗室",
    "institution": "<svg onload=window.__pwned=6>大學</svg>",
    "place": "</script><script>window.__pwned=7</script>區",
}


@pytest.fixture(scope="module")
def hostile_dataset(tmp_path_factory):
    """html_names.txt, with a place and an institution whose names a person changed in
    the annotation file to markup (names are free there; the text is not)."""
    from kg.annfile import to_json
    from kg.annotate import annotate
    from kg.pipeline import build
    from kg.read import read_text

    text = ((AWKWARD / "html_names.txt").read_text(encoding="utf-8")
            + "完善平臺布局。支持中山大學建設實驗室,推動南沙區平臺發展。(責任單位:市科技局)\n")
    payload = json.loads(to_json(annotate(read_text(text, "hostile.txt", "hostile"))))
    for span in payload["spans"]:
        if span["type"] == "mention":
            span["attributes"]["name"] = XSS[span["attributes"]["entity_type"]]
            span["id"] = None
    path = tmp_path_factory.mktemp("hostile") / "hostile.ann.json"
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    result = build([path])
    assert result.documents and not result.failures
    return result.dataset


def test_hostile_names_reach_the_graph_as_written(hostile_dataset):
    from rdflib import Literal

    literals = {str(o) for o in hostile_dataset.objects() if isinstance(o, Literal)}
    assert set(XSS.values()) <= literals


def unit_iri(ds, label: str) -> str:
    from rdflib import SKOS

    return next(str(s) for s, o in ds.subject_objects(SKOS.prefLabel) if str(o) == label)


@pytest.mark.browser
@pytest.mark.parametrize("view", ["overview", "unit", "coresponsibility"])
def test_hostile_names_show_as_text_and_nothing_runs(hostile_dataset, opened, tmp_path, view):
    from visualize.render import write_view

    options = {"unit": unit_iri(hostile_dataset, XSS["unit"])} if view == "unit" else {}
    page = opened(write_view(hostile_dataset, view, tmp_path / f"{view}.html", **options))
    pwned = "typeof window.__pwned"
    assert page.js(pwned) == "undefined"
    nodes = page.js("window.policykg.data.nodes.map(n => [n.id, n.label || ''])")
    shown = {page.js("document.getElementById('title').textContent")}
    for node_id, label in nodes:
        page.js(f"window.policykg.choose({node_id!r})")
        details = page.page.locator("#details")
        shown.add(details.text_content())
        assert details.locator("img, svg, iframe, script, b").count() == 0, label
    page.page.hover("#graph")
    assert page.js(pwned) == "undefined"
    assert page.js("document.querySelectorAll('img, iframe, svg[onload], b').length") == 0
    assert page.requests == []
    text = "\n".join(shown)
    expected = {"overview": XSS.values(), "unit": [XSS["unit"], HTML_TASK],
                "coresponsibility": [XSS["unit"]]}[view]
    for hostile in expected:
        assert hostile in text, hostile


# --- irregularities read without a word (kg/annotate, owned elsewhere) ----------------

def test_duplicated_sections_are_reported():
    from kg.annotate import annotate
    from kg.read import read_path

    doc = annotate(read_path(AWKWARD / "duplicated_sections.txt"))
    said = [f"{d.line}:{d.column}" for d in doc.diagnostics]
    assert {"7:1", "11:1", "14:1"} <= set(said), said


def test_a_half_width_full_stop_ends_an_action_title_like_a_full_width_one(capsys, tmp_path):
    out = tmp_path / "out"
    assert main(["build", "-q", str(AWKWARD / "mixed_scripts.txt"), "-o", str(out)]) == 0
    capsys.readouterr()
    _, text, _ = run("query", "task-owners", "--format", "csv", "--kg",
                        str(out / "kg.trig"), capsys=capsys)
    assert {r["action"] for r in csv.DictReader(io.StringIO(text))} == {"平台建設行動"}
