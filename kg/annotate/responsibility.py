"""Responsibility annotations: who is charged with a task, in which role, by when.

A small grammar over the folded text of an annotation (in brackets, after a label, or
as field lines of their own):

    annotation := segment (";" | "。" segment)*
    segment    := [LABEL ":"] run ("," run)*          LABEL: 牽頭單位 配合單位 責任單位 完成時限 …
    run        := names [VERB]                        VERB: 牽頭 配合 負責 按職責分工負責 …
                | names "會同" names VERB
                | deadline                            2021年12月底前 · 長期堅持
    names      := name (("、" | "和" | "及") name)* ["等"]

A name is a collective unit even when it holds punctuation (各區、縣級市政府 ·
各省(自治區、直轄市)人民政府). Roles: a label or verb gives them (牽頭 → lead; 配合,
參與 → support); units without one are listed: the first of the annotation leads when
no unit is named lead, the others support."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.annotate import patterns as P
from kg.annotate import timex

_SEGMENT_SEP = re.compile(rf"[;。\r\n]|,(?=\s*(?:{P.ANY_LABEL.pattern}))")
_CONJUNCTION = re.compile(r"以及|和|及|与")
_RUN_SEP = re.compile(",")
_COLLECTIVE_HEAD = re.compile(r"^(各|有关|相关|市直|区直|省直|县直|其他|全市|全区|全省)")
_LEADING_NOISE = re.compile(r"^(?:由|请|以|各自)")
_TRAILING_NOISE = re.compile(r"(?:等单位|等部门|等)$")


@dataclass(frozen=True)
class WrittenUnit:
    """A unit's name as written in an annotation (offsets into the text)."""

    start: int
    end: int
    role: str | None  # lead, support, or None: by position in the list


@dataclass(frozen=True)
class Annotation:
    start: int  # the whole annotation, with its brackets
    end: int
    closed: bool
    units: tuple[WrittenUnit, ...]
    due: str

    def roles(self) -> list[str]:
        """lead/support of each unit: a listed unit leads when it comes first and no
        unit is named lead."""
        has_lead = any(u.role == "lead" for u in self.units)
        return [u.role or ("lead" if i == 0 and not has_lead else "support")
                for i, u in enumerate(self.units)]


def in_paragraph(folded: str, start: int, end: int) -> list[Annotation]:
    """The annotations of a paragraph: bracketed ones, and labelled ones without
    brackets (…。責任單位:市科技局。), in text order."""
    found = []
    taken_until = start
    for open_at, close_at in brackets(folded, start, end):
        inner_end = close_at if close_at is not None else end
        parsed = parse(folded, open_at + 1, inner_end, bracketed=True,
                       sentence_end=_ends_sentence(folded, close_at, end))
        if parsed:
            units, due = parsed
            stop = close_at + 1 if close_at is not None else end
            found.append(Annotation(open_at, stop, close_at is not None, units, due))
            taken_until = stop
    for label in P.ROLE_LABEL.finditer(folded, start, end):
        if label.start() < taken_until or any(a.start <= label.start() < a.end for a in found):
            continue
        stop = _sentence_end(folded, label.start(), end)
        if parsed := parse(folded, label.start(), stop, bracketed=False):
            found.append(Annotation(label.start(), stop, True, *parsed))
    return sorted(found, key=lambda a: a.start)


def in_fields(folded: str, start: int, end: int) -> Annotation | None:
    """Field lines of their own: 牽頭單位:… / 配合單位:… / 完成時限:…"""
    parsed = parse(folded, start, end, bracketed=False)
    return Annotation(start, end, True, *parsed) if parsed else None


def parse(folded: str, start: int, end: int, *, bracketed: bool, sentence_end: bool = True
          ) -> tuple[tuple[WrittenUnit, ...], str] | None:
    """The units and deadline of an annotation's content, or None when the content is
    not an annotation (a note such as (以下簡稱…) or (2019—2021年))."""
    units: list[WrittenUnit] = []
    due, labelled, verbed = "", False, False
    for seg_start, seg_end in _spans(_SEGMENT_SEP, folded, start, end):
        label = P.ANY_LABEL.match(folded, _skip_blank(folded, seg_start, seg_end), seg_end)
        role = None
        if label:
            labelled = True
            if label.group(1) in P.DUE_LABELS:
                due = due or timex.deadline(folded[label.end():seg_end])
                continue
            role, seg_start = _label_role(label.group(1)), label.end()
        for run_start, run_end in _spans(_RUN_SEP, folded, seg_start, seg_end):
            read = _run(folded, run_start, run_end, role, labelled=bool(label))
            if read is not None:
                units += read[0]
                verbed = verbed or read[1]
            elif when := timex.deadline(folded[run_start:run_end]):
                due = due or when
            elif not units and not due:
                return None  # prose, not an annotation
            # else: a note after the units (具體任務均涉及…, 下同): not a unit
    if not units and not due:
        return None
    if not (labelled or verbed or (bracketed and sentence_end and units)):
        return None
    return tuple(units), due


def _run(folded: str, start: int, end: int, role: str | None, *, labelled: bool
         ) -> tuple[list[WrittenUnit], bool] | None:
    """The units of a run and whether a role verb named their role; None when the run
    is not a list of unit names (under a label, any name is taken: it is warned later
    if the reference data lacks it)."""
    start, end = _strip(folded, start, end)
    if start >= end:
        return [], False
    verb = P.ROLE_VERB.search(folded[start:end])
    verbed = bool(verb) and verb.start() > 0
    if verbed:
        end = start + verb.start()
        role = _verb_role(verb.group(1), role)
    together = folded.find(P.TOGETHER_WITH, start, end)
    if verbed and together > start:
        lead = names(folded, start, together, "lead")
        support = names(folded, together + len(P.TOGETHER_WITH), end, "support")
        return (lead + support, True) if lead and support else None
    found = names(folded, start, end, role)
    if found and (labelled or _all_units(folded, found)):
        return found, verbed
    return None


def _all_units(folded: str, found: list[WrittenUnit]) -> bool:
    """Every name looks like a unit's; short ones may lack the suffix the last shares
    (坪山、龍崗區政府)."""
    shared = bool(P.SHARED_SUFFIX.search(folded[found[-1].start:found[-1].end]))
    return all(unit_like(folded[u.start:u.end]) or (shared and u.end - u.start <= 4)
               for u in found)


def names_only(folded: str, start: int, end: int) -> bool:
    """A line that is nothing but unit names (市財政局、市科技局)."""
    start, end = _strip(folded, start, end)
    found = names(folded, start, end)
    return bool(found) and _all_units(folded, found) and not any(
        ch in folded[start:end] for ch in "。;")


def cell(folded: str, start: int, end: int, role: str | None) -> list[WrittenUnit]:
    """The units of a table cell (牽頭單位, 配合單位): every name takes the column's role."""
    found = []
    for run_start, run_end in _spans(_RUN_SEP, folded, start, end):
        found += names(folded, *_strip(folded, run_start, run_end), role)
    return found


def names(folded: str, start: int, end: int, role: str | None = None) -> list[WrittenUnit]:
    """Unit names separated by 、 (or 和 between two unit names; 等和), collectives whole."""
    found, at = [], start
    while at < end:
        at = _skip_separators(folded, at, end)
        if at >= end:
            break
        if collective := P.COLLECTIVE.match(folded, at, end):
            stop = collective.end()
        else:
            stop = _next_separator(folded, at, end)
        s, e = _clean(folded, at, stop)
        if e > s and not P.NOT_UNITS.match(folded[s:e]):
            found.append(WrittenUnit(s, e, role))
        at = stop
    return found


def _next_separator(folded: str, at: int, end: int) -> int:
    comma = folded.find("、", at, end)
    stop = comma if comma >= 0 else end
    for conj in _CONJUNCTION.finditer(folded, at, stop):
        left = folded[at:conj.start()]
        right = folded[conj.end():stop]
        if left.endswith("等") or (P.UNIT_END.search(left) and unit_like(right)):
            return conj.start()
    return stop


def _skip_separators(folded: str, at: int, end: int) -> int:
    while at < end:
        if folded[at] in "、 \t":
            at += 1
        elif m := _CONJUNCTION.match(folded, at, end):
            at = m.end()
        else:
            break
    return at


def _clean(folded: str, start: int, end: int) -> tuple[int, int]:
    start, end = _strip(folded, start, end)
    if m := _LEADING_NOISE.match(folded, start, end):
        start = m.end()
    if m := _TRAILING_NOISE.search(folded[start:end]):
        end = start + m.start()
    return _strip(folded, start, end)


def _strip(folded: str, start: int, end: int) -> tuple[int, int]:
    while start < end and folded[start] in " \t、,":
        start += 1
    while end > start and folded[end - 1] in " \t、,.。":
        end -= 1
    return start, end


def unit_like(name: str) -> bool:
    name = name.strip()
    return bool(name) and len(name) <= 40 and (
        bool(P.UNIT_END.search(_TRAILING_NOISE.sub("", name)))
        or bool(_COLLECTIVE_HEAD.match(name)) or bool(P.COLLECTIVE.fullmatch(name)))


def _label_role(label: str) -> str | None:
    if label in P.LEAD_LABELS:
        return "lead"
    if label in P.SUPPORT_LABELS:
        return "support"
    return None


def _verb_role(verb: str, label_role: str | None) -> str | None:
    if verb in P.LEAD_VERBS:
        return "lead"
    if verb in P.SUPPORT_VERBS:
        return "support"
    return label_role


def _spans(separator: re.Pattern, folded: str, start: int, end: int):
    at = start
    for m in separator.finditer(folded, start, end):
        if _depth(folded, at, m.start()) == 0:
            yield at, m.start()
            at = m.end()
    yield at, end


def _depth(folded: str, start: int, end: int) -> int:
    depth = 0
    for ch in folded[start:end]:
        if ch in P.OPEN_BRACKETS:
            depth += 1
        elif ch in P.CLOSE_BRACKETS:
            depth = max(0, depth - 1)
    return depth


def _skip_blank(folded: str, start: int, end: int) -> int:
    while start < end and folded[start] in " \t":
        start += 1
    return start


def brackets(folded: str, start: int, end: int):
    """(open, close) of each outermost bracket pair; close is None when the bracket is
    never closed before the end of the paragraph."""
    at = start
    while at < end:
        open_at = next((i for i in range(at, end) if folded[i] in P.OPEN_BRACKETS), None)
        if open_at is None:
            return
        depth, close_at = 0, None
        for i in range(open_at, end):
            if folded[i] in P.OPEN_BRACKETS:
                depth += 1
            elif folded[i] in P.CLOSE_BRACKETS:
                depth -= 1
                if depth == 0:
                    close_at = i
                    break
        yield open_at, close_at
        if close_at is None:
            return
        at = close_at + 1


def _ends_sentence(folded: str, close_at: int | None, end: int) -> bool:
    if close_at is None:
        return True
    rest = folded[close_at + 1:end].lstrip()
    return not rest or rest[0] in "。;.,"


def _sentence_end(folded: str, start: int, end: int) -> int:
    stop = folded.find("。", start, end)
    return stop if stop >= 0 else end
