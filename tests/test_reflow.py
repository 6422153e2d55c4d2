"""The one re-flow rule every format goes through (kg.reflow), the page furniture a PDF
loses, and Word's list numbering rendered as the text it shows (kg.docx_text)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.annotate.outline import lines_of, read_marker
from kg.docx_text import _chinese, _format
from kg.read import fold
from kg.reflow import PAGE_NUMBER, Line, reflow, starts_item, unwrap, wrap_measure

DATA = Path(__file__).parent / "data"
DOCUMENTS = sorted([*DATA.glob("genre/*.txt"), *DATA.glob("plans/*/*.txt"),
                    *DATA.glob("awkward/*.txt")])


@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.stem for p in DOCUMENTS])
def test_every_line_the_outline_reads_as_an_item_starts_one_here(path):
    """reflow keeps its own copy of the numbering markers (kg.read cannot import the
    parser, which imports it): it must know every marker the parser reads."""
    text = path.read_text(encoding="utf-8")
    missed = [text[line.start:line.end] for line in lines_of(text, fold(text))
              if read_marker(line) and not starts_item(text[line.start:line.end])]
    assert missed == []


@pytest.mark.parametrize("text", ["一、總體要求", "(三)加快", "（三）加快", "3.主要任務",
                                  "３．主要任務", "12、", "(2)完善", "2)完善", "①建設", "⑴建設",
                                  "一是加強", "第一,", "其二、", "第三章 保障", "專欄1 重點"])
def test_markers_start_an_item(text):
    assert starts_item(text)


@pytest.mark.parametrize("text", ["1.2萬家", "2019年,", "十分重要", "第一批",
                                  "責任單位:市科技局", "(責任單位:市科技局)", "是一個"])
def test_no_marker(text):
    assert not starts_item(text)


def test_a_line_joins_unless_indented_numbered_or_after_a_short_one():
    lines = [Line("一、總體要求", indented=True), Line("為深入貫徹", indented=True, short=False),
             Line("落實部署,", short=False), Line("制定計劃。"),  # short: the paragraph ends
             Line("到2019年,建設"), Line("(一)總體思路。", short=False),
             Line("1.工作目標。", short=False), Line("　　圍繞", indented=True, short=False),
             Line("supply chain", short=False), Line("management and 5G", short=False),
             Line("1.2萬家"), Line(""), Line("深化")]
    assert reflow(lines) == ["一、總體要求", "為深入貫徹落實部署,制定計劃。", "到2019年,建設",
                             "(一)總體思路。", "1.工作目標。",
                             "圍繞supply chain management and 5G1.2萬家", "深化"]


def test_one_paragraph_a_line_is_not_hard_wrapped():
    seed = (DATA.parent.parent / "data").glob("*.txt")
    for path in [*seed, *DOCUMENTS]:
        assert unwrap(path.read_text(encoding="utf-8")) is None, path


def test_wrapped_by_characters_or_by_display_width():
    paragraph = ("為深入貫徹習近平新時代中國特色社會主義思想,"
                 "和黨的十九大精神,大力實施創新驅動發展戰略") * 4
    by_chars = [paragraph[i:i + 28] for i in range(0, len(paragraph), 28)] * 3
    assert wrap_measure(by_chars)[1] == 28
    text = "\n".join(by_chars)
    assert unwrap(text) == "\n".join([paragraph] * 3)


@pytest.mark.parametrize(("line", "is_page"), [
    ("— 3 —", True), ("- 12 -", True), ("第3頁", True), ("第 3 页 共 10 页", True),
    ("3", False), ("2019", False), ("1.工作目標", False)])
def test_page_number_lines(line, is_page):
    """A bare number is a page number only where a PDF puts it (kg.pdf_text): in text it
    may be a table's row number."""
    assert bool(PAGE_NUMBER.match(line)) is is_page


@pytest.mark.parametrize(("n", "fmt", "shown"), [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCounting", "十一"),
    (20, "chineseCountingThousand", "二十"), (105, "chineseCounting", "一百零五"),
    (3, "decimal", "3"), (3, "decimalEnclosedCircle", "③"), (3, "decimalEnclosedParen", "⑶"),
    (3, "decimalFullWidth", "３"), (10, "ideographDigital", "一〇"),
    (2, "ideographTraditional", "乙"),
    (4, "lowerRoman", "iv"), (28, "upperLetter", "BB"), (5, "none", "")])
def test_word_number_formats(n, fmt, shown):
    assert _format(n, fmt) == shown


def test_chinese_numbers_read_back_as_the_parser_reads_them():
    from kg.annotate.outline import ordinal_of

    assert all(ordinal_of(_chinese(n)) == n for n in range(1, 1000))
