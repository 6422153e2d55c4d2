"""Command line: what `policykg build` prints: progress, counts, warnings and the owner
table."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from kg.cli.formats import plural, table
from kg.document import ActionSpan, TargetSpan, TaskSpan, UnitMention
from kg.outputs import drawn_whole
from kg.pipeline import BuildResult

QUESTIONS = ("task-owners",)  # the named queries the summary asks
OWNER_TABLE_LIMIT = 3  # documents
OWNER_ROWS_SHOWN = 40  # tasks; the rest are one query away
BAR_WIDTH = 30


def progress_printer(quiet: bool) -> Callable[[int, int, Path], None] | None:
    if quiet or not sys.stderr.isatty():
        return None

    def show(done: int, total: int, path: Path) -> None:
        filled = BAR_WIDTH * done // total
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        end = "\n" if done == total else ""
        print(f"\r[{bar}] {done}/{total} {path.name[:40]:<40}", end=end, file=sys.stderr,
              flush=True)

    return show


def build_summary(result: BuildResult, written: dict[str, Path | None],
                  kg: str | None = None) -> str:
    """What a build read and wrote; the owner table of up to three documents; how to ask
    the graph more (KG: the --kg a query needs to read it, None for the default)."""
    lines = []
    shown = result.documents if len(result.documents) <= OWNER_TABLE_LIMIT else []
    if not shown:
        tasks = tasks_of(result)
        warnings = sum(len(d.diagnostics) for d in result.documents)
        lines.append(f"{plural(len(result.documents), 'document')}, {plural(tasks, 'task')}, "
                     f"{plural(warnings, 'warning')} (above, and in each document's .ann.json)")
    for doc in shown:
        actions = doc.of(ActionSpan)
        units = {u.ref or u.name for u in doc.of(UnitMention)}
        warnings = (f", {plural(len(doc.diagnostics), 'warning')} (above)"
                    if doc.diagnostics else "")
        lines.append(f"{doc.source}: {plural(len(actions), 'action')}, "
                     f"{plural(len(doc.of(TaskSpan)), 'task')}, "
                     f"{plural(len(doc.of(TargetSpan)), 'target')}, "
                     f"{plural(len(units), 'unit')}{warnings}")
    lines.append(f"inferred {plural(result.inferred, 'triple')}; SHACL: "
                 + ("conforms" if result.report is None or result.report.conforms
                    else f"{plural(len(result.report.violations), 'problem')} "
                         "(policykg validate)"))
    lines += [f"wrote {path}" for path in written.values() if path]
    option = f" --kg {kg}" if kg else ""
    if not result.store and not drawn_whole(result.documents):
        lines.append(f"no graph page: {plural(len(result.documents), 'document')} with "
                     f"{plural(tasks_of(result), 'task')} is more than one page shows well; "
                     f"draw a part: policykg viz{option} --view unit --unit 市科技局")
    if len(result.documents) <= OWNER_TABLE_LIMIT:
        columns, rows = result.rows("task-owners")
        lines += ["", "task → responsible units", owner_table(columns, rows, option), "",
                  f"ask more: policykg queries lists the questions; policykg query "
                  f"unit-tasks{option} --param unit=市科技局"]
    else:
        lines.append(f"{plural(len(result.documents), 'document')}: `policykg query "
                     f"task-owners{option}` lists their tasks and owners")
    return "\n".join(lines)


def tasks_of(result: BuildResult) -> int:
    return sum(len(d.of(TaskSpan)) for d in result.documents)


def owner_table(columns: list[str], rows: list[dict], option: str = "") -> str:
    """One line per task: its number, heading and units in order (lead first); the
    first OWNER_ROWS_SHOWN tasks, and how to list them all."""
    tasks: dict[tuple, dict] = {}
    for row in rows:
        key = (str(row.get("document", "")), int(row["action_no"]), int(row["task_no"]))
        entry = tasks.setdefault(key, {"task": f"{key[1]}.{key[2]}", "heading": str(row["task"]),
                                       "units": []})
        if row.get("unit_short") is not None:
            entry["units"].append(str(row["unit_short"]))
    shown = [{"task": t["task"], "heading": _cut(t["heading"], 24),
              "units": "、".join(t["units"]) or "(none)"} for t in tasks.values()]
    text = table(["task", "heading", "units"], shown[:OWNER_ROWS_SHOWN]).rstrip("\n")
    if len(shown) > OWNER_ROWS_SHOWN:
        text += (f"\n… and {plural(len(shown) - OWNER_ROWS_SHOWN, 'more task')}: policykg "
                 f"query task-owners{option}")
    return text


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
