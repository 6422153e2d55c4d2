"""Text: read, a file to a Document with its exact text and script.

A file is read by its format, known from its first bytes (then its name): plain text
(UTF-8, UTF-16, GB18030 or Big5), a web page (kg.html_text), a PDF (kg.pdf_text) or a
Word file (kg.docx_text). Each gives lines that kg.reflow joins into paragraphs, one a
line, as the parser reads them; plain text is re-flowed only when it is hard-wrapped.

Offsets everywhere in the project are offsets into ``Document.text``: the extracted text
(for plain text that is not hard-wrapped, the decoded text, without a byte-order mark,
line endings as they were). The Document's ``origin`` names the file, its format and the
SHA-256 of its bytes.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import json
import tempfile
import unicodedata
import zipfile
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import opencc

from kg import docx_text, html_text, pdf_text
from kg.document import Document, SourceFile
from kg.errors import InputError
from kg.reflow import reflow, unwrap

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
# Variant characters that OpenCC leaves alone but documents use interchangeably.
_VARIANTS = str.maketrans({"臵": "置", "範": "范", "―": "—", "─": "—"})

# format → media type and the file name suffixes it goes by
MEDIA_TYPES = {
    "text": "text/plain",
    "html": "text/html",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
SUFFIXES = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html",
            ".xhtml": "html", ".shtml": "html", ".pdf": "pdf", ".docx": "docx"}
# Files people keep plans in that policykg does not read, and what to do instead.
NOT_READ = {
    ".doc": "a Word 97-2003 file: save it as .docx (or PDF) and build that",
    ".wps": "a WPS file: save it as .docx (or PDF) and build that",
    ".rtf": "an RTF file: save it as .docx (or PDF) and build that",
    ".odt": "an OpenDocument file: save it as .docx (or PDF) and build that",
    ".ofd": "an OFD file: export it as PDF and build that",
    ".xls": "a spreadsheet: copy its table into the plan's .docx or .txt",
    ".xlsx": "a spreadsheet: copy its table into the plan's .docx or .txt",
}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003, WPS, Excel 97-2003
_FORMAT_NAMES = ".txt, .html, .pdf, .docx"


def read_path(path: str | Path) -> Document:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read the document: {err.strerror}", str(path)) from None
    return read_bytes(data, source=str(path), doc_id=path.stem)


def read_bytes(data: bytes, source: str = "<bytes>", doc_id: str = "document") -> Document:
    """A document from the bytes of a file in any format read here; SOURCE names the
    file (its suffix helps tell the format)."""
    fmt = file_format(data, source)
    doc = read_text(_EXTRACT[fmt](data, source), source=source, doc_id=doc_id)
    origin = SourceFile(Path(source).name, MEDIA_TYPES[fmt], hashlib.sha256(data).hexdigest())
    return replace(doc, origin=origin)


def read_text(text: str, source: str = "<text>", doc_id: str = "document") -> Document:
    if not text.strip():
        raise InputError("the document is empty", source)
    return Document(id=doc_id, text=text, script=detect_script(text), source=source)


def file_format(data: bytes, source: str) -> str:
    """text, html, pdf or docx: by the file's first bytes, else by its suffix. A format
    not read here is an InputError that says what to do."""
    suffix = Path(source).suffix.lower()
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        if suffix in NOT_READ:
            raise InputError(f"{NOT_READ[suffix]}", source)
        if not _is_docx(data):
            raise InputError("a ZIP archive, not a Word (.docx) file: unpack it and build "
                             "the folder", source)
        return "docx"
    if data.startswith(_OLE) or suffix in NOT_READ:
        raise InputError(NOT_READ.get(suffix, "an old Office file (.doc, .wps or .xls): "
                                              "save it as .docx or PDF and build that"), source)
    if SUFFIXES.get(suffix) in ("pdf", "docx"):
        raise InputError(f"not a {suffix} file (its first bytes are not those of one); "
                         f"policykg reads {_FORMAT_NAMES}", source)
    if SUFFIXES.get(suffix) == "html" or html_text.looks_like_html(data):
        return "html"
    return "text"


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _plain(data: bytes, source: str) -> str:
    text = decode(data, source)
    return unwrap(text) or text


def _html(data: bytes, source: str) -> str:
    charset = html_text.declared_charset(data)
    bom = any(data.startswith(b) for b, _ in _BOMS)
    text = decode(data, source) if bom or not charset else _decode(data, charset, source)
    return _paragraphs(html_text.lines(text, source), source)


def _pdf(data: bytes, source: str) -> str:
    return _paragraphs(pdf_text.lines(data, source), source)


def _docx(data: bytes, source: str) -> str:
    return _paragraphs(docx_text.lines(data, source), source)


def _paragraphs(lines, source: str) -> str:
    text = "\n".join(reflow(lines))
    if not text.strip():
        raise InputError("found no text in it", source)
    return text + "\n"


_EXTRACT = {"text": _plain, "html": _html, "pdf": _pdf, "docx": _docx}


def decode(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 (with BOM, or without one: see
    _utf16_without_bom), else GB18030 (a superset of GBK and GB2312) or Big5, whichever
    decodes (both, often: then the one charset-normalizer finds more coherent)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode(data, encoding, source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        utf8_error = err.start
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is None:
            raise InputError("this looks like a binary file, not a text document", source)
        return text
    decoded = {}
    for encoding in ("gb18030", "big5hkscs"):
        try:
            decoded[encoding] = data.decode(encoding)
        except UnicodeDecodeError as err:
            decoded.setdefault("errors", []).append(f"{encoding} at byte {err.start}")
    errors = decoded.pop("errors", [])
    if not decoded:
        raise InputError(f"neither UTF-8 (invalid at byte {utf8_error}) nor GB18030 nor Big5 "
                         f"text (invalid: {', '.join(errors)}); save it as UTF-8", source)
    if len(decoded) == 1:
        return next(iter(decoded.values()))
    return decoded[_more_coherent(data, list(decoded))]


def _more_coherent(data: bytes, encodings: list[str]) -> str:
    """Of ENCODINGS, all of which decode DATA, the one whose text reads as language."""
    # deferred: charset-normalizer (20 ms to import) is needed only for such a file
    import charset_normalizer

    best = charset_normalizer.from_bytes(data, cp_isolation=encodings).best()
    return best.encoding if best is not None and best.encoding in encodings else encodings[0]


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a byte-order mark, recognised by its NUL bytes: the high byte
    of ASCII characters, nearly all at odd offsets (little-endian) or at even ones
    (big-endian); a few on the other side are CJK characters such as 一 (U+4E00). None
    when the data does not decode to printable text that way."""
    if len(data) % 2:
        return None
    odd, even = data[1::2].count(0), data[0::2].count(0)
    if max(odd, even) < 4 * min(odd, even):  # NULs on both sides alike: not text
        return None
    encoding = "utf-16-le" if odd > even else "utf-16-be"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    if all(ch.isprintable() or ch in "\r\n\t" for ch in text):
        return text
    return None


def _decode(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputError(f"not valid {encoding} at byte {err.start}", source) from None


@lru_cache(maxsize=2)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_script(text: str, script: str) -> str:
    """Convert text to zh-Hans or zh-Hant with OpenCC."""
    return _converter("t2s" if script == "zh-Hans" else "s2t").convert(text)


def is_traditional(text: str) -> bool:
    """Whether no character of TEXT has another Traditional form (個, 億元; not 个, nor
    公里, whose 里 s2t keeps in that phrase): such text is its own zh-Hant spelling."""
    return _characters_to_traditional().convert(text) == text


def _changed_to_traditional(text: str) -> int:
    """How many characters a Simplified→Traditional conversion changes, counted character
    by character: without OpenCC's phrase dictionary, which takes s2t 0.05 s to load
    and which a Traditional document's build never needs otherwise."""
    converted = _characters_to_traditional().convert(text)
    return sum(a != b for a, b in zip(text, converted, strict=False))


@lru_cache(maxsize=1)
def _characters_to_traditional() -> opencc.OpenCC:
    dictionary = Path(opencc.__file__).parent / "clib" / "share" / "opencc" / "STCharacters.ocd2"
    if not dictionary.is_file():  # an OpenCC laid out otherwise: the whole conversion
        return _converter("s2t")
    with tempfile.TemporaryDirectory(prefix="policykg-opencc-") as folder:
        config = Path(folder) / "s2t-characters.json"
        config.write_text(json.dumps({"name": "s2t, characters only", "conversion_chain": [
            {"dict": {"type": "ocd2", "file": str(dictionary)}}]}), encoding="utf-8")
        return opencc.OpenCC(str(config))


def detect_script(text: str) -> str:
    """zh-Hant when more characters change under Traditional→Simplified than the reverse."""
    simplified = to_script(text, "zh-Hans")
    changed_by_t2s = sum(a != b for a, b in zip(text, simplified, strict=False))
    changed_by_s2t = _changed_to_traditional(text)
    return "zh-Hant" if changed_by_t2s >= changed_by_s2t and changed_by_t2s else (
        "zh-Hans" if changed_by_s2t else "zh-Hant")


def fold(text: str) -> str:
    """A same-length view of the text for matching: Simplified script, half-width
    punctuation and digits, variant characters unified. Offsets into it are offsets
    into the original text."""
    simplified = to_script(text, "zh-Hans")
    if len(simplified) != len(text):  # a phrase conversion changed the length
        simplified = "".join(to_script(ch, "zh-Hans") or ch for ch in text)
    return simplified.translate(_VARIANTS).translate(_WIDTHS)


@lru_cache(maxsize=65536)
def folded(text: str) -> str:
    """TEXT as look-ups compare it: fold (script, width, variants), lower case,
    no spaces at the ends."""
    return fold(text).lower().strip()


def number_key(text: str) -> str:
    """A 文號 as look-ups compare it: folded, without spaces, its year in any brackets
    (〔2019〕, [2019], (2019), 【2019】)."""
    return "".join(folded(text).translate(_BRACKETS).split())


_BRACKETS = str.maketrans("〔〕［］【】（）()〖〗", "[][][][][][]")


class _FoldTable(dict):
    """str.translate's table for the width step, filled one character at a time as
    characters are met (translate asks __missing__ for a character not yet in it)."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = _fold_char(chr(code))
        return folded


_WIDTHS = _FoldTable()


def _fold_char(ch: str) -> str:
    if ch in "。、〔〕《》“”‘’" or "①" <= ch <= "⑳":  # ① is a marker, not a digit 1
        return ch
    folded = unicodedata.normalize("NFKC", ch)
    return folded if len(folded) == 1 else ch
