"""Queries: the named SPARQL queries, and the rows of any query on any engine.

Named queries are files, one .rq each in queries/, with a grlc-style header:

    #+ summary: Which units own which task, in document order
    #+ description: …
    #+ params: unit (a unit's name in either script, or its IRI)
    #+ example: policykg query unit-tasks --param unit=南沙區政府
    #+ inference: true
    #+ table: true       (a corpus listing: kg.tables keeps its answer beside a store)
    #+ table: unit       (a question about one unit: kg.tables keeps each unit's answer)

Parameters are the query's ``?_name`` variables. Their values are bound as RDF terms,
never pasted into the query text (kg.sparql). ``query_rows`` runs a query on an rdflib
Dataset here, or hands the text and bindings to an engine: an Oxigraph store (kg.store)
or a SPARQL endpoint (kg.remote).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, islice
from pathlib import Path

from rdflib import XSD, Dataset, Literal, URIRef
from rdflib.query import Result

from kg import remote
from kg.dataset import INFERRED, ONTOLOGY, PREFIXES, REFERENCE
from kg.errors import InputError, UsageError
from kg.iri import graph_of_document
from kg.lookup import ENTITY_KINDS, Lookup
from kg.read import to_script
from kg.resources import query_dir
from kg.sparql import Answer, Binding, Row, Rows, as_terms, with_page, with_values
from kg.store import query_store
from kg.tables import table_answer, table_name
from kg.vocab import LANGUAGES

_HEADER = re.compile(r"^#\+\s*(\w+)\s*:\s*(.*)$")
_PARAM = re.compile(r"\?_(\w+)")
_BAD_IRI = re.compile(r'[\s<>"{}|^`\\]')
_GROUP_CONCAT = re.compile(r"GROUP_CONCAT\s*\((.*?)\)\s*AS\s*\?(\w+)", re.IGNORECASE | re.DOTALL)
_SEPARATOR = re.compile(r'separator\s*=\s*"([^"]*)"', re.IGNORECASE)
_ITEM_PREFIX = re.compile(r'CONCAT\s*\(\s*"([^"]+)"', re.IGNORECASE)
NOTHING = URIRef("urn:policykg:nothing")
_LAST = {"document": 1, "lang": 2}  # parameters listed last, in this order
_COUNTS = ("tasks",)  # parameters that take a whole number
_CHOICES = {"lang": LANGUAGES, "lacking": ("tasks", "targets", "any")}


@dataclass(frozen=True)
class NamedQuery:
    name: str
    text: str
    summary: str = ""
    description: str = ""
    example: str = ""
    inference: bool = False
    table: str = ""  # "true": a corpus listing; "unit": by unit (kg.tables); "": neither
    params: tuple[str, ...] = ()
    defaults: dict[str, str] = field(default_factory=dict)
    lists: tuple[tuple[str, str], ...] = ()  # (column, separator) of each GROUP_CONCAT

    @classmethod
    def from_text(cls, name: str, text: str) -> NamedQuery:
        header: dict[str, str] = {}
        for line in text.splitlines():
            if m := _HEADER.match(line):
                key, value = m.groups()
                header[key] = (header.get(key, "") + " " + value).strip()
        defaults = dict(pair.split("=", 1) for pair in header.get("defaults", "").split()
                        if "=" in pair)
        # in the order the text first uses them, document and lang (which all or most
        # take) last
        params = tuple(sorted(dict.fromkeys(_PARAM.findall(text)), key=lambda p: _LAST.get(p, 0)))
        code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
        lists = tuple((column, _separator(inside))
                      for inside, column in _GROUP_CONCAT.findall(code))
        return cls(name, text, header.get("summary", ""), header.get("description", ""),
                   header.get("example", ""), header.get("inference", "") == "true",
                   header.get("table", ""), params, defaults, lists)


def _separator(inside: str) -> str:
    """GROUP_CONCAT's separator: the one it names, else a space; with separator="" the
    string each item is CONCATenated after (the queries' form for 、, which Virtuoso 7.2
    cannot take as a separator)."""
    found = _SEPARATOR.search(inside)
    if found and not found.group(1) and (prefix := _ITEM_PREFIX.search(inside)):
        return prefix.group(1)
    return found.group(1) if found else " "


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


def bind_params(query: NamedQuery, values: dict[str, object],
                lookup: Lookup | None = None) -> dict[str, Binding]:
    """The query's parameters as RDF terms: VALUES over its defaults. A parameter the
    query does not take is a usage error. LOOKUP finds what a value names in the graph
    (a task by id or words, an indicator by words); without it, only IRIs and the names
    of the reference data are found."""
    unknown = set(values) - set(query.params)
    if unknown:
        raise UsageError(f"query {query.name!r} takes no parameter {', '.join(sorted(unknown))}"
                         f" (it takes: {', '.join(query.params) or 'none'})")
    merged = {**query.defaults, **{k: str(v) for k, v in values.items()}}
    return {f"_{name}": to_term(name, value, lookup) for name, value in merged.items()}


def to_term(name: str, value: str, lookup: Lookup | None = None) -> Binding:
    """A parameter value as an RDF term (or several, see kg.sparql): units, places and
    institutions by any of their names or their IRI; a document by its 文號 or IRI; tasks
    by id (1.2), IRI or words of the heading; indicators by words of the name; ``iri`` by
    any of these; years as xsd:gYear; counts as integers; anything else as a plain
    string."""
    value = str(value).strip()
    look = lookup or Lookup()
    if name == "document":
        return look.document(value)
    if value.startswith(("http://", "https://", "urn:")):
        if _BAD_IRI.search(value):
            raise InputError(f"not a valid IRI: {value!r}")
        return URIRef(value)
    if name in ENTITY_KINDS:
        return look.entity(name, value)
    if name == "task":
        return look.tasks(value)
    if name == "iri":
        return look.resource(value)
    if name == "indicator":
        return look.indicators(value)
    if name == "year":
        if not re.fullmatch(r"\d{4}", value):
            raise InputError(f"year must have four digits, not {value!r}")
        return Literal(value, datatype=XSD.gYear)
    if name in _COUNTS:
        if not re.fullmatch(r"\d{1,6}", value):
            raise InputError(f"{name} must be a whole number, not {value!r}")
        return Literal(int(value))
    if name == "unit_of_measure":  # notations are written in zh-Hant (億元, 個)
        return Literal(to_script(value, "zh-Hant"))
    if name in _CHOICES and value not in _CHOICES[name]:
        raise InputError(f"{name} must be one of {', '.join(_CHOICES[name])}, not {value!r}")
    return Literal(value)


def run_sparql(ds: Dataset, text: str, bindings: dict[str, Binding] | None = None) -> Result:
    """TEXT on rdflib's engine: single terms as initBindings, a parameter bound to several
    terms as a VALUES block (kg.sparql)."""
    single = {k: v for k, v in (bindings or {}).items() if not isinstance(v, tuple)}
    # rdflib cannot parse an empty VALUES block: no terms become an IRI no graph holds
    several = {k: v or (NOTHING,) for k, v in (bindings or {}).items() if isinstance(v, tuple)}
    try:
        return ds.query(with_values(text, several), initNs=PREFIXES, initBindings=single)
    except InputError:
        raise
    except Exception as err:  # pyparsing and rdflib raise many error types
        raise InputError(f"SPARQL error: {_first_line(err)}") from None


def prepare(name: str | None, text: str | None, params: dict[str, object] | None = None,
            lang: str | None = None, lookup: Lookup | None = None
            ) -> tuple[str, dict[str, Binding]]:
    """The text of a named query (or the given text) and its parameters as RDF terms,
    looked up with LOOKUP where a value names something in the graph."""
    if not name:
        if params:
            raise UsageError("parameters are for named queries; your own query binds its "
                             "own values")
        return text or "", {}
    query = get_query(name)
    values = dict(params or {})
    if lang and "lang" in query.params:
        values.setdefault("lang", lang)
    return query.text, bind_params(query, values, lookup)


def run_named(ds: Dataset, name: str, params: dict[str, object] | None = None,
              lang: str | None = None) -> Result:
    return run_sparql(ds, *prepare(name, None, params, lang, graph_lookup(ds)))


def rows(result: Result) -> Rows:
    names = [str(v) for v in result.vars]
    return [dict(zip(names, row, strict=True)) for row in result]


def _first_line(err: Exception) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__


def graph_lookup(source, endpoint: str | None = None, graphs: list[str] | None = None,
                 timeout: float = 60) -> Lookup:
    """Look-ups (kg.lookup) in SOURCE, or on ENDPOINT, through the view queries."""
    def rows_of(view: str, params: dict[str, str]) -> Rows:
        return as_rows(answer(source, view, params=params, endpoint=endpoint, graphs=graphs,
                              timeout=timeout))[1]

    return Lookup(rows_of)


def answer(source, name: str | None = None, text: str | None = None,
           params: dict[str, object] | None = None, lang: str | None = None,
           endpoint: str | None = None, graphs: list[str] | None = None,
           timeout: float = 60, page: Page | None = None, tables: Path | None = None
           ) -> Answer:
    """The answer to a named query (``name``) or to query text, over an rdflib Dataset,
    an Oxigraph store (kg.store) or, given ``endpoint``, a SPARQL endpoint (kg.remote);
    GRAPHS, when given, are the graphs the query reads; PAGE, the rows to give (a named
    query's LIMIT and OFFSET, so the engine stops early; of other text, the rows read);
    TABLES, the folder of an on-disk store's answer tables (kg.tables), where a corpus
    listing of it is read. A SELECT's rows come as the engine gives them (an iterator),
    a named query's in the same bytes on every engine. Notes for the reader come with it:
    a look-up that matched nothing, a question that needs reasoning asked of a graph built
    without it."""
    lookup = graph_lookup(source, endpoint, graphs, timeout)
    sparql, bindings = prepare(name, text, params, lang, lookup)
    table = _table(name, bindings, None if endpoint or graphs else tables)
    found = None if table is None else table_answer(source, tables, table, sparql, bindings)
    if found is None:
        if name is not None and page is not None:
            sparql = with_page(sparql, page.limit, page.offset)
        found = _engine_answer(source, sparql, bindings, endpoint, graphs, timeout)
    elif page is not None:
        found.rows = page.of(found.rows)
    if name is not None and found.form == "select":
        several = None if page is None else _several_documents(bindings, lookup)
        found.columns, found.rows = finish(found.columns, found.rows, get_query(name), several)
    elif page is not None:
        found.rows = page.of(found.rows)
    found.notes = lookup.notes
    if name is not None and get_query(name).inference \
            and lookup_unreasoned(lookup, bindings.get("_document")):
        found.notes.append(UNREASONED)
    return found


def _engine_answer(source, sparql: str, bindings: dict[str, Binding], endpoint: str | None,
                   graphs: list[str] | None, timeout: float) -> Answer:
    """What the endpoint, the rdflib Dataset or the Oxigraph store SOURCE answers."""
    if endpoint:
        return remote.ask(endpoint, sparql, bindings, graphs, timeout)
    if isinstance(source, Dataset):
        return _rdflib_answer(run_sparql(source, sparql, bindings))
    return query_store(source, sparql, bindings, graphs or _plan_graphs(bindings))


def _table(name: str | None, bindings: dict[str, Binding], tables: Path | None) -> str | None:
    """The answer table a question reads: a corpus listing's (kg.tables), on a store that
    keeps them."""
    if tables is None or name is None or not get_query(name).table:
        return None
    return table_name(name, bindings, get_query(name).table)


@dataclass(frozen=True)
class Page:
    """Which rows of an answer to give: LIMIT rows from OFFSET (None: all, from 0)."""

    limit: int | None = None
    offset: int | None = None

    def of(self, rows: Iterable[Row]) -> Iterator[Row]:
        start = self.offset or 0
        return islice(rows, start, None if self.limit is None else start + self.limit)


def _plan_graphs(bindings: dict[str, Binding]) -> list[str] | None:
    """The graphs a question about one plan reads on Oxigraph: the plan's, the inferred
    facts, the ontology and the reference data. Oxigraph reads its union of all graphs
    slowly: task-owners of one plan of 1,000 took 15 s there, 0.12 s from these."""
    document = bindings.get("_document")
    if not isinstance(document, URIRef):
        return None
    return [str(g) for g in (graph_of_document(document), INFERRED, ONTOLOGY, REFERENCE)]


def _several_documents(bindings: dict[str, Binding], lookup: Lookup) -> bool:
    """Whether a paged answer may name several documents: every page then keeps the
    document column, whatever documents its own rows name."""
    if "_document" in bindings:
        return len(as_terms(bindings["_document"])) > 1
    return len(lookup.rows("views/documents", "the documents")) > 1


UNREASONED = ("this graph was built without reasoning (--no-reason): the answers that "
              "come through 各區政府 or through places that contain others are missing; "
              "build it again without --no-reason")


def lookup_unreasoned(lookup: Lookup, document: Binding | None = None) -> bool:
    """Whether the graph (or the plan DOCUMENT, when one) lacks what OWL RL reasoning adds
    (views/unreasoned)."""
    params = {"document": str(document)} if isinstance(document, URIRef) else {}
    [row] = lookup.rows("views/unreasoned", "reasoning", params)
    return str(row["boolean"]) == "true"


def _rdflib_answer(result: Result) -> Answer:
    if result.type == "ASK":
        return Answer(boolean=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return Answer(triples=list(result.graph))
    columns = [str(v) for v in result.vars or []]
    # rdflib gives a GROUP BY over no solutions one row binding nothing (SPARQL: no row;
    # RDFLib/rdflib#3382), which no query of ours has as a real answer
    return Answer(columns, (dict(zip(columns, row, strict=True)) for row in result
                            if any(value is not None for value in row)))


def query_rows(source, name: str | None = None, text: str | None = None,
               params: dict[str, str] | None = None, lang: str | None = None,
               endpoint: str | None = None, graphs: list[str] | None = None,
               page: Page | None = None) -> tuple[list[str], Rows]:
    """Columns and rows of a named query (``name``) or of query text (see ``answer``),
    all read. ASK gives one row with the column boolean; CONSTRUCT and DESCRIBE one row
    per triple (subject, predicate, object)."""
    found = answer(source, name, text, params, lang, endpoint, graphs, page=page)
    return as_rows(found)


def as_rows(found: Answer) -> tuple[list[str], Rows]:
    if found.form == "ask":
        return ["boolean"], [{"boolean": Literal(found.boolean)}]
    if found.form == "graph":
        columns = ["subject", "predicate", "object"]
        return columns, [dict(zip(columns, t, strict=True)) for t in found.triples or ()]
    return found.columns, list(found.rows)


def query_endpoint(endpoint: str, name: str | None = None, text: str | None = None,
                   params: dict[str, str] | None = None, lang: str | None = None,
                   timeout: float = 60, graphs: list[str] | None = None
                   ) -> tuple[list[str], Rows]:
    """query_rows on a SPARQL endpoint (`policykg serve`, or any SPARQL 1.1 store)."""
    return as_rows(answer(None, name, text, params, lang, endpoint, graphs, timeout))


def finish(columns: list[str], found: Iterable[Row], query: NamedQuery,
           several: bool | None = None) -> tuple[list[str], Iterator[Row]]:
    """A named query's rows as every engine must give them: the items of each list
    (GROUP_CONCAT) in code point order, and the ``document`` column dropped when the rows
    name one document only (SEVERAL, when given, says whether they may name several: a
    page of rows). Rows are read only until a second document shows (the queries order
    by document first), so a long answer still streams."""
    rows: Iterator[Row] = iter(found)
    if query.lists:
        rows = (_sorted_lists(row, query.lists) for row in rows)
    if "document" not in columns or several:
        return columns, rows
    if several is not None:
        return [c for c in columns if c != "document"], rows
    head: Rows = []
    documents = set()
    for row in rows:
        head.append(row)
        documents.add(row.get("document"))
        if len(documents) > 1:
            return columns, chain(head, rows)
    return [c for c in columns if c != "document"], iter(head)


def _sorted_lists(row: Row, lists: tuple[tuple[str, str], ...]) -> Row:
    for column, separator in lists:
        value = row.get(column)
        if value is not None and separator in value:
            items = separator.join(sorted(str(value).split(separator)))
            row[column] = Literal(items, lang=value.language, datatype=value.datatype) \
                if isinstance(value, Literal) else Literal(items)
    return row
