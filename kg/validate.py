"""Graph: validate, SHACL (pySHACL) over the reference data, the documents and the inferred
facts, against ontology/shapes.ttl."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Dataset, Graph, Literal
from rdflib.namespace import SH
from rdflib.term import Node

from kg.dataset import INFERRED, REFERENCE, document_graphs
from kg.resources import shapes_file
from kg.turtle import Triple, turtle_graph

_TARGETS = (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf)


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
    document by document)."""
    data = Graph()
    for triples in graphs:
        data.addN((*t, data) for t in triples)
    # pyshacl is slow to import (it loads its SPARQL and rule machinery): only here, so
    # that --no-validate and the commands that do not validate never pay for it
    import pyshacl

    conforms, results, text = pyshacl.validate(data, shacl_graph=_shapes(), inference="none",
                                               allow_warnings=True)
    return ValidationReport(conforms, _violations(results, lang), text)


def merge(reports: Iterable[ValidationReport]) -> ValidationReport:
    reports = list(reports)
    violations = tuple(v for r in reports for v in r.violations)
    return ValidationReport(all(r.conforms for r in reports), violations,
                            "\n".join(r.text for r in reports if not r.conforms))


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    """ontology/shapes.ttl as pySHACL runs it fastest (see _targeted_property_shapes)."""
    return _targeted_property_shapes(turtle_graph(shapes_file()))


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
    return tuple(sorted(found, key=lambda v: (v.focus, v.path, v.message)))


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
