"""Text: the document's own text of a web page, as lines for kg.reflow.

Government sites publish a plan as a page: its title, the 文號/date block and the body
in <p> and <table> elements, among navigation, search boxes, share buttons, related
links and footers. trafilatura finds the main content (and drops scripts, styles and the
rest); its XML keeps the structure this module needs: headings and paragraphs in order,
<lb/> for a <br> inside a paragraph (a soft break: kg.reflow joins it unless the next
piece starts an item, or the piece before is shorter than a line), and tables as rows
of cells, written one row a line with the cells separated by tabs (as the parser reads
tables).
"""

from __future__ import annotations

import codecs
import re

from kg.errors import InputError
from kg.reflow import SHORT_PIECE, Line

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""",
                           re.IGNORECASE)
# WHATWG encoding labels that name a narrower charset than browsers decode with
_CHARSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
             "cp936": "gb18030", "big5": "big5hkscs", "big5-hkscs": "big5hkscs",
             "cp950": "big5hkscs", "x-x-big5": "big5hkscs", "iso-8859-1": "cp1252",
             "us-ascii": "cp1252", "ascii": "cp1252"}
_BLOCKS = ("p", "head", "item", "quote", "code")


def looks_like_html(data: bytes) -> bool:
    start = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html"))


def declared_charset(data: bytes) -> str | None:
    """The Python codec of the charset a page declares in a <meta> tag, or None."""
    found = _META_CHARSET.search(data[:4096])
    if not found:
        return None
    label = found.group(1).decode("ascii").lower()
    label = _CHARSETS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def lines(page: str, source: str) -> list[Line]:
    """The main content of PAGE (decoded HTML) as lines: one per paragraph, heading,
    list item or table row, a paragraph broken by <br> as several that may join."""
    # deferred: trafilatura and its date and URL helpers take 0.15 s to import, paid only
    # for a web page
    import trafilatura
    from lxml import etree

    try:
        xml = trafilatura.extract(page, output_format="xml", include_tables=True,
                                  include_comments=False, include_links=False,
                                  include_images=False, include_formatting=False,
                                  favor_recall=True, deduplicate=False)
    except (ValueError, TypeError, etree.LxmlError) as err:
        raise InputError(f"not a readable web page: {err}", source) from None
    if not xml:
        raise InputError("found no main text in this web page", source)
    main = etree.fromstring(xml.encode("utf-8")).find("main")
    found: list[Line] = []
    if main is not None:
        _collect(main, found)
    return found


def _collect(element, found: list[Line]) -> None:
    for child in element:
        if child.tag == "table":
            found += [Line(_row(row)) for row in child.iter("row")]
        elif child.tag in _BLOCKS:
            found += _block(child)
        else:  # list, div and the like: what they hold
            _collect(child, found)


def _row(row) -> str:
    cells = [" ".join(piece for piece in _pieces(cell) if piece) for cell in row
             if cell.tag == "cell"]
    return "\t".join(cells)


def _block(element) -> list[Line]:
    """The pieces of a block between its <lb/>s: each but the last may continue."""
    pieces = _pieces(element)
    while pieces and not pieces[-1]:
        pieces.pop()
    return [Line(piece, short=i == len(pieces) - 1 or len(piece) < SHORT_PIECE)
            for i, piece in enumerate(pieces)]


def _pieces(element) -> list[str]:
    """The text of ELEMENT split at its line breaks (<lb/>), each piece stripped."""
    pieces: list[list[str]] = [[]]

    def walk(node) -> None:
        pieces[-1].append(node.text or "")
        for child in node:
            if child.tag == "lb":
                pieces.append([])
            else:
                walk(child)
            pieces[-1].append(child.tail or "")

    walk(element)
    return ["".join(piece).strip() for piece in pieces]
