"""Text: read, bytes to a Document with its exact text and script.

Offsets everywhere in the project are offsets into ``Document.text``: the decoded text,
without a byte-order mark, line endings as they were.
"""

from __future__ import annotations

import codecs
import unicodedata
from functools import lru_cache
from pathlib import Path

import opencc

from kg.document import Document
from kg.errors import InputError

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
# Variant characters that OpenCC leaves alone but documents use interchangeably.
_VARIANTS = str.maketrans({"臵": "置", "範": "范", "―": "—", "─": "—"})


def read_path(path: str | Path) -> Document:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read the document: {err.strerror}", str(path)) from None
    return read_bytes(data, source=str(path), doc_id=path.stem)


def read_bytes(data: bytes, source: str = "<bytes>", doc_id: str = "document") -> Document:
    return read_text(decode(data, source), source=source, doc_id=doc_id)


def read_text(text: str, source: str = "<text>", doc_id: str = "document") -> Document:
    if not text.strip():
        raise InputError("the document is empty", source)
    return Document(id=doc_id, text=text, script=detect_script(text), source=source)


def decode(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 (with BOM, or without one: see
    _utf16_without_bom), else GB18030 (a superset of GBK)."""
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
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as err:
        raise InputError(f"neither UTF-8 (invalid at byte {utf8_error}) nor GB18030 "
                         f"(invalid at byte {err.start}) text; save it as UTF-8",
                         source) from None


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


def detect_script(text: str) -> str:
    """zh-Hant when more characters change under Traditional→Simplified than the reverse."""
    simplified = to_script(text, "zh-Hans")
    traditional = to_script(text, "zh-Hant")
    changed_by_t2s = sum(a != b for a, b in zip(text, simplified, strict=False))
    changed_by_s2t = sum(a != b for a, b in zip(text, traditional, strict=False))
    return "zh-Hant" if changed_by_t2s >= changed_by_s2t and changed_by_t2s else (
        "zh-Hans" if changed_by_s2t else "zh-Hant")


def fold(text: str) -> str:
    """A same-length view of the text for matching: Simplified script, half-width
    punctuation and digits, variant characters unified. Offsets into it are offsets
    into the original text."""
    simplified = to_script(text, "zh-Hans")
    if len(simplified) != len(text):  # a phrase conversion changed the length
        simplified = "".join(to_script(ch, "zh-Hans") or ch for ch in text)
    return "".join(_fold_char(ch) for ch in simplified.translate(_VARIANTS))


def _fold_char(ch: str) -> str:
    if ch in "。、〔〕《》“”‘’" or "①" <= ch <= "⑳":  # ① is a marker, not a digit 1
        return ch
    folded = unicodedata.normalize("NFKC", ch)
    return folded if len(folded) == 1 else ch
