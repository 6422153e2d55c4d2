"""Queries, helpers: what every engine does to SPARQL text before it runs it, and the
Answer every engine gives.

Parameter values are bound as RDF terms, never pasted into the text: rdflib takes them
as initBindings; Oxigraph gets a VALUES block of ``term.n3()`` placed right after the
first ``WHERE {`` (Oxigraph's own substitutions bind only projected variables). A
parameter may stand for several terms (a task id found in each of several documents, the
indicators whose names hold a word): a tuple, one VALUES row each (none: no rows).

A remote endpoint gets the same rows in that place written as BIND clauses: one row as
``BIND(t1 AS ?_a) BIND(t2 AS ?_b)``, several as a UNION of such groups, one per row
(none: ``FILTER(false)``), which every store reads alike, where Virtuoso 7.2 lost rows
with a VALUES block, even one whose variable the query never uses
(aspirational-targets --lang en: 1 row of 16), and with a UNION of one parameter's
BINDs followed by another parameter's BIND (indicator-trajectory --lang en: 156 rows
for 4). It also gets the project's prefixes declared in front, since it knows none of
them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import product

from rdflib.term import Node

from kg.dataset import PREFIXES
from kg.errors import InputError

Row = dict[str, Node | None]
Rows = list[Row]
Binding = Node | tuple[Node, ...]  # one term, or several (one VALUES row each)
Triple = tuple[Node, Node, Node]
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_DECLARED = re.compile(r"^\s*PREFIX\s+([\w\-.]*):", re.IGNORECASE | re.MULTILINE)
_FROM = re.compile(r"\bFROM\s+(NAMED\s+)?(<|[\w\-.]*:)", re.IGNORECASE)
_STRINGS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\''
                      r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'')
_IRIS = re.compile(r"<[^<>\s]*>")
_COMMENTS = re.compile(r"#[^\n]*")


@dataclass
class Answer:
    """What a query gives: rows (SELECT; an iterator, read once, as the engine gives
    them), a boolean (ASK) or triples (CONSTRUCT, DESCRIBE)."""

    columns: list[str] = field(default_factory=list)
    rows: Iterator[Row] = field(default_factory=lambda: iter(()))
    boolean: bool | None = None
    triples: list[Triple] | None = None
    notes: list[str] = field(default_factory=list)  # for the reader, beside the answer

    @property
    def form(self) -> str:
        """select, ask or graph."""
        return "ask" if self.boolean is not None else \
            "graph" if self.triples is not None else "select"


def names_its_dataset(text: str) -> bool:
    """Whether the query text has FROM or FROM NAMED clauses of its own: an engine then
    leaves its dataset as the query says."""
    code = _COMMENTS.sub("", _IRIS.sub("<>", _STRINGS.sub('""', text)))
    return bool(_FROM.search(code))


def remote_text(text: str, bindings: dict[str, Binding]) -> str:
    """The query as an endpoint gets it: PREFIX lines for the project's prefixes the text
    does not declare itself, and the bindings as BIND clauses after the first WHERE {."""
    text = with_binds(text, bindings)
    declared = set(_DECLARED.findall(text))
    prefixes = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(PREFIXES.items())
                       if p not in declared)
    return prefixes + text


def with_values(text: str, bindings: dict[str, Binding]) -> str:
    """The bindings as VALUES blocks of terms right after the first ``WHERE {``, and after
    that of each sub-query that uses them (a sub-query sees none of the outer bindings:
    so its engine starts from them too): one row, or one for each combination of the
    terms of a parameter bound to several."""
    return _in_where_groups(text, bindings, lambda names: _values_block(names, bindings))


def with_binds(text: str, bindings: dict[str, Binding]) -> str:
    """The bindings as BIND clauses in the same places: one row as they are, several as
    a UNION of one group of BINDs each, none as FILTER(false)."""
    return _in_where_groups(text, bindings, lambda names: (
        "\n  " + _union_of_binds({n: bindings[n] for n in names}) + "\n"))


def _union_of_binds(bindings: dict[str, Binding]) -> str:
    names = sorted(bindings)
    rows = [[f"BIND({_n3(n, t)} AS ?{n})" for n, t in zip(names, row, strict=True)]
            for row in product(*(as_terms(bindings[n]) for n in names))]
    if not rows:
        return "FILTER(false)"
    if len(rows) == 1:
        return "\n  ".join(rows[0])
    return "\n  UNION ".join("{ " + " ".join(row) + " }" for row in rows)


def _in_where_groups(text: str, bindings: dict[str, Binding], block) -> str:
    """TEXT with BLOCK(names) after the first ``WHERE {`` (all the names) and after that
    of each sub-query (the names it uses); TEXT itself for no bindings."""
    if not bindings:
        return text
    groups = _where_groups(text)
    if not groups:
        raise InputError("cannot bind parameters: the query has no `WHERE {`")
    blocks = []
    for i, (start, end) in enumerate(groups):
        names = sorted(n for n in bindings
                       if i == 0 or re.search(rf"\?{re.escape(n)}\b", text[start:end]))
        if names:
            blocks.append((start, block(names)))
    for start, inserted in reversed(blocks):
        text = text[:start] + inserted + text[start:]
    return text


def _values_block(names: list[str], bindings: dict[str, Binding]) -> str:
    terms = [[_n3(n, t) for t in as_terms(bindings[n])] for n in names]
    rows = " ".join("(" + " ".join(row) + ")" for row in product(*terms))
    return "\n  VALUES (" + " ".join(f"?{n}" for n in names) + ") { " + rows + " }\n"


def _where_groups(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the group after each ``WHERE {``, in text order: the
    query's own first. Strings, IRIs and comments are masked (their braces do not count)."""
    masked = _IRIS.sub(_blank, _STRINGS.sub(_blank, text))
    masked = _COMMENTS.sub(_blank, masked)
    groups = []
    for found in _WHERE.finditer(masked):
        depth, end = 1, found.end()
        while depth and end < len(masked):
            depth += {"{": 1, "}": -1}.get(masked[end], 0)
            end += 1
        groups.append((found.end(), end))
    return groups


def _blank(match: re.Match) -> str:
    return " " * len(match.group(0))


def with_page(text: str, limit: int | None, offset: int | None) -> str:
    """TEXT (a named query: it ends with its ORDER BY) with LIMIT and OFFSET at its end,
    so that the engine stops at the page's last row."""
    words = (("LIMIT", limit), ("OFFSET", offset))
    return text + "".join(f"\n{word} {n}" for word, n in words if n is not None)


def as_terms(binding: Binding) -> tuple[Node, ...]:
    return binding if isinstance(binding, tuple) else (binding,)


def _n3(name: str, term: Node) -> str:
    """The term as SPARQL text; rdflib refuses an IRI that could end the VALUES block."""
    try:
        return term.n3()
    except Exception:  # rdflib raises a bare Exception for an invalid IRI
        raise InputError(f"parameter {name.lstrip('_')}: not a valid IRI: {term!s}") from None
