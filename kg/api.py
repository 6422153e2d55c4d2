"""Outputs: the Python API. ``build`` gives the rdflib Dataset, ``query`` gives rows
as dicts, and ``write_outputs`` writes what `policykg build` writes:

    from kg.api import write_outputs
    from kg.pipeline import build
    from visualize import write_overview

    result = build(["plans/"])       # documents, dataset, failures, SHACL report
    write_outputs(result, "out", graph_page=write_overview)   # = policykg build plans/ -o out
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Dataset
from rdflib.term import Node

from kg import pipeline
from kg.errors import InputError
from kg.outputs import write_outputs
from kg.query import query_rows

__all__ = ["build", "query", "write_outputs"]


def build(sources: Iterable[str | Path] = (), reason: bool = True) -> Dataset:
    """Read, annotate, ingest and reason over documents (none: the bundled seed)."""
    result = pipeline.build(sources, reason=reason, validate=False)
    if result.failures:
        raise result.failures[0]
    if not result.documents:
        raise InputError("no documents to build")
    return result.dataset


def query(source, name: str, lang: str | None = None, **params: str
          ) -> list[dict[str, Node | None]]:
    """Rows of a named query (see queries/), parameters by keyword: unit="南沙區政府".
    SOURCE is the Dataset from build(), or a pyoxigraph Store (kg.store.load_file of a
    kg.trig, open_store of a --store folder): the same rows, many times sooner (`make
    bench` measures it)."""
    columns, rows = query_rows(source, name, params=params, lang=lang)
    return [{c: row.get(c) for c in columns} for row in rows]
