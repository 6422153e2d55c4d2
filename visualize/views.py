"""Dataset → networkx: the three views the graph pages draw.

- overview: document → parts → actions → goals and tasks → targets, units, places and
  institutions, laid out left to right in Python (the page draws it with physics off).
- unit: one unit's neighbourhood: its tasks (lead, support, or through 各區政府 by OWL RL
  inference), their co-owners, their actions and the actions' targets.
- coresponsibility: units linked by the tasks they share, with a ranking table.

Every node carries ``id`` (its IRI), ``label`` (in the chosen language), ``class`` (a
key of visualize.style.CLASSES), ``labels`` (every name, both scripts, English, short
names: what the search box matches) and ``details`` (field, value) pairs for the side
panel. Tasks also carry ``heading``, ``targets``, ``responsibilities``, ``source`` and
``line``. Nodes and edges are added in a sorted, deterministic order; positions (``x``,
``y``) are computed here, without randomness.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

import networkx as nx
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.errors import InputError
from kg.namespace import NIF, PK
from kg.query import to_term
from kg.vocab import COMPARATORS, LANGUAGES
from visualize.style import COMPARATOR_SIGNS

VIEWS = ("overview", "unit", "coresponsibility")

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
                          "municipal-government", "municipal-agency", "unit"})
_LABEL_PROPS = (PK.shortName, SKOS.prefLabel, RDFS.label, DCTERMS.title, PK.heading,
                SKOS.altLabel, PK.formerName, PK.asWritten)
_NOTATIONS = {concept: notation for notation, concept in COMPARATORS.items()}
_TYPE_NAMES = {PK.District: "District", PK.Zone: "Zone", PK.Region: "Region",
               PK.City: "City"}

# overview layout (pixels)
_COL = {"document": 0, "part": 420, "action": 820, "child": 1280, "leaf": 1680}
_LEAF_COLS, _LEAF_W, _ROW, _CHILD_GAP, _ACTION_GAP, _UNIT_ROW = 6, 165, 54, 26, 60, 64


def build_view(ds: Dataset, view: str, lang: str | None = None,
               unit: str | None = None) -> nx.Graph:
    """The networkx graph of VIEW (overview, unit or coresponsibility)."""
    if view not in VIEWS:
        raise InputError(f"unknown view {view!r}: choose one of {', '.join(VIEWS)}")
    if lang is not None and lang not in LANGUAGES:
        raise InputError(f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    if view == "overview":
        return overview_graph(ds, lang)
    if view == "unit":
        if not unit:
            raise InputError("the unit view needs a unit: --unit NAME (e.g. 市科技局)")
        return unit_graph(ds, unit, lang)
    return coresponsibility_graph(ds, lang)


# ---------------------------------------------------------------------------------------
# reading the dataset


def _int(value: Node | None, default: int = 0) -> int:
    try:
        return int(value) if value is not None else default
    except (TypeError, ValueError):
        return default


def _tag(literal: Node) -> str:
    return (literal.language or "").lower() if isinstance(literal, Literal) else ""


class _Reader:
    """Labels and facts of a dataset, in one language with fallbacks."""

    def __init__(self, ds: Dataset, lang: str | None) -> None:
        self.ds = ds
        self.documents = sorted(set(ds.subjects(RDF.type, PK.PolicyDocument)), key=str)
        scripts = sorted({str(s) for d in self.documents for s in ds.objects(d, DCTERMS.language)})
        self.script = scripts[0] if scripts else "zh-Hant"
        self.lang = lang or self.script
        other = "zh-Hans" if self.script == "zh-Hant" else "zh-Hant"
        self.order = [t.lower() for t in dict.fromkeys([self.lang, self.script, other, "en"])]
        self._class: dict[Node, str] = {}
        # a page asks for the same label or target text many times (a task lists every
        # target of its action): each is read from the dataset once
        self._facts: dict[Node, dict[Node, list[Node]]] = {}
        self._labels: dict[Node, str] = {}
        self._target_texts: dict[Node, str] = {}
        self.title = " · ".join(self.label(d) for d in self.documents[:1])

    # facts
    def objects(self, node: Node, prop: URIRef) -> list[Node]:
        """ds.objects(node, prop), in the same order: all of a node's facts are read at
        its first look-up (a page makes some 10^4, each costly on an rdflib Dataset)."""
        if node is None:
            return list(self.ds.objects(None, prop))
        facts = self._facts.get(node)
        if facts is None:
            facts = self._facts[node] = defaultdict(list)
            for p, o in self.ds.predicate_objects(node):
                facts[p].append(o)
        return facts.get(prop, [])

    def value(self, node: Node, prop: URIRef) -> Node | None:
        found = self.objects(node, prop)
        return found[0] if found else None

    # labels
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

    def class_of(self, node: Node) -> str:
        if node not in self._class:
            types = set(self.objects(node, RDF.type))
            self._class[node] = next((key for cls, key in _CLASS_ORDER if cls in types),
                                     "unit" if self.objects(node, PK.unresolved)
                                     else "other")
        return self._class[node]

    # structure
    def ordered(self, subject: Node, prop: URIRef) -> list[Node]:
        return sorted(set(self.objects(subject, prop)),
                      key=lambda n: (_int(self.value(n, PK.ordinal), 10**6), str(n)))

    def evidence(self, node: Node) -> tuple[str | None, int | None]:
        ev = min(self.objects(node, PK.evidence), key=str, default=None)
        if ev is None:
            return None, None
        anchor = self.value(ev, NIF.anchorOf)
        line = self.value(ev, PK.line)
        return (str(anchor) if anchor is not None else None,
                _int(line) if line is not None else None)

    def responsibilities(self, task: Node) -> list[tuple[int, Node, str]]:
        """(rank, unit, role) of a task, by rank."""
        found = []
        for resp in self.objects(task, PK.responsibility):
            unit = self.value(resp, PK.unit)
            if unit is None:
                continue
            role = self.value(resp, PK.role)
            role_name = str(role).rsplit("#", 1)[-1] if role is not None else "responsible"
            found.append((_int(self.value(resp, PK.rank), 10**6), unit, role_name))
        return sorted(set(found), key=lambda r: (r[0], str(r[1])))

    def tasks(self) -> list[tuple[Node, Node]]:
        """(action, task) for every task, in document order."""
        found = []
        for doc in self.documents:
            for action in self.actions(doc):
                found += [(action, task) for task in self.ordered(action, PK.hasTask)]
        return found

    def actions(self, doc: Node) -> list[Node]:
        return sorted(set(self.ds.subjects(PK.inDocument, doc)) &
                      set(self.ds.subjects(RDF.type, PK.Action)),
                      key=lambda n: (_int(self.value(n, PK.ordinal), 10**6), str(n)))

    def targets_of_action(self, action: Node) -> list[Node]:
        return [t for goal in self.ordered(action, PK.hasGoal)
                for t in self.ordered(goal, PK.hasTarget)]

    def target_text(self, target: Node) -> str:
        if target not in self._target_texts:
            self._target_texts[target] = self._target_text(target)
        return self._target_texts[target]

    def _target_text(self, target: Node) -> str:
        indicator = self.value(target, PK.indicator)
        name = self.pick(indicator, RDFS.label) if indicator is not None else None
        value = self.value(target, PK.value)
        value_max = self.value(target, PK.valueMax)
        comparator = self.value(target, PK.comparator)
        uom = self.value(target, PK.unitOfMeasure)
        parts = [str(self.value(target, PK.year) or "")]
        parts.append(name or self.label(target))
        symbol = COMPARATOR_SIGNS.get(_NOTATIONS.get(comparator, ""), "")
        number = _number(value) + (f"–{_number(value_max)}" if value_max is not None else "")
        unit = self.pick(uom, SKOS.notation) if uom is not None else None
        parts.append(f"{symbol}{number}{unit or ''}")
        if str(self.value(target, PK.aspirational)).lower() == "true":
            parts.append("(aspirational)")
        return " ".join(p for p in parts if p)

    def unit_label(self, unit: Node) -> str:
        return self.label(unit)


def _number(value: Node | None) -> str:
    if value is None:
        return ""
    text = str(value)
    return text[:-2] if text.endswith(".0") else text


# ---------------------------------------------------------------------------------------
# node attributes


def _base(r: _Reader, node: Node) -> dict:
    cls = r.class_of(node)
    attrs = {"id": str(node), "label": r.label(node), "class": cls,
             "labels": r.all_labels(node)}
    details: list[tuple[str, str]] = []
    for name in attrs["labels"]:
        details.append(("name", name))
    types = sorted(_TYPE_NAMES[t] for t in r.objects(node, RDF.type) if t in _TYPE_NAMES)
    if types:
        details.append(("place type", ", ".join(types)))
    if r.objects(node, PK.unresolved):
        details.append(("note", "not in the reference data (unresolved)"))
    source, line = r.evidence(node)
    if source is not None:
        attrs["source"] = source
        details.append(("source", source))
    if line is not None:
        attrs["line"] = line
        details.append(("line", str(line)))
    attrs["details"] = details
    return attrs


def _task_attrs(r: _Reader, action: Node, task: Node) -> dict:
    attrs = _base(r, task)
    attrs["heading"] = r.pick(task, PK.heading, RDFS.label) or attrs["label"]
    attrs["action"] = r.label(action)
    attrs["responsibilities"] = [f"{rank}. {r.unit_label(unit)} ({role})"
                                 for rank, unit, role in r.responsibilities(task)]
    attrs["targets"] = [r.target_text(t) for t in r.targets_of_action(action)]
    details = [("heading", attrs["heading"]), ("action", attrs["action"])]
    details += [("responsibility", text) for text in attrs["responsibilities"]]
    if not attrs["responsibilities"]:
        details.append(("responsibility", "none listed"))
    details += [("target of the action", text) for text in attrs["targets"]]
    keep = [d for d in attrs["details"] if d[0] in ("source", "line")]
    attrs["details"] = details + keep
    return attrs


def _target_attrs(r: _Reader, target: Node) -> dict:
    attrs = _base(r, target)
    facts = [("target", r.target_text(target))]
    indicator = r.value(target, PK.indicator)
    if indicator is not None:
        facts.append(("indicator", r.label(indicator)))
    for prop, name in ((PK.year, "year"), (PK.value, "value"), (PK.valueMax, "value max"),
                       (PK.aspirational, "aspirational")):
        value = r.value(target, prop)
        if value is not None:
            facts.append((name, _number(value) if prop in (PK.value, PK.valueMax)
                          else str(value)))
    for prop, name in ((PK.unitOfMeasure, "unit of measure"), (PK.comparator, "comparator"),
                       (PK.targetKind, "kind")):
        value = r.value(target, prop)
        if value is not None:
            facts.append((name, r.pick(value, SKOS.notation, SKOS.prefLabel)
                          or str(value).rsplit("#", 1)[-1]))
    attrs["details"] = facts + [d for d in attrs["details"] if d[0] != "name"]
    return attrs


def _add_node(G: nx.Graph, r: _Reader, node: Node, **extra) -> str:
    key = str(node)
    if key not in G:
        G.add_node(key, **_base(r, node))
    G.nodes[key].update(extra)
    return key


def _finish(G: nx.Graph) -> nx.Graph:
    """A copy with nodes and edges in sorted order (deterministic output)."""
    out = G.__class__()
    out.graph.update(G.graph)
    out.add_nodes_from(sorted(G.nodes(data=True), key=lambda n: n[0]))
    out.add_edges_from(sorted(G.edges(data=True), key=lambda e: (e[0], e[1])))
    return out


def _edge(G: nx.Graph, a: str, b: str, rel: str, **attrs) -> None:
    G.add_edge(a, b, rel=rel, **attrs)


def _role_edge(role: str) -> dict:
    return {"role": role, "dashes": role != "lead"}


# ---------------------------------------------------------------------------------------
# overview


def overview_graph(ds: Dataset, lang: str | None = None) -> nx.DiGraph:
    r = _Reader(ds, lang)
    G = nx.DiGraph(view="overview", lang=r.lang, script=r.script, document=r.title)
    y = 0.0
    placed: set[str] = set()
    task_ys: dict[str, list[float]] = defaultdict(list)
    workload: dict[str, list[int]] = defaultdict(lambda: [0, 0])

    def leaves(nodes: Iterable[str], top: float) -> int:
        nodes = list(nodes)
        for i, key in enumerate(nodes):
            G.nodes[key].update(x=_COL["leaf"] + (i % _LEAF_COLS) * _LEAF_W,
                                y=top + (i // _LEAF_COLS) * _ROW, level=4)
        return max(1, math.ceil(len(nodes) / _LEAF_COLS))

    doc_ys = []
    for doc in r.documents:
        d = _add_node(G, r, doc, level=0)
        part_ys = []
        parts = [p for p in r.ordered(doc, PK.hasPart) if r.class_of(p) == "part"]
        in_parts = {a for p in parts for a in r.objects(p, PK.hasAction)}
        groups = [(p, [s for s in r.ordered(p, PK.hasPart) if r.class_of(s) == "section"]
                   + r.ordered(p, PK.hasAction)) for p in parts]
        loose = [a for a in r.actions(doc) if a not in in_parts]
        if loose:
            groups.append((None, loose))
        for part, actions in groups:
            p = _add_node(G, r, part, level=1) if part is not None else d
            if part is not None:
                _edge(G, d, p, "hasPart")
            action_ys = []
            for action in actions:
                a = _add_node(G, r, action, level=2)
                _edge(G, p, a, "hasAction" if r.class_of(action) == "action" else "hasPart")
                child_ys = []
                for goal in r.ordered(action, PK.hasGoal):
                    g = _add_node(G, r, goal, level=3)
                    _edge(G, a, g, "hasGoal")
                    targets = []
                    for target in r.ordered(goal, PK.hasTarget):
                        t = str(target)
                        G.add_node(t, **_target_attrs(r, target))
                        _edge(G, g, t, "hasTarget")
                        targets.append(t)
                    rows = leaves(targets, y)
                    child_ys.append(y + (rows - 1) * _ROW / 2)
                    G.nodes[g].update(x=_COL["child"], y=child_ys[-1])
                    y += rows * _ROW + _CHILD_GAP
                for task in r.ordered(action, PK.hasTask):
                    t = str(task)
                    G.add_node(t, **_task_attrs(r, action, task), level=3)
                    _edge(G, a, t, "hasTask")
                    new = []
                    for prop, rel in ((PK.mentionsPlace, "mentionsPlace"),
                                      (PK.mentionsInstitution, "mentionsInstitution")):
                        for thing in sorted(set(r.objects(task, prop)), key=str):
                            m = _add_node(G, r, thing)
                            _edge(G, t, m, rel)
                            if m not in placed:
                                placed.add(m)
                                new.append(m)
                    rows = leaves(new, y)
                    child_ys.append(y + (rows - 1) * _ROW / 2)
                    G.nodes[t].update(x=_COL["child"], y=child_ys[-1])
                    y += rows * _ROW + _CHILD_GAP
                    for rank, unit, role in r.responsibilities(task):
                        u = _add_node(G, r, unit, level=5)
                        _edge(G, u, t, role, rank=rank, **_role_edge(role))
                        task_ys[u].append(child_ys[-1])
                        workload[u][0] += 1
                        workload[u][1] += rank == 1
                if not child_ys:
                    child_ys.append(y)
                    y += _ROW
                action_ys.append(sum(child_ys) / len(child_ys))
                G.nodes[a].update(x=_COL["action"], y=action_ys[-1])
                y += _ACTION_GAP
            if part is not None:
                if not action_ys:
                    action_ys.append(y)
                    y += _ROW + _ACTION_GAP
                part_ys.append(sum(action_ys) / len(action_ys))
                G.nodes[p].update(x=_COL["part"], y=part_ys[-1])
            else:
                part_ys += action_ys
        doc_ys.append(sum(part_ys) / len(part_ys) if part_ys else y)
        G.nodes[d].update(x=_COL["document"], y=doc_ys[-1])
        y += _ACTION_GAP * 2
    # units: one column right of the leaves, each near the mean height of its tasks
    unit_x = _COL["leaf"] + _LEAF_COLS * _LEAF_W + 420
    last = -math.inf
    for u in sorted(task_ys, key=lambda u: (sum(task_ys[u]) / len(task_ys[u]), u)):
        last = max(sum(task_ys[u]) / len(task_ys[u]), last + _UNIT_ROW)
        tasks, led = workload[u]
        G.nodes[u].update(x=unit_x, y=last, tasks=tasks, led=led)
        G.nodes[u]["details"] = [("tasks", str(tasks)), ("led", str(led)),
                                 *G.nodes[u]["details"]]
    return _finish(G)


# ---------------------------------------------------------------------------------------
# one unit's neighbourhood


def resolve_unit(ds: Dataset, name: str) -> URIRef:
    """A unit's IRI from any of its names (either script, short, full, English) or IRI."""
    term = to_term("unit", name)
    if not isinstance(term, URIRef) or not (
            (term, RDF.type, None) in ds or (None, PK.unit, term) in ds):
        raise InputError(f"unknown unit {name!r}: not in this knowledge graph")
    return term


def unit_graph(ds: Dataset, unit: str, lang: str | None = None) -> nx.DiGraph:
    r = _Reader(ds, lang)
    center = resolve_unit(ds, unit)
    G = nx.DiGraph(view="unit", lang=r.lang, script=r.script, document=r.title, unit=str(center))
    c = _add_node(G, r, center, center=True)
    direct, via = [], []
    involved = set(ds.objects(center, PK.involvedIn)) | set(ds.subjects(PK.involvesUnit, center))
    for action, task in r.tasks():
        resps = r.responsibilities(task)
        mine = [(rank, role) for rank, u, role in resps if u == center]
        if mine:
            direct.append((action, task, mine[0]))
        elif task in involved:
            collectives = [u for _, u, _ in resps if (u, PK.hasMember, center) in ds]
            if collectives:
                via.append((action, task, collectives[0]))
    led = 0
    for action, task, (rank, role) in direct:
        t = str(task)
        G.add_node(t, **_task_attrs(r, action, task))
        _edge(G, c, t, role, rank=rank, **_role_edge(role))
        led += rank == 1
    for action, task, collective in via:
        t = str(task)
        G.add_node(t, **_task_attrs(r, action, task))
        via_name = r.label(collective)
        G.nodes[t]["via"] = via_name
        _edge(G, c, t, "via", role="via", dashes=True, label=f"via {via_name}")
    for action, task, _ in direct + via:
        t = str(task)
        a = _add_node(G, r, action)
        _edge(G, a, t, "hasTask")
        for target in r.targets_of_action(action):
            if str(target) not in G:
                G.add_node(str(target), **_target_attrs(r, target))
            _edge(G, a, str(target), "hasTarget")
        for rank, unit_node, role in r.responsibilities(task):
            if unit_node != center:
                u = _add_node(G, r, unit_node)
                _edge(G, u, t, role, rank=rank, **_role_edge(role))
    G.nodes[c]["details"] = [("tasks (listed)", str(len(direct))), ("led", str(led)),
                             ("tasks via a collective unit", str(len(via))),
                             *G.nodes[c]["details"]]
    G.graph.update(direct=len(direct), via=len(via), led=led)
    _radial_layout(G, c)
    return _finish(G)


def _radial_layout(G: nx.DiGraph, center: str) -> None:
    """Centre; tasks on a ring; actions and co-owners outside; targets around their action."""
    G.nodes[center].update(x=0.0, y=0.0)
    tasks = [n for n in G.successors(center)]
    tasks.sort(key=lambda t: t)
    ring1 = max(260.0, len(tasks) * 110 / (2 * math.pi))
    angle = {}
    for i, t in enumerate(tasks):
        angle[t] = 2 * math.pi * i / max(1, len(tasks)) - math.pi / 2
        G.nodes[t].update(x=ring1 * math.cos(angle[t]), y=ring1 * math.sin(angle[t]))
    outer = [n for n in G if n != center and n not in angle
             and G.nodes[n]["class"] != "target"]
    ring2 = ring1 + 300

    def mean_angle(n: str) -> float:
        near = [angle[t] for t in G.successors(n) if t in angle]
        if not near:
            return 0.0
        return math.atan2(sum(math.sin(a) for a in near), sum(math.cos(a) for a in near))

    outer.sort(key=lambda n: (mean_angle(n), n))
    for i, n in enumerate(outer):
        a = mean_angle(n) * 0.0 + 2 * math.pi * i / max(1, len(outer)) - math.pi / 2
        angle[n] = a
        G.nodes[n].update(x=ring2 * math.cos(a), y=ring2 * math.sin(a))
    ring3 = ring2 + 260
    for n in sorted(G):
        if G.nodes[n]["class"] != "target":
            continue
        owner = next(iter(sorted(G.predecessors(n))))
        siblings = sorted(G.successors(owner))
        k = siblings.index(n)
        spread = 0.5 * 2 * math.pi / max(1, len(outer))
        a = angle[owner] + spread * ((k + 0.5) / len(siblings) - 0.5)
        radius = ring3 + 70 * (k % 3)
        G.nodes[n].update(x=radius * math.cos(a), y=radius * math.sin(a))


# ---------------------------------------------------------------------------------------
# co-responsibility


def coresponsibility_graph(ds: Dataset, lang: str | None = None) -> nx.Graph:
    r = _Reader(ds, lang)
    G = nx.Graph(view="coresponsibility", lang=r.lang, script=r.script, document=r.title)
    owners: dict[Node, list[tuple[Node, int]]] = {}
    for _, task in r.tasks():
        owners[task] = [(u, rank) for rank, u, _ in r.responsibilities(task)]
    tasks: dict[str, set[str]] = defaultdict(set)
    led: dict[str, int] = defaultdict(int)
    for task, units in owners.items():
        for unit, rank in units:
            u = _add_node(G, r, unit)
            tasks[u].add(str(task))
            led[u] += rank == 1
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for task, units in owners.items():
        keys = sorted({str(u) for u, _ in units})
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                shared[(a, b)].append(r.label(task))
    for (a, b), names in sorted(shared.items()):
        G.add_edge(a, b, rel="shared", weight=len(names), width=len(names),
                   label=str(len(names)), tasks=sorted(names))
    between = nx.betweenness_centrality(G, normalized=True)
    ranking = []
    for u in G:
        row = {"id": u, "label": G.nodes[u]["label"], "tasks": len(tasks[u]),
               "led": led[u], "degree": G.degree(u), "betweenness": round(between[u], 4)}
        ranking.append(row)
        G.nodes[u].update(tasks=row["tasks"], led=row["led"], degree=row["degree"],
                          betweenness=row["betweenness"])
        G.nodes[u]["details"] = [("tasks", str(row["tasks"])), ("led", str(row["led"])),
                                 ("co-owners (degree)", str(row["degree"])),
                                 ("betweenness", f"{row['betweenness']:.4f}"),
                                 *G.nodes[u]["details"]]
    ranking.sort(key=lambda row: (-row["tasks"], -row["led"], -row["betweenness"],
                                  row["label"], row["id"]))
    G.graph["ranking"] = ranking
    # start on a circle, biggest first; the page's physics settles it and then stops
    order = [row["id"] for row in ranking]
    radius = max(300.0, len(order) * 60 / (2 * math.pi))
    for i, u in enumerate(order):
        a = 2 * math.pi * i / max(1, len(order)) - math.pi / 2
        G.nodes[u].update(x=radius * math.cos(a), y=radius * math.sin(a))
    return _finish(G)
