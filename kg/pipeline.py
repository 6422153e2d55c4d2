"""Outputs: the pipeline, the main job: read → annotate → ingest → reason → validate, over
one or many files.

Each document is processed on its own (in worker processes when there are several), with
the reference data already closed by the reasoner, so a corpus costs time in proportion
to its size; the parent only gathers the triples into an rdflib Dataset or, for corpora
beyond memory, an on-disk Oxigraph store (kg.store). For a store each document's worker
answers the corpus listings about it too, and the parent keeps those answers beside the
store (kg.tables).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache, cached_property, partial
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID, ReadOnlyGraphAggregate

from kg import annfile
from kg.annotate import annotate
from kg.beside import Beside
from kg.cache import cached
from kg.dataset import INFERRED, ONTOLOGY, REFERENCE, base_graphs, empty_dataset
from kg.document import ActionSpan, Document, GoalSpan
from kg.errors import InputError
from kg.files import write_atomic
from kg.gazetteer import Gazetteer
from kg.ingest import build_graph
from kg.iri import document, document_graph, segment
from kg.query import named_queries, query_rows
from kg.read import NOT_READ, SUFFIXES, read_bytes, read_path
from kg.reason import Reasoner
from kg.resources import ontology_files, seed_document
from kg.sparql import Rows
from kg.store import (
    StoreWriter,
    dataset_store,
    load_file,
    open_store,
    store_dir,
    store_for_build,
    to_nquads,
)
from kg.tables import LISTING, UNIT, BuildTables, DocumentAnswers, DocumentRows
from kg.turtle import Triple
from kg.validate import ValidationReport, merge, prepare_validation, validate_document

ANNOTATION_SUFFIX = annfile.SUFFIX
READABLE = ".txt, .html, .htm, .pdf, .docx, .ann.json"  # (and .text, .xhtml, .shtml)
PARALLEL_FROM = 4  # documents; below this, worker start-up costs more than it saves
Progress = Callable[[int, int, Path], None]
Answers = dict[str, tuple[list[str], Rows]]  # a named query's columns and rows, by its name
# (paths, reason, validate, as N-Quads) → each document's outcome, in the order of the paths
Executor = Callable[[list[Path], bool, bool, bool], Iterable["Processed"]]


@dataclass
class BuildResult:
    """What a build made. In memory, the graphs stay as they were gathered until
    ``dataset`` is first read, which merges them into one rdflib Dataset (written out,
    they need no merging: kg.outputs); a validation still running beside the build
    (kg.beside) is waited for when ``report`` is first read."""

    base: Dataset | ox.Store  # built with a store: the pyoxigraph.Store, read-only
    documents: list[Document] = field(default_factory=list)
    failures: list[InputError] = field(default_factory=list)
    inferred: int = 0
    store: str | None = None  # oxigraph:DIR when the dataset is an on-disk store
    copy: ox.Store | None = None  # the dataset in an in-memory Oxigraph store, once made
    trig: Path | None = None  # kg.trig, once kg.outputs has written it
    gathered: list[tuple[URIRef, Iterable]] = field(default_factory=list)
    reports: list[ValidationReport | Beside[ValidationReport]] | None = None
    answers: Answers = field(default_factory=dict)  # named query → its columns and rows

    @property
    def dataset(self) -> Dataset | ox.Store:
        if self.gathered:
            for name, triples in self.gathered:
                _add(self.base.graph(name), triples)
            self.gathered = []
        return self.base

    def graphs(self) -> list[tuple[URIRef, Iterable]]:
        """Every named graph as (name, triples), a name perhaps more than once, without
        merging them."""
        if not isinstance(self.base, Dataset):
            raise TypeError("the graphs of a build into a store are in the store")
        return [(g.identifier, g) for g in self.base.graphs()
                if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g)] + self.gathered

    @cached_property
    def report(self) -> ValidationReport | None:
        """The SHACL report of every document kept (None: not validated)."""
        if not self.reports:
            return None
        return merge(r if isinstance(r, ValidationReport) else r.result() for r in self.reports)

    def rows(self, name: str) -> tuple[list[str], Rows]:
        """A named query's columns and rows over the graph: as answered where the graph
        was loaded already (the graph page's process, kg.outputs), else asked of
        oxigraph()."""
        if name not in self.answers:
            self.answers[name] = query_rows(self.oxigraph(), name)
        return self.answers[name]

    def oxigraph(self) -> ox.Store:
        """The graph in Oxigraph, for questions asked in process (the build's summary):
        each costs there a fraction of rdflib's engine, and grows with the graph, not
        faster. The on-disk store itself, else an in-memory copy made once."""
        if not isinstance(self.base, Dataset):
            return self.base
        if self.copy is None:  # from kg.trig once written: Oxigraph parses it fastest
            self.copy = load_file(self.trig) if self.trig else dataset_store(self.graphs())
        return self.copy


@dataclass
class Processed:
    """One document's outcome, small enough to send back from a worker."""

    path: Path
    doc: Document | None = None
    graph: Graph | None = None
    inferred: list = field(default_factory=list)
    report: ValidationReport | Beside[ValidationReport] | None = None
    error: InputError | None = None
    nquads: bytes = b""  # instead of graph and inferred, for a store
    inferred_count: int = 0
    rows: DocumentRows | None = None  # the corpus listings about it, for a store


def expand_sources(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; a folder stands for the files in it that policykg reads (see
    scan_sources)."""
    return scan_sources(paths)[0]


def scan_sources(paths: Iterable[str | Path]) -> tuple[list[Path], list[InputError]]:
    """Files as given, and for a folder the files in it that policykg reads (.txt, .html,
    .htm, .pdf, .docx, .ann.json), sorted; with each other file of a folder skipped and
    why. Hidden files (.DS_Store) and subfolders are passed over without a word."""
    found: list[Path] = []
    skipped: list[InputError] = []
    for path in map(Path, paths):
        if not path.is_dir():
            found.append(path)
            continue
        for item in sorted(path.iterdir()):
            if item.name.startswith(".") or item.is_dir():
                continue
            if item.suffix.lower() in SUFFIXES or item.name.endswith(ANNOTATION_SUFFIX):
                found.append(item)
            else:
                reason = NOT_READ.get(item.suffix.lower(),
                                      f"not a format policykg reads ({READABLE})")
                skipped.append(InputError(f"skipped: {reason}", str(item)))
    return found, skipped


def load_document(path: Path, data: bytes | None = None,
                  gazetteer: Gazetteer | None = None) -> Document:
    """An annotation file as a person left it, or a raw document annotated now; from
    DATA, the file's bytes, when given (a worker on another machine has no file)."""
    if data is None:
        doc = annfile.read(path) if path.name.endswith(ANNOTATION_SUFFIX) else \
            annotate(read_path(path), gazetteer)
    elif path.name.endswith(ANNOTATION_SUFFIX):
        doc = annfile.from_bytes(data, str(path))
    else:
        doc = annotate(read_bytes(data, source=str(path), doc_id=path.stem), gazetteer)
    if not doc.of(ActionSpan) and not doc.of(GoalSpan):
        raise InputError("found no numbered parts or items (一、 (一) 1.) holding tasks or "
                         "targets: not an action plan (行動計劃/實施方案) as far as policykg can "
                         "read, or its paragraphs are not on lines of their own", str(path))
    return doc


class Stages:
    """What each process needs once: the reference data and the reasoner over it."""

    def __init__(self, reason: bool, validate: bool, to_store: bool = False,
                 beside: bool = False) -> None:
        self.to_store = to_store
        self.beside = beside  # validate in a forked child while the build goes on
        self.validate = validate
        self.base, reasoner, self.gazetteer = cached("reference", reference_stages,
                                                     ontology_files())
        self.reasoner = reasoner if reason else None
        # the first document's validation starts now: its child loads pySHACL and the
        # shapes while this process reads the document
        self._first_check = Beside(self._check, prepare=prepare_validation) \
            if validate and beside else None

    def _check(self, graph: Iterable[Triple], inferred: list[Triple]) -> ValidationReport:
        return validate_document(self.base[REFERENCE], graph, inferred)

    def _start_check(self, graph: Graph, inferred: list[Triple]
                     ) -> ValidationReport | Beside[ValidationReport]:
        if self._first_check is not None:
            check, self._first_check = self._first_check, None
            check.give(list(graph), inferred)
            return check
        if self.beside:
            return Beside(partial(self._check, graph, inferred))
        return self._check(graph, inferred)

    def close(self) -> None:
        """Ends the validation started ahead if no document came to use it."""
        if self._first_check is not None:
            self._first_check.cancel()
            self._first_check = None

    @cached_property
    def answers(self) -> DocumentAnswers:
        """The store the corpus listings about one document are asked of (kg.tables)."""
        facts = self.reasoner.reference_facts if self.reasoner else []
        base = b"".join(to_nquads(self.base[name], name) for name in (ONTOLOGY, REFERENCE))
        return DocumentAnswers(base + to_nquads(facts, INFERRED), listings(), listings(UNIT))

    def process(self, path: Path, data: bytes | None = None) -> Processed:
        try:
            doc = load_document(path, data, self.gazetteer)
        except InputError as err:
            return Processed(path, error=err)
        graph = build_graph(doc, self.gazetteer)
        inferred = self.reasoner.infer(graph) if self.reasoner else []
        report = self._start_check(graph, inferred) if self.validate else None
        if self.to_store:  # N-Quads are made here, in parallel, and sent back small
            asserted = to_nquads(graph, graph.identifier)
            facts = to_nquads(inferred, INFERRED)
            rows = self.answers.rows(document(doc.id), graph.identifier, asserted, facts)
            return Processed(path, doc, report=report, nquads=asserted + facts,
                             inferred_count=len(inferred), rows=rows)
        return Processed(path, doc, graph, inferred, report, inferred_count=len(inferred))


def reference_stages() -> tuple[dict[URIRef, Graph], Reasoner, Gazetteer]:
    """The ontology's and the reference data's graphs, the reasoner closed over them and
    the gazetteer of their names: what every document needs first."""
    base = base_graphs()
    reasoner = Reasoner(base[ONTOLOGY], base[REFERENCE])
    # over the graphs just read: the default one would read them again (20 ms)
    return base, reasoner, Gazetteer(ReadOnlyGraphAggregate(list(base.values())))


_worker: Stages | None = None


def _start_worker(reason: bool, validate: bool, to_store: bool) -> None:
    global _worker
    _worker = Stages(reason, validate, to_store)


def _work(path: Path) -> Processed:
    assert _worker is not None
    return _worker.process(path)


def process_all(paths: list[Path], reason: bool, validate: bool, jobs: int | None,
                to_store: bool = False) -> tuple[Stages | None, Iterator[Processed]]:
    """Processed documents in the order given; in worker processes for a corpus."""
    jobs = jobs or min(2, os.cpu_count() or 1)
    if jobs <= 1 or len(paths) < PARALLEL_FROM:
        # no fork beside an open on-disk store: its native threads are not forked with it
        stages = Stages(reason, validate, to_store, beside=not to_store)
        return stages, (stages.process(p) for p in paths)
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker,
                               initargs=(reason, validate, to_store))

    def ordered() -> Iterator[Processed]:
        with pool:
            yield from pool.map(_work, paths, chunksize=4)

    return None, ordered()


def build(sources: Iterable[str | Path] = (), reason: bool = True, validate: bool = True,
          progress: Progress | None = None, jobs: int | None = None,
          store: str | None = None, executor: Executor | None = None,
          shards: Path | None = None) -> BuildResult:
    """Build every document; a bad one is reported in ``failures`` and skipped, as is a
    file of a folder that is no document policykg reads. With ``store`` (oxigraph:DIR)
    the graphs go to an on-disk store instead of memory. ``executor`` processes the
    documents elsewhere (kg.cluster: a Dask cluster); ``shards`` is a folder that gets
    each document's graphs as N-Quads (and base.nq: the ontology and reference data),
    ready for a store's bulk loader."""
    paths, skipped = scan_sources(sources)
    if not paths and not skipped:
        paths = [seed_document()]
    # made before the build changes the store
    tables = BuildTables(store, reason, listings() | listings(UNIT)) if store else None
    target = store_for_build(store) if store else None
    as_nquads = bool(store or shards)
    if executor is not None:
        stages, processed = None, executor(paths, reason, validate, as_nquads)
    else:
        stages, processed = process_all(paths, reason, validate, jobs, to_store=as_nquads)
    base = stages.base if stages else base_graphs()
    writer = (StoreWriter(target, store_dir(store).parent, _inferrer(stages, base))
              if target is not None else None)
    target = None  # the writer's alone: closed with it, and opened again read-only
    sink = _Sink(empty_dataset(), base, writer, shards, tables)
    result = BuildResult(sink.dataset, store=store, failures=list(skipped),
                         gathered=sink.gathered)
    if reason:
        reasoner = stages.reasoner if stages else Reasoner(base[ONTOLOGY], base[REFERENCE])
        sink.add_inferred(reasoner.reference_facts)
        result.inferred = len(reasoner.reference_facts)
    reports = _gather(processed, len(paths), sink, result, progress)
    sink.close()
    if stages is not None:
        stages.close()
    if store and tables is not None:  # closed: its files as they stay, for the tables' index
        result.base = open_store(store)
        tables.close(result.base)
    if validate:
        result.reports = reports
    return result


def listings(kind: str = LISTING) -> dict[str, str]:
    """The queries whose answers kg.tables keeps, their text by name: the corpus listings,
    or (KIND UNIT) the questions about one unit."""
    return {name: query.text for name, query in named_queries().items() if query.table == kind}


def _inferrer(stages: Stages | None, base: dict[URIRef, Graph]) -> Callable[[Graph], list]:
    """What reasoning infers from a document's graph (made when first asked: a store a
    document is built into again needs it, with or without --no-reason)."""
    @cache
    def reasoner() -> Reasoner:
        if stages is not None and stages.reasoner is not None:
            return stages.reasoner
        return Reasoner(base[ONTOLOGY], base[REFERENCE])

    return lambda graph: reasoner().infer(graph)


class _Sink:
    """Where the gathered triples go: kept apart in memory (with the BASE graphs, the
    ontology and reference data) or into an on-disk store, and a folder of shards (one
    N-Quads file a document) when asked for."""

    def __init__(self, dataset: Dataset, base: dict[URIRef, Graph], writer: StoreWriter | None,
                 shards: Path | None, tables: BuildTables | None = None) -> None:
        self.dataset = dataset
        self.writer = writer
        self.shards = shards
        self.tables = tables
        # kept apart (BuildResult)
        self.gathered: list[tuple[URIRef, Iterable]] = [] if writer else list(base.items())
        if shards is not None:
            shards.mkdir(parents=True, exist_ok=True)
            write_atomic(shards / "base.nq", b"".join(
                to_nquads(base[name], name) for name in (ONTOLOGY, REFERENCE)))

    def add_inferred(self, facts: list) -> None:
        if self.shards is not None:
            _append(self.shards / "base.nq", to_nquads(facts, INFERRED))
        if self.writer:
            self.writer.add(to_nquads(facts, INFERRED))
        else:
            self.gathered.append((INFERRED, facts))

    def add_document(self, item: Processed) -> None:
        if self.shards is not None:
            write_atomic(self.shards / f"doc-{segment(item.doc.id)}.nq", item.nquads)
        if self.writer:
            self.writer.add(item.nquads, document_graph(item.doc.id), document(item.doc.id))
            if self.tables:
                self.tables.add(document_graph(item.doc.id), item.rows)
        elif item.nquads:
            self.dataset.parse(data=item.nquads, format="nquads")
        else:
            self.gathered += [(item.graph.identifier, item.graph), (INFERRED, item.inferred)]

    def close(self) -> None:
        if self.writer:
            self.writer.close()


def _append(path: Path, data: bytes) -> None:
    write_atomic(path, path.read_bytes() + data)


def _gather(processed: Iterable[Processed], total: int, sink: _Sink, result: BuildResult,
            progress: Progress | None) -> list[ValidationReport]:
    """Each document's outcome into RESULT (and its triples into SINK), in order; the
    validation reports of those kept."""
    reports, seen = [], {}
    for i, item in enumerate(processed, 1):
        if progress:
            progress(i, total, item.path)
        error = item.error or _duplicate(item, seen)
        if error:
            result.failures.append(error)
            continue
        seen[item.doc.id] = item.path
        result.documents.append(item.doc)
        sink.add_document(item)
        result.inferred += item.inferred_count
        if item.report:
            reports.append(item.report)
    return reports


def _add(graph: Graph, triples: Iterable) -> None:
    graph.addN((*t, graph) for t in triples)


def _duplicate(item: Processed, seen: dict[str, Path]) -> InputError | None:
    if item.doc.id in seen:
        return InputError(f"same document id {item.doc.id!r} as {seen[item.doc.id]}; skipped",
                          str(item.path))
    return None
