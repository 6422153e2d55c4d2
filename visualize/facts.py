"""What the graph pages draw, read through queries, never straight from the triples.

The facts a page states come from the named queries that state them for `policykg
query`: task-owners (who owns which task, with rank and role), unit-tasks (which tasks
reach a unit, directly or through a collective unit), targets and unit-workload. So the
page and the query agree by construction. The rest comes from queries/views/*.rq: each
node's types and names (views/nodes), the nesting the overview walks (views/outline) and
the evidence quoted in the side panel (views/evidence). The queries run on Oxigraph: a
Dataset is copied into an in-memory store first.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.errors import InputError
from kg.namespace import PK
from kg.query import query_rows, to_term
from kg.sparql import Rows
from kg.store import as_store
from kg.vocab import TARGET_KINDS, UNITS_OF_MEASURE
from visualize.style import COMPARATOR_SIGNS

# rdf:type → class key, most specific first
_CLASS_ORDER = [
    (PK.PolicyDocument, "document"), (PK.Part, "part"), (PK.Section, "section"),
    (PK.Action, "action"),
    (PK.Goal, "goal"), (PK.Task, "task"), (PK.Target, "target"),
    (PK.CollectiveUnit, "collective-unit"), (PK.DistrictGovernment, "district-government"),
    (PK.PartyOrgan, "party-organ"), (PK.MunicipalGovernment, "municipal-government"),
    (PK.MunicipalAgency, "municipal-agency"), (PK.Institution, "institution"),
    (PK.District, "place"), (PK.Zone, "place"), (PK.Region, "place"), (PK.City, "place"),
    (PK.Place, "place"), (PK.Unit, "unit"),
]
UNIT_CLASSES = frozenset({"collective-unit", "district-government", "party-organ",
                          "municipal-government", "municipal-agency", "unit",
                          "unresolved-unit"})
_LABEL_PROPS = (PK.shortName, SKOS.prefLabel, RDFS.label, DCTERMS.title, PK.heading,
                SKOS.altLabel, PK.formerName, PK.asWritten)
UNORDERED = 10**6  # the place of a node without an ordinal: after those with one


@dataclass(frozen=True)
class Owner:
    """A unit listed on a task (a row of task-owners)."""

    rank: int
    unit: URIRef
    role: str


@dataclass(frozen=True)
class Target:
    """A target as the targets query gives it."""

    year: str
    indicator: str
    value: str
    value_max: str | None
    unit_of_measure: str
    comparator: str
    aspirational: str
    kind: URIRef

    def text(self) -> str:
        """One line: year, indicator, comparator sign, value (or range), unit."""
        number = self.value + (f"–{self.value_max}" if self.value_max else "")
        parts = [self.year, self.indicator,
                 f"{COMPARATOR_SIGNS.get(self.comparator, '')}{number}{self.unit_of_measure}"]
        if self.aspirational == "true":
            parts.append("(aspirational)")
        return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class UnitTask:
    """A task that reaches a unit (a row of unit-tasks): ``via`` is the collective unit
    through which it does, or None when the task lists the unit."""

    task: URIRef
    role: str
    via: URIRef | None


def _int(value: Node | None, default: int = 0) -> int:
    try:
        return int(value) if value is not None else default
    except (TypeError, ValueError):
        return default


def _tag(literal: Node) -> str:
    return (literal.language or "").lower() if isinstance(literal, Literal) else ""


def _text(value: Node | None) -> str:
    return "" if value is None else str(value)


def facts_by_node(rows: Rows) -> dict[Node, dict[Node, list[Node]]]:
    """views/nodes: each node's values by property."""
    facts: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        facts[row["node"]][row["property"]].append(row["value"])
    return facts


def children_by_relation(rows: Rows) -> dict[tuple[Node, str], set[Node]]:
    """views/outline: the children of each node, by relation."""
    children: dict[tuple[Node, str], set[Node]] = defaultdict(set)
    for row in rows:
        children[row["parent"], str(row["relation"])].add(row["child"])
    return children


def evidence_by_node(rows: Rows) -> dict[Node, tuple[str | None, int | None]]:
    """views/evidence: the quote and line of each node's first evidence, by IRI."""
    first: dict[Node, dict] = {}
    for row in rows:
        seen = first.get(row["node"])
        if seen is None or str(row["evidence"]) < str(seen["evidence"]):
            first[row["node"]] = row
    return {node: (None if row["quote"] is None else str(row["quote"]),
                   None if row["line"] is None else _int(row["line"]))
            for node, row in first.items()}


def owners_by_task(rows: Rows) -> dict[Node, list[Owner]]:
    """task-owners: the units of each task, by rank."""
    found: dict[Node, set[Owner]] = defaultdict(set)
    for row in rows:
        if row["unit"] is not None:
            found[row["task_iri"]].add(Owner(_int(row["rank"], UNORDERED), row["unit"],
                                             _text(row["role"]) or "responsible"))
    return {task: sorted(units, key=lambda o: (o.rank, str(o.unit)))
            for task, units in found.items()}


def workload_by_unit(rows: Rows) -> dict[Node, tuple[int, int]]:
    """unit-workload: tasks and led tasks per unit, over every document."""
    counts: dict[Node, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        counts[row["unit"]][0] += _int(row["tasks"])
        counts[row["unit"]][1] += _int(row["led"])
    return {unit: (tasks, led) for unit, (tasks, led) in counts.items()}


def targets_by_iri(rows: Rows) -> dict[Node, Target]:
    """targets: each target's facts, by its IRI."""
    return {row["target_iri"]: Target(
        _text(row["year"]), _text(row["indicator"]), _text(row["value"]),
        _text(row["value_max"]) or None, _text(row["unit_of_measure"]),
        _text(row["comparator"]), _text(row["aspirational"]),
        TARGET_KINDS.get(_text(row["kind"]), PK.milestone)) for row in rows}


class Names:
    """Each node's types and names (views/nodes), and its label in one language: the one
    asked for, then the documents' script, the other script, English."""

    def __init__(self, facts: dict[Node, dict[Node, list[Node]]], lang: str | None) -> None:
        self._facts = facts
        self.documents = sorted((n for n, f in facts.items()
                                 if PK.PolicyDocument in f.get(RDF.type, ())), key=str)
        scripts = sorted({str(s) for d in self.documents
                          for s in self.objects(d, DCTERMS.language)})
        self.script = scripts[0] if scripts else "zh-Hant"
        self.lang = lang or self.script
        other = "zh-Hans" if self.script == "zh-Hant" else "zh-Hant"
        self.order = [t.lower() for t in dict.fromkeys([self.lang, self.script, other, "en"])]
        self._class: dict[Node, str] = {}
        self._labels: dict[Node, str] = {}

    def objects(self, node: Node, prop: URIRef) -> list[Node]:
        return self._facts.get(node, {}).get(prop, [])

    def value(self, node: Node, prop: URIRef) -> Node | None:
        found = self.objects(node, prop)
        return found[0] if found else None

    def class_of(self, node: Node) -> str:
        if node not in self._class:
            types = set(self.objects(node, RDF.type))
            found = next((key for cls, key in _CLASS_ORDER if cls in types), "other")
            # a unit the reference data lacks (pk:unresolved), not a unit of no finer
            # class (市科協, a people's organisation, is a resolved pk:Unit)
            if found in ("unit", "other") and self.objects(node, PK.unresolved):
                found = "unresolved-unit"
            self._class[node] = found
        return self._class[node]

    def pick(self, node: Node, *props: URIRef) -> str | None:
        found: dict[str, str] = {}
        for prop in props:
            for value in sorted(self.objects(node, prop), key=str):
                found.setdefault(_tag(value), str(value))
            for tag in self.order:
                if tag in found:
                    return found[tag]
        if found:
            return found.get("", next(iter(sorted(found.values()))))
        return None

    def label(self, node: Node) -> str:
        if node not in self._labels:
            self._labels[node] = self._label(node)
        return self._labels[node]

    def _label(self, node: Node) -> str:
        cls = self.class_of(node)
        if cls in UNIT_CLASSES or cls in ("place", "institution"):
            props = ((SKOS.prefLabel, PK.shortName) if self.lang == "en"
                     else (PK.shortName, SKOS.prefLabel))
            text = self.pick(node, *props, PK.asWritten, RDFS.label)
        elif cls == "document":
            text = self.pick(node, DCTERMS.title, RDFS.label)
        elif cls == "task":
            text = self.pick(node, PK.heading, RDFS.label)
        else:
            text = self.pick(node, RDFS.label, SKOS.prefLabel)
        if cls == "action" and text:
            numbering = self.pick(node, PK.numbering)
            text = f"{numbering or ''}{text}"
        return text or str(node).rstrip("/").rsplit("/", 1)[-1]

    def all_labels(self, node: Node) -> list[str]:
        names = {str(v) for p in _LABEL_PROPS for v in self.objects(node, p)
                 if isinstance(v, Literal)}
        return sorted(names)

    def concept_label(self, concept: Node | None, fallback: str) -> str:
        """A concept's name in the page's language (comparators: 達到, at least …)."""
        if concept is None:
            return fallback
        return self.pick(concept, SKOS.notation, SKOS.prefLabel) or fallback

    def unit_of_measure(self, written: str) -> URIRef | None:
        """The concept of a unit of measure as a query writes it (notation or label)."""
        for concept in UNITS_OF_MEASURE.values():
            if any(str(n) == written for p in (SKOS.notation, SKOS.prefLabel)
                   for n in self.objects(concept, p)):
                return concept
        return None


def plans_title(titles: list[str]) -> str:
    """The title of a page of these plans: one plan's title, two joined, or how many with
    the first two (a page of many plans is not the first plan's page)."""
    if len(titles) <= 2:
        return " · ".join(titles)
    return f"{len(titles)} plans: {titles[0]} · {titles[1]} · …"


class Facts(Names):
    """The rows one page draws, indexed: the named queries' facts, the outline and the
    evidence, on top of the names of every node."""

    def __init__(self, source: Dataset | ox.Store, lang: str | None) -> None:
        self.store = as_store(source)
        super().__init__(facts_by_node(self.rows("views/nodes")), lang)
        self._children = children_by_relation(self.rows("views/outline"))
        self._evidence = evidence_by_node(self.rows("views/evidence"))
        self.owners = owners_by_task(self.rows("task-owners"))
        self.workload = workload_by_unit(self.rows("unit-workload"))
        self.targets = targets_by_iri(self.rows("targets", lang=self.lang))
        self.title = plans_title([self.label(d) for d in self.documents])

    def rows(self, name: str, lang: str | None = None, **params: str) -> Rows:
        return query_rows(self.store, name, params=params, lang=lang)[1]

    def unit_tasks(self, unit: URIRef) -> list[UnitTask]:
        """The tasks that reach UNIT (unit-tasks), each once, directly before through a
        collective unit."""
        found: dict[Node, UnitTask] = {}
        for row in self.rows("unit-tasks", unit=str(unit)):
            via = row["via_iri"] if str(row["via"]) != "direct" else None
            if row["task_iri"] not in found or (via is None and found[row["task_iri"]].via):
                found[row["task_iri"]] = UnitTask(row["task_iri"], _text(row["role"]), via)
        return list(found.values())

    def resolve_unit(self, name: str) -> URIRef:
        """A unit's IRI from any of its names (either script, short, full, English) or
        IRI, if this graph holds it."""
        term = to_term("unit", name)
        listed = any(o.unit == term for units in self.owners.values() for o in units)
        if not isinstance(term, URIRef) or not (self.objects(term, RDF.type) or listed):
            raise InputError(f"unknown unit {name!r}: not in this knowledge graph")
        return term

    def evidence(self, node: Node) -> tuple[str | None, int | None]:
        return self._evidence.get(node, (None, None))

    def ordered(self, parent: Node, relation: str) -> list[Node]:
        """The children of PARENT by RELATION (hasTask, …), by ordinal, then IRI."""
        return sorted(self._children.get((parent, relation), ()), key=self._position)

    def _position(self, node: Node) -> tuple[int, str]:
        return _int(self.value(node, PK.ordinal), UNORDERED), str(node)

    def actions(self, doc: Node) -> list[Node]:
        """The actions of a document, wherever they hang, by ordinal."""
        return sorted((n for n, f in self._facts.items() if PK.Action in f.get(RDF.type, ())
                       and doc in f.get(PK.inDocument, ())), key=self._position)

    def tasks(self) -> list[tuple[Node, Node]]:
        """(action, task) for every task, in document order."""
        return [(action, task) for doc in self.documents for action in self.actions(doc)
                for task in self.ordered(action, "hasTask")]

    def targets_of_action(self, action: Node) -> list[Node]:
        return [t for goal in self.ordered(action, "hasGoal")
                for t in self.ordered(goal, "hasTarget")]

    def target_text(self, target: Node) -> str:
        found = self.targets.get(target)
        return found.text() if found else self.label(target)
