"""Text: the annotation file, which a person reviews and corrects and ``ingest`` reads
back.

Format (JSON, schema in kg/annotation.schema.json): the exact source text and a list of
spans ``{start, end, type, text, id, attributes}``; ``text`` must equal the source text
between ``start`` and ``end``; ``id`` is the reference entity a unit, place or
institution resolves to (null: unresolved). Also written as brat standoff.
"""

from __future__ import annotations

import dataclasses
import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from kg.document import SPAN_TYPES, Diagnostic, Document, SourceFile, Span, TargetSpan, line_spans
from kg.errors import InputError
from kg.files import write_atomic
from kg.read import SUFFIXES
from kg.vocab import CHANGES, COMPARATORS, ROLES, SCRIPTS, TARGET_KINDS

FORMAT = "policy-kg-annotations"
VERSION = 1
SUFFIX = ".ann.json"
DOCUMENT_SUFFIXES = frozenset(SUFFIXES)
_REF_FIELD = "ref"
_BASE_FIELDS = {"start", "end", "text"}


def to_json(doc: Document) -> str:
    payload = {
        "format": FORMAT,
        "version": VERSION,
        "document": _document_json(doc),
        "text": doc.text,
        "spans": [_span_json(s) for s in doc.spans],
        "diagnostics": [{"message": d.message, "line": d.line, "column": d.column}
                        for d in doc.diagnostics],
    }
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


def _document_json(doc: Document) -> dict:
    """id, script and the source file: its name and, when known, its format (a media
    type) and the SHA-256 of its bytes."""
    origin = doc.origin or SourceFile(Path(doc.source).name, "")
    meta = {"id": doc.id, "source": origin.name, "script": doc.script}
    if origin.media_type:
        meta["format"] = origin.media_type
    if origin.sha256:
        meta["sha256"] = origin.sha256
    return meta


def _span_json(span: Span) -> dict:
    attrs = {f.name: getattr(span, f.name) for f in dataclasses.fields(span)
             if f.name not in _BASE_FIELDS and f.name != _REF_FIELD}
    attrs = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in attrs.items()}
    return {"start": span.start, "end": span.end, "type": span.kind, "text": span.text,
            "id": getattr(span, _REF_FIELD, None), "attributes": attrs}


def file_name(doc: Document) -> str:
    """plan.txt, plan.pdf, plan.docx … → plan.ann.json (an annotation file keeps its own
    name)."""
    name = Path(doc.source).name
    if name.endswith(SUFFIX):
        return name
    path = Path(name)
    return (path.stem if path.suffix.lower() in DOCUMENT_SUFFIXES else name) + SUFFIX


def write(doc: Document, path: str | Path) -> None:
    write_atomic(path, to_json(doc).encode("utf-8"))


def read(path: str | Path) -> Document:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read the annotation file: {err.strerror}", str(path)) from None
    return from_bytes(data, str(path))


def from_bytes(data: bytes, source: str) -> Document:
    """An annotation file's document from its bytes; SOURCE names the file."""
    try:
        payload = json.loads(data.decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        json_error = isinstance(err, json.JSONDecodeError)
        line, col = (err.lineno, err.colno) if json_error else (None, None)
        raise InputError(f"not a JSON annotation file: {err}", source, line, col) from None
    return from_payload(payload, source)


# attribute values a person may write, where the graph has a fixed vocabulary
_CHOICES = {"role": tuple(ROLES), "comparator": tuple(COMPARATORS),
            "target_kind": tuple(TARGET_KINDS), "change": ("", *CHANGES),
            "column": ("", "lead", "support", "listed"), "entity_type": ("place", "institution")}
_IRI = re.compile(r'https?://[^\s<>"{}|^`\\]+')


def from_payload(payload: dict, source: str) -> Document:
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise InputError(f"not a {FORMAT} file (missing \"format\": \"{FORMAT}\")", source)
    try:
        meta, text = payload["document"], payload["text"]
        _expect(meta, dict, "document", source)
        _expect(text, str, "text", source)
        _expect(meta["id"], str, "document id", source)
        if meta["script"] not in SCRIPTS:
            raise InputError(f"document script {meta['script']!r}: {' or '.join(SCRIPTS)}",
                             source)
        doc = Document(id=meta["id"], text=text, script=meta["script"], source=source,
                       origin=_origin(meta, source))
        spans = [_span(doc, i, raw) for i, raw in enumerate(_list(payload, "spans", source))]
        diagnostics = [Diagnostic(str(d["message"]), int(d["line"]), int(d["column"]), source)
                       for d in _list(payload, "diagnostics", source)]
    except KeyError as err:
        raise InputError(f"annotation file is missing a field: {err}", source) from None
    except (TypeError, ValueError) as err:
        raise InputError(f"annotation file has a malformed value: {err}", source) from None
    return doc.with_spans(spans, diagnostics)


_SHA256 = re.compile(r"[0-9a-f]{64}")


def _origin(meta: dict, source: str) -> SourceFile:
    """The file the text was extracted from, as the annotation file names it."""
    name = meta.get("source") or Path(source).name
    media_type, sha256 = meta.get("format", ""), meta.get("sha256", "")
    for value, what in ((name, "document source"), (media_type, "document format")):
        if not isinstance(value, str):
            raise InputError(f"{what} must be a string, not {_shown(value)}", source)
    if sha256 and not (isinstance(sha256, str) and _SHA256.fullmatch(sha256)):
        raise InputError(f"document sha256 {_shown(sha256)} is not 64 lowercase hex digits",
                         source)
    return SourceFile(name, media_type, sha256)


def _expect(value, kind: type, what: str, source: str) -> None:
    if not isinstance(value, kind) or (kind is str and not value.strip()):
        raise InputError(f"{what} must be {_KINDS[kind]}, not {_shown(value)}", source)


_KINDS = {dict: "an object", list: "a list", str: "a non-empty string"}


def _list(payload: dict, key: str, source: str) -> list[dict]:
    items = payload.get(key, [])
    _expect(items, list, key, source)
    for i, item in enumerate(items):
        _expect(item, dict, f"{key} entry {i}", source)
    return items


def _shown(value, limit: int = 60) -> str:
    """A value quoted on one line, cut to LIMIT characters."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
        raise InputError(f"{where}: text {_shown(raw['text'])} does not match the source "
                         f"{_shown(text)} at these offsets", doc.source, line, column)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    attributes = raw.get("attributes") or {}
    _expect(attributes, dict, f"{where}: attributes", doc.source)
    attrs = dict(attributes)
    unknown = set(attrs) - set(fields)
    if unknown:
        raise InputError(f"{where}: unknown attributes {sorted(unknown)}", doc.source, line, column)
    for name, value in attrs.items():
        problem = _bad_value(name, value, fields[name].default)
        if problem:
            raise InputError(f"{where}: {name} {_shown(value)}: {problem}", doc.source, line,
                             column)
    if _REF_FIELD in fields:
        ref = raw.get("id")
        if ref is not None and not (isinstance(ref, str) and _IRI.fullmatch(ref)):
            raise InputError(f"{where}: id {_shown(ref)} is not an http(s) IRI", doc.source,
                             line, column)
        attrs[_REF_FIELD] = ref
    for name in ("value", "value_max") if cls is TargetSpan else ():
        if attrs.get(name) is not None:
            try:
                attrs[name] = Decimal(str(attrs[name]))
            except InvalidOperation:
                raise InputError(f"{where}: {name} {attrs[name]!r} is not a number",
                                 doc.source, line, column) from None
    return cls(start, end, text, **attrs)


def _bad_value(name: str, value, default) -> str | None:
    """What is wrong with an attribute value, judged by its field's default, or None."""
    if name in _CHOICES and value not in _CHOICES[name]:
        return f"expected one of {', '.join(_CHOICES[name])}"
    if isinstance(default, bool):
        return None if isinstance(value, bool) else "expected true or false"
    if isinstance(default, int):
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else "expected a whole number"
    if isinstance(default, str):
        return None if isinstance(value, str) else "expected a string"
    return None  # numbers (value, value_max) are checked as decimals below


def to_brat(doc: Document) -> str:
    """brat standoff (.ann) lines; spans that cross a line break become fragments."""
    lines, notes = [], []
    for number, span in enumerate(doc.spans, 1):
        pieces = [(s, e) for s, e in line_spans(span.text, span.start)
                  if doc.text[s:e].strip()]
        fragments = [f"{s} {e}" for s, e in pieces]
        label = span.kind.title().replace("-", "")
        shown = " ".join(doc.text[s:e] for s, e in pieces)
        lines.append(f"T{number}\t{label} {';'.join(fragments)}\t{shown}")
        ref = getattr(span, _REF_FIELD, None)
        if ref:
            notes.append(f"#{len(notes) + 1}\tAnnotatorNotes T{number}\t{ref}")
    return "\n".join(lines + notes) + "\n"


def write_brat(doc: Document, stem: str | Path) -> tuple[Path, Path]:
    """brat standoff beside STEM: STEM.txt (the text in UTF-8, which the offsets count)
    and STEM.ann. The document's own file is never written: where it is STEM.txt and
    holds exactly those bytes, brat reads it as it is and only STEM.ann is written;
    where it differs (another encoding, a BOM), the pair is STEM.brat.txt and
    STEM.brat.ann. Returns the .txt and .ann brat reads."""
    stem = Path(stem)
    text = doc.text.encode("utf-8")
    txt = stem.with_name(stem.name + ".txt")
    if _is_source(doc, txt):
        if txt.read_bytes() != text:
            stem = stem.with_name(stem.name + ".brat")
            txt = stem.with_name(stem.name + ".txt")
            write_atomic(txt, text)
    else:
        write_atomic(txt, text)
    ann = write_atomic(stem.with_name(stem.name + ".ann"), to_brat(doc).encode("utf-8"))
    return txt, ann


def _is_source(doc: Document, path: Path) -> bool:
    try:
        return bool(doc.source) and path.exists() and path.samefile(doc.source)
    except OSError:
        return False
