"""Targets: each number-bearing clause of a goal block, with indicator, value, range,
unit of measure, year, comparator, aspirational flag and kind (overall or milestone)."""

from __future__ import annotations

import re
from decimal import Decimal

from kg.annotate import patterns as P
from kg.document import Diagnostic, Document, GoalSpan, TargetSpan, line_spans

_NUMBER = (r"(?<![\d.])(\d+(?:\.\d+)?)(?:\s*[~\-—至到]\s*(\d+(?:\.\d+)?))?\s*"
           r"(?:(亿元|万元)|(万|亿)?(元|家|个|人|项|平方米|%|所|名|台|套|件|次|款|篇))"
           r"(以上|左右|以内|以下)?")
TARGET = re.compile(_NUMBER + "|(零的突破)")
CLAUSE = re.compile(r"[^,;。:]+")
ASPIRATION = re.compile(r"力争|争取|争创")
_LEAD_WORDS = re.compile(
    r"^(?:[、和及,]|全市|力争|争取|争创|筹建|建设|创建|建成|遴选|重点支持|支持|实现|新增|"
    r"培育|引进|打造|累计|形成|达到)+")
_TRAIL_WORDS = re.compile(r"(?:达到|达|不超过|不高于|超过|突破|不少于|不低于|增加到|提高到|"
                          r"提升到|为|建设|落户\S{0,4})$")
# 不超过 before 超过: the first word the text ends with wins.
_COMPARATOR_BEFORE = (("不少于", ">="), ("不低于", ">="), ("不超过", "<="), ("不高于", "<="),
                      ("超过", ">"), ("突破", ">"), ("达到", "="), ("达", "="))
_COMPARATOR_AFTER = {"以上": ">=", "左右": "≈", "以内": "<=", "以下": "<="}
_MAGNITUDE = {"万": Decimal(10000), "亿": Decimal(100000000)}
_UNIT_WRITTEN = {  # folded unit → as the zh-Hant reference writes it
    "个": "個", "项": "項", "亿元": "億元", "万元": "萬元",
}


def annotate_targets(doc: Document, folded: str, period_end: int | None) -> Document:
    spans: list[TargetSpan] = []
    warnings: list[Diagnostic] = []
    for goal in doc.of(GoalSpan):
        year = None
        for number, (line_start, line) in enumerate(_lines(folded, goal)):
            # The first line of a goal block is its overall sentence, even when it
            # opens with a year (到2021年末,…); year lines after it are milestones.
            milestone = None if goal.overall or number == 0 else P.MILESTONE.match(line)
            kind = "milestone" if milestone else "overall"
            offset = milestone.end() if milestone else 0
            if milestone:
                year = int(milestone.group(1))
            for clause in CLAUSE.finditer(line, offset):
                marks = list(P.YEAR_MARK.finditer(line, clause.start(), clause.end() + 1))
                if marks and not milestone:
                    year = int(marks[-1].group(1) or marks[-1].group(2))
                found = _targets_in(doc, folded, line_start + clause.start(),
                                    clause.group(0), year or period_end, kind)
                if found and not (year or period_end):
                    warnings.append(doc.warn("target without a year", found[0].start))
                spans += [t for t in found if t.year]
    return doc.with_spans(spans, warnings)


def _lines(folded: str, goal: GoalSpan):
    for start, end in line_spans(folded[goal.start:goal.end], goal.start):
        yield start, folded[start:end]


def _targets_in(doc: Document, folded: str, at: int, clause: str, year: int | None,
                kind: str) -> list[TargetSpan]:
    aspiration = ASPIRATION.search(clause)
    found, prev_end = [], 0
    matches = list(TARGET.finditer(clause))
    for i, m in enumerate(matches):
        ind_start, ind_end = _indicator(clause, prev_end, m.start())
        number_first = ind_start == ind_end
        if number_first:
            next_start = matches[i + 1].start() if i + 1 < len(matches) else len(clause)
            ind_start, ind_end = _noun_after(clause, m.end(), next_start)
        value, value_max, unit, comparator = _measure(m, clause[prev_end:m.start()])
        start = at + min(ind_start, m.start())
        end = at + max(ind_end, m.end())
        found.append(TargetSpan(
            start, end, doc.text[start:end],
            indicator=doc.text[at + ind_start:at + ind_end],
            value=value, value_max=value_max, unit=unit, year=year or 0,
            comparator=comparator,
            aspirational=bool(aspiration and aspiration.start() < m.start()),
            target_kind=kind))
        prev_end = max(m.end(), ind_end if number_first else m.end())
    return found


def _indicator(clause: str, start: int, end: int) -> tuple[int, int]:
    text = clause[start:end]
    lead = _LEAD_WORDS.match(text)
    s = start + (lead.end() if lead else 0)
    trail = _TRAIL_WORDS.search(clause[s:end])
    e = s + (trail.start() if trail else end - s)
    return (s, e) if e > s else (end, end)


def _noun_after(clause: str, start: int, end: int) -> tuple[int, int]:
    text = clause[start:end]
    stop = text.find("、")
    e = start + (stop if stop >= 0 else len(text))
    trail = _TRAIL_WORDS.search(clause[start:e])
    return start, (start + trail.start() if trail else e)


def _measure(m: re.Match, before: str) -> tuple[Decimal, Decimal | None, str, str]:
    if m.group(7):  # 零的突破: at least one
        return Decimal(1), None, "個", ">="
    value, upper = Decimal(m.group(1)), m.group(2)
    money, magnitude, counted, after = m.group(3), m.group(4), m.group(5), m.group(6)
    scale = _MAGNITUDE.get(magnitude or "", Decimal(1))
    value_max = _plain(Decimal(upper) * scale) if upper else None
    unit = money or counted
    comparator = _COMPARATOR_AFTER.get(after or "") or next(
        (c for word, c in _COMPARATOR_BEFORE if before.rstrip().endswith(word)), "=")
    return _plain(value * scale), value_max, _UNIT_WRITTEN.get(unit, unit), comparator


def _plain(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
