"""Queries, an engine: SPARQL on any SPARQL 1.1 endpoint over HTTP, with the same
rows as the local engines give.

It takes SPARQL text and bindings (kg.query names the queries): the bindings go in as a
VALUES block of RDF terms and the project's prefixes are declared in front (see
kg.sparql.remote_text), since a remote engine knows none of them.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.errors import InputError
from kg.sparql import Rows, remote_text

RESULTS_JSON = "application/sparql-results+json"
CANCELLED = b"The SPARQL operation has been cancelled"


def select(endpoint: str, sparql: str, bindings: dict[str, Node], timeout: float = 60
           ) -> tuple[list[str], Rows]:
    """Columns and rows of SPARQL on ENDPOINT, with BINDINGS as a VALUES block."""
    document = request_json(endpoint, remote_text(sparql, bindings), timeout)
    columns = list(document.get("head", {}).get("vars", []))
    if "boolean" in document:
        return ["boolean"], [{"boolean": Literal(document["boolean"])}]
    return columns, [{column: to_node(binding.get(column)) for column in columns}
                     for binding in document.get("results", {}).get("bindings", [])]


def request_json(endpoint: str, sparql: str, timeout: float) -> dict:
    """POST the query (SPARQL 1.1 Protocol, form-encoded) and read JSON results."""
    body = urllib.parse.urlencode({"query": sparql}).encode("utf-8")
    request = urllib.request.Request(endpoint, data=body, method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": RESULTS_JSON})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            payload = response.read()
    except urllib.error.HTTPError as err:
        raise InputError(f"the endpoint answered HTTP {err.code} {err.reason}: "
                         f"{http_detail(err)}", endpoint) from None
    except (urllib.error.URLError, OSError) as err:
        raise InputError(f"cannot reach the SPARQL endpoint: {reason(err)}", endpoint) from None
    try:
        return json.loads(payload)
    except ValueError:
        # oxigraph cancels a query at its --timeout-s mid-answer: HTTP 200, then this text
        if CANCELLED in payload[-200:]:
            raise InputError("the endpoint stopped the query at its time limit (policykg "
                             "serve --timeout S)", endpoint) from None
        raise InputError("the endpoint did not answer with SPARQL JSON results",
                         endpoint) from None


def to_node(value: dict | None) -> Node | None:
    """A term of the SPARQL 1.1 JSON results format as an rdflib term."""
    if value is None:
        return None
    kind = value.get("type")
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return Literal(value["value"], lang=value["xml:lang"])
        datatype = value.get("datatype")
        return Literal(value["value"], datatype=URIRef(datatype) if datatype else None)
    raise InputError(f"unexpected term in the endpoint's results: {value!r}")


def http_detail(err: urllib.error.HTTPError) -> str:
    try:
        text = err.read().decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    return text.splitlines()[0][:200] if text else "no details"


def reason(err: Exception) -> str:
    cause = getattr(err, "reason", err)
    return getattr(cause, "strerror", None) or str(cause)
