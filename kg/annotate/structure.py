"""Structure: roles given to the outline's nodes by what they hold, not by their depth.

- A task is a node that carries a responsibility annotation, or one of several items
  that share one (一是…三是…(責任單位:…), or items followed by an annotation of their
  own line), or a stretch of a paragraph that ends at one of its annotations, or a row
  of a responsibility table. Items written like annotated tasks beside them are tasks
  with no units.
- An action is the nearest numbered item above a task (skipping headings such as
  2.主要任務); a part that holds tasks directly is an action too. An item beside
  actions that holds a goal block is an action whose tasks are missing (said).
- A goal block is an item headed 工作目標/總體目標…, or a paragraph opening with such a
  label; parts headed 保障措施/組織實施 are measures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.annotate import patterns as P
from kg.annotate import responsibility, table, timex
from kg.annotate.outline import Line, Marker, Node, NumberingNote, lines_of, read_outline
from kg.annotate.responsibility import Annotation
from kg.document import (
    ActionSpan,
    Diagnostic,
    Document,
    GoalSpan,
    PartSpan,
    SectionSpan,
    Span,
    TaskGroupSpan,
    TaskSpan,
    UnitListSpan,
)

_PART_STYLES = ("cn", "chapter")
_SENTENCE_END = "。;:?!"


@dataclass
class _Task:
    start: int
    end: int
    head_start: int  # where its heading sentence starts (after any marker)
    owner: Node  # the node the task was read from
    annotations: list[Annotation] = field(default_factory=list)
    group: tuple[int, int] | None = None  # a shared annotation's reach
    due: str = ""
    head_end: int | None = None  # where the heading must stop (a table cell's end)


def annotate_structure(doc: Document, folded: str, body_start: int) -> Document:
    reader = _Reader(doc, folded, body_start)
    spans = reader.spans()
    return doc.with_spans(spans, sorted(reader.warnings, key=lambda d: (d.line, d.column)))


class _Reader:
    def __init__(self, doc: Document, folded: str, body_start: int) -> None:
        self.doc, self.folded = doc, folded
        self.warnings: list[Diagnostic] = []
        lines = [ln for ln in lines_of(doc.text, folded) if ln.start >= body_start]
        lines = self._before_appendix(lines)
        outline = read_outline(lines, lambda node: _is_subheading(folded, node))
        self.root = outline.root
        self.warnings += [self._numbering_warning(note) for note in outline.notes]
        self.annotations: dict[int, list[Annotation]] = {}
        self.standalone: set[int] = set()
        for node in self.root.walk():
            self._read_annotations(node)

    # -- reading ---------------------------------------------------------------------
    def _before_appendix(self, lines: list[Line]) -> list[Line]:
        for i, line in enumerate(lines):
            if i and P.APPENDIX.match(line.folded):
                self.warnings.append(self.doc.warn(
                    "an appendix (附件) begins here: the plan is read up to it, the "
                    "appendix is not", line.start))
                return lines[:i]
        return lines

    def _read_annotations(self, node: Node) -> None:
        if node.kind == "fields":
            found = responsibility.in_fields(self.folded, node.start, node.own_end)
            self.annotations[id(node)] = [found] if found else []
            self.standalone.add(id(node))
        elif node.kind in ("item", "paragraph"):
            found = responsibility.in_paragraph(self.folded, node.text_start, node.line.end)
            self.annotations[id(node)] = found
            if len(found) == 1 and not self._text(node.text_start, found[0].start).strip(
                    " 。;,.") and node.kind == "paragraph":
                self.standalone.add(id(node))

    def _numbering_warning(self, note: NumberingNote) -> Diagnostic:
        label = self._label(note.marker, note.previous)
        previous = note.previous.marker.label(self.doc.text)
        if note.kind == "repeat":
            line = self.doc.position(note.previous.start)[0]
            message = f"{label} appears again (first on line {line}); both are read"
        elif note.kind == "gap":
            message = f"{label} follows {previous}: a number is missing between them"
        else:
            message = f"{label} follows {previous}: the numbering goes back"
        return self.doc.warn(message, note.marker.start)

    def _label(self, marker: Marker, like: Node) -> str:
        """The marker, with the heading word when it heads a list (2.主要任務。)."""
        if not _is_subheading(self.folded, like):
            return marker.label(self.doc.text)
        line_end = self.folded.find("\n", marker.end)
        title = self.folded[marker.end:line_end if line_end >= 0 else len(self.folded)]
        heading = P.TASKS_HEADING.match(title) or P.GOAL_HEADING.match(title)
        return self.doc.text[marker.start:marker.end + heading.end()].strip()

    def _text(self, start: int, end: int) -> str:
        return self.folded[start:end]

    def own(self, node: Node) -> list[Annotation]:
        return self.annotations.get(id(node), [])

    # -- roles -----------------------------------------------------------------------
    def spans(self) -> list[Span]:
        tasks = self._tasks()
        actions = self._actions(tasks)
        spans: list[Span] = []
        spans += self._parts()
        spans += self._action_spans(actions, tasks)
        spans += self._sections(actions, tasks)
        spans += self._goals(actions)
        spans += self._task_spans(tasks)
        self._say_unassigned(tasks, actions)
        return spans

    def _say_unassigned(self, tasks: list[_Task], actions: list[Node]) -> None:
        """A task that names no responsible unit is said, with the id an analyst types."""
        numbers: dict[int, int] = {}
        for task in tasks:
            action = self._action_of(task)
            if action not in actions:
                self.warnings.append(self.doc.warn(
                    "a task here sits under no numbered part or item: it is not in the graph",
                    task.head_start))
                continue
            number = numbers[id(action)] = numbers.get(id(action), 0) + 1
            if task.annotations or task.owner.kind == "table":
                continue
            where = f"{actions.index(action) + 1}.{number}" if action in actions else "a task"
            head_start, head_end = _heading(self.folded, task, task.end)
            self.warnings.append(self.doc.warn(
                f"task {where} ({self.doc.text[head_start:head_end][:30]}) names no "
                "responsible unit", task.head_start))

    def _tasks(self) -> list[_Task]:
        tasks: list[_Task] = []
        for node in self.root.walk():
            if id(node) in self.standalone:
                tasks += self._shared(node)
            elif node.kind == "table":
                tasks += self._table_tasks(node)
            elif self.own(node):
                tasks += self._annotated(node)
        tasks = self._merge_titles(tasks)
        tasks += self._unannotated(tasks)
        return sorted(tasks, key=lambda t: t.start)

    def _annotated(self, node: Node) -> list[_Task]:
        found = self.own(node)
        items = _inline_items(self.folded, node.text_start, node.line.end)
        if items:
            return self._inline_tasks(node, items, found)
        tasks, start = [], node.start
        for i, annotation in enumerate(found):
            end = node.body_end if i == len(found) - 1 else annotation.end
            head = node.text_start if i == 0 else _skip_space(self.folded, start)
            tasks.append(_Task(start, end, head, node, [annotation], due=annotation.due))
            start = annotation.end
        return tasks

    def _inline_tasks(self, node: Node, items: list[tuple[int, int]],
                      found: list[Annotation]) -> list[_Task]:
        """一是…二是…: one task an item. An annotation inside an item is its own; one
        after the items that no item has of its own is shared by all of them."""
        ends = [*(s for s, _ in items[1:]), node.line.end]
        tasks = []
        for (start, head), end in zip(items, ends, strict=True):
            own = [a for a in found if start <= a.start < end]
            stop = own[-1].end if own else _trim(self.folded, start, end)
            tasks.append(_Task(start, stop, head, node, own, due=own[0].due if own else ""))
        shared = [a for a in found if a.start >= items[-1][0] and not any(
            t.start <= a.start < t.end for t in tasks[:-1])]
        if shared and not any(t.annotations for t in tasks[:-1]):
            annotation = shared[0]
            group = (node.start, node.body_end)
            last = tasks[-1]
            tasks[-1] = _Task(last.start, _trim(self.folded, last.start, annotation.start),
                              last.head_start, node)
            tasks = [_Task(t.start, t.end, t.head_start, node, [annotation], group=group,
                           due=annotation.due) for t in tasks]
        return tasks

    def _shared(self, node: Node) -> list[_Task]:
        """A standalone annotation belongs to the unannotated items just before it, or,
        when it opens its item's body, to that item (and the unannotated items of its
        style just before the item)."""
        annotations = self.own(node)
        if not annotations:
            return []
        parent = node.parent
        run = _trailing_run(_preceding(node), self._free)
        if not run:
            if parent.kind != "item":
                return []
            run = [*_trailing_run(_preceding(parent), lambda n: self._free(n) and
                                  _same_style(n, parent)), parent]
        due = annotations[0].due
        if len(run) == 1:
            item = run[0]
            return [_Task(item.start, node.own_end, item.text_start, item, annotations, due=due)]
        group = (run[0].start, node.own_end)
        return [_Task(n.start, _trim_end(self.doc.text, min(n.body_end, node.start)),
                      n.text_start, n, annotations, group=group, due=due) for n in run]

    def _free(self, node: Node) -> bool:
        """An item or paragraph with no annotation of its own or in it (and not a bare
        list of unit names, which is said by the units reader)."""
        return node.kind in ("item", "paragraph") and not self.own(node) and not any(
            self.own(n) for n in node.walk()) and not _is_heading(self.folded, node) and \
            not responsibility.names_only(self.folded, node.text_start, node.line.end)

    def _table_tasks(self, node: Node) -> list[_Task]:
        tasks = []
        for row in table.read_rows(node.lines):
            task_cell = row.cell("task")
            if task_cell is None:
                continue
            due_cell = row.cell("due")
            due = timex.deadline(self._text(due_cell.start, due_cell.end)) if due_cell else ""
            tasks.append(_Task(row.start, row.end, task_cell.start, node, due=due,
                               head_end=task_cell.end))
        return tasks

    def _merge_titles(self, tasks: list[_Task]) -> list[_Task]:
        """An item whose line is only its title and whose one paragraph carries the
        annotation is one task: the item."""
        merged = []
        for task in tasks:
            owner, parent = task.owner, task.owner.parent
            if (owner.kind == "paragraph" and task.group is None and parent.kind == "item"
                    and _title_only(self.folded, parent)
                    and not _is_heading(self.folded, parent)
                    and [c for c in parent.children if id(c) not in self.standalone] == [owner]
                    and sum(t.owner is owner for t in tasks) == 1):
                task = _Task(parent.start, max(task.end, parent.body_end), parent.text_start,
                             parent, task.annotations, due=task.due)
            merged.append(task)
        return merged

    def _unannotated(self, tasks: list[_Task]) -> list[_Task]:
        """Items and paragraphs written like the annotated tasks beside them."""
        owners = {id(t.owner) for t in tasks}
        holders = {id(a) for t in tasks for a in t.owner.ancestors()}
        found = []
        for task in tasks:
            parent = task.owner.parent
            if task.group is not None or self._in_measures(task.owner):
                continue
            for sibling in parent.children:
                if (id(sibling) not in owners and id(sibling) not in holders
                        and _same_style(sibling, task.owner) and self._free(sibling)
                        and id(sibling) not in self.standalone
                        and not _is_goal(self.folded, sibling)
                        and not self._text(sibling.text_start, sibling.line.end)
                        .rstrip().endswith(":")):
                    owners.add(id(sibling))
                    found.append(_Task(sibling.start, sibling.body_end, sibling.text_start,
                                       sibling))
        if not tasks:
            found += self._under_task_headings()
        return found

    def _under_task_headings(self) -> list[_Task]:
        """A plan with no annotations at all: the innermost items under 主要任務."""
        found = []
        for node in self.root.walk():
            if node.kind == "item" and P.TASKS_HEADING.match(self._title(node)):
                for leaf in _innermost(node):
                    if not (_is_goal(self.folded, leaf) or _is_heading(self.folded, leaf) or
                            any(_is_goal(self.folded, a) for a in leaf.ancestors())):
                        found.append(_Task(leaf.start, leaf.body_end, leaf.text_start, leaf))
        return found

    def _in_measures(self, node: Node) -> bool:
        part = self._part_of(node)
        return part is not None and bool(P.MEASURES.search(self._title(part)))

    def _part_of(self, node: Node) -> Node | None:
        top = [node, *node.ancestors()][-1]
        return top if _is_part(top) else None

    def _title(self, node: Node) -> str:
        return self._text(node.text_start, node.line.end).strip()

    # -- actions ---------------------------------------------------------------------
    def _actions(self, tasks: list[_Task]) -> list[Node]:
        actions: dict[int, Node] = {}
        for task in tasks:
            if (action := self._action_of(task)) is not None:
                actions[id(action)] = action
        for node in self.root.walk():
            if id(node) not in actions and self._is_cut_action(node, actions):
                actions[id(node)] = node
        return sorted(actions.values(), key=lambda n: n.start)

    def _action_of(self, task: _Task) -> Node | None:
        """The nearest item above the task; a heading such as 2.主要任務 only when no
        other item is above it."""
        owner = task.owner
        candidates = [n for n in owner.ancestors() if n.kind == "item"]
        if task.group is not None and owner.kind == "item" and _inline_owned(task, owner):
            candidates.insert(0, owner)  # 一是…二是… of a numbered item: the item acts
        acting = [n for n in candidates if not _is_subheading(self.folded, n)]
        return (acting or candidates or [None])[0]

    def _is_cut_action(self, node: Node, actions: dict[int, Node]) -> bool:
        """An item beside actions, of their style, holding a goal block of its own."""
        if node.kind != "item" or _is_goal(self.folded, node) or _is_part(node) or \
                P.PREAMBLE.search(self._title(node)):
            return False
        siblings = [c for c in node.parent.children if id(c) in actions]
        return bool(siblings) and all(_same_style(node, s) for s in siblings) and any(
            _is_goal(self.folded, c) for c in node.children)

    # -- spans -----------------------------------------------------------------------
    def _parts(self) -> list[Span]:
        spans = []
        for i, part in enumerate([n for n in self.root.children if _is_part(n)], 1):
            end = _trim_end(self.doc.text, part.end)
            title = self._original_title(part)
            spans.append(PartSpan(part.start, end, self.doc.text[part.start:end], ordinal=i,
                                  numbering=self._numbering(part),
                                  title=title, measures=bool(P.MEASURES.search(
                                      self._title(part)))))
        return spans

    def _numbering(self, node: Node) -> str:
        """The marker, half-width: (一), 1., 一、"""
        return node.marker.label(self.folded).replace(" ", "")

    def _original_title(self, node: Node) -> str:
        end = node.line.end
        while end > node.text_start and self.doc.text[end - 1] in " \t":
            end -= 1
        return self.doc.text[node.text_start:end]

    def _action_title(self, node: Node) -> str:
        title = self._original_title(node)
        cut = _sentence_cut(self.folded, node.text_start, node.line.end)
        return title[:cut - node.text_start] if cut is not None else title

    def _action_spans(self, actions: list[Node], tasks: list[_Task]) -> list[Span]:
        spans = []
        with_tasks = {id(self._action_of(t)) for t in tasks}
        for i, action in enumerate(actions, 1):
            end = _trim_end(self.doc.text, action.end)
            spans.append(ActionSpan(action.start, end, self.doc.text[action.start:end],
                                    ordinal=i, numbering=self._numbering(action),
                                    title=self._action_title(action)))
            if id(action) not in with_tasks and any(
                    _is_goal(self.folded, c) for c in action.children):
                self.warnings.append(self.doc.warn(
                    f"action {action.marker.label(self.doc.text)} has targets but no tasks: "
                    "the text seems cut off here; kept what was read", end))
        return spans

    def _sections(self, actions: list[Node], tasks: list[_Task]) -> list[Span]:
        """Items of a part (or of the document) that are neither actions nor tasks."""
        taken = {id(a) for a in actions} | {id(t.owner) for t in tasks}
        spans = []
        containers = [n for n in self.root.children if _is_part(n)] or [self.root]
        for container in containers:
            number = 0
            for item in container.children:
                if item.kind != "item" or id(item) in taken or _is_part(item):
                    continue
                number += 1
                end = _trim_end(self.doc.text, item.end)
                spans.append(SectionSpan(item.start, end, self.doc.text[item.start:end],
                                         ordinal=number,
                                         numbering=self._numbering(item),
                                         title=self._action_title(item)))
        return spans

    def _goals(self, actions: list[Node]) -> list[Span]:
        """Goal blocks: items and paragraphs headed 工作目標…, and boxes (專欄) whose
        title is read with them (專欄1 到2023年主要發展指標)."""
        spans = []
        for node in self.root.walk():
            if node.kind not in ("item", "paragraph"):
                continue
            heading = P.GOAL_HEADING.match(self._text(node.text_start, node.line.end))
            if (heading is None and not node.is_box) or any(
                    _is_goal(self.folded, a) for a in node.ancestors()):
                continue  # a box inside a goal block is read with the block
            start = _skip_space(self.folded, node.text_start + (heading.end() if heading else 0))
            if start >= node.line.end:
                if not node.children:
                    continue
                start = node.children[0].start
            end = _trim_end(self.doc.text, node.end)
            overall = not any(a in actions for a in node.ancestors())
            spans.append(GoalSpan(start, end, self.doc.text[start:end], overall=overall))
        return spans

    def _task_spans(self, tasks: list[_Task]) -> list[Span]:
        spans: list[Span] = []
        groups = sorted({t.group for t in tasks if t.group is not None})
        for start, end in groups:
            end = _trim_end(self.doc.text, end)
            spans.append(TaskGroupSpan(start, end, self.doc.text[start:end]))
        for task in tasks:
            end = _trim_end(self.doc.text, task.end)
            head_start, head_end = _heading(self.folded, task, end)
            due = task.due or _deadline_in(self.folded, task.start, end)
            spans.append(TaskSpan(task.start, end, self.doc.text[task.start:end],
                                  heading=self.doc.text[head_start:head_end], due=due))
        seen: set[int] = set()
        for task in tasks:
            for annotation in task.annotations:
                if annotation.start in seen:
                    continue
                seen.add(annotation.start)
                spans.append(UnitListSpan(annotation.start, annotation.end,
                                          self.doc.text[annotation.start:annotation.end],
                                          closed=annotation.closed))
                if not annotation.closed:
                    self.warnings.append(self.doc.warn(
                        "unit list has no closing parenthesis; read it to the end of the line",
                        annotation.start))
        spans += self._table_unit_lists(tasks)
        return spans

    def _table_unit_lists(self, tasks: list[_Task]) -> list[Span]:
        spans = []
        for node in {id(t.owner): t.owner for t in tasks if t.owner.kind == "table"}.values():
            for row in table.read_rows(node.lines):
                for column in ("lead", "support", "listed"):
                    if cell := row.cell(column):
                        spans.append(UnitListSpan(cell.start, cell.end,
                                                  self.doc.text[cell.start:cell.end],
                                                  closed=True, column=column))
        return spans


# -- helpers over the outline -----------------------------------------------------------
def _is_part(node: Node) -> bool:
    return node.kind == "item" and node.marker.style in _PART_STYLES and node.depth == 0


def _same_style(a: Node, b: Node) -> bool:
    if a.kind != b.kind:
        return False
    return a.kind != "item" or a.marker.style == b.marker.style


def _is_heading(folded: str, node: Node) -> bool:
    """2.主要任務 and 1.工作目標: headings of what follows, not tasks or actions."""
    title = folded[node.text_start:node.line.end]
    return bool(P.TASKS_HEADING.match(title) or P.GOAL_HEADING.match(title)) and \
        node.kind == "item"


def _is_subheading(folded: str, node: Node) -> bool:
    """A heading inside an item (2.主要任務 of an action), not a part (二、重點任務)."""
    return _is_heading(folded, node) and node.depth > 0


def _is_goal(folded: str, node: Node) -> bool:
    return node.kind in ("item", "paragraph") and (node.is_box or bool(
        P.GOAL_HEADING.match(folded[node.text_start:node.line.end])))


def _title_only(folded: str, node: Node) -> bool:
    text = folded[node.text_start:node.line.end].strip()
    cut = next((i for i, ch in enumerate(text) if ch in _SENTENCE_END), None)
    return cut is None or not text[cut + 1:].strip()


def _trailing_run(nodes: list[Node], keep) -> list[Node]:
    run: list[Node] = []
    for node in reversed(nodes):
        if not keep(node):
            break
        run.insert(0, node)
    return run


def _preceding(node: Node) -> list[Node]:
    siblings = node.parent.children
    return siblings[:siblings.index(node)]


def _innermost(node: Node) -> list[Node]:
    items = [c for c in node.children if c.kind == "item"]
    if not items:
        return [c for c in node.children if c.kind == "paragraph"]
    leaves = []
    for item in items:
        inner = [c for c in item.children if c.kind == "item"]
        leaves += _innermost(item) if inner else [item]
    return leaves


def _inline_owned(task: _Task, owner: Node) -> bool:
    return owner.text_start <= task.start < owner.line.end


def _inline_items(folded: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, heading start) of each 一是… item of a paragraph, when there are two or
    more numbered in sequence from 1."""
    items = [(start + m.start() + (len(m.group(0)) - len(m.group(0).lstrip())), start + m.end())
             for m in P.INLINE_ITEM.finditer(folded[start:end])]
    return items if len(items) >= 2 else []


def _heading(folded: str, task: _Task, end: int) -> tuple[int, int]:
    """The heading sentence: from after the marker to the first 。 ; : ? !"""
    start = _skip_space(folded, task.head_start)
    limit = min(end, task.annotations[0].start) if task.annotations and \
        task.annotations[0].start > start else end
    line_end = folded.find("\n", start, limit)
    limit = line_end if line_end >= 0 else limit
    limit = min(limit, task.head_end) if task.head_end is not None else limit
    cut = _sentence_cut(folded, start, limit)
    stop = cut if cut is not None else limit
    while stop > start and folded[stop - 1] in " ,、\t":
        stop -= 1
    return start, stop


def _sentence_cut(folded: str, start: int, end: int) -> int | None:
    depth = 0
    for i in range(start, end):
        ch = folded[i]
        if ch in "“(《":
            depth += 1
        elif ch in "”)》":
            depth = max(0, depth - 1)
        elif depth == 0 and (ch in _SENTENCE_END or (ch == "." and not (
                i + 1 < end and folded[i + 1].isascii() and (
                    folded[i + 1].isalnum() or folded[i + 1] == "_")))):
            return i
    return None


def _deadline_in(folded: str, start: int, end: int) -> str:
    m = timex.deadline_phrase(folded[start:end])
    return timex.deadline(m.group(0)) if m else ""


def _skip_space(folded: str, at: int) -> int:
    while at < len(folded) and folded[at] in " \t":
        at += 1
    return at


def _trim(folded: str, start: int, end: int) -> int:
    while end > start and folded[end - 1] in ";,。 \t":
        end -= 1
    return end


def _trim_end(text: str, end: int) -> int:
    while end > 0 and text[end - 1] in "\r\n \t":
        end -= 1
    return end
