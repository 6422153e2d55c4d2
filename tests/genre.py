"""Score the parser on full-length plans of the genre: `make genre` (python -m tests.genre).

Each plan in tests/data/plans/{dev,late} has expected facts read by hand
(tests/data/plans/README.md says how). The facts the parser gives are read through the
named queries task-owners and targets, as a user would read them. Printed per plan: F1 of
tasks (id and heading), units (task, name, role), leads (task, name), deadlines and targets
(every field), and what was missed (-) or wrongly added (+)."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from kg.pipeline import build
from kg.query import query_rows
from kg.read import fold

DATA = Path(__file__).parent / "data"
PLANS = DATA / "plans"
SEED = Path(__file__).parent.parent / "data" / "guangzhou-sti-strong-city-action-plan-2019-2021.txt"
ASPECTS = ("tasks", "units", "leads", "due", "targets")


@dataclass(frozen=True)
class Score:
    aspect: str
    expected: Counter
    found: Counter

    @property
    def f1(self) -> float:
        if not self.expected and not self.found:
            return 1.0
        hit = sum((self.expected & self.found).values())
        return 2 * hit / (sum(self.expected.values()) + sum(self.found.values()))

    def missed(self) -> list:
        return sorted((self.expected - self.found).elements())

    def added(self) -> list:
        return sorted((self.found - self.expected).elements())


def _s(value) -> str:
    return "" if value is None else str(value)


def read_facts(path: Path) -> dict:
    """The facts the parser gives for one plan, in the expected.json form."""
    dataset = build([path], reason=False, validate=False).dataset
    tasks: dict[str, dict] = {}
    for row in query_rows(dataset, "task-owners")[1]:
        task = tasks.setdefault(_s(row["task_id"]), {
            "id": _s(row["task_id"]), "heading": _s(row["task"]), "units": [],
            "due": _s(row["due"])})
        if row.get("unit_short") is not None:
            task["units"].append(f"{row['unit_short']}/{row['role']}")
    targets = [{
        "scope": _s(row["task_id"]) or _s(row["action_no"]), "indicator": _s(row["indicator"]),
        "year": int(_s(row["year"])), "cmp": _s(row["comparator"]), "value": _s(row["value"]),
        "max": _s(row["value_max"]), "unit": _s(row["unit_of_measure"]),
        "asp": _s(row["aspirational"]) == "true", "kind": _s(row["kind"]),
        "change": _s(row["change"]), "yearly": _s(row["yearly"]) == "true"}
        for row in query_rows(dataset, "targets")[1]]
    return {"tasks": list(tasks.values()), "targets": targets}


def _key(text: str) -> str:
    return fold(text).replace(" ", "")


def facts_of(facts: dict, aspect: str) -> Counter:
    tasks = facts["tasks"]
    if aspect == "tasks":
        return Counter(f"{t['id']} {_key(t['heading'])}" for t in tasks)
    if aspect == "units":
        return Counter(f"{t['id']} {_key(u)}" for t in tasks for u in t["units"])
    if aspect == "leads":
        return Counter(f"{t['id']} {_key(u)}" for t in tasks for u in t["units"]
                       if u.endswith("/lead"))
    if aspect == "due":
        return Counter(f"{t['id']} {t['due']}" for t in tasks if t.get("due"))
    return Counter(
        "|".join(_key(str(t[k])) if k == "indicator" else str(t[k]) for k in (
            "scope", "indicator", "year", "cmp", "value", "max", "unit", "asp", "kind",
            "change", "yearly"))
        for t in facts["targets"])


def expected_facts(path: Path) -> dict:
    if path == SEED:
        return seed_facts()
    return json.loads(path.with_suffix(".expected.json").read_text("utf-8"))


def seed_facts() -> dict:
    """The seed's facts as checked by hand (tests/data/seed_facts.json), in this form."""
    facts = json.loads((DATA / "seed_facts.json").read_text("utf-8"))
    targets = []
    for line in facts["targets"]:
        action, rest = line.split(" ", 1)
        *indicator, year, cmp, value, value_max, unit, asp, kind = rest.split(" ")
        targets.append({"scope": action, "indicator": " ".join(indicator), "year": int(year),
                        "cmp": cmp, "value": value, "max": value_max, "unit": unit,
                        "asp": asp == "true", "kind": kind, "change": "", "yearly": False})
    tasks = [{"id": t["task"], "heading": t["heading"], "units": t["units"]}
             for t in facts["tasks"]]
    return {"tasks": tasks, "targets": targets}


def score(path: Path) -> list[Score]:
    expected, found = expected_facts(path), read_facts(path)
    return [Score(a, facts_of(expected, a), facts_of(found, a)) for a in ASPECTS]


def plans(which: str) -> list[Path]:
    if which == "seed":
        return [SEED]
    return sorted((PLANS / which).glob("*.txt"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make genre", description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="*", default=["seed", "dev", "late"],
                        help="seed, or plan sets under tests/data/plans (default: all)")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="list every fact missed (-) or added (+)")
    args = parser.parse_args(argv)
    print(f"{'plan':<32}" + "".join(f"{a:>9}" for a in ASPECTS))
    for which in args.sets:
        for path in plans(which):
            scores = score(path)
            name = "seed" if path == SEED else f"{which}/{path.stem}"
            print(f"{name:<32}" + "".join(f"{s.f1:>9.2f}" for s in scores))
            if args.verbose:
                for s in scores:
                    for fact in s.missed():
                        print(f"    - {s.aspect}: {fact}")
                    for fact in s.added():
                        print(f"    + {s.aspect}: {fact}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
