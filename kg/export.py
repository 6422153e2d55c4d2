"""Export: write graphs in RDF formats, atomically (a temp file, then rename)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Dataset, Graph

from kg.dataset import asserted_graph

FORMATS = {"ttl": "turtle", "trig": "trig", "nt": "nt", "nq": "nquads", "jsonld": "json-ld"}


def write_atomic(path: str | Path, data: bytes) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def serialize(graph: Graph | Dataset, fmt: str) -> bytes:
    return graph.serialize(format=FORMATS.get(fmt, fmt), encoding="utf-8")


def write_build_outputs(ds: Dataset, out_dir: Path) -> dict[str, Path]:
    """kg.trig (every named graph) and kg.ttl (ontology + asserted facts)."""
    return {
        "trig": write_atomic(out_dir / "kg.trig", serialize(ds, "trig")),
        "ttl": write_atomic(out_dir / "kg.ttl", serialize(asserted_graph(ds), "ttl")),
    }
