"""Foundation: the objects passed between stages, a Document and its typed spans.

A Document keeps the exact source text; every span is a pair of character offsets into
it, so evidence can always be quoted back. Annotators return a new Document with more
spans (``with_spans``); they never change the text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from itertools import accumulate
from typing import ClassVar

LINE_BREAK = re.compile(r"\r\n|\r|\n")


def line_spans(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each line of TEXT without its break (LF, CRLF or a lone CR),
    shifted by OFFSET."""
    spans, start = [], 0
    for brk in LINE_BREAK.finditer(text):
        spans.append((offset + start, offset + brk.start()))
        start = brk.end()
    spans.append((offset + start, offset + len(text)))
    return spans


@dataclass(frozen=True)
class Diagnostic:
    """A warning about the input, at a position in the text."""

    message: str
    line: int
    column: int
    file: str | None = None

    def __str__(self) -> str:
        return f"{self.file or '<text>'}:{self.line}:{self.column}: {self.message}"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str
    kind: ClassVar[str] = "span"


@dataclass(frozen=True)
class HeaderField(Span):
    """文號, addressees, approving bodies, issuer, date, title, period."""

    name: str = ""
    value: str = ""
    kind: ClassVar[str] = "header"


@dataclass(frozen=True)
class PartSpan(Span):
    """一、二、… : a part of the document; ``measures`` for 保障措施."""

    ordinal: int = 0
    numbering: str = ""
    title: str = ""
    measures: bool = False
    kind: ClassVar[str] = "part"


@dataclass(frozen=True)
class ActionSpan(Span):
    """An action: the item that holds tasks ((一)… of a part, or a part that holds its
    tasks directly)."""

    ordinal: int = 0
    numbering: str = ""
    title: str = ""
    kind: ClassVar[str] = "action"


@dataclass(frozen=True)
class SectionSpan(Span):
    """An item of a part that holds no tasks: 總體思路, 總體目標, 基本原則…"""

    ordinal: int = 0
    numbering: str = ""
    title: str = ""
    kind: ClassVar[str] = "section"


@dataclass(frozen=True)
class GoalSpan(Span):
    """A goal block: 工作目標 of an action, or 總體目標 (``overall``)."""

    overall: bool = False
    kind: ClassVar[str] = "goal"


@dataclass(frozen=True)
class TargetSpan(Span):
    indicator: str = ""
    value: Decimal = Decimal(0)
    value_max: Decimal | None = None
    unit: str = ""
    year: int = 0
    comparator: str = "="
    aspirational: bool = False
    target_kind: str = "milestone"
    change: str = ""  # "" a level; + an increase by; - a decrease by; × a multiple
    yearly: bool = False  # 每年, 年均: the value is per year
    kind: ClassVar[str] = "target"


@dataclass(frozen=True)
class TaskSpan(Span):
    """A task: its heading sentence is ``heading``; the span covers the whole paragraph
    (or item) including a unit list that belongs to it alone."""

    heading: str = ""
    due: str = ""  # 2021-12, 2021, ongoing, or "" when the plan gives no deadline
    kind: ClassVar[str] = "task"


@dataclass(frozen=True)
class TaskGroupSpan(Span):
    """Several tasks (一是…二是…, (1)(2)…) sharing one unit list: unit mentions inside the
    group but outside every task apply to each task in it."""

    kind: ClassVar[str] = "task-group"


@dataclass(frozen=True)
class UnitListSpan(Span):
    """(責任單位:…), (牽頭單位:…;配合單位:…), X牽頭,Y配合."""

    closed: bool = True
    column: str = ""  # a table cell's column (lead, support, listed): the role of its names
    kind: ClassVar[str] = "unit-list"


@dataclass(frozen=True)
class UnitMention(Span):
    """One responsible unit. ``name`` is the short name with a distributed 市 prefix or
    政府 suffix restored; ``ref`` is the reference entity's IRI, or None if unresolved."""

    name: str = ""
    role: str = "support"
    rank: int = 1
    ref: str | None = None
    kind: ClassVar[str] = "unit"


@dataclass(frozen=True)
class EntityMention(Span):
    """A place or institution named in the text."""

    name: str = ""
    ref: str | None = None
    entity_type: str = "place"  # place | institution
    kind: ClassVar[str] = "mention"


SPAN_TYPES: dict[str, type[Span]] = {
    cls.kind: cls
    for cls in (HeaderField, PartSpan, ActionSpan, SectionSpan, GoalSpan, TargetSpan, TaskSpan,
                TaskGroupSpan, UnitListSpan, UnitMention, EntityMention)
}


@dataclass(frozen=True)
class SourceFile:
    """The file a document's text was extracted from: its name, its format (a media
    type: text/plain, text/html, application/pdf, a .docx's) and the SHA-256 of its bytes
    (hex; empty when unknown, as for an annotation file written before it was kept)."""

    name: str
    media_type: str
    sha256: str = ""


@dataclass(frozen=True)
class Document:
    """The exact text of one document and what has been read from it."""

    id: str
    text: str
    script: str  # "zh-Hant" or "zh-Hans"
    source: str = "<text>"
    spans: tuple[Span, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    origin: SourceFile | None = None  # None: text given as a string
    _line_starts: tuple[int, ...] = field(default=(), compare=False, repr=False)
    # the spans of each type, and their starts, once asked for (see of and within)
    _by_type: dict = field(default_factory=dict, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self._line_starts:
            starts = [0] + [m.end() for m in LINE_BREAK.finditer(self.text)]
            object.__setattr__(self, "_line_starts", tuple(starts))

    @property
    def other_script(self) -> str:
        return "zh-Hans" if self.script == "zh-Hant" else "zh-Hant"

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def warn(self, message: str, offset: int) -> Diagnostic:
        line, column = self.position(offset)
        return Diagnostic(message, line, column, self.source)

    def with_spans(self, spans: list[Span], diagnostics: list[Diagnostic] = ()) -> Document:
        ordered = tuple(sorted((*self.spans, *spans), key=_span_order))
        return replace(self, spans=ordered, diagnostics=(*self.diagnostics, *diagnostics))

    def of(self, cls: type[Span]) -> list:
        return list(self._of(cls)[0])

    def body_end(self) -> int:
        """Where what was read of the plan ends (an appendix after it is not read)."""
        return max((s.end for s in self.spans if s.kind in _BODY_KINDS), default=0)

    def within(self, outer: Span, cls: type[Span]) -> list:
        spans, starts = self._of(cls)
        first = bisect.bisect_left(starts, outer.start)
        last = bisect.bisect_right(starts, outer.end, lo=first)
        return [s for s in spans[first:last] if s.end <= outer.end]

    def overlaps(self, cls: type[Span], start: int, end: int) -> bool:
        """Whether a span of type CLS shares a character with START:END."""
        starts = self._of(cls)[1]
        before = bisect.bisect_left(starts, end)  # the spans that start before END
        return before > 0 and self._reach(cls)[before - 1] > start

    def _of(self, cls: type[Span]) -> tuple[tuple, list[int]]:
        """The spans of type CLS in order, and their starts: found once, so that asking
        for the tasks inside each action stays linear in a long document."""
        found = self._by_type.get(cls)
        if found is None:
            spans = tuple(s for s in self.spans if isinstance(s, cls))
            found = self._by_type[cls] = (spans, [s.start for s in spans])
        return found

    def _reach(self, cls: type[Span]) -> list[int]:
        """For each span of type CLS, the furthest end of it and the spans before it."""
        key = (cls, "reach")
        found = self._by_type.get(key)
        if found is None:
            found = self._by_type[key] = list(accumulate((s.end for s in self._of(cls)[0]),
                                                         max))
        return found


_BODY_KINDS = frozenset({"part", "action", "section", "goal", "task"})


def _span_order(span: Span) -> tuple[int, int, str]:
    return span.start, -span.end, span.kind
