"""Query rows → networkx: the three views the graph pages draw (visualize.facts reads the
rows, visualize.layout places the nodes).

- overview: document → parts → actions → goals and tasks → targets, units, places and
  institutions.
- unit: one unit's neighbourhood: its tasks (lead, support, or through 各區政府 by OWL RL
  inference, as unit-tasks answers), their co-owners, their actions and the actions'
  targets.
- coresponsibility: units linked by the tasks they share, with a ranking table.

Every node carries ``id`` (its IRI), ``label`` (in the chosen language), ``class`` (a
key of visualize.style.CLASSES), ``labels`` (every name, both scripts, English, short
names: what the search box matches) and ``details`` (field, value) pairs for the side
panel. Tasks also carry ``heading``, ``targets``, ``responsibilities``, ``source`` and
``line``. Nodes and edges are added in a sorted, deterministic order.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx
import pyoxigraph as ox
from rdflib import Dataset, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from kg.errors import InputError
from kg.namespace import PK
from kg.vocab import COMPARATORS, LANGUAGES
from visualize import VIEWS
from visualize.facts import Facts
from visualize.layout import circle_layout, overview_layout, radial_layout

Source = Dataset | ox.Store

_TYPE_NAMES = {PK.District: "District", PK.Zone: "Zone", PK.Region: "Region",
               PK.City: "City"}
_MENTIONS = ((PK.mentionsPlace, "mentionsPlace"), (PK.mentionsInstitution, "mentionsInstitution"))


def build_view(source: Source, view: str, lang: str | None = None,
               unit: str | None = None) -> nx.Graph:
    """The networkx graph of VIEW (overview, unit or coresponsibility) of SOURCE, an rdflib
    Dataset or an Oxigraph store."""
    if view not in VIEWS:
        raise InputError(f"unknown view {view!r}: choose one of {', '.join(VIEWS)}")
    if lang is not None and lang not in LANGUAGES:
        raise InputError(f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    if view == "overview":
        return overview_graph(source, lang)
    if view == "unit":
        if not unit:
            raise InputError("the unit view needs a unit: --unit NAME (e.g. 市科技局)")
        return unit_graph(source, unit, lang)
    return coresponsibility_graph(source, lang)


# ---------------------------------------------------------------------------------------
# node attributes


def _base(r: Facts, node: Node) -> dict:
    attrs = {"id": str(node), "label": r.label(node), "class": r.class_of(node),
             "labels": r.all_labels(node)}
    details: list[tuple[str, str]] = [("name", name) for name in attrs["labels"]]
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


def _task_attrs(r: Facts, action: Node, task: Node) -> dict:
    attrs = _base(r, task)
    attrs["heading"] = r.pick(task, PK.heading, RDFS.label) or attrs["label"]
    attrs["action"] = r.label(action)
    attrs["responsibilities"] = [f"{o.rank}. {r.label(o.unit)} ({o.role})"
                                 for o in r.owners.get(task, [])]
    attrs["targets"] = [r.target_text(t) for t in r.targets_of_action(action)]
    details = [("heading", attrs["heading"]), ("action", attrs["action"])]
    details += [("responsibility", text) for text in attrs["responsibilities"]]
    if not attrs["responsibilities"]:
        details.append(("responsibility", "none listed"))
    details += [("target of the action", text) for text in attrs["targets"]]
    keep = [d for d in attrs["details"] if d[0] in ("source", "line")]
    attrs["details"] = details + keep
    return attrs


def _target_attrs(r: Facts, target: Node) -> dict:
    attrs = _base(r, target)
    facts = [("target", r.target_text(target))]
    found = r.targets.get(target)
    if found is not None:
        facts += [("indicator", found.indicator), ("year", found.year), ("value", found.value)]
        facts += [("value max", found.value_max)] if found.value_max else []
        facts += [("aspirational", found.aspirational),
                  ("unit of measure", r.concept_label(r.unit_of_measure(found.unit_of_measure),
                                                      found.unit_of_measure)),
                  ("comparator", r.concept_label(COMPARATORS.get(found.comparator),
                                                 found.comparator)),
                  ("kind", r.concept_label(found.kind, str(found.kind).rsplit("#", 1)[-1]))]
    attrs["details"] = facts + [d for d in attrs["details"] if d[0] != "name"]
    return attrs


def _add_node(G: nx.Graph, r: Facts, node: Node, **extra) -> str:
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


def _role_edge(role: str) -> dict:
    return {"role": role, "dashes": role != "lead"}


def _new_graph(cls: type[nx.Graph], view: str, r: Facts, **attrs) -> nx.Graph:
    return cls(view=view, lang=r.lang, script=r.script, document=r.title, **attrs)


# ---------------------------------------------------------------------------------------
# overview


def overview_graph(source: Source, lang: str | None = None) -> nx.DiGraph:
    r = Facts(source, lang)
    G = overview_walk(r)
    overview_layout(G, [str(d) for d in r.documents])
    _add_workload(G, r)
    return _finish(G)


def overview_walk(r: Facts) -> nx.DiGraph:
    """Every document down to its targets, tasks, units and mentions: the nodes and edges
    in document order (each node's successors in the order they are drawn)."""
    G = _new_graph(nx.DiGraph, "overview", r)
    for doc in r.documents:
        d = _add_node(G, r, doc, level=0)
        parts = [p for p in r.ordered(doc, "hasPart") if r.class_of(p) == "part"]
        in_parts = {a for p in parts for a in r.ordered(p, "hasAction")}
        for part in parts:
            p = _add_node(G, r, part, level=1)
            G.add_edge(d, p, rel="hasPart")
            sections = [s for s in r.ordered(part, "hasPart") if r.class_of(s) == "section"]
            for action in sections + r.ordered(part, "hasAction"):
                _walk_action(G, r, p, action)
        for action in r.actions(doc):
            if action not in in_parts:
                _walk_action(G, r, d, action)
    return G


def _walk_action(G: nx.DiGraph, r: Facts, parent: str, action: Node) -> None:
    a = _add_node(G, r, action, level=2)
    G.add_edge(parent, a, rel="hasAction" if r.class_of(action) == "action" else "hasPart")
    for goal in r.ordered(action, "hasGoal"):
        g = _add_node(G, r, goal, level=3)
        G.add_edge(a, g, rel="hasGoal")
        for target in r.ordered(goal, "hasTarget"):
            G.add_node(str(target), **_target_attrs(r, target))
            G.add_edge(g, str(target), rel="hasTarget")
    for task in r.ordered(action, "hasTask"):
        t = str(task)
        G.add_node(t, **_task_attrs(r, action, task), level=3)
        G.add_edge(a, t, rel="hasTask")
        for _, relation in _MENTIONS:
            for thing in r.ordered(task, relation):  # by IRI: they have no ordinal
                G.add_edge(t, _add_node(G, r, thing), rel=relation)
        for owner in r.owners.get(task, []):
            u = _add_node(G, r, owner.unit, level=5)
            G.add_edge(u, t, rel=owner.role, rank=owner.rank, **_role_edge(owner.role))


def _add_workload(G: nx.DiGraph, r: Facts) -> None:
    """Each unit's tasks and led tasks, as unit-workload counts them."""
    for key, attrs in G.nodes(data=True):
        if attrs.get("level") == 5:
            tasks, led = r.workload.get(URIRef(key), (0, 0))
            attrs.update(tasks=tasks, led=led)
            attrs["details"] = [("tasks", str(tasks)), ("led", str(led)), *attrs["details"]]


# ---------------------------------------------------------------------------------------
# one unit's neighbourhood


def unit_graph(source: Source, unit: str, lang: str | None = None) -> nx.DiGraph:
    r = Facts(source, lang)
    center = r.resolve_unit(unit)
    G = _new_graph(nx.DiGraph, "unit", r, unit=str(center))
    c = _add_node(G, r, center, center=True)
    action_of = {task: action for action, task in r.tasks()}
    position = {task: i for i, task in enumerate(action_of)}
    reached = sorted((t for t in r.unit_tasks(center) if t.task in position),
                     key=lambda t: position[t.task])
    direct = [t for t in reached if t.via is None]
    via = [t for t in reached if t.via is not None]
    led = 0
    for found in direct:
        rank = min(o.rank for o in r.owners[found.task] if o.unit == center)
        G.add_node(str(found.task), **_task_attrs(r, action_of[found.task], found.task))
        G.add_edge(c, str(found.task), rel=found.role, rank=rank, **_role_edge(found.role))
        led += rank == 1
    for found in via:
        t = str(found.task)
        G.add_node(t, **_task_attrs(r, action_of[found.task], found.task))
        G.nodes[t]["via"] = r.label(found.via)
        G.add_edge(c, t, rel="via", role="via", dashes=True, label=f"via {G.nodes[t]['via']}")
    for found in direct + via:
        _add_task_context(G, r, action_of[found.task], found.task, center)
    G.nodes[c]["details"] = [("tasks (listed)", str(len(direct))), ("led", str(led)),
                             ("tasks via a collective unit", str(len(via))),
                             *G.nodes[c]["details"]]
    G.graph.update(direct=len(direct), via=len(via), led=led)
    radial_layout(G, c)
    return _finish(G)


def _add_task_context(G: nx.DiGraph, r: Facts, action: Node, task: Node, center: Node
                      ) -> None:
    """A task's action, the action's targets and the task's other owners."""
    t = str(task)
    a = _add_node(G, r, action)
    G.add_edge(a, t, rel="hasTask")
    for target in r.targets_of_action(action):
        if str(target) not in G:
            G.add_node(str(target), **_target_attrs(r, target))
        G.add_edge(a, str(target), rel="hasTarget")
    for owner in r.owners.get(task, []):
        if owner.unit != center:
            u = _add_node(G, r, owner.unit)
            G.add_edge(u, t, rel=owner.role, rank=owner.rank, **_role_edge(owner.role))


# ---------------------------------------------------------------------------------------
# co-responsibility


def coresponsibility_graph(source: Source, lang: str | None = None) -> nx.Graph:
    r = Facts(source, lang)
    G = _new_graph(nx.Graph, "coresponsibility", r)
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for _, task in r.tasks():
        keys = sorted({_add_node(G, r, o.unit) for o in r.owners.get(task, [])})
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                shared[(a, b)].append(r.label(task))
    for (a, b), names in sorted(shared.items()):
        G.add_edge(a, b, rel="shared", weight=len(names), width=len(names),
                   label=str(len(names)), tasks=sorted(names))
    G.graph["ranking"] = _ranking(G, r)
    circle_layout(G, [row["id"] for row in G.graph["ranking"]])
    return _finish(G)


def _ranking(G: nx.Graph, r: Facts) -> list[dict]:
    """Units by tasks, led tasks (unit-workload) and betweenness; each node gets its row."""
    between = nx.betweenness_centrality(G, normalized=True)
    ranking = []
    for u in G:
        tasks, led = r.workload.get(URIRef(u), (0, 0))
        row = {"id": u, "label": G.nodes[u]["label"], "tasks": tasks, "led": led,
               "degree": G.degree(u), "betweenness": round(between[u], 4)}
        ranking.append(row)
        G.nodes[u].update(tasks=row["tasks"], led=row["led"], degree=row["degree"],
                          betweenness=row["betweenness"])
        G.nodes[u]["details"] = [("tasks", str(row["tasks"])), ("led", str(row["led"])),
                                 ("co-owners (degree)", str(row["degree"])),
                                 ("betweenness", f"{row['betweenness']:.4f}"),
                                 *G.nodes[u]["details"]]
    return sorted(ranking, key=lambda row: (-row["tasks"], -row["led"], -row["betweenness"],
                                            row["label"], row["id"]))
