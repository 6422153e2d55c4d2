"""Graph: ingest, an annotated Document becomes triples in its own named graph.

Every resource made from the text carries evidence (NIF offsets and the quoted text),
labels in the document's script and in the other one, and an IRI made from the document
id and its place in the document: no blank nodes.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from kg import iri
from kg.annotate.jurisdiction import FIELD as JURISDICTION
from kg.annotate.jurisdiction import context
from kg.document import (
    ActionSpan,
    Document,
    EntityMention,
    GoalSpan,
    HeaderField,
    PartSpan,
    SectionSpan,
    SourceFile,
    Span,
    TargetSpan,
    TaskGroupSpan,
    TaskSpan,
    UnitMention,
)
from kg.gazetteer import Gazetteer, default_gazetteer
from kg.namespace import ITSRDF, NIF, PK, UOM
from kg.read import is_traditional, number_key, to_script
from kg.vocab import CHANGES, COMPARATORS, RECURRENCES, ROLES, TARGET_KINDS, UNITS_OF_MEASURE

_ROLE_SHORTCUT = {"lead": PK.leadUnit, "support": PK.supportingUnit}
# the header fields whose span is evidence of the document, and the property each gives
_HEADER_PROPERTIES = {"number": DCTERMS.identifier, "title": DCTERMS.title,
                      "issuer": PK.issuer, "date": DCTERMS.issued,
                      "approved_by": PK.approvedBy, "addressees": PK.addressee,
                      "period": PK.periodStart}


def build_graph(doc: Document, gazetteer: Gazetteer | None = None) -> Graph:
    """The asserted triples of one annotated document, in graph <graph/doc/ID>."""
    builder = _Builder(doc, gazetteer or default_gazetteer())
    builder.build()
    return builder.graph


class _Builder:
    def __init__(self, doc: Document, gazetteer: Gazetteer) -> None:
        self.doc = doc
        self.gazetteer = gazetteer
        self.graph = Graph(store="SimpleMemory", identifier=iri.document_graph(doc.id))
        self.doc_iri = iri.document(doc.id)
        self.where = context(doc, gazetteer)

    def add(self, s, p, o) -> None:
        self.graph.add((s, p, o))

    def build(self) -> None:
        self.document()
        parts = self.doc.of(PartSpan)
        for part in parts:
            self.part(part)
        holders: dict[Span, URIRef] = {}
        in_part = _Holders(parts)
        for item in [*self.doc.of(ActionSpan), *self.doc.of(SectionSpan)]:
            holders[item] = self.action(item, in_part.first(item))
        in_action = _Holders([a for a in holders if isinstance(a, ActionSpan)])
        in_group = _Holders(self.doc.of(TaskGroupSpan))
        numbers: dict[Span, int] = {}
        for task in self.doc.of(TaskSpan):
            action = in_action.innermost(task)
            if action is not None:
                numbers[action] = numbers.get(action, 0) + 1
                self.task(holders[action], task, numbers[action], in_group.first(task))
        in_holder = _Holders(list(holders))
        for goal in self.doc.of(GoalSpan):
            owner = in_holder.innermost(goal)
            part = in_part.first(goal)
            self.goal(holders[owner] if owner else self.part_iri(part) if part else self.doc_iri,
                      goal)

    def labels(self, subject: URIRef, text: str, *props: URIRef) -> None:
        """The text in the document's script and, converted by OpenCC, in the other."""
        other = to_script(text, self.doc.other_script)
        for prop in props or (RDFS.label,):
            self.add(subject, prop, Literal(text, lang=self.doc.script))
            self.add(subject, prop, Literal(other, lang=self.doc.other_script))

    def evidence(self, subject: URIRef, span: Span) -> None:
        self.add(subject, PK.evidence, self.evidence_node(span))

    def evidence_node(self, span: Span, cls: URIRef = PK.Evidence) -> URIRef:
        ev = iri.evidence(self.doc.id, span.start, span.end)
        line, column = self.doc.position(span.start)
        self.add(ev, RDF.type, cls)
        self.add(ev, NIF.beginIndex, Literal(span.start, datatype=XSD.nonNegativeInteger))
        self.add(ev, NIF.endIndex, Literal(span.end, datatype=XSD.nonNegativeInteger))
        self.add(ev, NIF.anchorOf, Literal(span.text))
        self.add(ev, NIF.referenceContext, iri.context(self.doc.id))
        self.add(ev, PK.line, Literal(line))
        self.add(ev, PK.column, Literal(column))
        return ev

    def extracted(self, subject: URIRef, cls: URIRef, span: Span, ordinal: int | None = None):
        self.add(subject, RDF.type, cls)
        self.add(subject, PK.inDocument, self.doc_iri)
        if ordinal is not None:
            self.add(subject, PK.ordinal, Literal(ordinal))
        self.evidence(subject, span)

    # the document and its header
    def document(self) -> None:
        d, doc = self.doc_iri, self.doc
        self.add(d, RDF.type, PK.PolicyDocument)
        self.add(d, DCTERMS.language, Literal(doc.script))
        context = iri.context(doc.id)
        self.add(context, RDF.type, NIF.Context)
        self.add(context, NIF.isString, Literal(doc.text))
        self.add(context, NIF.sourceUrl, d)
        for field in doc.of(HeaderField):
            self.header_field(field)
        if doc.origin:
            self.source_file(doc.origin)

    def source_file(self, origin: SourceFile) -> None:
        """The file the text was read from: name, media type, SHA-256 of its bytes."""
        node = iri.source_file(self.doc.id)
        self.add(self.doc_iri, DCTERMS.source, node)
        self.add(node, RDF.type, PK.SourceFile)
        self.add(node, DCTERMS.title, Literal(origin.name))
        if origin.media_type:
            self.add(node, DCTERMS.format, Literal(origin.media_type))
        if origin.sha256:
            self.add(node, PK.sha256, Literal(origin.sha256))

    def header_field(self, field: HeaderField) -> None:
        """A field of the cover letter or title, with its evidence: the span it was read
        from, marked with the property it gives (pk:forProperty)."""
        d = self.doc_iri
        if field.name == "number":
            self.add(d, DCTERMS.identifier, Literal(field.value))
            # the 文號 as a `document` parameter is compared (kg.lookup): found by an
            # index look-up, not by reading every document's
            self.add(d, SKOS.hiddenLabel, Literal(number_key(field.value)))
        elif field.name == "title":
            self.labels(d, field.value, DCTERMS.title, RDFS.label)
        elif field.name == "date":
            self.add(d, DCTERMS.issued, Literal(field.value, datatype=XSD.date))
        elif field.name == "period":
            start, end = field.value.split("-")
            self.add(d, PK.periodStart, Literal(start, datatype=XSD.gYear))
            self.add(d, PK.periodEnd, Literal(end, datatype=XSD.gYear))
        elif field.name == "addressees":
            self.add(d, PK.addressee, Literal(field.value, lang=self.doc.script))
        elif field.name == "issuer":
            self.add(d, PK.issuer, self.unit_node(field.value, field))
        elif field.name == "approved_by":
            for name in field.value.replace(",", "、").split("、"):
                self.add(d, PK.approvedBy, self.unit_node(name.strip(), field))
        elif field.name == JURISDICTION and (place := self.jurisdiction_place()):
            self.add(d, DCTERMS.spatial, place)
        if field.name in _HEADER_PROPERTIES:
            ev = self.evidence_node(field)
            self.add(d, PK.evidence, ev)
            self.add(ev, PK.forProperty, _HEADER_PROPERTIES[field.name])

    def jurisdiction_place(self) -> URIRef | None:
        """The place the document governs: of the reference data, or a node of its own
        for a place the data lacks (杭州市), marked unresolved."""
        within = self.where.within
        if within is None or isinstance(within, URIRef):
            return within
        if within.iri is not None:
            return within.iri
        node = iri.unresolved_entity("place", within.name)
        self.add(node, RDF.type, PK.Place)
        self.add(node, PK.unresolved, Literal(True))
        self.labels(node, within.name, SKOS.prefLabel)
        if within.part_of is not None:
            self.add(node, PK.containedInPlace, within.part_of)
        return node

    def unit_node(self, name: str, span: Span) -> URIRef:
        """A unit of the reference data, resolved in the document's jurisdiction and year,
        or an unresolved unit of that jurisdiction."""
        entry = self.gazetteer.lookup(name, "unit", within=self.where.within,
                                      year=self.where.year)
        if entry:
            return entry.iri
        place = self.jurisdiction_place()
        scope = None if place is None else str(place).rsplit("/", 1)[-1]
        node = iri.unresolved_unit(name, scope)
        self.add(node, RDF.type, PK.Unit)
        self.add(node, PK.unresolved, Literal(True))
        self.labels(node, name, SKOS.prefLabel)
        if place is not None:
            self.add(node, PK.jurisdiction, place)
        return node

    def unresolved_entity(self, mention: EntityMention) -> URIRef:
        """A place or institution found by a name pattern, not in the reference data."""
        institution = mention.entity_type == "institution"
        node = iri.unresolved_entity("inst" if institution else "place", mention.name)
        self.add(node, RDF.type, PK.Institution if institution else PK.Zone)
        self.add(node, PK.unresolved, Literal(True))
        self.labels(node, mention.name, SKOS.prefLabel)
        return node

    # structure
    def part(self, part: PartSpan) -> None:
        node = iri.child(self.doc_iri, "part", part.ordinal)
        self.extracted(node, PK.Part, part, part.ordinal)
        self.add(self.doc_iri, PK.hasPart, node)
        self.add(node, PK.numbering, Literal(part.numbering))
        self.labels(node, part.title)

    def part_iri(self, part: PartSpan) -> URIRef:
        return iri.child(self.doc_iri, "part", part.ordinal)

    def action(self, action: ActionSpan | SectionSpan, part: PartSpan | None) -> URIRef:
        """An action, or a section of a part; returns its IRI."""
        part_iri = self.part_iri(part) if part else self.doc_iri
        if isinstance(action, ActionSpan):
            node = iri.child(self.doc_iri, "action", action.ordinal)
            self.extracted(node, PK.Action, action, action.ordinal)
            self.add(part_iri, PK.hasAction, node)
        else:
            node = iri.child(part_iri, "section", action.ordinal)
            self.extracted(node, PK.Section, action, action.ordinal)
            self.add(part_iri, PK.hasPart, node)
        self.add(node, PK.numbering, Literal(action.numbering))
        self.labels(node, action.title)
        return node

    def goal(self, owner: URIRef, goal: GoalSpan) -> None:
        node = iri.child(owner, "goal")
        if (owner, PK.hasGoal, node) in self.graph:  # a second goal block of one owner
            node = iri.child(owner, "goal", goal.start)
        self.extracted(node, PK.Goal, goal)
        self.add(owner, PK.hasGoal, node)
        self.labels(node, goal.text.split("。")[0].strip())
        for number, target in enumerate(self.doc.within(goal, TargetSpan), 1):
            self.target(node, target, number)

    def target(self, goal: URIRef, target: TargetSpan, number: int) -> None:
        node = iri.child(goal, "target", number)
        self.extracted(node, PK.Target, target, number)
        self.add(goal, PK.hasTarget, node)
        self.labels(node, target.text)
        indicator = iri.indicator(self.doc.id, target.indicator)
        self.add(node, PK.indicator, indicator)
        if (indicator, RDF.type, PK.Indicator) not in self.graph:
            # One node per indicator across years; its label is the first spelling.
            self.add(indicator, RDF.type, PK.Indicator)
            self.add(indicator, PK.inDocument, self.doc_iri)
            self.labels(indicator, target.indicator)
        self.add(node, PK.value, _decimal(target.value))
        if target.value_max is not None:
            self.add(node, PK.valueMax, _decimal(target.value_max))
        self.add(node, PK.unitOfMeasure, self.unit_of_measure(target.unit))
        self.add(node, PK.year, Literal(f"{target.year:04d}", datatype=XSD.gYear))
        self.add(node, PK.comparator, COMPARATORS[target.comparator])
        self.add(node, PK.aspirational, Literal(target.aspirational))
        self.add(node, PK.targetKind, TARGET_KINDS[target.target_kind])
        if target.change:
            self.add(node, PK.change, CHANGES[target.change])
        if target.yearly:
            self.add(node, PK.recurrence, RECURRENCES["yearly"])

    def unit_of_measure(self, written: str) -> URIRef:
        """The concept of a measure word; one the scheme lacks (人次, 倍) gets a node of
        its own, named and labelled like the scheme's."""
        notation = written if is_traditional(written) else to_script(written, "zh-Hant")
        if notation in UNITS_OF_MEASURE:
            return UNITS_OF_MEASURE[notation]
        node = UOM[iri.segment(notation)]
        self.add(node, RDF.type, PK.UnitOfMeasure)
        self.add(node, SKOS.notation, Literal(notation))
        self.add(node, SKOS.prefLabel, Literal(notation, lang="zh-Hant"))
        self.add(node, SKOS.prefLabel, Literal(to_script(notation, "zh-Hans"), lang="zh-Hans"))
        return node

    def task(self, action: URIRef, task: TaskSpan, number: int,
             group: TaskGroupSpan | None) -> None:
        node = iri.child(action, "task", number)
        self.extracted(node, PK.Task, task, number)
        self.add(action, PK.hasTask, node)
        self.labels(node, task.heading, RDFS.label, PK.heading)
        units = self.doc.within(task, UnitMention)
        if group is not None:
            units += self.shared_units(group)
        for unit in units:
            self.responsibility(node, unit)
        if not units:
            self.add(node, PK.unassigned, Literal(True))
        for mention in self.doc.within(task, EntityMention):
            self.mention(node, mention)
        if task.due == "ongoing":
            self.add(node, PK.recurrence, RECURRENCES["continuous"])
        elif task.due:
            kind = XSD.gYearMonth if "-" in task.due else XSD.gYear
            self.add(node, PK.dueDate, Literal(task.due, datatype=kind))
        for number, target in enumerate(self.doc.within(task, TargetSpan), 1):
            self.target(node, target, number)

    def shared_units(self, group: TaskGroupSpan) -> list[UnitMention]:
        """Units of a group's shared list: inside the group, outside each of its tasks."""
        tasks = self.doc.within(group, TaskSpan)
        return [u for u in self.doc.within(group, UnitMention)
                if not any(t.start <= u.start < t.end for t in tasks)]

    def responsibility(self, task: URIRef, unit: UnitMention) -> None:
        node = iri.child(task, "unit", unit.rank)
        unit_iri = URIRef(unit.ref) if unit.ref else self.unit_node(unit.name, unit)
        self.add(task, PK.responsibility, node)
        self.add(node, RDF.type, PK.Responsibility)
        self.add(node, PK.unit, unit_iri)
        self.add(node, PK.rank, Literal(unit.rank))
        self.add(node, PK.role, ROLES[unit.role])
        self.labels(node, unit.name, PK.asWritten)
        self.evidence(node, unit)
        self.add(task, PK.responsibleUnit, unit_iri)
        if unit.role in _ROLE_SHORTCUT:
            self.add(task, _ROLE_SHORTCUT[unit.role], unit_iri)

    def mention(self, task: URIRef, mention: EntityMention) -> None:
        target = URIRef(mention.ref) if mention.ref else self.unresolved_entity(mention)
        prop = PK.mentionsInstitution if mention.entity_type == "institution" else PK.mentionsPlace
        self.add(task, prop, target)
        ev = self.evidence_node(mention, PK.Mention)
        self.add(ev, ITSRDF.taIdentRef, target)
        self.add(ev, PK.mentionIn, task)


class _Holders:
    """Which of some spans (OUTERS) hold a span, for spans asked about in document order:
    a sweep keeps only the outers still open at the span's start, so that finding each
    task's action stays linear in a long document (a span that starts before the last
    one asked about starts the sweep again)."""

    def __init__(self, outers: list) -> None:
        self.outers = sorted(enumerate(outers), key=lambda pair: pair[1].start)
        self.next, self.open, self.at = 0, [], -1

    def holding(self, span: Span) -> list:
        """The outers that hold SPAN, in the order they were given."""
        if span.start < self.at:
            self.next, self.open = 0, []
        self.at = span.start
        while self.next < len(self.outers) and self.outers[self.next][1].start <= span.start:
            self.open.append(self.outers[self.next])
            self.next += 1
        self.open = [pair for pair in self.open if pair[1].end >= span.start]
        return [o for _, o in sorted((p for p in self.open if span.end <= p[1].end),
                                     key=lambda pair: pair[0])]

    def first(self, span: Span):
        return next(iter(self.holding(span)), None)

    def innermost(self, span: Span):
        """The smallest outer that holds SPAN (a part acting as an action may hold an
        action of its own)."""
        return min(self.holding(span), key=lambda o: o.end - o.start, default=None)


def _decimal(value: Decimal) -> Literal:
    return Literal(str(value), datatype=XSD.decimal)

