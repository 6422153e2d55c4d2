"""Queries, answer tables: the answer of a corpus listing, kept beside an on-disk store.

A listing of the whole corpus (a named query whose header says ``#+ table: true``, asked
of an on-disk store with no parameter but ``lang``) joins many facts of every plan, and
Oxigraph's joins cost several times what reading the facts alone costs (targets of 1,000
plans, whole process: 20 s; reading the triples its rows come from: 7 s). Its answer is
kept as a table, the SPARQL results (TSV: the terms as the store gave them) in
DIR.answers/ beside the store DIR: written by the first such question after a build,
read by the next ones as long as the store's files are those it was made from (their
names, sizes and times: a build into the store changes them, and the next question makes
the table again). A table that cannot be written (a read-only folder) is no error: the
store answers."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal

from kg.errors import InputError
from kg.sparql import Answer, Binding
from kg.store import is_store, oxigraph_answer, run_oxigraph, store_dir

SUFFIX = ".answers"
_FORMAT = ox.QueryResultsFormat.TSV
_PARAMS = {"_lang"}  # a listing's table is kept for each lang asked


def tables_of(location: str | Path | None) -> Path | None:
    """The folder of answer tables of the store at LOCATION (oxigraph:DIR): DIR.answers;
    None for anything else."""
    if location is None or not is_store(location):
        return None
    folder = store_dir(location)
    return folder.with_name(folder.name + SUFFIX)


def table_name(query: str, bindings: dict[str, Binding]) -> str | None:
    """The table a question about the whole corpus reads, by query name and lang; None
    for a question with other parameters (one plan, one agency: the store answers it)."""
    if set(bindings) - _PARAMS:
        return None
    lang = bindings.get("_lang")
    if lang is not None and not isinstance(lang, Literal):
        return None
    return query.replace("/", "-") + ("" if lang is None else f"@{lang}")


def table_answer(store: ox.Store, folder: Path, name: str, sparql: str,
                 bindings: dict[str, Binding]) -> Answer:
    """The answer to SPARQL (the listing NAME, see table_name) from its table in FOLDER,
    made first if the store's files changed since it was."""
    stamp = fingerprint(store_dir_of(folder))
    path = folder / f"{name}.{stamp}.tsv"
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
