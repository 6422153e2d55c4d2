"""Command line: query results as a terminal table or the SPARQL 1.1 CSV, TSV and JSON
results formats."""

from __future__ import annotations

import csv
import io
import json
import unicodedata

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.sparql import Rows

RESULT_FORMATS = ("table", "csv", "tsv", "json")


def render(columns: list[str], rows: Rows, fmt: str) -> str:
    return {"table": table, "csv": to_csv, "tsv": to_tsv, "json": to_json}[fmt](columns, rows)


def plain(term: Node | None) -> str:
    return "" if term is None else str(term)


def width(text: str) -> int:
    """Columns a string takes in a terminal: wide CJK characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def table(columns: list[str], rows: Rows) -> str:
    cells = [[plain(row.get(c)) for c in columns] for row in rows]
    widths = [max([width(c), *(width(r[i]) for r in cells)]) for i, c in enumerate(columns)]

    def line(values: list[str]) -> str:
        padded = (v + " " * (w - width(v)) for v, w in zip(values, widths, strict=True))
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * w for w in widths)
    body = [line(r) for r in cells]
    return "\n".join([line(columns), rule, *body, f"({len(rows)} rows)"]) + "\n"


def to_csv(columns: list[str], rows: Rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([plain(row.get(c)) for c in columns])
    return out.getvalue()


def to_tsv(columns: list[str], rows: Rows) -> str:
    lines = ["\t".join(f"?{c}" for c in columns)]
    lines += ["\t".join(_n3(row.get(c)) for c in columns) for row in rows]
    return "\n".join(lines) + "\n"


def _n3(term: Node | None) -> str:
    if term is None:
        return ""
    return term.n3().replace("\t", "\\t").replace("\n", "\\n")


def to_json(columns: list[str], rows: Rows) -> str:
    bindings = [{c: _json_term(row[c]) for c in columns if row.get(c) is not None}
                for row in rows]
    payload = {"head": {"vars": columns}, "results": {"bindings": bindings}}
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


def _json_term(term: Node) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    value: dict = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal) and term.language:
        value["xml:lang"] = term.language
    elif isinstance(term, Literal) and term.datatype:
        value["datatype"] = str(term.datatype)
    return value
