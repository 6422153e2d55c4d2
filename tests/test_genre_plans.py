"""The parser on full-length plans of the genre: the seed and the development plans
(tests/data/plans/dev, expected facts read by hand) must come out exact. `make genre`
prints the same scores as a table, the late plans included."""

from __future__ import annotations

from pathlib import Path

import pytest
from genre import ASPECTS, SEED, Score, facts_of, plans, score, seed_facts

CASES = [SEED, *plans("dev")]


@pytest.mark.parametrize("plan", CASES, ids=["seed" if p == SEED else p.stem for p in CASES])
def test_plan_reads_exactly_as_a_careful_reader_does(plan: Path) -> None:
    scores = score(plan)
    wrong = {s.aspect: {"missed": s.missed(), "added": s.added()} for s in scores if s.f1 < 1}
    assert not wrong, wrong


def test_the_score_falls_when_a_fact_is_missed_or_added():
    expected = seed_facts()
    found = seed_facts()
    found["tasks"][0]["units"].pop()  # one unit missed
    found["targets"].append({**found["targets"][0], "year": 2099})  # one target added
    f1 = {a: Score(a, facts_of(expected, a), facts_of(found, a)).f1 for a in ASPECTS}
    assert f1["tasks"] == 1 and f1["leads"] == 1
    assert f1["units"] == pytest.approx(2 * 61 / (62 + 61))
    assert f1["targets"] == pytest.approx(2 * 74 / (74 + 75))
