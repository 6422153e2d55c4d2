"""Queries, answer tables: the answers of corpus listings and of questions about one unit,
kept beside an on-disk store.

A listing of the whole corpus (a named query whose header says ``#+ table: true``, asked
of an on-disk store with no parameter but ``lang``) joins many facts of every plan, and
Oxigraph's joins cost several times what reading the facts alone costs (targets of 1,000
plans, whole process: 20 s; reading the triples its rows come from: 7 s). Its answer is
kept in DIR.answers/ beside the store DIR, as SPARQL results (TSV: the terms as the store
gave them), two ways:

- per document, written by the build (in its default language: no ``lang``): a listing
  orders its rows by the document first (its 文號, else its IRI) and no row joins facts
  of two documents, so the whole answer is each document's answer in that order. Each
  worker answers the listings about its document on a small store of that document and
  the reference data (DocumentAnswers), the build writes the tables (LISTING/SEGMENT.tsv,
  SEGMENT the document graph's) and, once the store is closed, an index of every
  document of the store (documents.STAMP.json), STAMP the fingerprint of the store's
  files, and the text of each listing (QUERY, its digest). A question reads the tables
  when the index of the store's files as they are is there and names the text it asks
  (a build into the store removes the index first and writes it again when every
  document has its tables: those of documents it did not build are the last build's);
- whole, for another ``lang`` or a store whose documents lack tables (built before them):
  written by the first such question (NAME.STAMP.QUERY.tsv), read by the next ones while
  the store's files are those it was made from.

A question about one unit across the corpus (a named query whose header says ``#+ table:
unit``: unit-tasks, unit-roles, co-owners, asked with no parameter but ``unit``) joins as
many facts of each plan that lists the unit: 2–2.5× the cost of reading its rows (市科技局
in 1,000 plans). The build keeps its answer per document too: the question asked of the
document with ``?_unit`` left free and made its first column (_of_every_unit), so the
table holds the rows of every unit, each after its unit's IRI. A question reads its unit's
rows of each document in the index's order; a query ordered by other columns before the
document (unit-roles: by role) has them sorted by those again, stably. With no index, or
another ``lang``, the store answers.

A table is read only while the store's files are those it was made from (their
names, sizes and times: a build into the store changes them). A table that cannot be
written (a read-only folder) is no error: the store answers."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef

from kg.dataset import DOC_GRAPHS, INFERRED
from kg.errors import InputError
from kg.files import write_atomic
from kg.sparql import Answer, Binding
from kg.store import is_store, oxigraph_answer, run_oxigraph, store_dir

SUFFIX = ".answers"
_FORMAT = ox.QueryResultsFormat.TSV
_PARAMS = {"_lang"}  # a listing's table is kept for each lang asked
LISTING = "true"  # the header (#+ table: true) of a corpus listing
UNIT = "unit"  # the header (#+ table: unit) of a question about one unit
_CLAUSES = re.compile(r"\b(SELECT(?:\s+DISTINCT)?|GROUP BY|ORDER BY)\s")
_INDEX = "documents"  # documents.STAMP.json: the documents whose tables answer a listing
_SCRATCH = ox.NamedNode("urn:policykg:inferred-of-one-document")
# Oxigraph's in-memory store keeps what is removed from it: a document's rows took 13 ms
# at first, 22 ms after 175 documents; the store is made anew (9 ms) every RENEW documents
RENEW = 25


def tables_of(location: str | Path | None) -> Path | None:
    """The folder of answer tables of the store at LOCATION (oxigraph:DIR): DIR.answers;
    None for anything else."""
    if location is None or not is_store(location):
        return None
    folder = store_dir(location)
    return folder.with_name(folder.name + SUFFIX)


def table_name(query: str, bindings: dict[str, Binding], kind: str = LISTING) -> str | None:
    """The table a question about the whole corpus reads, by query name and lang (KIND
    UNIT: by query name, of one unit, in the build's language); None for a question with
    other parameters (one plan, another lang of a unit's: the store answers it)."""
    if kind == UNIT:
        unit = bindings.get("_unit")
        return query if set(bindings) == {"_unit"} and isinstance(unit, URIRef) else None
    if set(bindings) - _PARAMS:
        return None
    lang = bindings.get("_lang")
    if lang is not None and not isinstance(lang, Literal):
        return None
    return query.replace("/", "-") + ("" if lang is None else f"@{lang}")


def table_answer(store: ox.Store, folder: Path, name: str, sparql: str,
                 bindings: dict[str, Binding]) -> Answer | None:
    """The answer to SPARQL (the listing NAME, see table_name) from its table in FOLDER,
    made first if the store's files changed since it was; of a question about one unit
    (bound: table_name), from the tables of each document, else None: the store answers."""
    stamp = fingerprint(store_dir_of(folder))
    unit = bindings.get("_unit")
    whole = document_tables(folder, name, stamp, sparql, unit)
    if whole is not None:
        return _in_order(oxigraph_answer(ox.parse_query_results(whole, format=_FORMAT)),
                         sparql)
    if unit is not None:
        return None
    path = folder / f"{name}.{stamp}.{digest(sparql)}.tsv"  # a new policykg's query: anew
    if not path.is_file():
        try:
            _write(store, folder, name, path, sparql, bindings)
        except OSError:  # a folder the user cannot write to: no table, the same answer
            return oxigraph_answer(run_oxigraph(store, sparql, bindings))
    try:
        return oxigraph_answer(ox.parse_query_results(path=str(path), format=_FORMAT))
    except (OSError, SyntaxError) as err:
        raise InputError(f"cannot read the answer table ({err}); remove the folder",
                         str(folder)) from None


def digest(sparql: str) -> str:
    return hashlib.sha256(sparql.encode("utf-8")).hexdigest()[:16]


def store_dir_of(folder: Path) -> Path:
    return folder.with_name(folder.name[:-len(SUFFIX)])


def fingerprint(folder: Path) -> str:
    """What changes when the store's contents do: the names, sizes and modification times
    of its files (RocksDB's; its LOG, which reading may touch, aside)."""
    digest = hashlib.sha256()
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.is_file() and not entry.name.startswith("LOG"):
            info = entry.stat()
            digest.update(f"{entry.name}\t{info.st_size}\t{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def _write(store: ox.Store, folder: Path, name: str, path: Path, sparql: str,
           bindings: dict[str, Binding]) -> None:
    """The answer into PATH (whole, or not at all), the older tables of NAME removed."""
    folder.mkdir(exist_ok=True)
    found = run_oxigraph(store, sparql, bindings)
    with tempfile.NamedTemporaryFile(dir=folder, prefix=f".{name}.", suffix=".tsv",
                                     delete=False) as out:
        try:
            found.serialize(out, _FORMAT)
        except BaseException:
            os.unlink(out.name)
            raise
    os.chmod(out.name, 0o644)  # as the store's own files (a temporary file is 0600)
    os.replace(out.name, path)
    for old in folder.glob(f"{name}.*.tsv"):
        if old != path:
            with contextlib.suppress(OSError):
                old.unlink()


def document_tables(folder: Path, name: str, stamp: str, sparql: str,
                    unit: Binding | None = None) -> bytes | None:
    """The answer to the listing NAME (its text SPARQL; about UNIT, when given) from the
    tables of each document, in the order of the document column (as Oxigraph orders
    simple literals: by code point); None when the index of the store's files as they are
    (STAMP) is not there, or its tables answered another text (another version of
    policykg's), or the query orders by what the tables cannot (_leading)."""
    if unit is not None and _leading(sparql) is None:
        return None
    try:
        index = json.loads((folder / f"{_INDEX}.{stamp}.json").read_bytes())
        if index["queries"].get(name) != digest(sparql):
            return None
        parts = [(folder / name / f"{segment}.tsv").read_bytes()
                 for segment, _ in sorted(index["documents"], key=lambda e: (e[1], e[0]))]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # none (an older store, another lang) or damaged: the whole table
    if not parts:
        return None
    if unit is not None:
        return _rows_of(str(ox.NamedNode(str(unit))).encode(), parts)
    header = parts[0].partition(b"\n")[0] + b"\n"
    return header + b"".join(part.partition(b"\n")[2] for part in parts)


def _rows_of(unit: bytes, parts: list[bytes]) -> bytes:
    """The rows of UNIT (its IRI as TSV writes it) in tables by unit (PARTS), without
    their first column."""
    key = unit + b"\t"
    header = parts[0].partition(b"\n")[0].partition(b"\t")[2] + b"\n"
    return header + b"".join(line[len(key):] for part in parts
                             for line in part.splitlines(keepends=True) if line.startswith(key))


def _leading(sparql: str) -> list[str] | None:
    """The columns a query orders by before the document (whose rows the tables of each
    document give together); None if one of them is not a column in ascending order."""
    keys = sparql.rpartition("ORDER BY")[2].split()
    if "?document" not in keys:
        return None
    leading = keys[:keys.index("?document")]
    return None if any(not re.fullmatch(r"\?\w+", k) for k in leading) \
        else [k[1:] for k in leading]


def _in_order(answer: Answer, sparql: str) -> Answer:
    """ANSWER (rows in the document's order) ordered by the columns SPARQL orders by
    before the document, as Oxigraph orders the simple literals they hold (unbound first,
    then by code point); stably, so the document's order stays within them."""
    leading = _leading(sparql)
    if leading:
        answer.rows = iter(sorted(answer.rows, key=lambda row: tuple(
            (row.get(k) is not None, str(row.get(k) or "")) for k in leading)))
    return answer


@dataclass(frozen=True)
class DocumentRows:
    """One document's answer to each listing (SPARQL results as TSV, by listing), and the
    text its rows sort by in a listing of the corpus (its 文號, else its IRI): "" when it
    has no rows, None when they name more than one (no order then puts them together)."""

    key: str | None
    tables: dict[str, bytes]


class DocumentAnswers:
    """An in-memory store of the base graphs (ontology, reference data, the facts inferred
    from them: BASE, as N-Quads) into which each document's graphs go in turn, to answer
    the listings (LISTINGS: SPARQL text by name) about that document alone, and the
    questions about one unit (BY_UNIT) about every unit of it."""

    def __init__(self, base: bytes, listings: dict[str, str],
                 by_unit: dict[str, str] | None = None) -> None:
        self.data = base
        self.base = set(base.splitlines(keepends=True))
        self.listings = listings | {name: _of_every_unit(text)
                                    for name, text in (by_unit or {}).items()}
        self.store = ox.Store()
        self.asked = 0

    def _renewed(self) -> ox.Store:
        if self.asked % RENEW == 0:
            self.store = ox.Store()
            self.store.load(self.data, ox.RdfFormat.N_QUADS, lenient=True)
        self.asked += 1
        return self.store

    def rows(self, document: URIRef, graph: URIRef, asserted: bytes, inferred: bytes
             ) -> DocumentRows:
        """The listings about DOCUMENT, its graph GRAPH (ASSERTED: its N-Quads; INFERRED:
        those of the facts inferred from it). The inferred facts go to a graph of their
        own, but for those the base holds already: Oxigraph's union of the graphs keeps a
        triple of two graphs twice, the store of the corpus has it once."""
        store = self._renewed()
        own = b"".join(_triple(line) for line in inferred.splitlines(keepends=True)
                       if line not in self.base)
        # the build's own N-Quads (kg.store.StoreWriter): not checked again, 40% sooner
        store.load(asserted, ox.RdfFormat.N_QUADS, lenient=True)
        store.load(own, ox.RdfFormat.N_TRIPLES, to_graph=_SCRATCH, lenient=True)
        try:
            tables = {listing: run_oxigraph(store, text, {"_document": document}
                                            ).serialize(format=_FORMAT)
                      for listing, text in self.listings.items()}
        finally:
            store.remove_graph(ox.NamedNode(graph))
            store.remove_graph(_SCRATCH)
        keys = {row["document"].value for table in tables.values()
                for row in ox.parse_query_results(table, format=_FORMAT)}
        return DocumentRows(keys.pop() if len(keys) == 1 else None if keys else "", tables)


def _of_every_unit(sparql: str) -> str:
    """SPARQL about the unit ?_unit made a question about every unit: ?_unit left free, the
    first column of each SELECT, the first group of each GROUP BY and ORDER BY (so each
    unit's rows are those the question about it gives, in its order)."""
    return _CLAUSES.sub(lambda found: f"{found.group(1)} ?_unit ", sparql)


def _triple(quad: bytes) -> bytes:
    """An N-Quads line of a graph as an N-Triples line (the graph name is the last IRI)."""
    return quad[:quad.rstrip().rindex(b" <")] + b" .\n"


class BuildTables:
    """The tables of each document a build writes beside the store at LOCATION (oxigraph:DIR),
    and their index once the store is closed. Made before the build opens the store: the
    tables of the documents it does not build are those the index of the store's files as
    they are lists; the index goes (until the store is closed again)."""

    def __init__(self, location: str, reason: bool, listings: dict[str, str]) -> None:
        self.folder = tables_of(location)
        self.made = {"reason": reason,
                     "queries": {name: digest(text) for name, text in listings.items()}}
        self.entries = self._indexed()
        self.broken = False
        with contextlib.suppress(OSError):
            for old in self.folder.glob(f"{_INDEX}.*.json"):
                old.unlink()

    def _indexed(self) -> dict[str, str | None]:
        """The tables of the last build, if made as this build makes them (the same
        reasoning, the same queries)."""
        try:
            stamp = fingerprint(store_dir_of(self.folder))
            index = json.loads((self.folder / f"{_INDEX}.{stamp}.json").read_bytes())
            same = all(index.get(k) == v for k, v in self.made.items())
            return dict(index["documents"]) if same else {}
        except (OSError, ValueError, KeyError, TypeError):
            return {}

    def add(self, graph: URIRef, rows: DocumentRows | None) -> None:
        """The tables of the document of GRAPH, built again or for the first time (None:
        none made, so no index)."""
        segment = _segment(str(graph))
        self.entries.pop(segment, None)
        if rows is None or self.broken:
            return
        try:
            for listing, table in rows.tables.items():
                write_atomic(self.folder / listing / f"{segment}.tsv", table)
        except InputError:  # a folder the user cannot write to: no tables, the same answers
            self.broken = True
            return
        self.entries[segment] = rows.key

    def close(self, store: ox.Store) -> None:
        """The index, if every document of STORE (opened again after the build closed it:
        the files as they stay) has its tables in an order of its own, and the store holds
        inferred facts exactly when this build reasoned (DocumentAnswers' base had them)."""
        segments = sorted(_segment(g.value) for g in store.named_graphs()
                          if g.value.startswith(DOC_GRAPHS))
        keys = [self.entries.get(s) for s in segments]
        named = [k for k in keys if k]
        if self.broken or None in keys or len(set(named)) < len(named) \
                or store.contains_named_graph(ox.NamedNode(INFERRED)) != self.made["reason"]:
            return
        index = {**self.made, "documents": [list(e) for e in zip(segments, keys, strict=True)]}
        stamp = fingerprint(store_dir_of(self.folder))
        with contextlib.suppress(InputError):
            write_atomic(self.folder / f"{_INDEX}.{stamp}.json",
                         json.dumps(index, ensure_ascii=False).encode("utf-8"))


def _segment(graph: str) -> str:
    return graph[len(DOC_GRAPHS):]
