"""Annotate: typed spans over the exact text of a Document.

The components run in order, each reading what the ones before it added:
header → jurisdiction → structure (outline, responsibility annotations, tables) →
targets → units → mentions.
"""

from __future__ import annotations

from dataclasses import replace

from kg.annotate.header import annotate_header
from kg.annotate.jurisdiction import annotate_jurisdiction
from kg.annotate.mentions import annotate_mentions
from kg.annotate.structure import annotate_structure
from kg.annotate.targets import annotate_targets
from kg.annotate.timex import Period, period_in
from kg.annotate.units import annotate_units
from kg.document import Document, HeaderField
from kg.gazetteer import Gazetteer, default_gazetteer
from kg.read import fold


def annotate(doc: Document, gazetteer: Gazetteer | None = None) -> Document:
    gazetteer = gazetteer or default_gazetteer()
    folded = fold(doc.text)
    doc, body_start = annotate_header(doc, folded)
    doc = annotate_jurisdiction(doc, gazetteer)
    doc = annotate_structure(doc, folded, body_start)
    doc = annotate_targets(doc, folded, period(doc, folded))
    doc = annotate_units(doc, folded, gazetteer)
    doc = annotate_mentions(doc, folded, gazetteer)
    return replace(doc, diagnostics=tuple(sorted(doc.diagnostics,
                                                 key=lambda d: (d.line, d.column))))


def period(doc: Document, folded: str) -> Period:
    """The plan's period: from its title, else from the title line's text."""
    found = next((f for f in doc.of(HeaderField) if f.name == "period"), None)
    if found:
        start, end = found.value.split("-")
        return Period(int(start), int(end))
    title = next((f for f in doc.of(HeaderField) if f.name == "title"), None)
    return period_in(folded[title.start:title.end]) if title else Period(None, None)
