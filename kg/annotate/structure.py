"""Structure: parts 一、, actions (一), goal blocks 1.工作目標, task paragraphs 2.主要任務
with their heading sentences, task groups, and responsible-unit lists."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.annotate import patterns as P
from kg.document import (
    ActionSpan,
    Diagnostic,
    Document,
    GoalSpan,
    PartSpan,
    Span,
    TaskGroupSpan,
    TaskSpan,
    UnitListSpan,
    line_spans,
)
from kg.read import fold


@dataclass(frozen=True)
class Line:
    start: int
    end: int  # exclusive, before the line break
    folded: str


@dataclass
class _Block:
    """An action or section being read: where it starts and what it holds."""

    head: Line
    numbering: str
    title: str
    part_measures: bool
    goal_lines: list[Line] = field(default_factory=list)
    task_lines: list[Line] = field(default_factory=list)
    body_lines: list[Line] = field(default_factory=list)
    has_tasks_head: bool = False
    end: int = 0
    mode: str = "body"


def lines_of(doc: Document, folded: str) -> list[Line]:
    return [Line(start, end, folded[start:end]) for start, end in line_spans(doc.text)]


def annotate_structure(doc: Document, folded: str, body_start: int) -> Document:
    spans: list[Span] = []
    warnings: list[Diagnostic] = []
    blocks: list[_Block] = []
    parts: list[tuple[Line, str, str]] = []
    seen = _Seen(doc)
    block: _Block | None = None
    body_end = len(doc.text)
    for line in lines_of(doc, folded):
        if line.start < body_start or not line.folded.strip():
            continue
        if P.APPENDIX.match(line.folded) and (parts or blocks):
            body_end = line.start  # its tables are not the plan's own parts and tasks
            warnings.append(doc.warn("an appendix (附件) begins here: the plan is read up "
                                     "to it, the appendix is not", line.start))
            break
        if m := P.PART.match(line.folded):
            parts.append((line, m.group(1), m.group(2)))
            seen.note(("part", m.group(1)), line.start, line.start + m.start(2))
            block = None
            continue
        if m := P.ACTION.match(line.folded):
            measures = bool(parts) and bool(P.MEASURES.search(parts[-1][2]))
            block = _Block(line, m.group(1), m.group(2), measures)
            seen.note(("action", len(parts), m.group(1)), line.start, line.start + m.start(2))
            blocks.append(block)
            _read_inline(block, line, len(m.group(0)) - len(m.group(2)))
            continue
        if block is not None:
            _read_line(block, line, seen)
    warnings += [doc.warn(message, offset) for offset, message in seen.repeated]
    ends = _block_ends(doc, parts, blocks, body_end)
    action_no = 0
    for i, (line, numbering, title) in enumerate(parts, 1):
        end = _next_start([p[0] for p in parts], line, body_end)
        spans.append(PartSpan(line.start, _trim(doc, end), doc.text[line.start:_trim(doc, end)],
                              ordinal=i, numbering=numbering + "、", title=_orig(doc, line, title),
                              measures=bool(P.MEASURES.search(title))))
    section_no: dict[int, int] = {}
    for block, end in zip(blocks, ends, strict=True):
        block.end = end
        is_action = bool(block.goal_lines and not P.SECTION_GOAL.search(block.title)) or \
            block.has_tasks_head or _has_unit_list(block)
        if is_action:
            action_no += 1
            ordinal = action_no
        else:
            part_start = max((p[0].start for p in parts if p[0].start < block.head.start),
                             default=0)
            section_no[part_start] = section_no.get(part_start, 0) + 1
            ordinal = section_no[part_start]
        spans.append(ActionSpan(block.head.start, end, doc.text[block.head.start:end],
                                ordinal=ordinal, numbering=f"({block.numbering})",
                                title=_title(doc, block), is_action=is_action))
        spans += _goal_spans(doc, block, is_action)
        task_spans, task_warnings = _task_spans(doc, block)
        spans += task_spans
        warnings += task_warnings
        if is_action and block.goal_lines and not block.task_lines and not block.has_tasks_head:
            warnings.append(doc.warn(
                f"action ({block.numbering}) has targets but no tasks: "
                "the text seems cut off here; kept what was read", end))
    return doc.with_spans(spans, warnings)


def _read_inline(block: _Block, line: Line, title_offset: int) -> None:
    """A measures item may hold its whole paragraph on the heading line."""
    rest = Line(line.start + title_offset, line.end, line.folded[title_offset:])
    if P.UNIT_LIST.search(rest.folded):
        block.task_lines.append(rest)


class _Seen:
    """Numbered headings met so far: a repeated one is read, and said."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.first: dict[tuple, int] = {}
        self.repeated: list[tuple[int, str]] = []

    def note(self, key: tuple, start: int, end: int) -> None:
        """A heading written at START..END of the text, identified by KEY."""
        if key in self.first:
            line = self.doc.position(self.first[key])[0]
            label = self.doc.text[start:end].strip()
            self.repeated.append((start, f"{label} appears again (first on line {line}); "
                                         "both are read"))
        else:
            self.first[key] = start


def _read_line(block: _Block, line: Line, seen: _Seen) -> None:
    if m := P.GOAL_HEAD.match(line.folded):
        block.mode = "goal"
        seen.note(("goal", block.head.start), line.start, line.start + m.end())
        _keep_rest(block.goal_lines, line, m.end())
    elif m := P.TASKS_HEAD.match(line.folded):
        block.mode, block.has_tasks_head = "tasks", True
        seen.note(("tasks", block.head.start), line.start, line.start + m.end())
        _keep_rest(block.task_lines, line, m.end())
    elif block.mode == "goal":
        block.goal_lines.append(line)
    elif block.mode == "tasks" or P.UNIT_LIST.search(line.folded) or \
            P.NUMBERED_ITEM.match(line.folded):
        block.task_lines.append(line)
    else:
        block.body_lines.append(line)


def _keep_rest(into: list[Line], line: Line, offset: int) -> None:
    if line.folded[offset:].strip():
        into.append(Line(line.start + offset, line.end, line.folded[offset:]))


def _has_unit_list(block: _Block) -> bool:
    return any(P.UNIT_LIST.search(line.folded) for line in block.task_lines)


def _block_ends(doc: Document, parts: list, blocks: list[_Block], body_end: int) -> list[int]:
    starts = sorted([p[0].start for p in parts] + [b.head.start for b in blocks])
    return [_trim(doc, _next_start_offset(starts, b.head.start, body_end)) for b in blocks]


def _next_start(lines: list[Line], line: Line, default: int) -> int:
    return _next_start_offset([ln.start for ln in lines], line.start, default)


def _next_start_offset(starts: list[int], start: int, default: int) -> int:
    return min((s for s in starts if s > start), default=default)


def _trim(doc: Document, end: int) -> int:
    while end > 0 and doc.text[end - 1] in "\r\n \t":
        end -= 1
    return end


def _orig(doc: Document, line: Line, folded_part: str) -> str:
    at = line.folded.find(folded_part)
    return doc.text[line.start + at:line.start + at + len(folded_part)]


def _title(doc: Document, block: _Block) -> str:
    title = _orig(doc, block.head, block.title)
    cut = P.SENTENCE_END.search(block.title)
    return title[:cut.start()] if cut else title


def _goal_spans(doc: Document, block: _Block, is_action: bool) -> list[Span]:
    if block.goal_lines:
        lines = block.goal_lines
        start, end = lines[0].start, lines[-1].end
        return [GoalSpan(start, end, doc.text[start:end], overall=False)]
    if not is_action and P.SECTION_GOAL.search(block.title) and block.body_lines:
        start, end = block.body_lines[0].start, block.body_lines[-1].end
        return [GoalSpan(start, end, doc.text[start:end], overall=True)]
    return []


def _task_spans(doc: Document, block: _Block) -> tuple[list[Span], list[Diagnostic]]:
    spans: list[Span] = []
    warnings: list[Diagnostic] = []
    pending: list[Line] = []  # numbered items waiting for a shared unit list
    for line in block.task_lines:
        unit_list = P.UNIT_LIST.search(line.folded)
        list_start = line.start + unit_list.start() if unit_list else line.end
        if unit_list:
            spans.append(_unit_list_span(doc, line, unit_list))
            if not unit_list.group(2):
                warnings.append(doc.warn(
                    "unit list has no closing parenthesis; read it to the end of the line",
                    list_start))
        only_list = unit_list is not None and unit_list.start() == _lstrip_at(line.folded)
        if only_list and pending:
            spans += _group(doc, pending, line.end)
            pending = []
            continue
        items = _enumerated(line, list_start)
        if len(items) >= 2:
            spans.append(TaskGroupSpan(line.start, line.end, doc.text[line.start:line.end]))
            spans += [_task(doc, s, e) for s, e in items]
            continue
        if P.NUMBERED_ITEM.match(line.folded) and not unit_list:
            pending.append(line)
            continue
        if pending and unit_list and P.NUMBERED_ITEM.match(line.folded):
            spans += _group(doc, [*pending, line], line.end, list_start)
            pending = []
            continue
        spans += [_task(doc, p.start, p.end) for p in pending]
        pending = []
        spans.append(_task(doc, line.start, line.end, list_start))
    spans += [_task(doc, p.start, p.end) for p in pending]
    return spans, warnings


def _lstrip_at(text: str) -> int:
    return len(text) - len(text.lstrip())


def _group(doc: Document, items: list[Line], end: int, last_list_start: int | None = None
           ) -> list[Span]:
    start = items[0].start
    spans: list[Span] = [TaskGroupSpan(start, end, doc.text[start:end])]
    for i, item in enumerate(items):
        item_end = last_list_start if (i == len(items) - 1 and last_list_start) else item.end
        spans.append(_task(doc, item.start, item_end))
    return spans


def _enumerated(line: Line, list_start: int) -> list[tuple[int, int]]:
    """一是……;二是…… : the spans of each item, up to the unit list."""
    marks = list(P.ENUMERATED.finditer(line.folded))
    if len(marks) < 2:
        return []
    starts = [line.start + m.start(1) for m in marks]
    ends = [*starts[1:], list_start]
    return [(s, _trim_punct(line, s, e)) for s, e in zip(starts, ends, strict=True)]


def _trim_punct(line: Line, start: int, end: int) -> int:
    while end > start and line.folded[end - 1 - line.start] in ";,。 ":
        end -= 1
    return end


def _task(doc: Document, start: int, end: int, list_start: int | None = None) -> TaskSpan:
    body_end = list_start if list_start is not None else end
    head_start, head_end = _heading(doc, start, body_end)
    return TaskSpan(start, end, doc.text[start:end], heading=doc.text[head_start:head_end])


def _heading(doc: Document, start: int, end: int) -> tuple[int, int]:
    """The heading sentence: after any item number, up to the first 。 or ;."""
    folded = fold(doc.text[start:end])
    offset = 0
    if (m := P.NUMBERED_ITEM.match(folded)) or (m := P.ENUMERATED.match(folded)):
        offset = m.end()
    cut = P.SENTENCE_END.search(folded, offset)
    stop = cut.start() if cut else len(folded.rstrip(" ,"))
    return start + offset, start + stop


def _unit_list_span(doc: Document, line: Line, m) -> UnitListSpan:
    start = line.start + m.start()
    end = line.start + (m.end(2) if m.group(2) else m.end(1))
    return UnitListSpan(start, end, doc.text[start:end], closed=bool(m.group(2)))
