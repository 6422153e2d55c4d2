"""Outputs: push, each named graph to a triple store over the SPARQL 1.1 Graph Store HTTP
Protocol.

    Oxigraph   http://127.0.0.1:7878/store
    Fuseki     http://127.0.0.1:3030/DATASET/data
    Virtuoso   http://127.0.0.1:8890/sparql-graph-crud-auth   (a user with SPARQL_UPDATE)
    GraphDB    http://127.0.0.1:7200/repositories/REPO/rdf-graphs/service   (SPARQL GSP)
               http://127.0.0.1:7200/repositories/REPO/statements   (RDF4J REST: the graph
               goes in ``?context=<iri>`` instead of ``?graph=iri``)

PUT replaces each graph (``replace``); POST adds to it. A push is idempotent all the
same: a graph that holds blank nodes (the ontology's OWL lists) is always replaced,
since blank nodes are scoped to one request and a second POST would add them again.

A store that asks for a user name and password (HTTP 401) gets them with each request,
Basic or Digest as it asks: the challenge is fetched first with a request that has no
body, since a store may close the connection on a large upload it has not authorised.
"""

from __future__ import annotations

import base64
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from rdflib import BNode, Dataset, Graph, URIRef

from kg.errors import InputError
from kg.export import named_graphs, serialize
from kg.remote import http_detail, reason

N_TRIPLES = "application/n-triples"


@dataclass(frozen=True)
class Pushed:
    graph: URIRef
    triples: int
    status: int
    replaced: bool = False


def graph_url(store: str, graph: URIRef) -> str:
    """The URL of one named graph on a Graph Store Protocol endpoint (or RDF4J's
    /statements, which names it ``context=<iri>``)."""
    path = urllib.parse.urlsplit(store).path.rstrip("/")
    key, value = ("context", f"<{graph}>") if path.endswith("/statements") else ("graph", graph)
    joiner = "&" if urllib.parse.urlsplit(store).query else "?"
    return f"{store}{joiner}{urllib.parse.urlencode({key: str(value)})}"


def push(ds: Dataset, store: str, replace: bool = False, timeout: float = 120,
         progress=None, user: str | None = None, password: str = "") -> list[Pushed]:
    """PUT (REPLACE, or a graph with blank nodes) or POST every non-empty named graph of
    DS to STORE as N-Triples, as USER with PASSWORD when given."""
    if urllib.parse.urlsplit(store).scheme not in ("http", "https"):
        raise InputError(f"--store takes an http(s) URL, not {store!r}")
    login = Login(user, password, store, timeout) if user else None
    done = []
    for graph in named_graphs(ds):
        if not len(graph):
            continue
        whole = replace or has_blank_nodes(graph)
        status = _send(graph_url(store, graph.identifier), serialize(graph, "nt"),
                       "PUT" if whole else "POST", timeout, store, login)
        done.append(Pushed(graph.identifier, len(graph), status, whole))
        if progress:
            progress(done[-1])
    return done


def has_blank_nodes(graph: Graph) -> bool:
    return any(isinstance(s, BNode) or isinstance(o, BNode) for s, _, o in graph)


class Login:
    """A user name and password, sent as the store asks: Basic, or Digest computed for
    each request from the store's challenge."""

    def __init__(self, user: str, password: str, store: str, timeout: float) -> None:
        self.user, self.password, self.store, self.timeout = user, password, store, timeout
        self.challenge: str | None = None
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, store, user, password)
        self.digest = urllib.request.HTTPDigestAuthHandler(passwords)

    def header(self, url: str, method: str, fresh: bool = False) -> str | None:
        """The Authorization header for METHOD on URL; None if the store asks for none."""
        if self.challenge is None or fresh:
            self.challenge = _challenge(url, self.timeout, self.store)
        scheme, _, params = self.challenge.partition(" ")
        if scheme.lower() == "basic":
            token = f"{self.user}:{self.password}".encode()
            return "Basic " + base64.b64encode(token).decode("ascii")
        if scheme.lower() == "digest":
            fields = urllib.request.parse_keqv_list(
                [f for f in urllib.request.parse_http_list(params) if "=" in f])
            found = self.digest.get_authorization(urllib.request.Request(url, method=method),
                                                  fields)
            if found:
                return "Digest " + found
        if not scheme:
            return None
        raise InputError(f"the store asks for {scheme} authentication, which policykg "
                         "cannot give (Basic or Digest)", self.store)


def _challenge(url: str, timeout: float, store: str) -> str:
    """The store's WWW-Authenticate challenge for URL ("" if it asks for none), from a
    request without a body."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"),
                                    timeout=timeout):
            return ""
    except urllib.error.HTTPError as err:
        return err.headers.get("WWW-Authenticate", "") if err.code == 401 else ""
    except (urllib.error.URLError, OSError) as err:
        raise InputError(f"cannot reach the store: {reason(err)}", store) from None


def _send(url: str, body: bytes, method: str, timeout: float, store: str,
          login: Login | None) -> int:
    for attempt in range(2):
        headers = {"Content-Type": N_TRIPLES}
        if login and (auth := login.header(url, method, fresh=attempt > 0)):
            headers["Authorization"] = auth
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status
        except urllib.error.HTTPError as err:
            if err.code == 401 and login and attempt == 0:
                continue  # a stale Digest nonce: ask for a new challenge, once
            raise InputError(f"the store answered HTTP {err.code} {err.reason}: "
                             f"{_unauthorised(err, login)}", store) from None
        except (urllib.error.URLError, OSError) as err:
            if login is None and _challenge(url, timeout, store):
                raise InputError("the store asks for a user name and password: "
                                 "policykg push --user NAME", store) from None
            raise InputError(f"cannot reach the store: {reason(err)}", store) from None
    raise AssertionError("unreachable")


def _unauthorised(err: urllib.error.HTTPError, login: Login | None) -> str:
    if err.code != 401:
        return http_detail(err)
    return "wrong user name or password" if login else \
        "the store asks for a user name and password: policykg push --user NAME"
