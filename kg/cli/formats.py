"""Command line: query answers as a terminal table, a plain tab-separated table (tsv:
the values as the table shows them, for spreadsheets and `cut`), or the SPARQL 1.1 CSV,
TSV (sparql-tsv: RDF terms, ?column headers) and JSON results formats (rows written as
they come, but for the table, which needs every row's width; CSV and TSV with a byte
order mark on request, for Excel); an ASK answer as true or false; a CONSTRUCT or DESCRIBE
graph as Turtle, N-Triples or JSON-LD, byte for byte the same for the same triples
(kg.export)."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable
from typing import TextIO

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import InputError
from kg.export import serialize
from kg.sparql import Answer, Row, Rows

ROW_FORMATS = ("table", "csv", "tsv", "sparql-tsv", "json")
GRAPH_FORMATS = ("ttl", "nt", "jsonld")
RESULT_FORMATS = ROW_FORMATS + GRAPH_FORMATS


def render(columns: list[str], rows: Rows, fmt: str) -> str:
    out = io.StringIO()
    write_rows(columns, rows, fmt, out)
    return out.getvalue()


def write_answer(found: Answer, fmt: str, out: TextIO) -> None:
    """FOUND written to OUT in FMT: rows in a row format, a graph in Turtle (also for
    the default, table), N-Triples or JSON-LD, a boolean as true or false."""
    if found.form == "graph":
        if fmt in ROW_FORMATS and fmt != "table":
            raise InputError(f"a CONSTRUCT or DESCRIBE answer is a graph: --format "
                             f"{' | '.join(GRAPH_FORMATS)}, not {fmt}")
        graph = Graph()
        graph.addN((*t, graph) for t in found.triples or ())
        out.write(serialize(graph, "ttl" if fmt == "table" else fmt).decode("utf-8"))
    elif fmt in GRAPH_FORMATS:
        raise InputError(f"--format {fmt} is for CONSTRUCT and DESCRIBE answers; rows "
                         f"print as {', '.join(ROW_FORMATS)}")
    elif found.form == "ask":
        if fmt == "json":
            out.write(json.dumps({"head": {}, "boolean": found.boolean}) + "\n")
        else:
            out.write("true\n" if found.boolean else "false\n")
    else:
        write_rows(found.columns, found.rows, fmt, out)


RECORD_WIDTH = 120  # a one-row table wider than this prints as one line per column


def write_rows(columns: list[str], rows: Iterable[Row], fmt: str, out: TextIO) -> None:
    if fmt == "table":
        out.write(table(columns, list(rows), RECORD_WIDTH))
    else:
        writers = {"csv": _write_csv, "tsv": _write_plain_tsv, "sparql-tsv": _write_tsv,
                   "json": _write_json}
        writers[fmt](columns, rows, out)


def plain(term: Node | None) -> str:
    return "" if term is None else str(term)


def width(text: str) -> int:
    """Columns a string takes in a terminal: wide CJK characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def table(columns: list[str], rows: Rows, record_width: int | None = None) -> str:
    """ROWS under their COLUMNS, padded to line up; a single row wider than RECORD_WIDTH
    as one line per column (name, then value), which a terminal does not wrap."""
    cells = [[plain(row.get(c)) for c in columns] for row in rows]
    widths = [max([width(c), *(width(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    if record_width and len(cells) == 1 and sum(widths) + 2 * len(widths) > record_width:
        name_width = max(map(width, columns))
        lines = [c + " " * (name_width - width(c)) + "  " + v
                 for c, v in zip(columns, cells[0], strict=True)]
        return "\n".join([*(line.rstrip() for line in lines), "(1 row)"]) + "\n"

    def line(values: list[str]) -> str:
        padded = (v + " " * (w - width(v)) for v, w in zip(values, widths, strict=True))
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * w for w in widths)
    body = [line(r) for r in cells]
    return "\n".join([line(columns), rule, *body, f"({plural(len(rows), 'row')})"]) + "\n"


def plural(count: int, noun: str) -> str:
    """1 row, 2 rows; 1 document, 3 documents."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def to_csv(columns: list[str], rows: Rows) -> str:
    return render(columns, rows, "csv")


def to_tsv(columns: list[str], rows: Rows) -> str:
    return render(columns, rows, "tsv")


def to_json(columns: list[str], rows: Rows) -> str:
    return render(columns, rows, "json")


def _write_csv(columns: list[str], rows: Iterable[Row], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([plain(row.get(c)) for c in columns])


def _write_plain_tsv(columns: list[str], rows: Iterable[Row], out: TextIO) -> None:
    """A header of column names, then the values as the table shows them, separated by
    tabs (a tab or line break inside a value becomes a space)."""
    out.write("\t".join(columns) + "\n")
    for row in rows:
        out.write("\t".join(_one_line(plain(row.get(c))) for c in columns) + "\n")


def _one_line(text: str) -> str:
    return text.replace("\t", " ").replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def _write_tsv(columns: list[str], rows: Iterable[Row], out: TextIO) -> None:
    """The SPARQL 1.1 TSV results format: ?column headers, values as RDF terms."""
    out.write("\t".join(f"?{c}" for c in columns) + "\n")
    for row in rows:
        out.write("\t".join(_n3(row.get(c)) for c in columns) + "\n")


def _n3(term: Node | None) -> str:
    if term is None:
        return ""
    return term.n3().replace("\t", "\\t").replace("\n", "\\n")


def _write_json(columns: list[str], rows: Iterable[Row], out: TextIO) -> None:
    """The SPARQL 1.1 JSON results, one binding per line after the head (as json.dumps
    with indent=1 writes them), each written as its row comes."""
    head = json.dumps({"vars": columns}, ensure_ascii=False, indent=1).replace("\n", "\n ")
    out.write('{\n "head": ' + head + ',\n "results": {\n  "bindings": [')
    first = True
    for row in rows:
        binding = {c: _json_term(row[c]) for c in columns if row.get(c) is not None}
        text = json.dumps(binding, ensure_ascii=False, indent=1).replace("\n", "\n   ")
        out.write(("\n   " if first else ",\n   ") + text)
        first = False
    out.write("]\n }\n}\n" if first else "\n  ]\n }\n}\n")


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
