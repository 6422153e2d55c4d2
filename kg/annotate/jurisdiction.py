"""Jurisdiction: whose plan this is (a city, a province, the State Council) and of which
year, so that 市科技局 resolves to that city's bureau of that year, never to another's.

Read from the issuer, the 文號's prefix (穗, 深, 粵, 國辦發) or the place the title
starts with; written as a header field (a person may correct it in the annotation file):
the place's IRI when the reference data has it, else its name (杭州市)."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from kg.document import Document, HeaderField
from kg.gazetteer import Gazetteer, Jurisdiction

FIELD = "jurisdiction"


@dataclass(frozen=True)
class Context:
    """What resolving a unit's name depends on."""

    within: Jurisdiction | URIRef | None
    year: int | None


def annotate_jurisdiction(doc: Document, gazetteer: Gazetteer) -> Document:
    fields = {f.name: f for f in doc.of(HeaderField)}
    found = gazetteer.jurisdiction_of(
        issuer=_value(fields, "issuer"), number=_value(fields, "number"),
        title=_value(fields, "title"))
    source = next((fields[n] for n in ("issuer", "number", "title") if n in fields), None)
    if found is None or source is None:
        return doc
    value = str(found.iri) if found.iri is not None else found.name
    return doc.with_spans([HeaderField(source.start, source.end, source.text, name=FIELD,
                                       value=value)])


def context(doc: Document, gazetteer: Gazetteer) -> Context:
    """The jurisdiction and year a document's unit names are resolved in: the year it was
    issued, else the first year of its period."""
    fields = {f.name: f for f in doc.of(HeaderField)}
    year = None
    if "date" in fields:
        year = int(fields["date"].value[:4])
    elif "period" in fields:
        year = int(fields["period"].value[:4])
    written = _value(fields, FIELD)
    if written is None:
        return Context(None, year)
    if written.startswith(("http://", "https://")):
        return Context(URIRef(written), year)
    return Context(gazetteer.jurisdiction_of(title=written) or
                   Jurisdiction(written, None, None), year)


def _value(fields: dict[str, HeaderField], name: str) -> str | None:
    return fields[name].value if name in fields else None
