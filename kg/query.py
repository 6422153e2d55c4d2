"""Queries: the named SPARQL queries, and the rows of any query on any engine.

Named queries are files, one .rq each in queries/, with a grlc-style header:

    #+ summary: Which units own which task, in document order
    #+ description: …
    #+ params: unit (a unit's name in either script, or its IRI)
    #+ example: policykg query unit-tasks --param unit=南沙區政府
    #+ inference: true

Parameters are the query's ``?_name`` variables. Their values are bound as RDF terms,
never pasted into the query text (kg.sparql). ``query_rows`` runs a query on an rdflib
Dataset here, or hands the text and bindings to an engine: an Oxigraph store (kg.store)
or a SPARQL endpoint (kg.remote).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import XSD, Dataset, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Node

from kg.dataset import PREFIXES
from kg.errors import InputError
from kg.gazetteer import default_gazetteer
from kg.remote import select
from kg.resources import query_dir
from kg.sparql import Rows
from kg.store import query_store
from kg.vocab import LANGUAGES

_HEADER = re.compile(r"^#\+\s*(\w+)\s*:\s*(.*)$")
_PARAM = re.compile(r"\?_(\w+)")
_BAD_IRI = re.compile(r'[\s<>"{}|^`\\]')
_ENTITY_PARAMS = {"unit": "unit", "place": "place", "institution": "institution"}


@dataclass(frozen=True)
class NamedQuery:
    name: str
    text: str
    summary: str = ""
    description: str = ""
    example: str = ""
    inference: bool = False
    params: tuple[str, ...] = ()
    defaults: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_text(cls, name: str, text: str) -> NamedQuery:
        header: dict[str, str] = {}
        for line in text.splitlines():
            if m := _HEADER.match(line):
                key, value = m.groups()
                header[key] = (header.get(key, "") + " " + value).strip()
        defaults = dict(pair.split("=", 1) for pair in header.get("defaults", "").split()
                        if "=" in pair)
        params = tuple(dict.fromkeys(p for p in _PARAM.findall(text)))
        return cls(name, text, header.get("summary", ""), header.get("description", ""),
                   header.get("example", ""), header.get("inference", "") == "true",
                   params, defaults)


def named_queries() -> dict[str, NamedQuery]:
    """The named queries of queries/*.rq, by name (`policykg queries` lists them)."""
    return dict(_load_named(query_dir()))


def view_queries() -> dict[str, NamedQuery]:
    """What the graph pages draw besides the named queries (queries/views/*.rq), by name
    views/NAME: `policykg query views/outline` runs one as the pages do."""
    return dict(_load_named(query_dir() / "views", "views/"))


@lru_cache(maxsize=8)
def _load_named(folder: Path, prefix: str = "") -> tuple[tuple[str, NamedQuery], ...]:
    return tuple((prefix + p.stem,
                  NamedQuery.from_text(prefix + p.stem, p.read_text(encoding="utf-8")))
                 for p in sorted(folder.glob("*.rq")))


def get_query(name: str) -> NamedQuery:
    queries = view_queries() if name.startswith("views/") else named_queries()
    if name not in queries:
        raise InputError(f"no named query {name!r}; `policykg queries` lists them")
    return queries[name]


def bind_params(query: NamedQuery, values: dict[str, str]) -> dict[str, Node]:
    unknown = set(values) - set(query.params)
    if unknown:
        raise InputError(f"query {query.name!r} takes no parameter {', '.join(sorted(unknown))}"
                         f" (it takes: {', '.join(query.params) or 'none'})")
    merged = {**query.defaults, **values}
    return {f"_{name}": to_term(name, value) for name, value in merged.items()}


def to_term(name: str, value: str) -> Node:
    """A parameter value as an RDF term: units, places and institutions by any of their
    names or their IRI; years as xsd:gYear; anything else as a plain string."""
    if value.startswith(("http://", "https://", "urn:")):
        if _BAD_IRI.search(value):
            raise InputError(f"not a valid IRI: {value!r}")
        return URIRef(value)
    if name in _ENTITY_PARAMS:
        entry = default_gazetteer().lookup(value, _ENTITY_PARAMS[name])
        if entry is None:
            raise InputError(f"unknown {name} {value!r}: not a name in the reference data")
        return entry.iri
    if name == "year":
        if not re.fullmatch(r"\d{4}", value):
            raise InputError(f"year must have four digits, not {value!r}")
        return Literal(value, datatype=XSD.gYear)
    if name == "lang" and value not in LANGUAGES:
        raise InputError(f"lang must be one of {', '.join(LANGUAGES)}, not {value!r}")
    return Literal(value)


def run_sparql(ds: Dataset, text: str, bindings: dict[str, Node] | None = None) -> Result:
    try:
        return ds.query(text, initNs=PREFIXES, initBindings=bindings or {})
    except Exception as err:  # pyparsing and rdflib raise many error types
        raise InputError(f"SPARQL error: {_first_line(err)}") from None


def prepare(name: str | None, text: str | None, params: dict[str, str] | None = None,
            lang: str | None = None) -> tuple[str, dict[str, Node]]:
    """The text of a named query (or the given text) and its parameters as RDF terms."""
    if not name:
        return text or "", {}
    query = get_query(name)
    values = dict(params or {})
    if lang and "lang" in query.params:
        values.setdefault("lang", lang)
    return query.text, bind_params(query, values)


def run_named(ds: Dataset, name: str, params: dict[str, str] | None = None,
              lang: str | None = None) -> Result:
    return run_sparql(ds, *prepare(name, None, params, lang))


def rows(result: Result) -> Rows:
    names = [str(v) for v in result.vars]
    return [dict(zip(names, row, strict=True)) for row in result]


def _first_line(err: Exception) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__


def query_rows(source, name: str | None = None, text: str | None = None,
               params: dict[str, str] | None = None, lang: str | None = None,
               endpoint: str | None = None) -> tuple[list[str], Rows]:
    """Columns and rows of a named query (``name``) or of query text, over an rdflib
    Dataset, an Oxigraph store (kg.store) or, given ``endpoint``, a SPARQL endpoint."""
    if endpoint:
        return query_endpoint(endpoint, name=name, text=text, params=params, lang=lang)
    sparql, bindings = prepare(name, text, params, lang)
    if isinstance(source, Dataset):
        result = run_sparql(source, sparql, bindings)
        columns, found = [str(v) for v in result.vars or []], rows(result)
    else:
        columns, found = query_store(source, sparql, bindings)
    return finish(columns, found, name)


def query_endpoint(endpoint: str, name: str | None = None, text: str | None = None,
                   params: dict[str, str] | None = None, lang: str | None = None,
                   timeout: float = 60) -> tuple[list[str], Rows]:
    """query_rows on a SPARQL endpoint (`policykg serve`, or any SPARQL 1.1 store)."""
    columns, found = select(endpoint, *prepare(name, text, params, lang), timeout=timeout)
    return finish(columns, found, name)


def finish(columns: list[str], found: Rows, name: str | None) -> tuple[list[str], Rows]:
    """A named query's ``document`` column is dropped when one document is loaded."""
    if name is not None and "document" in columns and len({r.get("document") for r in found}) <= 1:
        columns = [c for c in columns if c != "document"]
    return columns, found
