"""Responsible units: each name of each annotation, with its rank, role and resolution.

`市發展改革委、科技局` is 市發展改革委 + 市科技局 (a prefix is shared forward along a
、-run); `海珠、黃埔區政府` is 海珠區政府 + 黃埔區政府 (a district suffix is shared back).
Ranks and roles are counted over all the annotations of one task (a table row's lead
and support cells, a paragraph's field lines). A name the reference data lacks is kept,
unresolved, with a warning."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.annotate import patterns as P
from kg.annotate import responsibility
from kg.annotate.jurisdiction import Context, context
from kg.annotate.responsibility import WrittenUnit
from kg.document import (
    Diagnostic,
    Document,
    HeaderField,
    Span,
    TaskGroupSpan,
    TaskSpan,
    UnitListSpan,
    UnitMention,
    line_spans,
)
from kg.gazetteer import Gazetteer

_OWN_HEADS = re.compile(r"^(国家|中央|中共|中国|全国|各|有关|相关|团|共青团|人民银行|海关)")
_TABLE_ROLES = {"lead": "lead", "support": "support", "listed": None}


@dataclass(frozen=True)
class _Named:
    unit: WrittenUnit
    name: str  # folded, prefix and suffix restored
    shown: str  # as the document writes it, prefix and suffix restored


def annotate_units(doc: Document, folded: str, gazetteer: Gazetteer) -> Document:
    where = context(doc, gazetteer)
    unresolved: dict[str, list[int]] = {}  # name → where it is written
    mentions: list[UnitMention] = []
    warnings: list[Diagnostic] = []
    for _, lists in _by_task(doc):
        written = [u for unit_list in lists for u in _written(folded, unit_list)]
        named = _restored(doc, folded, written, gazetteer)
        has_lead = any(n.unit.role == "lead" for n in named)
        for rank, item in enumerate(named, 1):
            unit = item.unit
            role = unit.role or ("lead" if rank == 1 and not has_lead else "support")
            entry = _resolve(gazetteer, where, item.name, folded[unit.start:unit.end])
            if entry is None:
                unresolved.setdefault(item.shown, []).append(unit.start)
            mentions.append(UnitMention(unit.start, unit.end, doc.text[unit.start:unit.end],
                                        name=item.shown, role=role, rank=rank,
                                        ref=str(entry.iri) if entry else None))
    warnings += [_unresolved_warning(doc, name, at) for name, at in unresolved.items()]
    warnings += _unread_names(doc, folded, gazetteer, where)
    return doc.with_spans(mentions, warnings)


def _unresolved_warning(doc: Document, name: str, offsets: list[int]) -> Diagnostic:
    """One warning a unit name, where it is first written."""
    times = f" (named {len(offsets)} times)" if len(offsets) > 1 else ""
    return doc.warn(f"unit {name!r} is not in the reference data; kept as an unresolved "
                    f"unit{times}", offsets[0])


_PIECES = re.compile(r"[^、,;:和及与()\s]+")


def _unread_names(doc: Document, folded: str, gazetteer: Gazetteer, where: Context
                  ) -> list[Diagnostic]:
    """Parentheses, and lines of names only, that name known units but were not read as
    responsibility annotations: said, so that a person can look."""
    title = next((f for f in doc.of(HeaderField) if f.name == "title"), None)
    said = []
    body_end = doc.body_end()
    for start, end in line_spans(doc.text):
        if (title is not None and start <= title.end) or start >= body_end:
            continue
        stretches = [(o, c + 1) for o, c in responsibility.brackets(folded, start, end)
                     if c is not None]
        if end - start <= 60 and not P.ANY_LABEL.search(folded, start, end):
            stretches.append((start, end))
        for s, e in stretches:
            if doc.overlaps(UnitListSpan, s, e):
                continue
            known = [doc.text[p.start() + k[0]:p.start() + k[1]]
                     for p in _PIECES.finditer(folded, s, e)
                     if (k := _known_unit_in(gazetteer, where, p.group(0)))]
            whole = (s, e) == (start, end)
            if known and (not whole or all(responsibility.unit_like(p.group(0)) for p in
                                           _PIECES.finditer(folded, s, e))):
                said.append(doc.warn(f"{doc.text[s:e].strip()[:40]!r} names {known[0]} but "
                                     "was not read as a responsibility annotation", s))
    return said


def _known_unit_in(gazetteer: Gazetteer, where: Context, text: str
                   ) -> tuple[int, int] | None:
    """Where the first known unit name inside TEXT is (由市科技局組織實施: 市科技局)."""
    for j, ch in enumerate(text):
        if ch in "局委办厅部署院会行府":
            for i in range(max(0, j - 15), j - 1):
                if gazetteer.lookup(text[i:j + 1], "unit", within=where.within,
                                    year=where.year):
                    return i, j + 1
    return None


def _by_task(doc: Document) -> list[tuple[Span | None, list[UnitListSpan]]]:
    """The unit lists of the document, grouped by the innermost task (or task group)
    that holds them: ranks and roles are counted over a group."""
    holders = sorted([*doc.of(TaskSpan), *doc.of(TaskGroupSpan)], key=lambda s: s.end - s.start)
    groups: dict[object, tuple[Span | None, list[UnitListSpan]]] = {}
    for unit_list in doc.of(UnitListSpan):
        holder = next((h for h in holders if h.start <= unit_list.start and
                       unit_list.end <= h.end), None)
        key = (holder.start, holder.end) if holder else (unit_list.start, unit_list.end)
        groups.setdefault(key, (holder, []))[1].append(unit_list)
    return list(groups.values())


def _written(folded: str, unit_list: UnitListSpan) -> list[WrittenUnit]:
    if unit_list.column:  # a table cell: every name in it has the column's role
        return responsibility.cell(folded, unit_list.start, unit_list.end,
                                   _TABLE_ROLES[unit_list.column])
    bracketed = folded[unit_list.start] in P.OPEN_BRACKETS
    start = unit_list.start + 1 if bracketed else unit_list.start
    end = unit_list.end - 1 if bracketed and unit_list.closed else unit_list.end
    parsed = responsibility.parse(folded, start, end, bracketed=bracketed)
    return list(parsed[0]) if parsed else []


def _restored(doc: Document, folded: str, units: list[WrittenUnit], gazetteer: Gazetteer
              ) -> list[_Named]:
    """Share a prefix forward and a district suffix back within each 、-run. 國家 is
    shared only where the reference data knows the name it makes (國家發展改革委、
    能源局 → 國家能源局, but not 國家工業和信息化部)."""
    places = _place_heads(gazetteer)
    runs: list[list[WrittenUnit]] = []
    for unit in units:
        if runs and folded[runs[-1][-1].end:unit.start].strip() == "、":
            runs[-1].append(unit)
        else:
            runs.append([unit])
    named = []
    for run in runs:
        names = [folded[u.start:u.end] for u in run]
        prefix = _prefix(names[0])
        last = run[-1]
        suffix = None if names[-1].startswith("各") else P.SHARED_SUFFIX.search(names[-1])
        for unit, name in zip(run, names, strict=True):
            written = doc.text[unit.start:unit.end]
            if prefix and unit is not run[0] and not _has_own_head(name, places) and (
                    prefix != "国家" or _takes_national(gazetteer, name)):
                name, written = prefix + name, doc.text[run[0].start:run[0].start + len(prefix)] \
                    + written
            if suffix and unit is not last and (cut := _suffix_cut(name, suffix)) is not None:
                name += names[-1][cut:]
                written += doc.text[last.start + cut:last.end]
            named.append(_Named(unit, name, written))
    return named


def _takes_national(gazetteer: Gazetteer, name: str) -> bool:
    """能源局 after 國家發展改革委 is 國家能源局; 市場監管總局 is whole as written."""
    return bool(gazetteer.lookup("国家" + name, "unit", within=None)) and \
        gazetteer.lookup(name, "unit", within=None) is None


def _prefix(name: str) -> str:
    if P.NOT_A_PREFIX.match(name):
        return ""
    return next((p for p in (*P.SHARED_PREFIXES, "国家") if name.startswith(p)), "")


def _has_own_head(name: str, places: tuple[str, ...]) -> bool:
    """A name that needs no shared prefix: it has one (市科技局, 國家統計局), names its
    place (廣東證監局) or is a district (海珠區)."""
    if P.NOT_A_PREFIX.match(name):
        return False
    return name.startswith(P.SHARED_PREFIXES) or bool(_OWN_HEADS.match(name)) or \
        bool(P.SHARED_SUFFIX.search(name)) or name.endswith(("区", "县")) or \
        name.startswith(places)


@lru_cache(maxsize=4)
def _place_heads(gazetteer: Gazetteer) -> tuple[str, ...]:
    """Place names a unit's name may start with (廣東, 深圳), without their 省/市."""
    heads = set()
    for head in gazetteer.place_heads():
        heads.add(head)
        if len(head) >= 3 and head[-1] in "省市区县":
            heads.add(head[:-1])
    return tuple(sorted(heads, key=len, reverse=True))


def _suffix_cut(name: str, suffix: re.Match) -> int | None:
    """Where the shared suffix starts in the last name, for a name that lacks it: 海珠區
    takes 政府, 海珠 takes 區政府; 市科技局 takes nothing (None)."""
    place_char = suffix.group(1)
    if place_char and name.endswith(place_char):
        return suffix.start(2)
    if len(name) <= 4 and not P.UNIT_END.search(name):
        return suffix.start()
    return None


def _resolve(gazetteer: Gazetteer, where: Context, name: str, written: str):
    for candidate in (name, written, "市" + written):
        if entry := gazetteer.lookup(candidate, "unit", within=where.within, year=where.year):
            return entry
    return None
