"""The facts a document yields through the contract queries, in a comparable form."""

from __future__ import annotations

from kg.pipeline import BuildResult
from kg.query import query_rows


def _s(value) -> str:
    return "" if value is None else str(value)


def facts(result: BuildResult) -> dict:
    ds = result.dataset
    tasks: dict[str, dict] = {}
    for row in query_rows(ds, "task-owners")[1]:
        key = f"{row['action_no']}.{row['task_no']}"
        task = tasks.setdefault(key, {"task": key, "heading": str(row["task"]), "units": []})
        if row.get("unit_short") is not None:
            task["units"].append(f"{row['unit_short']}/{row['role']}")
    targets = [
        " ".join(_s(row[c]) for c in ("action_no", "indicator", "year", "comparator", "value",
                                     "value_max", "unit_of_measure", "aspirational", "kind"))
        for row in query_rows(ds, "targets")[1]
    ]
    places = [f"{r['action_no']}.{r['task_no']} {r['place']}"
              for r in query_rows(ds, "task-places")[1]]
    institutions = [f"{r['action_no']}.{r['task_no']} {r['institution']}"
                    for r in query_rows(ds, "task-institutions")[1]]
    doc = result.documents[0]
    return {"script": doc.script, "tasks": list(tasks.values()), "targets": targets,
            "places": places, "institutions": institutions,
            "warnings": [f"{d.line}:{d.column} {d.message}" for d in doc.diagnostics]}
