"""The cache of what every build computes first (kg.cache): a build that reads it writes
the bytes a build without it writes, and an edited input, a cache file cut short or a
cache folder that cannot be written never gives a wrong answer or an error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cache import cached

ROOT = Path(__file__).resolve().parent.parent
OUTPUTS = ("kg.trig", "kg.ttl", "graph.html",
           "guangzhou-sti-strong-city-action-plan-2019-2021.ann.json")


def build(out: Path, cache: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "POLICYKG_CACHE": cache}
    return subprocess.run([sys.executable, "-m", "kg", "build", "-o", str(out)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300, check=False)


def test_a_build_from_the_cache_writes_what_a_build_without_it_writes(tmp_path):
    folder = tmp_path / "cache"
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    runs = {"first": str(folder), "from the cache": str(folder), "off": "off",
            "cannot be written": str(blocked / "cache")}
    outputs = {}
    for name, cache in runs.items():
        run = build(tmp_path / name, cache)
        assert run.returncode == 0, run.stderr
        assert "Traceback" not in run.stderr
        outputs[name] = ([(tmp_path / name / f).read_bytes() for f in OUTPUTS],
                         run.stdout.replace(str(tmp_path / name), "OUT"))
        if name == "first":
            assert len(list(folder.glob("reference-*.pickle"))) == 1
    assert all(found == outputs["first"] for found in outputs.values())
    assert "task → responsible units" in outputs["first"][1]


@pytest.fixture
def cache_folder(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("POLICYKG_CACHE", str(folder))
    return folder


def test_an_edited_input_is_read_anew(tmp_path, cache_folder):
    source = tmp_path / "names.ttl"
    source.write_text("one", encoding="utf-8")
    made = []

    def read() -> str:
        made.append(source.read_text(encoding="utf-8"))
        return made[-1]

    assert cached("names", read, [source]) == "one"
    assert cached("names", read, [source]) == "one" and made == ["one"]
    source.write_text("two", encoding="utf-8")
    assert cached("names", read, [source]) == "two" and made == ["one", "two"]
    assert len(list(cache_folder.glob("names-*.pickle"))) == 1  # the older one deleted


def test_a_cache_file_cut_short_is_made_again(tmp_path, cache_folder):
    source = tmp_path / "names.ttl"
    source.write_text("one", encoding="utf-8")
    assert cached("names", lambda: ["made"], [source]) == ["made"]
    [kept] = cache_folder.glob("names-*.pickle")
    kept.write_bytes(kept.read_bytes()[:5])
    assert cached("names", lambda: ["made again"], [source]) == ["made again"]
    assert cached("names", lambda: ["not made"], [source]) == ["made again"]


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYKG_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    source = tmp_path / "names.ttl"
    source.write_text("one", encoding="utf-8")
    assert cached("names", lambda: 1, [source]) == 1
    assert cached("names", lambda: 2, [source]) == 2
    assert not list(tmp_path.rglob("*.pickle"))
