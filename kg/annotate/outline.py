"""Outline: every numbering marker of a document read into one tree.

The styles are those of official documents: the GB/T 9704 levels 一、 (一) 1. (1), and
① ⑴ 1) 一是 第一, 其一, 第X章/節/條. Levels are not fixed by style: a marker either
continues an open list of its own style (the next number after an item above it, even
across parents: 2. … 45.) or opens a new list under the current item. A list that
restarts at 1 while an item of its style is still open is a sub-list of that item
(2.主要任務 then 1. 2. …). Lines without a marker are paragraphs of the current item.

The tree is internal to annotate: structure.py gives its nodes roles by content.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from kg.annotate import patterns as P
from kg.annotate.table import table_end
from kg.document import line_spans

_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}


@dataclass(frozen=True)
class Line:
    start: int
    end: int  # exclusive, before the line break
    folded: str


@dataclass(frozen=True)
class Marker:
    style: str
    ordinal: int
    start: int  # where the marker starts in the text
    end: int  # after the marker and the blanks that follow it

    def label(self, text: str) -> str:
        return text[self.start:self.end].strip()


@dataclass(eq=False)
class Node:
    """An item (with a marker), a paragraph (without), a field line or a table."""

    line: Line
    marker: Marker | None = None
    kind: str = "item"  # item | paragraph | fields | table | root
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)  # a table's rows, a field block's lines

    @property
    def start(self) -> int:
        return self.line.start

    @property
    def text_start(self) -> int:
        """Where the item's own text starts, after its marker."""
        return self.marker.end if self.marker else self.line.start + _indent(self.line.folded)

    @property
    def own_end(self) -> int:
        return (self.lines[-1] if self.lines else self.line).end

    @property
    def end(self) -> int:
        return self.children[-1].end if self.children else self.own_end

    @property
    def body_end(self) -> int:
        """The end of the item without the boxes (專欄) that close it."""
        kept = list(self.children)
        while kept and kept[-1].is_box:
            kept.pop()
        return kept[-1].end if kept else self.own_end

    @property
    def is_box(self) -> bool:
        return self.marker is not None and self.marker.style == "box"

    @property
    def depth(self) -> int:
        return 0 if self.parent is None or self.parent.kind == "root" else self.parent.depth + 1

    def walk(self) -> Iterable[Node]:
        for child in self.children:
            yield child
            yield from child.walk()

    def ancestors(self) -> Iterable[Node]:
        node = self.parent
        while node is not None and node.kind != "root":
            yield node
            node = node.parent


@dataclass(frozen=True)
class NumberingNote:
    """A marker out of sequence: a repeat, a gap or a step back after PREVIOUS."""

    marker: Marker
    previous: Node
    kind: str  # repeat | gap | back


@dataclass
class Outline:
    root: Node
    notes: list[NumberingNote]


def read_outline(lines: list[Line], is_heading: Callable[[Node], bool]) -> Outline:
    """The outline of LINES; IS_HEADING tells an item that heads a sub-list (2.主要任務)."""
    root = Node(Line(0, 0, ""), kind="root")
    stack: list[Node] = [root]
    notes: list[NumberingNote] = []
    for line, kind, extra in _classify(lines):
        if kind == "item":
            marker = extra
            parent, note = _place(stack, marker, is_heading)
            if note:
                notes.append(note)
            node = Node(line, marker, "item", parent)
            parent.children.append(node)
            del stack[stack.index(parent) + 1:]
            stack.append(node)
        else:
            node = Node(line, None, kind, stack[-1], lines=extra)
            stack[-1].children.append(node)
    return Outline(root, notes)


def _place(stack: list[Node], marker: Marker, is_heading: Callable[[Node], bool]
           ) -> tuple[Node, NumberingNote | None]:
    """The parent of a new item, and a note when its number is out of sequence."""
    same = [n for n in stack if n.marker and n.marker.style == marker.style]
    if not same:
        return stack[-1], None
    for node in reversed(same):
        if marker.ordinal == node.marker.ordinal + 1:
            return node.parent, None
    deepest = same[-1]
    if marker.ordinal == 1 and is_heading(deepest):
        return deepest, None  # a list restarting under a heading of its style: a sub-list
    previous = deepest.marker.ordinal
    kind = "repeat" if marker.ordinal == previous else "gap" if marker.ordinal > previous \
        else "back"
    return deepest.parent, NumberingNote(marker, deepest, kind)


def _classify(lines: list[Line]):
    """(line, kind, marker or extra lines) for each non-empty line; the rows of a
    responsibility table and consecutive field lines come as one entry."""
    i = 0
    while i < len(lines):
        line = lines[i]
        table_end_at = table_end(lines, i)
        if table_end_at:
            yield line, "table", lines[i:table_end_at]
            i = table_end_at
            continue
        if P.FIELD_LINE.match(line.folded):
            j = i + 1
            while j < len(lines) and P.FIELD_LINE.match(lines[j].folded):
                j += 1
            yield line, "fields", lines[i:j]
            i = j
            continue
        marker = read_marker(line)
        yield (line, "item", marker) if marker else (line, "paragraph", [])
        i += 1


def read_marker(line: Line) -> Marker | None:
    indent = _indent(line.folded)
    for style, pattern in P.MARKERS:
        if m := pattern.match(line.folded, indent):
            ordinal = ordinal_of(m.group(1)) if m.group(1) else 1
            if ordinal is not None and _has_text_after(line.folded, m.end()):
                return Marker(style, ordinal, line.start + indent, line.start + m.end())
    return None


def _has_text_after(folded: str, at: int) -> bool:
    return bool(folded[at:].strip())


def ordinal_of(numeral: str) -> int | None:
    """1, 12, 一, 十二, 二十三, ①, ⑴ → the number; None when it is not one."""
    if numeral.isdigit() and numeral.isascii():
        return int(numeral)
    if len(numeral) == 1 and "①" <= numeral <= "⑳":
        return ord(numeral) - ord("①") + 1
    if len(numeral) == 1 and "⑴" <= numeral <= "⒇":
        return ord(numeral) - ord("⑴") + 1
    return _chinese_number(numeral)


def _chinese_number(numeral: str) -> int | None:
    if not numeral or any(c not in _CN_DIGITS and c not in "十百" for c in numeral):
        return None
    total, digit = 0, 0
    for c in numeral:
        if c == "百":
            total, digit = total + (digit or 1) * 100, 0
        elif c == "十":
            total, digit = total + (digit or 1) * 10, 0
        else:
            digit = _CN_DIGITS[c]
    return total + digit or None


def _indent(folded: str) -> int:
    return len(folded) - len(folded.lstrip())


def lines_of(text: str, folded: str) -> list[Line]:
    """The non-empty lines of the document, each with its folded text."""
    return [Line(start, end, folded[start:end]) for start, end in line_spans(text)
            if folded[start:end].strip()]
