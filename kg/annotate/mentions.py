"""Places and institutions named in task paragraphs, found with the gazetteer."""

from __future__ import annotations

from kg.document import Document, EntityMention, TaskSpan, UnitListSpan
from kg.gazetteer import Gazetteer


def annotate_mentions(doc: Document, folded: str, gazetteer: Gazetteer) -> Document:
    mentions: list[EntityMention] = []
    lists = doc.of(UnitListSpan)
    seen: set[tuple[int, int]] = set()
    for task in doc.of(TaskSpan):
        end = min((u.start for u in lists if task.start <= u.start < task.end), default=task.end)
        for start, stop, entry in gazetteer.mentions(folded, task.start, end):
            if (start, stop) in seen:
                continue
            seen.add((start, stop))
            text = doc.text[start:stop]
            mentions.append(EntityMention(start, stop, text, name=text, ref=str(entry.iri),
                                          entity_type=entry.kind))
    return doc.with_spans(mentions)
