"""Queries, an engine: SPARQL on any SPARQL 1.1 endpoint over HTTP, with the same
answers as the local engines give.

It takes SPARQL text and bindings (kg.query names the queries): the bindings go in as a
VALUES block of RDF terms and the project's prefixes are declared in front (see
kg.sparql.remote_text), since a remote engine knows none of them.

Stores differ in what a query without a GRAPH clause reads: `policykg serve` and
GraphDB read the union of all graphs, Oxigraph, Fuseki and Virtuoso their own default
graph (Virtuoso's holds its system graphs too). So the query names its dataset with the
SPARQL Protocol's ``default-graph-uri`` and ``named-graph-uri`` parameters: the graphs
given (``--graph``), or the project's graphs found on the endpoint (the ontology, the
reference data, the inferred facts and each graph that holds a pk:PolicyDocument). A
query with FROM clauses of its own keeps them; where none of the project's graphs is
found (the data was loaded into the default graph), the store's default graph is read.

Rows come as the endpoint sends them: SPARQL XML results read with a pull parser, one
row at a time, so an answer of any size streams through in constant memory.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from xml.etree import ElementTree

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.dataset import INFERRED, ONTOLOGY, REFERENCE
from kg.errors import InputError
from kg.sparql import Answer, Binding, Row, names_its_dataset, remote_text
from kg.turtle import language_case, rdflib_term

RESULTS_XML = "application/sparql-results+xml"
RESULTS_JSON = "application/sparql-results+json"
ACCEPT = (f"{RESULTS_XML}, {RESULTS_JSON};q=0.9, application/n-triples;q=0.8, "
          "text/turtle;q=0.7, application/rdf+xml;q=0.5")
GRAPH_FORMATS = {"application/n-triples": ox.RdfFormat.N_TRIPLES,
                 "text/plain": ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE,
                 "application/x-turtle": ox.RdfFormat.TURTLE,
                 "application/rdf+xml": ox.RdfFormat.RDF_XML,
                 "application/n-quads": ox.RdfFormat.N_QUADS,
                 "application/trig": ox.RdfFormat.TRIG}
CANCELLED = b"The SPARQL operation has been cancelled"
CHUNK = 64 * 1024
_SR = "{http://www.w3.org/2005/sparql-results#}"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# The project's graphs on an endpoint: the fixed ones that hold anything, and every
# graph holding a document (an index look-up, not a scan of the store)
FIND_GRAPHS = f"""SELECT DISTINCT ?g WHERE {{
  {{ GRAPH ?g {{ ?doc a <https://w3id.org/policykg/ontology#PolicyDocument> }} }}
  UNION
  {{ VALUES ?g {{ <{ONTOLOGY}> <{REFERENCE}> <{INFERRED}> }}
    FILTER EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} }} }}
}}"""


def ask(endpoint: str, sparql: str, bindings: dict[str, Binding],
        graphs: list[str] | None = None, timeout: float = 60) -> Answer:
    """SPARQL on ENDPOINT with BINDINGS as a VALUES block, over GRAPHS (None: the
    project's graphs found there, unless the query names its own with FROM)."""
    text = remote_text(sparql, bindings)
    if graphs is None and not names_its_dataset(text):
        graphs = project_graphs(endpoint, timeout)
    return read_answer(open_query(endpoint, text, graphs, timeout), endpoint)


def project_graphs(endpoint: str, timeout: float = 60) -> list[str] | None:
    """The names of the project's graphs on ENDPOINT, sorted; None when it has none
    (the data is in its default graph, or it is not ours)."""
    answer = read_answer(open_query(endpoint, FIND_GRAPHS, None, timeout), endpoint)
    found = sorted({str(row["g"]) for row in answer.rows if row.get("g") is not None})
    return found or None


def open_query(endpoint: str, sparql: str, graphs: list[str] | None, timeout: float):
    """POST the query (SPARQL 1.1 Protocol, form-encoded) with GRAPHS as its dataset; the
    open response."""
    fields = [("query", sparql)]
    fields += [("default-graph-uri", g) for g in graphs or ()]
    fields += [("named-graph-uri", g) for g in graphs or ()]
    request = urllib.request.Request(
        endpoint, data=urllib.parse.urlencode(fields).encode("utf-8"), method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": ACCEPT})
    try:
        return urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as err:
        detail = http_detail(err)
        if CANCELLED.decode() in detail:
            raise _stopped(endpoint) from None
        raise InputError(f"the endpoint answered HTTP {err.code} {err.reason}: {detail}",
                         endpoint) from None
    except (urllib.error.URLError, OSError) as err:
        raise InputError(f"cannot reach the SPARQL endpoint: {reason(err)}", endpoint) from None


def read_answer(response, endpoint: str) -> Answer:
    """The answer in RESPONSE: XML results streamed row by row, JSON results, or an RDF
    graph (CONSTRUCT, DESCRIBE)."""
    kind = response.headers.get_content_type()
    if kind == RESULTS_XML:
        return _xml_answer(response, endpoint)
    try:
        payload = _read_all(response, endpoint)
    finally:
        response.close()
    if kind in GRAPH_FORMATS:
        try:
            parsed = ox.parse(input=payload, format=GRAPH_FORMATS[kind])
            return Answer(triples=[(rdflib_term(t.subject), rdflib_term(t.predicate),
                                    rdflib_term(t.object)) for t in parsed])
        except (SyntaxError, ValueError):
            raise InputError(f"the endpoint sent an RDF graph ({kind}) that does not "
                             "parse", endpoint) from None
    return _json_answer(payload, endpoint)


def _read_all(response, endpoint: str) -> bytes:
    try:
        return response.read()
    except OSError as err:
        raise InputError(f"the endpoint stopped answering: {reason(err)}", endpoint) from None


def _json_answer(payload: bytes, endpoint: str) -> Answer:
    try:
        document = json.loads(payload)
    except ValueError:
        # oxigraph cancels a query at its --timeout-s mid-answer: HTTP 200, then this text
        if CANCELLED in payload[-200:]:
            raise _stopped(endpoint) from None
        raise InputError("the endpoint did not answer with SPARQL results", endpoint) from None
    if "boolean" in document:
        return Answer(boolean=bool(document["boolean"]))
    columns = list(document.get("head", {}).get("vars", []))
    bindings = document.get("results", {}).get("bindings", [])
    return Answer(columns, ({c: to_node(b.get(c)) for c in columns} for b in bindings))


def _xml_answer(response, endpoint: str) -> Answer:
    """SPARQL XML results read as they arrive: the head (columns) or the boolean now,
    the rows when the caller reads them."""
    events = _xml_events(response, endpoint)
    columns: list[str] = []
    for event, element in events:
        if event == "end" and element.tag == _SR + "variable":
            columns.append(element.get("name"))
        elif event == "end" and element.tag == _SR + "boolean":
            events.close()
            return Answer(boolean=(element.text or "").strip() == "true")
        elif event == "start" and element.tag == _SR + "results":
            return Answer(columns, _xml_rows(events, element, columns))
    raise InputError("the endpoint's SPARQL XML results hold no answer", endpoint)


def _xml_rows(events: Iterator, results: ElementTree.Element, columns: list[str]
              ) -> Iterator[Row]:
    for event, element in events:
        if event == "end" and element.tag == _SR + "result":
            row = dict.fromkeys(columns)
            for binding in element.iter(_SR + "binding"):
                row[binding.get("name")] = _xml_term(next(iter(binding), None))
            results.clear()  # what was read is let go: memory stays flat
            yield row


def _xml_term(element: ElementTree.Element | None) -> Node | None:
    if element is None:
        return None
    kind, text = element.tag[len(_SR):], element.text or ""
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if element.get(_XML_LANG):
        return Literal(text, lang=language_case(element.get(_XML_LANG)))
    datatype = element.get("datatype")
    return Literal(text, datatype=URIRef(datatype) if datatype else None)


def _xml_events(response, endpoint: str) -> Iterator[tuple[str, ElementTree.Element]]:
    """Parser events of the response, read CHUNK bytes at a time; the response is
    closed at the end, or when the caller stops reading."""
    parser = ElementTree.XMLPullParser(events=("start", "end"))
    tail = b""
    try:
        while chunk := _read_chunk(response, endpoint):
            tail = (tail + chunk)[-400:]
            _parse(parser.feed, chunk, tail, endpoint)
            yield from parser.read_events()
        # an answer cut short (oxigraph cancels at its --timeout-s mid-answer, as text
        # that is well-formed so far) shows only here, where the document must be whole
        _parse(parser.close, None, tail, endpoint)
        yield from parser.read_events()
    finally:
        response.close()


def _parse(step, chunk: bytes | None, tail: bytes, endpoint: str) -> None:
    try:
        step() if chunk is None else step(chunk)
    except ElementTree.ParseError:
        if CANCELLED in tail:
            raise _stopped(endpoint) from None
        raise InputError("the endpoint's SPARQL XML results do not parse or end too soon",
                         endpoint) from None


def _read_chunk(response, endpoint: str) -> bytes:
    try:
        return response.read1(CHUNK) if hasattr(response, "read1") else response.read(CHUNK)
    except OSError as err:
        raise InputError(f"the endpoint stopped answering: {reason(err)}", endpoint) from None


def _stopped(endpoint: str) -> InputError:
    return InputError("the endpoint stopped the query at its time limit (policykg serve "
                      "--timeout S)", endpoint)


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
            return Literal(value["value"], lang=language_case(value["xml:lang"]))
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
