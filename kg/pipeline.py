"""The main job: read → annotate → ingest → reason → validate, over one or many files."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset

from kg import annfile
from kg.annotate import annotate
from kg.build import build_graph
from kg.dataset import add_graph, new_dataset
from kg.document import Document
from kg.errors import InputError
from kg.read import read_path
from kg.reason import reason as run_reasoner
from kg.resources import seed_document
from kg.validate import ValidationReport
from kg.validate import validate as run_validation

ANNOTATION_SUFFIX = annfile.SUFFIX


@dataclass
class BuildResult:
    dataset: Dataset
    documents: list[Document] = field(default_factory=list)
    failures: list[InputError] = field(default_factory=list)
    inferred: int = 0
    report: ValidationReport | None = None


def expand_sources(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; a folder stands for its *.txt and *.ann.json files, sorted."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.iterdir()
                            if p.suffix == ".txt" or p.name.endswith(ANNOTATION_SUFFIX))
        else:
            found.append(path)
    return found


def load_document(path: Path) -> Document:
    """An annotation file as a person left it, or a raw document annotated now."""
    if path.name.endswith(ANNOTATION_SUFFIX):
        return annfile.read(path)
    return annotate(read_path(path))


def build(sources: Iterable[str | Path] = (), reason: bool = True, validate: bool = True,
          progress: Callable[[int, int, Path], None] | None = None) -> BuildResult:
    paths = expand_sources(sources) or [seed_document()]
    result = BuildResult(new_dataset())
    seen: dict[str, Path] = {}
    for i, path in enumerate(paths, 1):
        if progress:
            progress(i, len(paths), path)
        try:
            doc = load_document(path)
            if doc.id in seen:
                raise InputError(f"same document id {doc.id!r} as {seen[doc.id]}; skipped",
                                 str(path))
        except InputError as err:
            result.failures.append(err)
            continue
        seen[doc.id] = path
        result.documents.append(doc)
        add_graph(result.dataset, build_graph(doc))
    if reason and result.documents:
        result.inferred = len(run_reasoner(result.dataset))
    if validate and result.documents:
        result.report = run_validation(result.dataset)
    return result
