"""Where each node of a view sits: positions (``x``, ``y``) computed in Python, without
randomness, so the page draws the overview with physics off and starts the other views
from a readable shape.

- overview: left to right by depth (document, parts, actions, goals and tasks, their
  targets and mentions in rows of leaves); each parent at the mean height of its
  children, each unit in a column on the right near the mean height of its tasks.
- unit: the unit at the centre, its tasks on a ring, their actions and co-owners on a
  second ring, the actions' targets on a third.
- coresponsibility: the units on a circle, the busiest first.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

import networkx as nx

_COL = {"document": 0, "part": 420, "action": 820, "child": 1280, "leaf": 1680}
_LEAF_COLS, _LEAF_W, _ROW, _CHILD_GAP, _ACTION_GAP, _UNIT_ROW = 6, 165, 54, 26, 60, 64
_MENTIONS = ("mentionsPlace", "mentionsInstitution")


def _by_relation(G: nx.DiGraph, node: str, *relations: str) -> list[str]:
    """The successors of NODE by these relations, in the order the walk added them."""
    return [n for n, attrs in G.adj[node].items() if attrs["rel"] in relations]


class _Overview:
    """The overview's layout: one pass down the page, as the walk added the nodes."""

    def __init__(self, G: nx.DiGraph) -> None:
        self.G = G
        self.y = 0.0
        self.placed: set[str] = set()
        self.task_ys: dict[str, list[float]] = defaultdict(list)

    def leaves(self, nodes: Iterable[str], top: float) -> int:
        """Place NODES in rows from TOP; return the number of rows (at least one)."""
        nodes = list(nodes)
        for i, key in enumerate(nodes):
            self.G.nodes[key].update(x=_COL["leaf"] + (i % _LEAF_COLS) * _LEAF_W,
                                     y=top + (i // _LEAF_COLS) * _ROW, level=4)
        return max(1, math.ceil(len(nodes) / _LEAF_COLS))

    def child(self, node: str, leaves: list[str]) -> float:
        """A goal or task beside its row(s) of leaves; the page moves down past them."""
        rows = self.leaves(leaves, self.y)
        middle = self.y + (rows - 1) * _ROW / 2
        self.G.nodes[node].update(x=_COL["child"], y=middle)
        self.y += rows * _ROW + _CHILD_GAP
        return middle

    def action(self, action: str) -> float:
        child_ys = []
        for goal in _by_relation(self.G, action, "hasGoal"):
            child_ys.append(self.child(goal, _by_relation(self.G, goal, "hasTarget")))
        for task in _by_relation(self.G, action, "hasTask"):
            new = [m for m in _by_relation(self.G, task, *_MENTIONS) if m not in self.placed]
            self.placed.update(new)
            child_ys.append(self.child(task, new))
            for unit in self.G.predecessors(task):
                if self.G.nodes[unit]["level"] == 5:
                    self.task_ys[unit].append(child_ys[-1])
        if not child_ys:
            child_ys.append(self.y)
            self.y += _ROW
        self.G.nodes[action].update(x=_COL["action"], y=sum(child_ys) / len(child_ys))
        self.y += _ACTION_GAP
        return self.G.nodes[action]["y"]

    def part(self, part: str) -> float:
        action_ys = [self.action(a) for a in _by_relation(self.G, part, "hasPart", "hasAction")]
        if not action_ys:
            action_ys.append(self.y)
            self.y += _ROW + _ACTION_GAP
        self.G.nodes[part].update(x=_COL["part"], y=sum(action_ys) / len(action_ys))
        return self.G.nodes[part]["y"]

    def document(self, doc: str) -> None:
        part_ys = [self.part(n) if rel == "hasPart" else self.action(n)
                   for n, rel in ((n, a["rel"]) for n, a in self.G.adj[doc].items())]
        self.G.nodes[doc].update(x=_COL["document"],
                                 y=sum(part_ys) / len(part_ys) if part_ys else self.y)
        self.y += _ACTION_GAP * 2

    def units(self) -> None:
        """One column right of the leaves, each unit near the mean height of its tasks."""
        unit_x = _COL["leaf"] + _LEAF_COLS * _LEAF_W + 420
        mean = {u: sum(ys) / len(ys) for u, ys in self.task_ys.items()}
        last = -math.inf
        for u in sorted(mean, key=lambda u: (mean[u], u)):
            last = max(mean[u], last + _UNIT_ROW)
            self.G.nodes[u].update(x=unit_x, y=last)


def overview_layout(G: nx.DiGraph, documents: list[str]) -> None:
    """Positions for the overview, walking G from each document in the order the walk
    added its parts, actions, goals and tasks."""
    page = _Overview(G)
    for doc in documents:
        page.document(doc)
    page.units()


def radial_layout(G: nx.DiGraph, center: str) -> None:
    """Centre; tasks on a ring; actions and co-owners outside; targets around their action."""
    G.nodes[center].update(x=0.0, y=0.0)
    tasks = sorted(G.successors(center))
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
        a = 2 * math.pi * i / max(1, len(outer)) - math.pi / 2
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


def circle_layout(G: nx.Graph, order: list[str]) -> None:
    """NODES on a circle in ORDER, from the top; the page's physics settles them."""
    radius = max(300.0, len(order) * 60 / (2 * math.pi))
    for i, u in enumerate(order):
        a = 2 * math.pi * i / max(1, len(order)) - math.pi / 2
        G.nodes[u].update(x=radius * math.cos(a), y=radius * math.sin(a))
