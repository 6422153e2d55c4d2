"""Shared fixtures. The seed's dataset is costly: built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.pipeline import BuildResult, build
from kg.resources import seed_document

TESTS = Path(__file__).parent
DATA = TESTS / "data"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return seed_document()


@pytest.fixture(scope="session")
def seed_result() -> BuildResult:
    """The bundled seed, read, annotated, ingested, reasoned and validated."""
    return build()


@pytest.fixture(scope="session")
def seed_dataset(seed_result):
    return seed_result.dataset


@pytest.fixture(scope="session")
def seed_doc(seed_result):
    return seed_result.documents[0]


@pytest.fixture(scope="session")
def seed_kg(tmp_path_factory, seed_dataset) -> Path:
    """The seed's dataset written as TriG, as `policykg build` writes it."""
    from kg.export import serialize, write_atomic

    path = tmp_path_factory.mktemp("kg") / "kg.trig"
    write_atomic(path, serialize(seed_dataset, "trig"))
    return path


@pytest.fixture(scope="session")
def seed_endpoint(tmp_path_factory, seed_dataset):
    """A read-only oxigraph server on 127.0.0.1 holding the seed's dataset (union default
    graph, 10 s query timeout), as `policykg serve` runs it."""
    from kg.serve import load_store, start

    location = tmp_path_factory.mktemp("store")
    load_store(seed_dataset, location)
    server = start(location, read_only=True, timeout_s=10)
    yield server
    server.stop()
