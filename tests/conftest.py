"""Shared fixtures. The seed's dataset is costly: built once per test session. Nothing is
written into the checkout or the user's cache: hypothesis and policykg (kg.cache) keep
their files in temporary folders."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

from kg.pipeline import BuildResult, build
from kg.resources import seed_document

TESTS = Path(__file__).parent
DATA = TESTS / "data"
HYPOTHESIS_HOME = Path(tempfile.mkdtemp(prefix="policykg-hypothesis-"))
CACHE = Path(tempfile.mkdtemp(prefix="policykg-cache-"))


def pytest_configure(config) -> None:
    set_hypothesis_home_dir(HYPOTHESIS_HOME)  # not .hypothesis/ in the current folder
    os.environ["POLICYKG_CACHE"] = str(CACHE)  # the commands the tests run inherit it


def pytest_unconfigure(config) -> None:
    shutil.rmtree(HYPOTHESIS_HOME, ignore_errors=True)
    shutil.rmtree(CACHE, ignore_errors=True)


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
def seed_store(seed_dataset):
    """The seed's dataset in an in-memory Oxigraph store, as `policykg query` reads a
    graph file: the same rows as rdflib's engine, many times sooner."""
    from kg.store import dataset_store

    return dataset_store(seed_dataset)


@pytest.fixture(scope="session")
def seed_kg(tmp_path_factory, seed_dataset) -> Path:
    """The seed's dataset written as TriG, as `policykg build` writes it."""
    from kg.export import serialize
    from kg.files import write_atomic

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


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory, seed_path) -> Path:
    """The seed and the small documents of tests/data/genre in one folder: several
    documents (the document column), one in simplified script, actions without targets."""
    folder = tmp_path_factory.mktemp("small-corpus")
    for path in [seed_path, *sorted((DATA / "genre").glob("*.txt"))]:
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="session")
def small_corpus_kg(small_corpus, tmp_path_factory) -> Path:
    """kg.trig of the small corpus, written by `policykg build`."""
    from kg.cli import main

    out = tmp_path_factory.mktemp("small-corpus-out")
    assert main(["build", str(small_corpus), "-q", "--no-validate", "-o", str(out)]) == 0
    return out / "kg.trig"


# headless Chromium (tests/test_browser.py, tests/test_robustness.py)
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM),
                              args=["--headless", "--no-sandbox", "--disable-gpu",
                                    "--disable-background-networking"])
        yield b
        b.close()


class Page:
    """One page opened offline; `requests` lists every non-file request it tried."""

    def __init__(self, browser, path: Path) -> None:
        # bypass_csp only lets playwright poll with eval; the page's own scripts are inline
        self.context = browser.new_context(viewport={"width": 1400, "height": 900},
                                           bypass_csp=True)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("pageerror", lambda err: self.errors.append(str(err)))
        self.page.route("**/*", self._route)
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.policykg && window.policykg.ready", timeout=30000)

    def _route(self, route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def js(self, expression: str):
        return self.page.evaluate(expression)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def opened(browser):
    made: list[Page] = []

    def open_page(path: Path) -> Page:
        made.append(Page(browser, path))
        return made[-1]

    yield open_page
    for page in made:
        assert page.errors == []
        page.close()
