"""Text: the text layer of a PDF, as lines with what kg.reflow needs to know of them.

pdfplumber (over pdfminer.six) gives every character with its position; its lines are
read here with their geometry: whether a line starts right of the text's left edge
(a first-line indent, or a centred heading) and whether it ends short of the right
edge (a paragraph's last line). Page furniture goes: the first and last lines of a page
that are a page number (— 3 —, 3, 第3頁) or that repeat on most pages (a running header
or footer, its digits aside). A PDF without a text layer (a scan) is an InputError that
names OCR.
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from kg.errors import InputError
from kg.reflow import PAGE_NUMBER, Line

OCR_HINT = ("this PDF has no text layer (a scanned image?): policykg reads text, so run "
            "OCR on it first, for example `ocrmypdf -l chi_sim+chi_tra in.pdf out.pdf`, "
            "and build out.pdf")
_BARE_NUMBER = re.compile(r"^\s*[\-—–]?\s*\d{1,4}\s*[\-—–]?\s*$|^\s*\d{1,4}\s*/\s*\d{1,4}\s*$")
_DIGITS = re.compile(r"\d+")
_SHORT_BY = 2.0  # a line whose end is this many characters (ems) short of the right edge
_INDENT_BY = 0.5  # a line whose start is this many ems right of the left edge


@dataclass(frozen=True)
class _Row:
    text: str
    x0: float
    x1: float
    size: float  # the font size, an em


def lines(data: bytes, source: str) -> list[Line]:
    """The body lines of the PDF, in reading order, furniture dropped."""
    pages = _pages(data, source)
    if not any(row.text.strip() for page in pages for row in page):
        raise InputError(OCR_HINT, source)
    text = "".join(row.text for page in pages for row in page)
    if text.count("(cid:") * 6 > len(text) / 2:
        raise InputError("this PDF's fonts do not say which characters they draw (its text "
                         "reads as (cid:…)): " + OCR_HINT.split(": ", 1)[1], source)
    body = [row for page in _without_furniture(pages) for row in page]
    if not body:
        return []
    em = statistics.median(row.size for row in body)
    left = Counter(round(row.x0) for row in body).most_common(1)[0][0]
    right = _quantile([row.x1 for row in body], 0.9)
    return [Line(row.text, indented=row.x0 > left + _INDENT_BY * em,
                 short=row.x1 < right - _SHORT_BY * em) for row in body]


def _pages(data: bytes, source: str) -> list[list[_Row]]:
    # deferred: pdfplumber (pdfminer.six, pypdfium2, Pillow) takes 0.1 s to import, paid
    # only for a PDF
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [[_row(line) for line in page.extract_text_lines(return_chars=True)
                     if line["text"].strip()] for page in pdf.pages]
    except PDFPasswordIncorrect:
        raise InputError("this PDF is protected by a password: save an unprotected copy",
                         source) from None
    except Exception as err:  # a damaged file may fail anywhere inside pdfminer
        raise InputError(f"not a readable PDF ({type(err).__name__}: {err})", source) from None


def _row(line: dict) -> _Row:
    """A line where its ink is: an indent typed as spaces (　　) is an indent too."""
    inked = [char for char in line["chars"] if not char["text"].isspace()] or line["chars"]
    return _Row(line["text"], inked[0]["x0"], inked[-1]["x1"],
                statistics.median(char["size"] for char in inked))


def _without_furniture(pages: list[list[_Row]]) -> list[list[_Row]]:
    """Pages without the lines at their top and bottom that are page numbers or repeat
    on most pages (digits aside: 第3頁 and 第4頁 are one footer)."""
    edges = Counter()
    for page in pages:
        for row in {_shape(r.text) for r in page[:2] + page[-2:]}:
            edges[row] += 1
    repeated = {shape for shape, n in edges.items() if n >= 2 and n * 2 >= len(pages)}

    def furniture(row: _Row) -> bool:
        return bool(_BARE_NUMBER.match(row.text) or PAGE_NUMBER.match(row.text)) \
            or _shape(row.text) in repeated

    kept = []
    for page in pages:
        start, end = 0, len(page)
        while start < end and start < 2 and furniture(page[start]):
            start += 1
        while end > start and len(page) - end < 2 and furniture(page[end - 1]):
            end -= 1
        kept.append(page[start:end])
    return kept


def _shape(text: str) -> str:
    return _DIGITS.sub("#", "".join(text.split()))


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]
