"""A corpus listing of an on-disk store (targets, task-owners) is kept as an answer table
beside the store (kg.tables): the first question writes it, the next read it, and every
one prints the bytes the store itself answers, pages too; a build into the store makes the
next listing show the new plan; a table that cannot be written leaves the answer as it is."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from kg.cli import main
from kg.cli.formats import write_answer
from kg.query import Page, answer, named_queries
from kg.store import open_store
from kg.tables import tables_of

GENRE = Path(__file__).parent / "data" / "genre"
LISTINGS = sorted(name for name, query in named_queries().items() if query.table)


def _policykg(*args: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert main(list(args)) == 0
    return out.getvalue()


def _build(store: str, *names: str) -> None:
    _policykg("build", "-q", "--no-validate", *(str(GENRE / n) for n in names),
              "-o", str(Path(store.split(":", 1)[1]).parent / "out"), "--store", store)


def _from_the_store(store: str, name: str, params: dict[str, str], fmt: str,
                    page: Page | None = None) -> str:
    """What the store itself answers (no table), as `policykg query` prints it."""
    out = io.StringIO()
    write_answer(answer(open_store(store), name, params=params, page=page), fmt, out)
    return out.getvalue()


def _query(store: str, name: str, params: dict[str, str], fmt: str, *more: str) -> str:
    args = [a for k, v in params.items() for a in ("--param", f"{k}={v}")]
    return _policykg("query", name, "--kg", store, "--format", fmt, "-q", *args, *more)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    location = f"oxigraph:{tmp_path_factory.mktemp('tables') / 'store'}"
    _build(location, "names.txt", "targets.txt")
    return location


def test_the_listings_are_the_corpus_listings():
    assert LISTINGS == ["targets", "task-owners"]


@pytest.mark.parametrize("name", LISTINGS)
@pytest.mark.parametrize("params", [{}, {"lang": "en"}])
def test_a_listing_from_its_table_prints_what_the_store_answers(store, name, params):
    for fmt in ("csv", "json", "table"):
        expected = _from_the_store(store, name, params, fmt)
        assert "document" in expected  # two plans: rows of both
        first, again = (_query(store, name, params, fmt) for _ in range(2))
        assert first == expected
        assert again == expected
    assert sorted(tables_of(store).glob(f"{name}*.tsv"))


@pytest.mark.parametrize("name", LISTINGS)
def test_a_page_of_a_listing_is_the_page_the_store_gives(store, name):
    _query(store, name, {}, "csv")  # the table is there
    for limit, offset in ((5, 0), (3, 7), (4, 10_000)):
        assert _query(store, name, {}, "csv", "--limit", str(limit), "--offset",
                      str(offset)) == _from_the_store(store, name, {}, "csv",
                                                      Page(limit, offset))


def test_a_build_into_the_store_shows_in_the_next_listing(tmp_path):
    location = f"oxigraph:{tmp_path / 'store'}"
    _build(location, "names.txt")
    before = _query(location, "targets", {}, "csv")
    _build(location, "targets.txt")
    after = _query(location, "targets", {}, "csv")
    assert after != before
    assert after == _from_the_store(location, "targets", {}, "csv")
    assert len(list(tables_of(location).glob("targets.*.tsv"))) == 1  # the old one is gone


def test_a_table_that_cannot_be_written_leaves_the_answer_as_the_store_gives_it(tmp_path):
    location = f"oxigraph:{tmp_path / 'store'}"
    _build(location, "targets.txt")
    tables_of(location).write_text("not a folder", encoding="utf-8")
    assert _query(location, "targets", {}, "csv") == \
        _from_the_store(location, "targets", {}, "csv")
