"""serve, push and remote queries against a real `oxigraph` server on 127.0.0.1: every
named query gives the same rows on the endpoint as locally; no mocks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg.dataset import INFERRED, ONTOLOGY
from kg.export import named_graphs
from kg.push import graph_url, push
from kg.query import named_queries, query_endpoint, query_rows
from kg.serve import free_port, start
from kg.sparql import remote_text

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parent.parent


def policykg(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=ROOT,
                          env={**os.environ, **(env or {})}, capture_output=True, text=True,
                          timeout=300, check=False)


@pytest.fixture(scope="module")
def store():
    """A writable, in-memory oxigraph server (union default graph) on a free port."""
    server = start(location=None, read_only=False, timeout_s=30)
    yield server
    assert server.stop() is not None


@pytest.fixture(scope="module")
def pushed(store, seed_kg):
    """The seed pushed with the real CLI: `policykg push --replace`."""
    run = policykg("push", "--kg", str(seed_kg), "--store", store.store_url, "--replace")
    assert run.returncode == 0, run.stderr
    return store


def count(endpoint: str, graph: str | None = None) -> int:
    """Triples in GRAPH, or in the project's graphs found on the endpoint."""
    _, rows = query_endpoint(endpoint, text="SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                             graphs=[graph] if graph else None)
    return int(rows[0]["n"])


def as_text(columns, rows) -> list[tuple[str, ...]]:
    """Rows as strings, in order."""
    return [tuple("" if r.get(c) is None else str(r[c]) for c in columns) for r in rows]


def test_push_uploads_every_named_graph(pushed, seed_dataset):
    for graph in named_graphs(seed_dataset):
        if len(graph):
            assert count(pushed.query_url, str(graph.identifier)) == len(graph)


def test_push_replace_is_idempotent_and_post_adds(seed_dataset):
    """On a server of its own: the extra graph posted here repeats inferred triples, and
    Oxigraph's union default graph would then give other tests' queries duplicate rows."""
    from rdflib import Dataset

    server = start(location=None, read_only=False, timeout_s=30)
    try:
        for _ in range(2):
            push(seed_dataset, server.store_url, replace=True)
            assert count(server.query_url, str(ONTOLOGY)) == len(seed_dataset.graph(ONTOLOGY))
        # POST to a graph that is not there yet creates it
        small = Dataset()
        target = small.graph("https://example.org/graph/extra")
        for triple in list(seed_dataset.graph(INFERRED))[:10]:
            target.add(triple)
        done = push(small, server.store_url, replace=False)
        assert [p.triples for p in done] == [10]
        assert count(server.query_url, "https://example.org/graph/extra") == 10
    finally:
        server.stop()


CASES = [(name, {}) for name in named_queries()] + [
    ("unit-tasks", {"unit": "南沙區政府"}),      # reaches it only through 各區政府
    ("unit-tasks", {"unit": "市科技局", "lang": "en"}),
    ("co-owners", {"unit": "市發展改革委"}),
    ("targets-due", {"year": "2020"}),
]


@pytest.mark.parametrize(("name", "params"), CASES,
                         ids=[f"{n}-{'-'.join(p.values()) or 'default'}" for n, p in CASES])
def test_named_query_same_rows_on_the_endpoint(pushed, seed_dataset, name, params):
    local_columns, local_rows = query_rows(seed_dataset, name=name, params=params)
    columns, rows = query_endpoint(pushed.query_url, name=name, params=params)
    assert columns == local_columns
    assert as_text(columns, rows) == as_text(local_columns, local_rows)


def test_query_command_with_endpoint_prints_the_same_csv(pushed, seed_kg):
    local = policykg("query", "task-owners", "--format", "csv", "--kg", str(seed_kg))
    remote = policykg("query", "task-owners", "--format", "csv", "--endpoint", pushed.query_url)
    assert remote.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout


def test_parameters_go_in_as_bind_clauses_of_terms():
    """An endpoint gets each parameter as BIND(term AS ?_name) first in the WHERE group
    (Virtuoso 7.2 loses rows with a VALUES block there); Oxigraph gets a VALUES block."""
    from rdflib import Literal, URIRef

    from kg.sparql import with_values

    text = "#+ summary: WHERE { in a comment\nSELECT ?x WHERE {\n  ?x ?p ?_unit .\n}\n"
    bindings = {"_unit": URIRef("https://example.org/u"), "_year": Literal("2020")}
    sent = remote_text(text, bindings)
    body = sent.split("SELECT ?x WHERE {", 1)[1]
    assert body.startswith('\n  BIND(<https://example.org/u> AS ?_unit)\n'
                           '  BIND("2020" AS ?_year)\n')
    assert "PREFIX pk: <https://w3id.org/policykg/ontology#>" in sent
    assert sent.count("BIND") == 2
    local = with_values(text, bindings).split("SELECT ?x WHERE {", 1)[1]
    assert local.startswith('\n  VALUES (?_unit ?_year) { (<https://example.org/u> "2020") }')


@pytest.mark.parametrize("terms", [1, 2, 0], ids=["one", "several", "none"])
def test_binds_give_the_rows_a_values_block_gives(terms):
    """Several terms: a UNION of one BIND group per row; none: FILTER(false). Oxigraph
    answers both forms alike (tests/test_stores.py runs them on Virtuoso)."""
    import pyoxigraph
    from rdflib import Literal, URIRef

    from kg.sparql import with_binds, with_values

    store = pyoxigraph.Store()
    for n in range(3):
        store.add(pyoxigraph.Quad(pyoxigraph.NamedNode(f"https://example.org/s{n}"),
                                  pyoxigraph.NamedNode("https://example.org/p"),
                                  pyoxigraph.Literal(str(n))))
    subjects = tuple(URIRef(f"https://example.org/s{n}") for n in range(terms))
    bindings = {"_s": subjects, "_lang": Literal("en"), "_kind": (Literal("a"), Literal("b"))}
    text = "SELECT ?_s ?o ?_lang ?_kind WHERE { ?_s <https://example.org/p> ?o }"

    def rows(sparql: str) -> list[tuple[str, ...]]:
        return sorted(tuple(str(v) for v in row) for row in store.query(sparql))

    assert rows(with_binds(text, bindings)) == rows(with_values(text, bindings))
    assert len(rows(with_values(text, bindings))) == 2 * terms
    assert "VALUES" not in with_binds(text, bindings)


def test_graph_urls_for_each_store():
    g = "https://w3id.org/policykg/graph/doc/穗科字2019-316"
    assert graph_url("http://h:7878/store", g) == \
        "http://h:7878/store?graph=" + urllib.parse.quote(g, safe="")
    assert graph_url("http://h:3030/ds/data", g).startswith("http://h:3030/ds/data?graph=https")
    rdf4j = graph_url("http://h:7200/repositories/kg/statements", g)
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(rdf4j).query) == {"context": [f"<{g}>"]}


def test_push_to_a_closed_port_is_one_line_and_exit_1(seed_kg):
    url = f"http://127.0.0.1:{free_port()}/store"
    run = policykg("push", "--kg", str(seed_kg), "--store", url)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert "cannot reach the store" in run.stderr and url in run.stderr


def test_push_http_error_is_one_line_and_exit_1(store, seed_kg):
    run = policykg("push", "--kg", str(seed_kg), "--store", store.url + "no-such-endpoint")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "HTTP 404" in run.stderr


def test_query_on_a_closed_port_is_exit_1():
    run = policykg("query", "task-owners", "--endpoint",
                   f"http://127.0.0.1:{free_port()}/query")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "cannot reach the SPARQL endpoint" in run.stderr


def test_serve_answers_refuses_updates_and_stops_cleanly_on_ctrl_c(seed_kg, seed_dataset,
                                                                   tmp_path):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--kg", str(seed_kg), "--port", str(port)],
        cwd=ROOT, env={**os.environ, "TMPDIR": str(tmp_path)}, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    try:
        lines = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any("Ctrl-C" in x for x in lines):
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line)
        query_url = f"http://127.0.0.1:{port}/query"
        assert any(query_url in x for x in lines), (lines, process.stderr.read())
        assert any(f"http://127.0.0.1:{port}/" in x and "editor" in x for x in lines)
        # the union default graph holds every named graph
        assert count(query_url) == sum(len(g) for g in named_graphs(seed_dataset))
        columns, rows = query_endpoint(query_url, name="task-owners")
        assert as_text(columns, rows) == as_text(*query_rows(seed_dataset, name="task-owners"))
        # updates are refused
        update = urllib.request.Request(
            f"http://127.0.0.1:{port}/update", method="POST",
            data=b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
            headers={"Content-Type": "application/sparql-update"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(update, timeout=10)
        assert refused.value.code in (403, 405)
        # the web page (query editor) is there
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as page:
            assert page.status == 200 and b"<html" in page.read().lower()
    finally:
        process.send_signal(signal.SIGINT)
        try:
            code = process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    assert code == 0, process.stderr.read()
    assert not list(tmp_path.glob("policykg-serve-*")), "the temporary store is left behind"
    with pytest.raises(urllib.error.URLError):  # the server is gone
        urllib.request.urlopen(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", timeout=2)


def test_serve_on_a_busy_port_is_exit_1(seed_kg, store):
    run = policykg("serve", "--kg", str(seed_kg), "--port", str(store.port))
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert f"port {store.port}" in run.stderr and "in use" in run.stderr


def test_an_iri_that_would_leave_its_clause_is_refused():
    from rdflib import URIRef

    from kg.errors import InputError

    with pytest.raises(InputError, match="not a valid IRI"):
        remote_text("SELECT * WHERE { ?s ?p ?_unit }",
                    {"_unit": URIRef("https://example.org/x> } UNION { ?s ?p ?o } #")})


@pytest.mark.parametrize(("body", "message"), [
    # oxigraph's bytes when its --timeout-s cancels a COUNT: well-formed so far, then text
    (b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>'
     b'<variable name="n"/></head><results>The SPARQL operation has been cancelled',
     "stopped the query at its time limit"),
    (b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>'
     b'<variable name="n"/></head><results><result><binding name="n"><literal>1',
     "end too soon"),
])
def test_an_answer_cut_short_is_an_error_not_fewer_rows(body, message):
    import io
    from email.message import Message

    from kg.errors import InputError
    from kg.remote import read_answer

    class Response(io.BytesIO):  # the two things read_answer uses of an HTTP response
        headers = Message()

    Response.headers["Content-Type"] = "application/sparql-results+xml"
    answer = read_answer(Response(body), "http://127.0.0.1:1/query")
    with pytest.raises(InputError, match=message):
        list(answer.rows)
