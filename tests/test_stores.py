"""Into a triple store and back: `policykg push` to a plain `oxigraph serve` (its
default graph is its own, not the union of the graphs) and to a real OpenLink Virtuoso
(tests/stores.py starts both on 127.0.0.1 with databases of their own), then every named
query over `--endpoint` prints the bytes it prints locally; a second push without
--replace changes nothing; CONSTRUCT, ASK and DESCRIBE answer as they do locally;
--graph picks the graphs a query reads. No mocks."""

from __future__ import annotations

import contextlib
import io
import json
import os

import pytest
from stores import PASSWORD, USER, Virtuoso
from test_determinism import cases

from kg.cli import main
from kg.dataset import INFERRED, ONTOLOGY, REFERENCE, load_dataset
from kg.export import named_graphs
from kg.serve import start

pytestmark = [pytest.mark.server, pytest.mark.slow]  # about 3 minutes

STORES = ("oxigraph", "virtuoso")
SEED_DOCUMENT = "https://w3id.org/policykg/graph/doc/穗科字2019-316"


def cli(*args: str, env: dict[str, str] | None = None) -> str:
    """`policykg ARGS` in this process: its standard output (an exit code but 0 fails)."""
    out, err = io.StringIO(), io.StringIO()
    saved = dict(os.environ)
    os.environ.update(env or {})
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    assert code == 0, err.getvalue()
    return out.getvalue()


class Store:
    """A running store: where to push, where to query, how to log in."""

    def __init__(self, name: str, push_url: str, query_url: str, login: list[str],
                 env: dict[str, str]) -> None:
        self.name, self.push_url, self.query_url = name, push_url, query_url
        self.login, self.env = login, env

    def push(self, kg, *extra: str) -> str:
        return cli("push", "--kg", str(kg), "--store", self.push_url, *self.login, *extra,
                   env=self.env)


@pytest.fixture(scope="module", params=STORES)
def store(request, tmp_path_factory, small_corpus_kg):
    """Each store, started empty and filled by `policykg push` (no --replace)."""
    if request.param == "oxigraph":
        server = start(location=None, read_only=False, union=False, timeout_s=60)
        found = Store("oxigraph", server.store_url, server.query_url, [], {})
    else:
        server = Virtuoso(tmp_path_factory.mktemp("virtuoso"))
        found = Store("virtuoso", server.store_url, server.sparql_url, ["--user", USER],
                      {"POLICYKG_STORE_PASSWORD": PASSWORD})
    try:
        found.push(small_corpus_kg)
        yield found
    finally:
        server.stop()


@pytest.fixture(scope="module")
def dataset(small_corpus_kg):
    return load_dataset(small_corpus_kg)


def graph_sizes(store: Store, graphs: list[str]) -> dict[str, int]:
    text = cli("query", "-e", "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
               "GROUP BY ?g", "--endpoint", store.query_url, *_graphs(graphs), "--format", "json")
    return {b["g"]["value"]: int(b["n"]["value"])
            for b in json.loads(text)["results"]["bindings"]}


def _graphs(graphs: list[str]) -> list[str]:
    return [arg for g in graphs for arg in ("--graph", g)]


def test_push_fills_every_graph_and_a_second_push_changes_nothing(store, dataset,
                                                                  small_corpus_kg):
    expected = {str(g.identifier): len(g) for g in named_graphs(dataset) if len(g)}
    assert graph_sizes(store, list(expected)) == expected
    report = store.push(small_corpus_kg)  # again, without --replace
    assert f"replaced <{ONTOLOGY}>" in report  # it holds blank nodes (OWL lists)
    assert f"added to <{SEED_DOCUMENT}>" in report
    assert graph_sizes(store, list(expected)) == expected


CASES = cases()


@pytest.mark.parametrize(("name", "params"), CASES,
                         ids=[f"{n}-{'-'.join(p.values()) or 'default'}" for n, p in CASES])
def test_every_named_query_prints_what_it_prints_locally(store, small_corpus_kg, name, params):
    args = ["query", name, *[a for k, v in params.items() for a in ("--param", f"{k}={v}")]]
    for fmt in ("csv", "json"):
        local = cli(*args, "--format", fmt, "--kg", str(small_corpus_kg))
        assert cli(*args, "--format", fmt, "--endpoint", store.query_url) == local, fmt


CONSTRUCT = ("CONSTRUCT { ?t a pk:Task ; pk:heading ?h } WHERE { ?t a pk:Task ; pk:heading ?h ; "
             "pk:inDocument ?d . ?d dcterms:identifier ?n "
             "FILTER(STR(?n) = '穗科字〔2019〕316號') }")
DESCRIBE = "DESCRIBE <https://w3id.org/policykg/id/doc/穗科字2019-316/action/1/task/1>"


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_construct_gives_the_local_graph(store, small_corpus_kg, fmt):
    args = ["query", "-e", CONSTRUCT, "--format", fmt]
    local = cli(*args, "--kg", str(small_corpus_kg))
    assert "Task" in local and "加快現代服務業創新發展" in local
    assert cli(*args, "--endpoint", store.query_url) == local


def test_describe_gives_at_least_what_the_resource_says(store, small_corpus_kg):
    """DESCRIBE is the store's to define: Oxigraph gives the triples about the resource,
    Virtuoso those and the ones that point at it."""
    local = set(cli("query", "-e", DESCRIBE, "--format", "nt", "--kg", str(small_corpus_kg))
                .splitlines())
    remote = set(cli("query", "-e", DESCRIBE, "--format", "nt", "--endpoint", store.query_url)
                 .splitlines())
    assert len(local) > 20 and local <= remote
    assert cli("query", "-e", DESCRIBE, "--endpoint", store.query_url).startswith("@prefix")


def test_ask_prints_true_or_false(store, small_corpus_kg):
    for text, expected in (("ASK { ?t a pk:Task }", "true\n"),
                           ("ASK { ?t a pk:NoSuchClass }", "false\n")):
        assert cli("query", "-e", text, "--endpoint", store.query_url) == expected
        assert cli("query", "-e", text, "--kg", str(small_corpus_kg)) == expected


def test_graph_picks_what_a_query_reads(store, dataset):
    assert graph_sizes(store, [str(ONTOLOGY)]) == {str(ONTOLOGY): len(dataset.graph(ONTOLOGY))}
    one = [str(ONTOLOGY), str(REFERENCE), str(INFERRED), SEED_DOCUMENT]
    text = cli("query", "document", "--format", "csv", "--endpoint", store.query_url,
               *_graphs(one))
    assert text.splitlines()[1].startswith("穗科字〔2019〕316號,")
    assert len(text.splitlines()) == 2  # one document: the seed's
