"""Places and institutions named in task paragraphs: the gazetteer first, then name
patterns for the names it lacks.

A pattern name must start with a place the gazetteer knows (廣州…, 南沙…, 粵港澳…)
and end with an institution's or a zone's word (…大學, …研究院, …實驗室, …中心,
…科學城, …園區); generic phrases (產業創新中心, 世界一流高科技園區) carry no place
and are left alone. Such names are kept as unresolved mentions."""

from __future__ import annotations

import re

from kg.document import Document, EntityMention, TaskSpan, UnitListSpan
from kg.gazetteer import Gazetteer

_INSTITUTION_WORDS = "大学|学院|研究院|研究所|研究中心|实验室|创新中心|技术中心|中心"
_ZONE_WORDS = "科学城|园区|产业园|基地|新区|试验区|示范区"
_BODY = r"[^,、。;:“”《》()\s—]{0,16}?"
_AFTER = r"(?=[,、。;:“”《》()]|[和及与等]|建设|发展|$)"


def annotate_mentions(doc: Document, folded: str, gazetteer: Gazetteer) -> Document:
    mentions: list[EntityMention] = []
    lists = doc.of(UnitListSpan)
    pattern = _name_pattern(gazetteer)
    taken: list[tuple[int, int]] = []
    reach = 0  # the furthest end of a mention taken
    for task in doc.of(TaskSpan):
        if task.start >= reach:  # no mention taken before reaches into this task
            taken = []
        end = min((u.start for u in lists if task.start <= u.start < task.end), default=task.end)
        for start, stop, entry in gazetteer.mentions(folded, task.start, end):
            if _free(taken, start, stop):
                taken.append((start, stop))
                reach = max(reach, stop)
                mentions.append(_mention(doc, start, stop, str(entry.iri), entry.kind))
        for m in pattern.finditer(folded, task.start, end):
            start, stop = m.span("name")
            if _free(taken, start, stop):
                taken.append((start, stop))
                reach = max(reach, stop)
                kind = "institution" if m.group("institution") else "place"
                mentions.append(_mention(doc, start, stop, None, kind))
    return doc.with_spans(mentions)


def _mention(doc: Document, start: int, stop: int, ref: str | None, kind: str) -> EntityMention:
    text = doc.text[start:stop]
    return EntityMention(start, stop, text, name=text, ref=ref, entity_type=kind)


def _free(taken: list[tuple[int, int]], start: int, stop: int) -> bool:
    return not any(a < stop and start < b for a, b in taken)


def _name_pattern(gazetteer: Gazetteer) -> re.Pattern:
    heads = "|".join(map(re.escape, gazetteer.place_heads()))
    return re.compile(
        rf"(?P<name>(?:{heads}){_BODY}"
        rf"(?:(?P<institution>{_INSTITUTION_WORDS})|(?P<zone>{_ZONE_WORDS})))" + _AFTER)
