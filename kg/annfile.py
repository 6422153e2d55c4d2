"""The annotation file: a person reviews and corrects it, ``ingest`` reads it back.

Format (JSON, schema in kg/annotation.schema.json): the exact source text and a list of
spans ``{start, end, type, text, id, attributes}``; ``text`` must equal the source text
between ``start`` and ``end``; ``id`` is the reference entity a unit, place or
institution resolves to (null: unresolved). Also written as brat standoff.
"""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from kg.document import SPAN_TYPES, Diagnostic, Document, Span, TargetSpan
from kg.errors import InputError
from kg.export import write_atomic

FORMAT = "policy-kg-annotations"
VERSION = 1
SUFFIX = ".ann.json"
_REF_FIELD = "ref"
_BASE_FIELDS = {"start", "end", "text"}


def to_json(doc: Document) -> str:
    payload = {
        "format": FORMAT,
        "version": VERSION,
        "document": {"id": doc.id, "source": Path(doc.source).name, "script": doc.script},
        "text": doc.text,
        "spans": [_span_json(s) for s in doc.spans],
        "diagnostics": [{"message": d.message, "line": d.line, "column": d.column}
                        for d in doc.diagnostics],
    }
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


def _span_json(span: Span) -> dict:
    attrs = {f.name: getattr(span, f.name) for f in dataclasses.fields(span)
             if f.name not in _BASE_FIELDS and f.name != _REF_FIELD}
    attrs = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in attrs.items()}
    return {"start": span.start, "end": span.end, "type": span.kind, "text": span.text,
            "id": getattr(span, _REF_FIELD, None), "attributes": attrs}


def file_name(doc: Document) -> str:
    """plan.txt → plan.ann.json (an annotation file keeps its own name)."""
    name = Path(doc.source).name
    stem = name.removesuffix(SUFFIX).removesuffix(".txt")
    return stem + SUFFIX


def write(doc: Document, path: str | Path) -> None:
    write_atomic(path, to_json(doc).encode("utf-8"))


def read(path: str | Path) -> Document:
    path = Path(path)
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise InputError(f"cannot read the annotation file: {err.strerror}", str(path)) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        json_error = isinstance(err, json.JSONDecodeError)
        line, col = (err.lineno, err.colno) if json_error else (None, None)
        raise InputError(f"not a JSON annotation file: {err}", str(path), line, col) from None
    return from_payload(payload, str(path))


def from_payload(payload: dict, source: str) -> Document:
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise InputError(f"not a {FORMAT} file (missing \"format\": \"{FORMAT}\")", source)
    try:
        meta, text = payload["document"], payload["text"]
        doc = Document(id=meta["id"], text=text, script=meta["script"], source=source)
        spans = [_span(doc, i, raw) for i, raw in enumerate(payload["spans"])]
        diagnostics = [Diagnostic(d["message"], d["line"], d["column"], source)
                       for d in payload.get("diagnostics", [])]
    except (KeyError, TypeError) as err:
        raise InputError(f"annotation file is missing a field: {err}", source) from None
    return doc.with_spans(spans, diagnostics)


def _span(doc: Document, index: int, raw: dict) -> Span:
    kind = raw.get("type")
    cls = SPAN_TYPES.get(kind)
    where = f"span {index} ({kind})"
    if cls is None:
        raise InputError(f"{where}: unknown type; expected one of {', '.join(SPAN_TYPES)}",
                         doc.source)
    start, end = raw["start"], raw["end"]
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(doc.text)):
        raise InputError(f"{where}: offsets {start}..{end} are outside the text", doc.source)
    text = doc.text[start:end]
    line, column = doc.position(start)
    if raw.get("text", text) != text:
        raise InputError(f"{where}: text {raw['text']!r} does not match the source "
                         f"{text!r} at these offsets", doc.source, line, column)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    attrs = dict(raw.get("attributes") or {})
    unknown = set(attrs) - set(fields)
    if unknown:
        raise InputError(f"{where}: unknown attributes {sorted(unknown)}", doc.source, line, column)
    if _REF_FIELD in fields:
        attrs[_REF_FIELD] = raw.get("id")
    for name in ("value", "value_max") if cls is TargetSpan else ():
        if attrs.get(name) is not None:
            try:
                attrs[name] = Decimal(str(attrs[name]))
            except InvalidOperation:
                raise InputError(f"{where}: {name} {attrs[name]!r} is not a number",
                                 doc.source, line, column) from None
    return cls(start, end, text, **attrs)


def to_brat(doc: Document) -> str:
    """brat standoff (.ann) lines; spans that cross a line break become fragments."""
    lines, notes = [], []
    for number, span in enumerate(doc.spans, 1):
        fragments, offset = [], span.start
        for piece in span.text.split("\n"):
            if piece.strip():
                fragments.append(f"{offset} {offset + len(piece)}")
            offset += len(piece) + 1
        label = span.kind.title().replace("-", "")
        shown = " ".join(p for p in span.text.split("\n") if p.strip())
        lines.append(f"T{number}\t{label} {';'.join(fragments)}\t{shown}")
        ref = getattr(span, _REF_FIELD, None)
        if ref:
            notes.append(f"#{len(notes) + 1}\tAnnotatorNotes T{number}\t{ref}")
    return "\n".join(lines + notes) + "\n"


def write_brat(doc: Document, stem: str | Path) -> tuple[Path, Path]:
    stem = Path(stem)
    txt, ann = stem.with_suffix(".txt"), stem.with_suffix(".ann")
    write_atomic(txt, doc.text.encode("utf-8"))
    write_atomic(ann, to_brat(doc).encode("utf-8"))
    return txt, ann
