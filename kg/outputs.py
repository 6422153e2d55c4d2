"""Outputs: the files `policykg build` writes into its folder, for the command line
and a notebook alike.

    <name>.ann.json   the annotation file of each document (review it, correct it, ingest it)
    kg.trig, kg.ttl   every named graph; the ontology, reference data and asserted facts
    graph.html        the overview page of kg.trig as written, drawn by the page writer
                      given (visualize.write_overview; the command line starts it
                      ahead of the build, start_page), for up to GRAPH_PAGE_LIMIT
                      documents and PAGE_TASK_LIMIT tasks

A build into an on-disk store (``--store``) writes the annotation files only: the graph
is in the store.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from kg import annfile
from kg.beside import Beside
from kg.document import Document, TaskSpan
from kg.export import write_build_outputs
from kg.pipeline import Answers, BuildResult
from kg.query import query_rows
from kg.store import load_file

GRAPH_PAGE_LIMIT = 10  # documents; a corpus is browsed with `policykg viz` on a part
# tasks: some 60 nodes each (their units, targets, actions); a page of more than about
# 30,000 nodes is tens of megabytes that a browser takes minutes to lay out
PAGE_TASK_LIMIT = 500
# a page writer may have a prepare(): called first where the page is drawn, while the
# graph it draws is being written (to import what it needs meanwhile)
PageWriter = Callable[[Dataset | ox.Store, Path], Path]


def write_outputs(result: BuildResult, out_dir: str | Path,
                  graph_page: PageWriter | Beside[tuple[Path, Answers]] | None = None
                  ) -> dict[str, Path]:
    """Write what `policykg build` writes into OUT_DIR; return the graph files written
    (or the store), by kind: store, trig, ttl, html. GRAPH_PAGE: the page writer, or
    the page started ahead (start_page) for OUT_DIR."""
    out_dir = Path(out_dir)
    page = start_page(graph_page, out_dir) if callable(graph_page) else graph_page
    if page is not None and (result.store or not drawn_whole(result.documents)):
        page.cancel()
        page = None
    try:
        written = _write_files(result, out_dir, page.give if page else None)
    except BaseException:
        if page is not None:
            page.cancel()
        raise
    if page is not None:
        written["html"], answers = page.result()
        result.answers.update(answers)
    return written


def start_page(graph_page: PageWriter, out_dir: str | Path, questions: tuple[str, ...] = ()
               ) -> Beside[tuple[Path, Answers]]:
    """The overview page of the graph about to be written into OUT_DIR, drawn in a
    forked child where the machine can (kg.beside): started now, it prepares (imports
    what it needs) while the build goes on, and draws from kg.trig when write_outputs
    has written it. The named QUESTIONS are asked there too, of the graph it loaded:
    BuildResult.rows gives their answers, without loading the graph again here."""
    return Beside(partial(_draw, graph_page, Path(out_dir), questions),
                  prepare=getattr(graph_page, "prepare", None) or _nothing)


def _write_files(result: BuildResult, out_dir: Path,
                 trig_written: Callable[[], object] | None) -> dict[str, Path]:
    if result.store:
        written = {"store": Path(result.store)}
    else:  # before the annotation files: the page waits for kg.trig
        written = write_build_outputs(result.graphs(), out_dir, trig_written)
        result.trig = written["trig"]
    for doc in result.documents:
        annfile.write(doc, out_dir / annfile.file_name(doc))
    return written


def drawn_whole(documents: list[Document]) -> bool:
    """Whether the build draws the overview page of these documents (else a user draws
    a part: `policykg viz --view unit`)."""
    return (len(documents) <= GRAPH_PAGE_LIMIT
            and sum(len(doc.of(TaskSpan)) for doc in documents) <= PAGE_TASK_LIMIT)


def _draw(graph_page: PageWriter, out_dir: Path, questions: tuple[str, ...]
          ) -> tuple[Path, Answers]:
    graph = load_file(out_dir / "kg.trig")
    return (graph_page(graph, out_dir / "graph.html"),
            {name: query_rows(graph, name) for name in questions})


def _nothing() -> None:
    pass
