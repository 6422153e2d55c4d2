"""Queries: what a parameter's value names in the graph.

A unit, place or institution is found by any of its names in the reference data
(kg.gazetteer), or, for a unit the reference data lacks, by its name as a document writes
it; a task by its id (1.2), its IRI or words of its heading; an indicator by words of its
name; a document by its 文號 (dcterms:identifier) or its IRI; ``iri`` (the resource whose
evidence is asked) by any of those. Names are compared
folded on both sides (kg.read.fold: the script by OpenCC, full- and half-width forms,
case, and the known variants and misprints: 臵 for 置, 裏 and 裡 for 里, 範 for 范), so the
graph keeps each label as written and shows it so.

A look-up that finds nothing names the nearest names: an error for a unit, place,
institution or task (the question cannot be asked), a note beside an empty answer for an
indicator (words of a name may simply match nothing).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from difflib import SequenceMatcher

from rdflib import URIRef

from kg.errors import InputError
from kg.gazetteer import default_gazetteer
from kg.read import folded, number_key
from kg.sparql import Rows

TASK_ID = re.compile(r"\d+(?:\.\d+)+")
ENTITY_KINDS = {"unit": "unit", "other_unit": "unit", "place": "place",
                "institution": "institution"}
NEAREST = 4  # names a failed look-up suggests


class Lookup:
    """Look-ups in one graph: ROWS_OF gives the rows of a view query (queries/views) on
    the engine the question goes to, asked at most once each. Notes for the reader
    (an indicator that matched nothing) collect in ``notes``."""

    def __init__(self, rows_of: Callable[[str, dict[str, str]], Rows] | None = None) -> None:
        self._rows_of = rows_of
        self._rows: dict[tuple, Rows] = {}
        self.notes: list[str] = []

    def rows(self, view: str, needed_for: str, params: dict[str, str] | None = None) -> Rows:
        """The rows of VIEW (with PARAMS, if it takes any)."""
        if self._rows_of is None:
            raise InputError(f"{needed_for} is looked up in the graph: give the graph")
        key = (view, *sorted((params or {}).items()))
        if key not in self._rows:
            self._rows[key] = self._rows_of(view, params or {})
        return self._rows[key]

    # --- by kind --------------------------------------------------------------------

    def entity(self, param: str, value: str) -> URIRef:
        """A unit, place or institution: by a name of the reference data, else (a unit)
        by the name a document writes for a unit the reference data lacks."""
        kind = ENTITY_KINDS[param]
        entry = default_gazetteer().lookup(value, kind)
        if entry is not None:
            return entry.iri
        written = self._unresolved_units() if kind == "unit" and self._rows_of else {}
        if (found := written.get(folded(value))) is not None:
            return found[1]
        near = default_gazetteer().nearest(value, kind, NEAREST)
        shown = {name: name for name, _ in written.values()}
        near += [(name, "unit") for name in nearest(value, shown, NEAREST)
                 if (name, "unit") not in near]
        raise InputError(f"unknown {param} {value!r}: not a name in the reference data"
                         + (f"{' or in this graph' if written else ''}; nearest: "
                            + ", ".join(f"{name} ({what})" for name, what in near[:NEAREST])
                            if near else ""))

    def tasks(self, value: str, param: str = "task") -> tuple[URIRef, ...]:
        """The tasks VALUE names: by id (1.2: that task of each document), else every task
        whose heading holds each of VALUE's words."""
        rows = self.rows("views/tasks", f"a task ({param}={value})")
        value = value.strip()
        if TASK_ID.fullmatch(value):
            found = [r["task"] for r in rows if str(r["task_id"]) == value]
            if not found:
                ids = sorted({str(r["task_id"]) for r in rows}, key=_numbers)
                raise InputError(f"no task {value} in this graph"
                                 + (f"; its tasks are {ids[0]} to {ids[-1]}" if ids else ""))
        else:
            found = [r["task"] for r in rows if matches(value, str(r["heading"]))]
            if not found:
                headings = {str(r["heading"]): f"{r['task_id']} {r['heading']}" for r in rows}
                near = nearest(value, headings, NEAREST)
                raise InputError(f"no task heading holds {value!r}"
                                 + (f"; nearest: {'; '.join(near)}" if near else "")
                                 + " (a task is also found by its id, 1.2, or its IRI)")
        return _distinct(found)

    def document(self, value: str) -> URIRef | tuple[URIRef, ...]:
        """The document VALUE names: by its 文號 (folded: either script and width) or its
        IRI; several documents with one 文號 give each."""
        key = number_key(value)
        keyed = self.rows("views/document-key", f"a document ({value})", {"key": key})
        if keyed:  # each document's key is in the graph: no need to read them all
            return _one_or_all(_distinct(r["doc"] for r in keyed))
        rows = self.rows("views/documents", f"a document ({value})")
        found = _distinct(r["doc"] for r in rows if str(r["doc"]) == value.strip()
                          or (r["identifier"] is not None
                              and number_key(str(r["identifier"])) == key))
        if not found:
            numbers = {str(r["identifier"]): str(r["identifier"]) for r in rows
                       if r["identifier"] is not None}
            near = nearest(value, numbers, NEAREST)
            raise InputError(f"no document {value!r} in this graph"
                             + (f"; nearest: {'; '.join(near)}" if near else "")
                             + " (a document is found by its 文號 or its IRI; `policykg query "
                               "documents` lists them)")
        return _one_or_all(found)

    def indicators(self, value: str) -> tuple[URIRef, ...]:
        """Every indicator whose name holds each of VALUE's words; none: an empty tuple
        and a note with the nearest names."""
        rows = self.rows("views/indicators", f"an indicator ({value})")
        found = _distinct(r["indicator"] for r in rows if matches(value, str(r["label"])))
        if not found:
            near = nearest(value, {str(r["label"]): str(r["label"]) for r in rows}, NEAREST)
            self.notes.append(f"no indicator's name holds {value!r}"
                              + (f"; nearest: {'; '.join(near)}" if near else ""))
        return found

    def resource(self, value: str) -> tuple[URIRef, ...]:
        """What ``iri`` names when it is no IRI: a task by id or heading words, or a unit,
        place or institution by name."""
        if TASK_ID.fullmatch(value.strip()):
            return self.tasks(value, "iri")
        entry = default_gazetteer().lookup(value)
        if entry is not None:
            return (entry.iri,)
        try:
            return self.tasks(value, "iri")
        except InputError as err:
            raise InputError(f"{err.message}; nor is {value!r} a unit, place or institution "
                             "of the reference data") from None

    def _unresolved_units(self) -> dict[str, tuple[str, URIRef]]:
        """The units the graph holds that the reference data lacks: (name as written,
        IRI) by folded name."""
        rows = self.rows("views/unresolved-units", "a unit")
        return {folded(str(r["name"])): (str(r["name"]), r["unit"]) for r in rows}


# --- matching ---------------------------------------------------------------------------

def matches(value: str, text: str) -> bool:
    """Whether TEXT holds every word of VALUE, both folded."""
    words = folded(value).split()
    found = folded(text)
    return bool(words) and all(word in found for word in words)


def nearest(value: str, shown: dict[str, str], limit: int) -> list[str]:
    """Of SHOWN (name → how to show it), the names most like VALUE: those holding most of
    its characters in order (技術合同成交額 → 技術交易合同成交額), at least half of them."""
    key = folded(value)
    if not key:
        return []
    scored = []
    for name, text in shown.items():
        blocks = SequenceMatcher(None, key, folded(name), autojunk=False).get_matching_blocks()
        score = sum(b.size for b in blocks) / len(key)
        if score >= 0.5:
            scored.append((-score, len(name), text))
    return [text for *_, text in sorted(scored)[:limit]]


def _one_or_all(found: tuple[URIRef, ...]) -> URIRef | tuple[URIRef, ...]:
    return found[0] if len(found) == 1 else found


def _distinct(found: Iterable) -> tuple[URIRef, ...]:
    return tuple(sorted(set(found), key=str))


def _numbers(task_id: str) -> tuple[int, ...]:
    return tuple(int(n) for n in task_id.split("."))
