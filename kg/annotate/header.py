"""The cover letter and title: 文號, addressees, approving bodies, issuer, date, title,
period. Returns where the body starts, so structure reading begins after the title."""

from __future__ import annotations

import re
from dataclasses import replace

from kg.annotate import patterns as P
from kg.annotate.outline import Line, lines_of, read_marker
from kg.document import Document, HeaderField
from kg.read import fold


def annotate_header(doc: Document, folded: str) -> tuple[Document, int]:
    lines = lines_of(doc.text, folded)
    fields: list[HeaderField] = []
    title_line = _title_line(lines)
    at = lines.index(title_line) if title_line else 0
    first, last = _title_lines(lines, at) if title_line else (0, -1)
    header = lines[:first]
    for i, line in enumerate(header):
        fields += _fields_of(doc, line, header[i + 1] if i + 1 < len(header) else None)
    if title_line:
        fields += _title_fields(doc, lines[first:last + 1])
    doc = doc.with_spans(fields)
    number = next((f.value for f in fields if f.name == "number"), None)
    if number:
        doc = replace(doc, id=document_id(number))
    body_start = lines[last].end if title_line else 0
    return doc, body_start


def _title_lines(lines: list[Line], at: int) -> tuple[int, int]:
    """The lines a title is printed on: a title broken in two (a PDF's centred title:
    …行動計劃 / (2019—2021年), or …2023年重點工作 / 任務分解和責任分工方案) is one."""
    first, last = at, at
    if at + 1 < len(lines) and P.PERIOD.fullmatch(lines[at + 1].folded.strip()):
        last = at + 1
    before = lines[at - 1] if at else None
    if (before is not None and len(before.folded.strip()) < 30
            and not any(ch in before.folded for ch in "。,;:、")
            and not P.DOC_NUMBER.match(before.folded) and not P.DATE.match(before.folded)
            and not P.PERIOD.search(before.folded) and "印发" not in before.folded
            and len(lines[at].folded.strip()) < 30 and not P.PERIOD.search(lines[at].folded)
            and not _ends_a_notice(before.folded)):
        first = at - 1
    return first, last


def _ends_a_notice(text: str) -> bool:
    """The issuer of a cover letter (廣州市科學技術局) is no part of the title."""
    return text.strip().endswith(("局", "委", "厅", "办公室", "办公厅", "政府", "部", "委员会"))


def _title_fields(doc: Document, lines: list[Line]) -> list[HeaderField]:
    start, end = lines[0].start, lines[-1].start + len(lines[-1].folded.rstrip())
    value = "".join(doc.text[ln.start:ln.start + len(ln.folded.rstrip())].strip()
                    for ln in lines)
    fields = [HeaderField(start, end, doc.text[start:end], name="title", value=value)]
    for line in lines:
        if m := P.PERIOD.search(line.folded):
            fields.append(_field(doc, line, "period", m.start(), m.end(),
                                 f"{m.group(1)}-{m.group(2)}"))
    return fields


def document_id(number: str) -> str:
    """穗科字〔2019〕316號 → 穗科字2019-316 (script-independent, IRI-safe)."""
    folded = fold(number)
    return re.sub(r"[〔\[(](\d{4})[〕\])]\s*(\d+)\s*号", r"\1-\2", folded).strip()


def _title_line(lines: list[Line]) -> Line | None:
    """The title: the first line before any numbered item that names a plan (…行動計劃,
    …實施方案), however long the cover letter before it."""
    for line in lines:
        if read_marker(line):
            return None
        text = line.folded.strip()
        if (P.TITLE_WORDS.search(_without_period(text)) and not text.endswith(("。", ":"))
                and "印发" not in text and not P.APPENDIX.match(text) and len(text) < 80):
            return line
    return None


def _without_period(title: str) -> str:
    return P.PERIOD.sub("", title).strip()


def _fields_of(doc: Document, line: Line, following: Line | None) -> list[HeaderField]:
    text = line.folded.rstrip()
    if m := P.DOC_NUMBER.match(text):
        return [_field(doc, line, "number", m.start(1), m.end(1))]
    if m := P.DATE.match(text):
        value = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
        return [_field(doc, line, "date", m.start(), len(text), value)]
    if text.endswith(":") and len(text) < 80:
        return [_field(doc, line, "addressees", 0, len(text) - 1)]
    found = []
    if m := P.APPROVED_BY.search(text):
        found.append(_field(doc, line, "approved_by", m.start(1), m.end(1)))
    if following is not None and P.DATE.match(following.folded.strip()) and len(text) < 40:
        found.append(_field(doc, line, "issuer", 0, len(text)))
    return found


def _field(doc: Document, line: Line, name: str, start: int, end: int,
           value: str | None = None) -> HeaderField:
    s, e = line.start + start, line.start + end
    text = doc.text[s:e]
    return HeaderField(s, e, text, name=name, value=value if value is not None else text)
