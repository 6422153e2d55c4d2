"""Text: re-flowing lines into paragraphs, one paragraph a line, for every format.

A PDF breaks each paragraph into lines of about 28 characters; a text file copied out
of one keeps those breaks; a web page or a Word file may break a paragraph with <br> or
a soft return. The parser reads one paragraph a line, so every reader (kg.read for text,
kg.pdf_text, kg.html_text, kg.docx_text) hands its lines to ``reflow``, which applies
one rule: a line joins the one before unless it is indented, starts with a numbering
marker, or the line before ended short of the right margin.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_NUMERAL = "[一二三四五六七八九十百零〇两兩]+"
# Where a line starts a new item whatever came before: the numbering markers that
# kg.annotate.outline reads (tests/test_reflow.py checks that every line it reads as an
# item starts one here too). Written against the line after NFKC (half-width digits and
# punctuation). Field labels (牽頭單位:) are not here: a wrapped line may start with one.
ITEM_START = re.compile(
    rf"""\s*(?:
      第(?:{_NUMERAL}|\d+)[章节節条條]
    | (?:专栏|專欄)
    | {_NUMERAL}\s*、
    | \(\s*(?:{_NUMERAL}|\d{{1,3}})\s*\)
    | \d{{1,3}}\s*\.(?!\d)
    | \d{{1,3}}\s*、
    | \d{{1,3}}\)
    | [①-⑳⑴-⒇]
    | {_NUMERAL}是
    | [第其]{_NUMERAL}\s*[,、:]
    )""",
    re.VERBOSE,
)
# A line that is only a page number: — 3 —, - 3 -, 第3頁 (共10頁). A bare number is one
# only where a PDF puts it (kg.pdf_text): in text it may be a table's row number.
PAGE_NUMBER = re.compile(r"^\s*(?:[—–\-－]+\s*\d{1,4}\s*[—–\-－]+|第\s*\d{1,4}\s*[页頁]"
                         r"(?:\s*[,，]?\s*共\s*\d{1,4}\s*[页頁])?)\s*$")
_INDENT = " \t\u3000\u00a0"
# Where a format has no margin to measure against (a <br> in a web page, a soft return in
# a Word file), a piece shorter than this before the break is a line of its own: an
# issuer above its date, a heading above its paragraph. A break in mid-paragraph comes
# after a line's worth of text.
SHORT_PIECE = 16


@dataclass(frozen=True)
class Line:
    """One line as a reader found it: its text without indentation, whether it was
    indented, and whether it ended short of the right margin (a paragraph's last line)."""

    text: str
    indented: bool = False
    short: bool = True


def starts_item(text: str) -> bool:
    """Whether TEXT begins with a numbering marker."""
    head = "".join(c if "①" <= c <= "⑳" else unicodedata.normalize("NFKC", c)
                   for c in text[:24])  # NFKC would make ① a plain 1
    return bool(ITEM_START.match(head))


def reflow(lines: Iterable[Line]) -> list[str]:
    """Paragraphs, each the lines that belong together joined. An empty line always
    ends a paragraph."""
    paragraphs: list[str] = []
    current: list[str] = []
    ended = True  # the line before ended its paragraph
    for line in lines:
        text = line.text.strip(_INDENT)
        if not text:
            ended = True
            continue
        if ended or line.indented or starts_item(text):
            if current:
                paragraphs.append(_join(current))
            current = [text]
        else:
            current.append(text)
        ended = line.short
    if current:
        paragraphs.append(_join(current))
    return paragraphs


def _join(pieces: list[str]) -> str:
    """Lines of one paragraph joined: nothing between CJK characters or digits (a PDF
    breaks anywhere, 1.2萬 too), one space between two Latin letters (the break was a
    space between words)."""
    text = pieces[0]
    for piece in pieces[1:]:
        space = _latin(text[-1:]) and _latin(piece[:1])
        text += (" " if space else "") + piece
    return text


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


# --- plain text: is it hard-wrapped, and where does a line end short? --------------

def width(text: str) -> int:
    """Display width: 2 for a full-width character, 1 for the rest."""
    return sum(2 if unicodedata.east_asian_width(c) in "FW" else 1 for c in text)


_MEASURES = (len, width)
_TOLERANCE = {len: 1, width: 3}  # a line that pushed one character on, or left one out
_NARROWEST = {len: 15, width: 30}  # a paragraph wrapped narrower is no paragraph
_SENTENCE_END = set("。！？；;!?)）:：")


def wrap_measure(lines: list[str]):
    """How a hard-wrapped text measures its lines, and the width it wraps at: most lines
    reach one width (within a character), almost none goes past it, and most of those
    that reach it break off mid-sentence. None when the text is not hard-wrapped (one
    paragraph a line, as the seed is, even where many lines happen to be as long)."""
    body = [line.strip(_INDENT) for line in lines]
    body = [line for line in body if line and not PAGE_NUMBER.match(line)]
    if len(body) < 8:
        return None
    best = None
    for measure in _MEASURES:
        sizes = [measure(line) for line in body]
        tolerance = _TOLERANCE[measure]
        wrap = _full_width(sizes, tolerance)
        full = [line for line, s in zip(body, sizes, strict=True)
                if wrap - tolerance <= s <= wrap + tolerance]
        beyond = sum(s > wrap + tolerance for s in sizes)
        ended = sum(line.rstrip()[-1:] in _SENTENCE_END for line in full)
        wrapped = len(full) >= 0.5 * len(sizes) and beyond <= 0.02 * len(sizes) \
            and _NARROWEST[measure] <= wrap <= 160 and ended < 0.5 * len(full)
        if wrapped and (best is None or len(full) > best[2]):
            best = (measure, wrap, len(full))
    return best[:2] if best else None


def _full_width(sizes: list[int], tolerance: int) -> int:
    """The size that most lines reach within TOLERANCE (the largest such on a tie)."""
    counts = Counter(sizes)
    return max(counts, key=lambda s: (sum(counts[t] for t in range(s - tolerance, s + 1)),
                                      s))


def unwrap(text: str) -> str | None:
    """TEXT re-flowed when it is hard-wrapped, else None (the text stays as it is).
    Lines that are only a page number are dropped: a PDF's pages left in the copy."""
    lines = text.splitlines()
    found = wrap_measure(lines)
    if found is None:
        return None
    measure, wrap = found
    tolerance = _TOLERANCE[measure]
    kept = [line for line in lines if not PAGE_NUMBER.match(line)]
    paragraphs = reflow(Line(line, indented=line[:1] in _INDENT and bool(line.strip(_INDENT)),
                             short=measure(line.rstrip()) < wrap - tolerance)
                        for line in kept)
    return "\n".join(paragraphs) + ("\n" if text.endswith(("\n", "\r")) else "")
