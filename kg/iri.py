"""Graph: deterministic IRIs, document id + structural path, so the same input always
gives the same graph and re-ingest never duplicates."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

from rdflib import URIRef

from kg.namespace import GRAPH, ID
from kg.read import fold


@lru_cache(maxsize=4096)  # a document's id is made into a segment for each of its IRIs
def segment(name: str) -> str:
    """A path segment that keeps CJK and letters readable and escapes the rest."""
    return "".join(c if c.isalnum() or c in "-._~" else quote(c, safe="") for c in name)


def name_key(name: str) -> str:
    """Script-, width- and variant-independent key of a name."""
    return segment(fold(name).strip().lower())


def document(doc_id: str) -> URIRef:
    return ID[f"doc/{segment(doc_id)}"]


def document_graph(doc_id: str) -> URIRef:
    return GRAPH[f"doc/{segment(doc_id)}"]


def graph_of_document(document_iri: URIRef) -> URIRef:
    """The named graph of the document whose IRI is DOCUMENT_IRI (document's inverse)."""
    return GRAPH[str(document_iri).removeprefix(str(ID))]


def child(parent: URIRef, *path: object) -> URIRef:
    return URIRef(str(parent) + "/" + "/".join(str(p) for p in path))


def evidence(doc_id: str, start: int, end: int) -> URIRef:
    """NIF 2.0 / RFC 5147 style: <doc>/char=start,end."""
    return child(document(doc_id), f"char={start},{end}")


def source_file(doc_id: str) -> URIRef:
    """<doc>/file: the file the document's text was read from."""
    return child(document(doc_id), "file")


def context(doc_id: str) -> URIRef:
    return child(document(doc_id), "text")


def indicator(doc_id: str, name: str) -> URIRef:
    return child(document(doc_id), "indicator", name_key(name))


def unresolved_unit(name: str, jurisdiction: str | None = None) -> URIRef:
    """org/unresolved/<jurisdiction>/<name>: 市科技局 of Shenzhen and of Hangzhou are two
    units; without a known jurisdiction, org/unresolved/<name>."""
    if jurisdiction is None:
        return unresolved_entity("org", name)
    return ID[f"org/unresolved/{name_key(jurisdiction)}/{name_key(name)}"]


def unresolved_entity(kind: str, name: str) -> URIRef:
    """org/…, place/… or inst/… under unresolved/: the same name meets on one node."""
    return ID[f"{kind}/unresolved/{name_key(name)}"]
