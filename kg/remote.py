"""Named queries (or query text) on any SPARQL 1.1 endpoint, with the same rows as
kg.query.query_rows gives locally.

Parameter values go in as a VALUES block of RDF terms (``term.n3()``) placed right after
the first ``WHERE {`` of the query, never pasted into the text; the project's prefixes
(kg.dataset.PREFIXES) are declared in front, since a remote engine knows none of them.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.dataset import PREFIXES
from kg.errors import InputError
from kg.query import finish, prepare

RESULTS_JSON = "application/sparql-results+json"
CANCELLED = b"The SPARQL operation has been cancelled"
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_DECLARED = re.compile(r"^\s*PREFIX\s+([\w\-.]*):", re.IGNORECASE | re.MULTILINE)


def query_endpoint(endpoint: str, name: str | None = None, text: str | None = None,
                   params: dict[str, str] | None = None, lang: str | None = None,
                   timeout: float = 60) -> tuple[list[str], list[dict[str, Node | None]]]:
    """Columns and rows of a named query (``name``) or of query text on ENDPOINT; a
    ``document`` column is dropped when only one document appears, as locally."""
    text, bindings = prepare(name, text, params, lang)
    sparql = remote_text(text, bindings)
    document = request_json(endpoint, sparql, timeout)
    columns = list(document.get("head", {}).get("vars", []))
    if "boolean" in document:
        return ["boolean"], [{"boolean": Literal(document["boolean"])}]
    found = [{column: to_node(binding.get(column)) for column in columns}
             for binding in document.get("results", {}).get("bindings", [])]
    return finish(columns, found, name)


def remote_text(text: str, bindings: dict[str, Node]) -> str:
    """The query as an endpoint gets it: PREFIX lines for the project's prefixes the text
    does not declare itself, and the bindings as a VALUES block after the first WHERE {."""
    text = with_values(text, bindings)
    declared = set(_DECLARED.findall(text))
    prefixes = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(PREFIXES.items())
                       if p not in declared)
    return prefixes + text


def with_values(text: str, bindings: dict[str, Node]) -> str:
    """The bindings as a VALUES block of terms right after the first ``WHERE {``."""
    if not bindings:
        return text
    where = _first_where(text)
    if where is None:
        raise InputError("cannot bind parameters: the query has no `WHERE {`")
    names = sorted(bindings)
    block = ("\n  VALUES (" + " ".join(f"?{n}" for n in names) + ") { ("
             + " ".join(_n3(n, bindings[n]) for n in names) + ") }\n")
    return text[:where] + block + text[where:]


def _n3(name: str, term: Node) -> str:
    """The term as SPARQL text; rdflib refuses an IRI that could end the VALUES block."""
    try:
        return term.n3()
    except Exception:  # rdflib raises a bare Exception for an invalid IRI
        raise InputError(f"parameter {name.lstrip('_')}: not a valid IRI: {term!s}") from None


def _first_where(text: str) -> int | None:
    """The offset just after the first ``WHERE {`` outside comment lines."""
    offset = 0
    for line in text.splitlines(keepends=True):
        if not line.lstrip().startswith("#") and (m := _WHERE.search(line)):
            return offset + m.end()
        offset += len(line)
    return None


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
