"""Graph: validate, SHACL (pySHACL) over the reference data, the documents and the inferred
facts, against ontology/shapes.ttl."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from kg.dataset import INFERRED, REFERENCE, document_graphs
from kg.namespace import NIF
from kg.resources import shapes_file
from kg.turtle import Triple, turtle_graph

_TARGETS = (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf)
PKSH = Namespace("https://w3id.org/policykg/shapes#")
# A check's rows: (focus node, value node, the other variables of the SELECT by name)
Rows = Iterator[tuple[Node, Node, dict[str, Node]]]


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str
    severity: str


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: tuple[Violation, ...]
    text: str


def validate(ds: Dataset, lang: str = "en") -> ValidationReport:
    return validate_graphs([ds.graph(REFERENCE), *document_graphs(ds), ds.graph(INFERRED)],
                           lang)


def validate_graphs(graphs: Iterable[Iterable[Triple]], lang: str = "en") -> ValidationReport:
    """SHACL over the union of some graphs or lists of triples (a corpus validates
    document by document). Only the triples whose predicate the shapes name are copied
    into the graph validated: no constraint can see the others (see _predicates)."""
    shapes, native = _shapes()
    seen = _predicates()
    data = Graph()
    for triples in graphs:
        data.addN((s, p, o, data) for s, p, o in triples if seen is None or p in seen)
    # pyshacl is slow to import (it loads its SPARQL and rule machinery): only here, so
    # that --no-validate and the commands that do not validate never pay for it
    import pyshacl

    conforms, results, text = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                               allow_warnings=True)
    found = [v for check in native for v in check.violations(data, lang)]
    if found:
        text += "".join(f"\n{v.severity}: {v.focus}: {v.message}" for v in found)
    violations = tuple(sorted(_violations(results, lang) + tuple(found), key=_order))
    return ValidationReport(conforms and not any(v.severity == "Violation" for v in found),
                            violations, text)


def prepare_validation() -> None:
    """What every validation needs first: pySHACL imported and the shapes read (a
    process that validates later may do this ahead, on a core otherwise idle)."""
    import pyshacl  # noqa: F401

    _shapes()
    _predicates()


def validate_document(reference: Graph, graph: Graph, inferred: list[Triple],
                      lang: str = "en") -> ValidationReport:
    """One document's asserted and inferred triples, with the reference data it names:
    the triples about each node the document's graphs hold. The reference data itself
    conforms (tests/test_reference.py), so its hundreds of units are not validated again
    with every document; the shapes look at most two steps from a node (a target's
    indicator's label), which the document's nodes and theirs cover."""
    named = {node for triples in (graph, inferred) for s, _, o in triples for node in (s, o)}
    used = [t for node in named for t in reference.triples((node, None, None))]
    return validate_graphs([used, graph, inferred], lang)


def merge(reports: Iterable[ValidationReport]) -> ValidationReport:
    reports = list(reports)
    violations = tuple(v for r in reports for v in r.violations)
    return ValidationReport(all(r.conforms for r in reports), violations,
                            "\n".join(r.text for r in reports if not r.conforms))


@lru_cache(maxsize=1)
def _shapes() -> tuple[Graph, tuple[NativeConstraint, ...]]:
    """ontology/shapes.ttl as pySHACL runs it fastest (see _targeted_property_shapes),
    without the SPARQL constraints evaluated here (NativeConstraint), and those."""
    shapes = turtle_graph(shapes_file())
    native = []
    for constraint, name in sorted(shapes.subject_objects(PKSH.evaluatedBy)):
        for shape in list(shapes.subjects(SH.sparql, constraint)):
            native.append(NativeConstraint.of(shapes, shape, constraint, _CHECKS[str(name)]))
            shapes.remove((shape, SH.sparql, constraint))
    return _targeted_property_shapes(shapes), tuple(native)


@lru_cache(maxsize=1)
def _predicates() -> frozenset[Node] | None:
    """The predicates a validation reads: every IRI of the shapes (their paths, the
    other paths of sh:lessThan and the like), rdf:type (targets, sh:class) and
    rdfs:subClassOf (pySHACL follows it in the data); the native SPARQL constraints read
    NIF paths the shapes name. None (every predicate) while a SPARQL constraint is left
    for pySHACL: its query may read any. A third of a document's triples (labels,
    provenance, most inferred facts) is left out of the copy."""
    shapes, _ = _shapes()
    if (None, SH.sparql, None) in shapes:
        return None
    iris = {term for triple in shapes for term in triple if isinstance(term, URIRef)}
    return frozenset(iris | {RDF.type, RDFS.subClassOf})


def _targeted_property_shapes(shapes: Graph) -> Graph:
    """The same constraints with each top-level node shape's targets copied onto its
    property shapes, which it then no longer lists: pySHACL validates a listed property
    shape once per focus node, with the set-up of a whole shape each time (half of the
    seed's validation), and a targeted one once for all of them. The results are the
    same (tests/test_validate.py): a property shape reports its own focus nodes, path,
    message and severity either way. Shapes that other shapes use (sh:node, sh:or, …) or
    that are deactivated keep their property shapes."""
    for node in set(shapes.subjects(SH.property, None)):
        targets = [(p, o) for p in _TARGETS for o in shapes.objects(node, p)]
        used_elsewhere = any(p != SH.property for _, p in shapes.subject_predicates(node))
        if not targets or used_elsewhere or shapes.value(node, SH.deactivated):
            continue
        for prop in list(shapes.objects(node, SH.property)):
            shapes.remove((node, SH.property, prop))
            shapes.addN((prop, p, o, shapes) for p, o in targets)
    return shapes


@dataclass(frozen=True)
class NativeConstraint:
    """A SPARQL constraint of the shapes (sh:sparql) that a Python function evaluates
    (pksh:evaluatedBy names it): the same rows as its SELECT on the shape's focus nodes,
    without a query. Its messages are the constraint's templates, filled in as pySHACL
    fills them."""

    check: Callable[[Graph], Rows]
    templates: dict[str | None, str]
    variables: tuple[str, ...]  # of the SELECT, in order, but $this and ?value
    severity: str

    @classmethod
    def of(cls, shapes: Graph, shape: Node, constraint: Node,
           check: Callable[[Graph], Rows]) -> NativeConstraint:
        select = str(shapes.value(constraint, SH.select))
        projected = re.search(r"SELECT\s+(.*?)\s+WHERE", select, re.DOTALL | re.IGNORECASE)
        variables = tuple(v for v in re.findall(r"[?$](\w+)", projected.group(1))
                          if v not in ("this", "value"))
        severity = shapes.value(shape, SH.severity) or SH.Violation
        return cls(check, {m.language: str(m) for m in shapes.objects(constraint, SH.message)},
                   variables, str(severity).rsplit("#")[-1])

    def violations(self, data: Graph, lang: str) -> list[Violation]:
        template = self.templates.get(lang) or self.templates.get("en") \
            or next(iter(self.templates.values()), "")
        found, seen = [], set()
        for this, value, bound in self.check(data):
            key = (this, value, tuple(bound.get(v) for v in self.variables))
            if key in seen:  # pySHACL drops a repeated row too
                continue
            seen.add(key)
            values = {**{v: bound[v] for v in self.variables if v in bound},
                      "this": this, "value": value}
            found.append(Violation(str(this), "", _fill(template, values), self.severity))
        return found


def _fill(template: str, values: dict[str, Node]) -> str:
    """A message template with its {?variables} filled in, as pySHACL fills them."""
    for name, value in values.items():
        template = re.sub(f"{{[?$]{name}}}", lambda _, v=value: str(v), template)
    return template


def _evidence_beyond_text(data: Graph) -> Rows:
    """Evidence ending beyond its context's text (pksh:ContextShape's first SPARQL
    constraint), the text's length taken once per context, not once per evidence."""
    lengths = {this: [len(str(t)) for t in data.objects(this, NIF.isString)]
               for this in set(data.objects(None, NIF.referenceContext))}
    for value, this in data.subject_objects(NIF.referenceContext):
        for end in data.objects(value, NIF.endIndex):
            for length in lengths[this]:
                if _greater(end, length):
                    yield this, value, {"end": end, "length": Literal(length)}


def _misquoted_evidence(data: Graph) -> Rows:
    """Evidence whose quote is not its context's text between its offsets (pksh:ContextShape's
    second SPARQL constraint), by slicing the text: linear in the quotes, not the text."""
    texts = {this: [str(t) for t in data.objects(this, NIF.isString)]
             for this in set(data.objects(None, NIF.referenceContext))}
    for value, this in data.subject_objects(NIF.referenceContext):
        for begin in data.objects(value, NIF.beginIndex):
            for end in data.objects(value, NIF.endIndex):
                for anchor in data.objects(value, NIF.anchorOf):
                    for text in texts[this]:
                        b, e = _integer(begin), _integer(end)
                        if b is None or e is None or not 0 <= b < e <= len(text):
                            continue
                        actual = text[b:e]
                        if actual != str(anchor):
                            yield this, value, {"anchor": anchor, "actual": Literal(actual),
                                                "begin": begin, "end": end}


_CHECKS = {"evidence-within-text": _evidence_beyond_text,
           "evidence-quotes-text": _misquoted_evidence}
_NUMERIC = {XSD.integer, XSD.int, XSD.long, XSD.short, XSD.byte, XSD.nonNegativeInteger,
            XSD.positiveInteger, XSD.negativeInteger, XSD.nonPositiveInteger,
            XSD.unsignedLong, XSD.unsignedInt, XSD.unsignedShort, XSD.unsignedByte,
            XSD.decimal, XSD.double, XSD.float}


def _number(term: Node) -> int | float | Decimal | None:
    """A numeric literal's value (SPARQL compares only those with numbers)."""
    if isinstance(term, Literal) and term.datatype in _NUMERIC:
        value = term.toPython()
        return value if isinstance(value, int | float | Decimal) else None
    return None


def _integer(term: Node) -> int | None:
    value = _number(term)
    if value is None or not math.isfinite(value) or value != int(value):
        return None
    return int(value)


def _greater(term: Node, number: int) -> bool:
    value = _number(term)
    return value is not None and value > number


def _order(v: Violation) -> tuple[str, str, str]:
    return v.focus, v.path, v.message


def _violations(results: Graph, lang: str) -> tuple[Violation, ...]:
    found = []
    for result in results.subjects(SH.resultSeverity, None):
        constraint = results.value(result, SH.sourceConstraint)
        messages = {_language(m, constraint, results): str(m)
                    for m in results.objects(result, SH.resultMessage)}
        message = messages.get(lang) or messages.get("en") or next(iter(messages.values()), "")
        found.append(Violation(str(results.value(result, SH.focusNode)),
                               str(results.value(result, SH.resultPath) or ""), message,
                               str(results.value(result, SH.resultSeverity)).rsplit("#")[-1]))
    return tuple(sorted(found, key=_order))


def _language(message: Literal, constraint: Node | None, results: Graph) -> str | None:
    """A message's language. pySHACL drops it from the messages of SPARQL constraints
    once it has filled in their {?variables} (so one was picked at random): it is the
    language of the template (copied into the report) that the message fills."""
    if message.language or constraint is None:
        return message.language
    for template in results.objects(constraint, SH.message):
        pattern = re.sub(r"\\\{\\[?$]\w+\\\}", "(.*)", re.escape(str(template)))
        if re.fullmatch(pattern, str(message), re.DOTALL):
            return template.language
    return None
