"""Plans as people get them: the seed as a web page, a PDF and a Word file (made here,
with the libraries publishers use) gives exactly the seed's facts through `policykg
query task-owners` and `targets`; so does a Word file whose responsibilities sit in a
table, a page in GBK, hard-wrapped and Big5 text. A scan gets one clear line naming OCR;
a folder mixing formats builds what it can read and names what it skipped."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
from pathlib import Path

import docx
import make_formats as make
import pdfplumber
import pytest
from genre_facts import facts
from rdflib import Literal
from rdflib.namespace import DCTERMS
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from kg import annfile
from kg.annotate import annotate
from kg.cli import main
from kg.dataset import load_dataset
from kg.document import TaskSpan
from kg.namespace import PK
from kg.pipeline import build
from kg.read import read_path, read_text
from kg.resources import seed_document

DATA = Path(__file__).parent / "data"
SEED = seed_document()
SEED_TEXT = SEED.read_text(encoding="utf-8")
TABLE_PLAN = DATA / "plans" / "dev" / "gz-2021-municipal.txt"  # its 分工 table, one cell a line
# the rows of two contract queries that do not depend on offsets into the text
QUERIES = ("task-owners", "targets")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def rows(tmp: Path, *sources: Path) -> dict[str, str]:
    """`policykg build SOURCES`, then each query of QUERIES as CSV."""
    out = tmp / "out"
    assert main(["build", *map(str, sources), "-q", "-o", str(out)]) == 0
    found = {}
    for name in QUERIES:
        found[name] = query_csv(out, name)
    return found


def query_csv(out: Path, name: str) -> str:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(["query", name, "--kg", str(out / "kg.trig"), "--format", "csv"]) == 0
    return buffer.getvalue()


@pytest.fixture(scope="module")
def seed_rows(tmp_path_factory) -> dict[str, str]:
    """The rows the .txt gives, which hold the hand-checked facts (seed_facts.json)."""
    expected = json.loads((DATA / "seed_facts.json").read_text(encoding="utf-8"))
    found = facts(build([SEED], validate=False))
    assert (found["tasks"], found["targets"]) == (expected["tasks"], expected["targets"])
    return rows(tmp_path_factory.mktemp("txt"), SEED)


# --- the seed in each format ----------------------------------------------------------

SEED_FILES = {
    "html": lambda folder: make.html_page(SEED_TEXT, folder / "plan.html"),
    "pdf": lambda folder: make.pdf(SEED_TEXT, folder / "plan.pdf"),
    "docx": lambda folder: make.word(SEED_TEXT, folder / "plan.docx"),
    "docx-numbered": lambda folder: make.word(SEED_TEXT, folder / "plan.docx", numbered=True),
    "txt-wrapped": lambda folder: make.hard_wrapped(SEED_TEXT, folder / "plan.txt",
                                                    indent="\u3000\u3000"),
    "txt-wrapped-flush": lambda folder: make.hard_wrapped(SEED_TEXT, folder / "plan.txt"),
}


@pytest.mark.parametrize("kind", SEED_FILES)
def test_the_seed_in_any_format_gives_the_seeds_rows(kind, tmp_path, seed_rows):
    """task-owners and targets as CSV, byte for byte: every task, unit, rank, role,
    deadline and target, and the same IRIs."""
    path = SEED_FILES[kind](tmp_path)
    found = rows(tmp_path, path)
    assert found == seed_rows
    assert found["task-owners"].count("\n") == 1 + 62  # a header, 62 unit roles of 16 tasks


@pytest.mark.parametrize("kind", ["pdf", "docx", "docx-numbered", "txt-wrapped"])
def test_the_extracted_text_is_the_seeds_paragraphs(kind, tmp_path):
    """Lines re-flowed into the seed's paragraphs exactly: no page number, no running
    header, no numbering lost, no paragraph split or joined."""
    doc = read_path(SEED_FILES[kind](tmp_path))
    assert doc.text == SEED_TEXT + "\n"


def test_the_pdf_is_what_the_issue_describes(tmp_path):
    """28 characters a line, first-line indents, page numbers and a running header."""
    with pdfplumber.open(make.pdf(SEED_TEXT, tmp_path / "plan.pdf")) as pdf:
        lines = [line for page in pdf.pages for line in page.extract_text_lines()]
        pages = len(pdf.pages)
    texts = [line["text"] for line in lines]
    assert pages >= 5
    assert texts.count(make.HEADER) == pages
    assert "— 3 —" in texts
    body = [line for line in lines if line["text"] != make.HEADER and "—" not in line["text"]]
    left = min(line["x0"] for line in body)
    assert max(line["x1"] for line in body) - left <= 28.5 * make.SIZE  # 28 ems wide
    ideographs = [t for t in texts if re.fullmatch(r"[\u4e00-\u9fff、。]+", t)]
    assert 27 <= max(map(len, ideographs)) <= 28
    indented = [line for line in body if line["x0"] >= left + 2 * make.SIZE - 0.5]
    assert len(indented) >= 60  # a first-line indent of two characters


def test_the_web_page_keeps_the_document_and_drops_the_site(tmp_path):
    doc = read_path(SEED_FILES["html"](tmp_path))
    lines = doc.text.splitlines()
    assert lines[0] == "廣州市科學技術局關於印發行動計劃的通知"  # the page's <h1>
    assert lines[1:] == SEED_TEXT.splitlines()  # a <br> in mid-paragraph joined again
    assert not [word for word in make.FURNITURE if word in doc.text]


# --- other documents and encodings ----------------------------------------------------

@pytest.fixture(scope="module")
def table_plan_facts() -> dict:
    return facts(build([TABLE_PLAN], validate=False))


@pytest.mark.parametrize("kind", ["docx", "html"])
def test_responsibilities_in_a_table(kind, tmp_path, table_plan_facts):
    """gz-2021's 分工 table (序號 重點工作 牽頭單位 配合單位 完成時限) as a real table of a
    Word file and of a web page: the same tasks, leads, supports and deadlines."""
    text = make.cells_a_line_to_rows(TABLE_PLAN.read_text(encoding="utf-8"))
    path = make.word(text, tmp_path / "plan.docx") if kind == "docx" else \
        make.html_page(text, tmp_path / "plan.html")
    assert "序號\t重點工作\t牽頭單位\t配合單位\t完成時限" in read_path(path).text
    found = facts(build([path], validate=False))
    assert found["tasks"] == table_plan_facts["tasks"]
    assert found["targets"] == table_plan_facts["targets"]
    assert [t for t in found["tasks"] if t["heading"] == "舉辦中國創新創業成果交易會"]


@pytest.mark.parametrize("charset", ["gb2312", "gbk", None])
def test_a_web_page_in_gbk(charset, tmp_path, seed_rows):
    """Declared as gb2312 (as most such pages are, whatever they hold) or gbk, or not
    declared at all."""
    path = make.html_page(SEED_TEXT, tmp_path / "plan.htm", encoding="gbk", charset=charset)
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    assert read_path(path).text.splitlines()[1:] == SEED_TEXT.splitlines()
    assert rows(tmp_path, path) == seed_rows


def test_big5_text_decodes(tmp_path):
    """Big5 bytes decode as GB18030 too, to nonsense: the reader takes the Big5 reading.
    (Big5 has no 臵, the seed's variant of 置.)"""
    text = SEED_TEXT.replace("臵", "置")
    big5, gb = tmp_path / "big5.txt", tmp_path / "gb.txt"
    big5.write_bytes(text.encode("big5"))
    gb.write_bytes(text.encode("gb18030"))
    big5.read_bytes().decode("gb18030")  # no error: the trap
    assert read_path(big5).text == text
    assert read_path(gb).text == text
    found = facts(build([big5], validate=False))
    assert len(found["tasks"]) == 16


def test_the_hard_wrapped_text_was_many_tasks_before(tmp_path):
    """What the issue saw: without re-flowing, the wrapped seed read as 106 tasks."""
    wrapped = make.hard_wrapped(SEED_TEXT, tmp_path / "plan.txt")
    text = wrapped.read_text(encoding="utf-8")
    assert read_path(wrapped).text != text
    assert len(annotate(read_text(text)).of(TaskSpan)) > 16
    assert len(annotate(read_path(wrapped)).of(TaskSpan)) == 16


def test_the_seed_text_is_read_as_it_is(seed_path):
    assert read_path(seed_path).text == seed_path.read_text(encoding="utf-8")


# --- a scan, broken files ---------------------------------------------------------

def test_a_scan_gets_one_line_naming_ocr(tmp_path, capsys):
    path = make.scanned_pdf(tmp_path / "scan.pdf")
    assert main(["build", str(path), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"policykg: {path}: this PDF has no text layer")
    assert "OCR" in err and "ocrmypdf" in err
    assert main(["annotate", str(path)]) == 1
    assert "ocrmypdf" in capsys.readouterr().err


@pytest.mark.parametrize(("name", "data", "message"), [
    ("cut.pdf", None, "not a readable PDF"),
    ("fake.pdf", b"hello", "not a .pdf file"),
    ("fake.docx", b"PK\x03\x04broken", "not a Word (.docx) file"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "save it as .docx"),
    ("plan.ofd", b"PK\x03\x04", "export it as PDF"),
    ("empty.html", b"<html><body><script>x()</script></body></html>", "no main text"),
])
def test_a_file_that_cannot_be_read_gets_one_line(name, data, message, tmp_path, capsys):
    path = tmp_path / name
    if data is None:  # a PDF cut off in the middle of its first page
        full = make.pdf(SEED_TEXT, tmp_path / "full.pdf").read_bytes()
        data = full[: len(full) // 3]
    path.write_bytes(data)
    assert main(["annotate", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert message in err, err
    assert not list(tmp_path.glob("*.ann.json"))


def test_a_folder_mixing_formats(tmp_path, capsys):
    """Every file it can read is built (one document each); each other file is named with
    the reason it was skipped; the exit code says something was skipped."""
    folder = tmp_path / "plans"
    folder.mkdir()
    make.pdf(SEED_TEXT, folder / "seed.pdf")
    make.word(make.cells_a_line_to_rows(TABLE_PLAN.read_text(encoding="utf-8")),
              folder / "gz-2021.docx")
    plans = DATA / "plans" / "dev"
    make.html_page((plans / "shenzhen-2021-municipal.txt").read_text(encoding="utf-8"),
                   folder / "shenzhen.html")
    (folder / "hangzhou.txt").write_bytes((plans / "hangzhou-2022-municipal.txt").read_bytes())
    doc = read_path(plans / "huangpu-2021-district.txt")
    annfile.write(annotate(doc), folder / "huangpu.ann.json")
    (folder / "notes.md").write_text("to read", encoding="utf-8")
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    (folder / ".DS_Store").write_bytes(b"\x00\x01")
    assert main(["build", str(folder), "-q", "-o", str(tmp_path / "out")]) == 1
    problems = [line for line in capsys.readouterr().err.splitlines()
                if line.startswith("policykg:")]
    assert problems == [
        f"policykg: {folder / 'notes.md'}: skipped: not a format policykg reads "
        "(.txt, .html, .htm, .pdf, .docx, .ann.json)",
        f"policykg: {folder / 'old.doc'}: skipped: a Word 97-2003 file: save it as .docx "
        "(or PDF) and build that",
    ]
    graph = load_dataset(tmp_path / "out" / "kg.trig")
    formats = sorted(str(o) for o in graph.objects(None, DCTERMS.format))
    assert formats == sorted([DOCX, "application/pdf", "text/html", "text/plain", "text/plain"])


# --- evidence and provenance ------------------------------------------------------------

def test_offsets_point_into_the_extracted_text_which_the_annotation_file_keeps(tmp_path):
    pdf = make.pdf(SEED_TEXT, tmp_path / "plan.pdf")
    assert main(["annotate", str(pdf)]) == 0
    ann = tmp_path / "plan.ann.json"
    payload = json.loads(ann.read_text(encoding="utf-8"))
    assert payload["document"] == {
        "id": "穗科字2019-316", "source": "plan.pdf", "script": "zh-Hant",
        "format": "application/pdf", "sha256": hashlib.sha256(pdf.read_bytes()).hexdigest()}
    text = payload["text"]
    assert text == SEED_TEXT + "\n"
    assert all(text[s["start"]:s["end"]] == s["text"] for s in payload["spans"])
    first = annfile.to_json(annfile.read(ann))
    assert json.loads(first)["document"] == payload["document"]  # read back, kept


def test_the_graph_names_the_source_file_its_format_and_hash(tmp_path):
    path = make.word(SEED_TEXT, tmp_path / "plan.docx", numbered=True)
    built = build([path], validate=False).dataset
    ann = tmp_path / "plan.ann.json"
    assert main(["annotate", str(path), "-o", str(ann)]) == 0
    again = build([ann], validate=False).dataset
    for dataset in (built, again):
        files = list(dataset.subjects(DCTERMS.title, Literal("plan.docx")))
        assert len(files) == 1
        file = files[0]
        assert dataset.value(file, DCTERMS.format) == Literal(DOCX)
        assert dataset.value(file, PK.sha256) == Literal(
            hashlib.sha256(path.read_bytes()).hexdigest())
        assert (None, DCTERMS.source, file) in dataset


def test_same_file_same_bytes(tmp_path):
    path = make.pdf(SEED_TEXT, tmp_path / "plan.pdf")
    outputs = []
    for run in ("a", "b"):
        assert main(["annotate", str(path), "-o", str(tmp_path / f"{run}.ann.json")]) == 0
        outputs.append((tmp_path / f"{run}.ann.json").read_bytes())
    assert outputs[0] == outputs[1]


def test_word_paragraphs_and_tables_keep_document_order(tmp_path):
    document = docx.Document()
    document.add_paragraph("一、甲")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "a", "b"
    table.cell(1, 0).merge(table.cell(1, 1)).text = "merged"
    document.add_paragraph("二、乙\n續")  # a soft return after a short line: a line of its own
    long = "推動科技成果轉移轉化,建設專業化國際化的成果轉化平臺"
    document.add_paragraph(f"{long}\n繼續。")  # after a line's worth: the paragraph goes on
    path = tmp_path / "order.docx"
    document.save(str(path))
    assert read_path(path).text == f"一、甲\na\tb\nmerged\n二、乙\n續\n{long}繼續。\n"


def test_a_br_after_a_short_line_keeps_it(tmp_path):
    """The issuer above the date in one <p>: two lines, as the header reader needs."""
    page = tmp_path / "cover.html"
    text = SEED_TEXT.replace("廣州市科學技術局\n2019年9月29日", "廣州市科學技術局\t2019年9月29日")
    make.html_page(text.replace("\t", "@@"), page)
    page.write_text(page.read_text(encoding="utf-8").replace("@@", "<br/>"), encoding="utf-8")
    assert read_path(page).text.splitlines()[1:] == SEED_TEXT.splitlines()


def test_a_pdf_indent_typed_as_ideographic_spaces(tmp_path):
    """Some PDFs indent a paragraph with 　　 in the text, not by where it is drawn."""
    path = tmp_path / "spaces.pdf"
    page = canvas.Canvas(str(path), pagesize=A4, invariant=True)
    page.setFont(make.FONT, make.SIZE)
    for i, line in enumerate(["\u3000\u3000一、總體要求",
                              "\u3000\u3000為深入貫徹習近平新時代中國特色社會主義思想和黨",
                              "的十九大精神,制定如下行動計劃。",  # ends short: a paragraph's end
                              "\u3000\u3000深化科技體制機制改革,強化粵港澳大灣區創新協同,",
                              "構建開放式創新生態環境。"]):
        page.drawString(100, 700 - i * 22, line)
    page.save()
    assert read_path(path).text == (
        "一、總體要求\n為深入貫徹習近平新時代中國特色社會主義思想和黨的十九大精神,制定如下行動計劃。\n"
        "深化科技體制機制改革,強化粵港澳大灣區創新協同,構建開放式創新生態環境。\n")
