"""Responsibility tables copied as text (序號 · 重點工作 · 牽頭單位 · 配合單位 · 完成時限):
one row a line with its cells separated by tabs (or runs of spaces, or |), or one cell
a line under a header of one column name a line."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.annotate import patterns as P

_CELL_SEPS = (re.compile(r"\t"), re.compile(r"\s*\|\s*"), re.compile(r"\s{2,}"))
_ROW_NUMBER = re.compile(r"^\s*(\d{1,3})\s*$")
_COLUMN_OF = {name: role for role, names in P.TABLE_COLUMNS.items() for name in names}


@dataclass(frozen=True)
class Cell:
    start: int
    end: int
    column: str  # a key of patterns.TABLE_COLUMNS, or "other"
    empty: bool = False  # written as —, /, 無 or nothing


@dataclass(frozen=True)
class Row:
    start: int
    end: int
    cells: tuple[Cell, ...]

    def cell(self, column: str) -> Cell | None:
        """The cell of COLUMN, or None when the row leaves it empty (or writes —, /, 無)."""
        return next((c for c in self.cells if c.column == column and c.end > c.start
                     and not c.empty), None)


def _column(text: str) -> str | None:
    return _COLUMN_OF.get(text.strip())


def _split(line) -> list[tuple[int, int]]:
    """(start, end) of each cell of a delimited line: by tabs (an empty cell kept empty),
    else by |, else by runs of spaces."""
    text = line.folded.strip("\r\n")
    separator = next((s for s in _CELL_SEPS if s.search(text.strip())), None)
    if separator is None:
        return [(line.start, line.end)]
    cells, at = [], 0
    for sep in separator.finditer(text):
        cells.append((at, sep.start()))
        at = sep.end()
    cells.append((at, len(text)))
    return [(line.start + s, line.start + e) for s, e in cells]


def _header(lines, i: int) -> tuple[list[str], int, bool] | None:
    """The columns of a table header at line I, the line after it, and whether cells
    are delimited on one line (else one cell a line)."""
    cells = [lines[i].folded[s - lines[i].start:e - lines[i].start] for s, e in _split(lines[i])]
    if len(cells) >= 3 and _is_header([_column(c) for c in cells]):
        return [_column(c) or "other" for c in cells], i + 1, True
    columns = []
    j = i
    while j < len(lines) and (column := _column(lines[j].folded)):
        columns.append(column)
        j += 1
    if len(columns) >= 3 and _is_header(columns):
        return columns, j, False
    return None


def _is_header(columns: list[str | None]) -> bool:
    known = [c for c in columns if c]
    return len(known) >= 3 and "task" in known and bool({"lead", "listed"} & set(known))


def table_end(lines, i: int) -> int:
    """The index after the last line of a table starting at line I, or 0."""
    header = _header(lines, i)
    if header is None:
        return 0
    columns, j, delimited = header
    rows = _delimited_rows if delimited else _stacked_rows
    return rows(lines, j, columns)[1]


def read_rows(lines) -> list[Row]:
    columns, j, delimited = _header(lines, 0)
    rows = _delimited_rows if delimited else _stacked_rows
    return rows(lines, j, columns)[0]


def _delimited_rows(lines, j: int, columns: list[str]) -> tuple[list[Row], int]:
    rows = []
    while j < len(lines) and len(cells := _split(lines[j])) >= 2:
        cells = [_stripped(lines[j], s, e) for s, e in cells]
        rows.append(Row(lines[j].start, lines[j].end, tuple(
            Cell(s, e, column, _is_empty(lines[j], s, e))
            for (s, e), column in zip(cells, columns, strict=False))))
        j += 1
    return rows, j


def _stacked_rows(lines, j: int, columns: list[str]) -> tuple[list[Row], int]:
    """One cell a line; a row starts at a line holding only its number."""
    rows = []
    numbered = columns[0] == "number"
    while j < len(lines) and (not numbered or _ROW_NUMBER.match(lines[j].folded)):
        k = j + 1
        while k < len(lines) and k - j < len(columns) and not (
                numbered and _ROW_NUMBER.match(lines[k].folded)):
            k += 1
        cells = tuple(Cell(line.start + _lead(line.folded), line.end, column,
                           _is_empty(line, line.start, line.end))
                      for line, column in zip(lines[j:k], columns, strict=False))
        rows.append(Row(lines[j].start, lines[k - 1].end, cells))
        j = k
        if not numbered:
            break
    return rows, j


def _is_empty(line, start: int, end: int) -> bool:
    return line.folded[start - line.start:end - line.start].strip() in ("", "—", "-", "/", "无",
                                                                       "——", "\\")


def _stripped(line, start: int, end: int) -> tuple[int, int]:
    text = line.folded
    while start < end and text[start - line.start] in " \t":
        start += 1
    while end > start and text[end - 1 - line.start] in " \t":
        end -= 1
    return start, end


def _lead(text: str) -> int:
    return len(text) - len(text.lstrip())
