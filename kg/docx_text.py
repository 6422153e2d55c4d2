"""Text: the paragraphs and tables of a Word (.docx) file, in document order, as lines
for kg.reflow.

python-docx reads the file. Word often keeps a plan's numbering (一、 (一) 1.) as list
formatting outside the text; ``Numbering`` renders it as the text Word shows, from the
file's numbering definitions (numFmt, lvlText, start, restarts, overrides). A table is
written one row a line with its cells separated by tabs, as the parser reads tables; a
soft line break inside a paragraph is a break kg.reflow may join.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from kg.errors import InputError
from kg.reflow import SHORT_PIECE, Line

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN_DIGITS = "〇一二三四五六七八九"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"


def lines(data: bytes, source: str) -> list[Line]:
    # deferred: python-docx takes 0.1 s to import, paid only for a Word file
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
        numbering = Numbering.of(document)
        found: list[Line] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                found += [Line(row) for row in _rows(block)]
            else:
                found += _paragraph(block, numbering)
    except Exception as err:  # a damaged file may fail anywhere inside python-docx or lxml
        raise InputError(f"not a readable Word file ({type(err).__name__}: {err})",
                         source) from None
    return found


def _paragraph(paragraph, numbering: Numbering) -> list[Line]:
    """A paragraph with its list number as text; its soft line breaks split it into
    pieces that may join again."""
    label = numbering.label(paragraph)
    pieces = (label + paragraph.text).split("\n")
    indent = paragraph.paragraph_format.first_line_indent
    return [Line(piece, indented=i == 0 and bool(indent and indent > 0),
                 short=i == len(pieces) - 1 or len(piece.strip()) < SHORT_PIECE)
            for i, piece in enumerate(pieces)]


def _rows(table) -> list[str]:
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:  # a merged cell comes once for each grid column it spans
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()))
        rows.append("\t".join(cells))
    return rows


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # restart after this level (0-based); None: any above
    legal: bool = False
    suffix: str = "tab"


@dataclass
class Numbering:
    """The list numbering of one document: the levels of each list (numId) and the
    counters as the paragraphs go by."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    styles: dict[str, tuple[str, int]] = field(default_factory=dict)  # style id → numId, ilvl
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, document) -> Numbering:
        numbering = cls()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return numbering
        abstract = {a.get(f"{_W}abstractNumId"): _levels(a)
                    for a in root.iter(f"{_W}abstractNum")}
        for num in root.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            levels = dict(abstract.get(ref.get(f"{_W}val") if ref is not None else "", {}))
            for override in num.iter(f"{_W}lvlOverride"):
                ilvl = int(override.get(f"{_W}ilvl", "0"))
                lvl = override.find(f"{_W}lvl")
                if lvl is not None:
                    levels[ilvl] = _level(lvl)
                start = override.find(f"{_W}startOverride")
                if start is not None and ilvl in levels:
                    levels[ilvl] = _Level(**{**levels[ilvl].__dict__,
                                             "start": int(start.get(f"{_W}val"))})
            numbering.levels[num.get(f"{_W}numId")] = levels
        for style in document.styles.element.iter(f"{_W}style"):
            num_pr = style.find(f"{_W}pPr/{_W}numPr")
            if num_pr is not None:
                numbering.styles[style.get(f"{_W}styleId")] = _num_pr(num_pr)
        return numbering

    def label(self, paragraph) -> str:
        """The number Word shows before PARAGRAPH ("" for none), and counts it."""
        num_pr = paragraph._p.find(f"{_W}pPr/{_W}numPr")
        num_id, ilvl = _num_pr(num_pr) if num_pr is not None else (None, 0)
        if num_id is None:
            style = paragraph._p.find(f"{_W}pPr/{_W}pStyle")
            num_id, ilvl = self.styles.get(style.get(f"{_W}val") if style is not None else "",
                                           (None, 0))
        levels = self.levels.get(num_id or "")
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else levels[ilvl].start
        for deeper in [d for d in counters if d > ilvl]:
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or restart >= ilvl:
                del counters[deeper]
        level = levels[ilvl]
        if level.fmt == "bullet":
            return ""
        text = level.text
        for k in range(9, 0, -1):
            if f"%{k}" in text:
                at = levels.get(k - 1, _Level())
                value = counters.get(k - 1, at.start)
                text = text.replace(f"%{k}", _format(value, "decimal" if level.legal and
                                                     k - 1 != ilvl else at.fmt))
        gap = " " if level.suffix != "nothing" and text[-1:].isalnum() else ""
        return text + gap


def _num_pr(num_pr) -> tuple[str | None, int]:
    num_id = num_pr.find(f"{_W}numId")
    ilvl = num_pr.find(f"{_W}ilvl")
    value = num_id.get(f"{_W}val") if num_id is not None else None
    return (None if value in (None, "0") else value,
            int(ilvl.get(f"{_W}val")) if ilvl is not None else 0)


def _levels(abstract) -> dict[int, _Level]:
    return {int(lvl.get(f"{_W}ilvl", "0")): _level(lvl) for lvl in abstract.iter(f"{_W}lvl")}


def _level(lvl) -> _Level:
    def val(tag: str, default=None):
        found = lvl.find(f"{_W}{tag}")
        return found.get(f"{_W}val", default) if found is not None else default

    restart = val("lvlRestart")
    return _Level(start=int(val("start", "1")), fmt=val("numFmt", "decimal"),
                  text=val("lvlText", ""),
                  restart=int(restart) - 1 if restart is not None else None,
                  legal=lvl.find(f"{_W}isLgl") is not None, suffix=val("suff", "tab"))


def _format(n: int, fmt: str) -> str:
    """N written in Word's number format FMT."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting",
               "taiwaneseCounting", "taiwaneseCountingThousand", "chineseLegalSimplified"):
        return _chinese(n)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_CN_DIGITS[int(d)] for d in str(n))
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return _TIANGAN[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(ord("①") + n - 1)
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(ord("⑴") + n - 1)
    if fmt == "decimalEnclosedFullstop" and 1 <= n <= 20:
        return chr(ord("⒈") + n - 1)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord("０") + int(d)) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).lower() if fmt == "lowerRoman" else _roman(n)
    if fmt == "none":
        return ""
    return str(n)


def _chinese(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五."""
    if n <= 0 or n >= 1000:
        return str(n)
    hundreds, tens, ones = n // 100, n // 10 % 10, n % 10
    text = f"{_CN_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        text += ("" if tens == 1 and not hundreds else _CN_DIGITS[tens]) + "十"
    elif hundreds and ones:
        text += "零"
    return text + (_CN_DIGITS[ones] if ones else "")


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out += numeral * count
    return out
