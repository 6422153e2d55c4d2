"""Validate: SHACL (pySHACL) over the reference data, the documents and the inferred
facts, against ontology/shapes.ttl."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Dataset, Graph
from rdflib.namespace import SH

from kg.dataset import INFERRED, REFERENCE, document_graphs
from kg.resources import shapes_file


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


def validate_graphs(graphs: Iterable[Graph], lang: str = "en") -> ValidationReport:
    """SHACL over the union of some graphs (a corpus validates document by document)."""
    data = Graph()
    for graph in graphs:
        for triple in graph:
            data.add(triple)
    import pyshacl  # slow to import: only when validating

    conforms, results, text = pyshacl.validate(data, shacl_graph=_shapes(), inference="none",
                                               advanced=True, allow_warnings=True)
    return ValidationReport(conforms, _violations(results, lang), text)


def merge(reports: Iterable[ValidationReport]) -> ValidationReport:
    reports = list(reports)
    violations = tuple(v for r in reports for v in r.violations)
    return ValidationReport(all(r.conforms for r in reports), violations,
                            "\n".join(r.text for r in reports if not r.conforms))


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    return Graph().parse(shapes_file(), format="turtle")


def _violations(results: Graph, lang: str) -> tuple[Violation, ...]:
    found = []
    for result in results.subjects(SH.resultSeverity, None):
        messages = {m.language: str(m) for m in results.objects(result, SH.resultMessage)}
        message = messages.get(lang) or messages.get("en") or next(iter(messages.values()), "")
        found.append(Violation(str(results.value(result, SH.focusNode)),
                               str(results.value(result, SH.resultPath) or ""), message,
                               str(results.value(result, SH.resultSeverity)).rsplit("#")[-1]))
    return tuple(sorted(found, key=lambda v: (v.focus, v.path, v.message)))
