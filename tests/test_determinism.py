"""The same bytes on every run and in every triple store: every named query, in CSV and
JSON, on rdflib's engine (over the Dataset a build gives), on Oxigraph in memory (`policykg
query --kg kg.trig`), on the on-disk store `build --store` makes (`--kg oxigraph:DIR`)
and on a plain `oxigraph serve` (no union default graph) that `policykg push` filled
(`--endpoint`), each in a fresh Python under three hash seeds: rdflib's engine iterates
sets, whose order PYTHONHASHSEED decides, and it once put a GROUP_CONCAT list in another
order on every run.

The corpus is the seed and the small documents of tests/data/genre (conftest's
small_corpus). Run as a script, this file is the probe each fresh Python runs."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli import main
from kg.query import named_queries

# rdflib's engine takes half a minute for every named query on this corpus
pytestmark = [pytest.mark.server, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
HASH_SEEDS = ("0", "1", "4242")
FORMATS = ("csv", "json")
ENGINES = ("rdflib", "memory", "disk", "endpoint")


def cases() -> list[tuple[str, dict[str, str]]]:
    """Every named query with its defaults, in each script it takes, and with the
    parameters that reach through 各區政府, containment and indicator names."""
    queries = named_queries()
    found = [(name, {}) for name in sorted(queries)]
    found += [(name, {"lang": lang}) for name in sorted(queries) for lang in ("en", "zh-Hans")
              if "lang" in queries[name].params]
    found += [("unit-tasks", {"unit": "南沙區政府"}), ("unit-roles", {"unit": "市發展改革委"}),
              ("co-owners", {"unit": "各區政府"}), ("place-tasks", {"place": "廣州市"}),
              ("targets-due", {"year": "2021"}), ("indicator-trajectory", {"indicator": "GDP"}),
              ("evidence", {"iri": "https://w3id.org/policykg/id/org/"
                                   "guangzhou-nansha-district-government"}),
              # a task id names a task of each document: several VALUES rows
              ("task-owners", {"task": "1.1"}), ("evidence", {"iri": "1.1"}),
              ("shared-tasks", {"unit": "市科技局", "other_unit": "南沙區政府"}),
              ("indicator-trajectory", {"indicator": "大科學裝置"})]
    return found


def _key(name: str, params: dict[str, str], fmt: str) -> str:
    return f"{name} {json.dumps(params, ensure_ascii=False, sort_keys=True)} {fmt}"


def probe(corpus: Path, kg: Path, store: str, endpoint: str) -> dict[str, dict[str, str]]:
    """Every case's output on every engine, by engine and case."""
    from kg.cli.formats import write_answer
    from kg.pipeline import build
    from kg.query import answer

    dataset = build([corpus], validate=False).dataset
    outputs: dict[str, dict[str, str]] = {engine: {} for engine in ENGINES}
    for name, params in cases():
        found = answer(dataset, name, params=params)
        rows = list(found.rows)  # rdflib's engine is slow: asked once for both formats
        for fmt in FORMATS:
            key = _key(name, params, fmt)
            out = io.StringIO()
            found.rows = iter(rows)
            write_answer(found, fmt, out)
            outputs["rdflib"][key] = out.getvalue()
            for engine, option in (("memory", ["--kg", str(kg)]), ("disk", ["--kg", store]),
                                   ("endpoint", ["--endpoint", endpoint])):
                outputs[engine][key] = _cli(["query", name, *_params(params), "--format", fmt,
                                            *option])
    return outputs


def _params(params: dict[str, str]) -> list[str]:
    return [arg for k, v in params.items() for arg in ("--param", f"{k}={v}")]


def _cli(args: list[str]) -> str:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return out.getvalue() if code == 0 else f"exit {code}: {err.getvalue()}"


@pytest.fixture(scope="module")
def built(small_corpus, small_corpus_kg, tmp_path_factory) -> tuple[Path, str]:
    """kg.trig and an on-disk store of the corpus, each made by `policykg build`."""
    out = tmp_path_factory.mktemp("out")
    store = f"oxigraph:{out / 'store'}"
    assert _cli(["build", str(small_corpus), "-q", "--no-validate", "-o", str(out),
                 "--store", store]) == ""
    return small_corpus_kg, store


@pytest.fixture(scope="module")
def endpoint(built):
    """A plain `oxigraph serve` (its default graph is its own, not the union), filled by
    `policykg push`."""
    from kg.serve import start

    server = start(location=None, read_only=False, union=False, timeout_s=60)
    try:
        assert "graphs" in _cli(["push", "--kg", str(built[0]), "--store", server.store_url])
        yield server.query_url
    finally:
        server.stop()


def test_every_named_query_gives_the_same_bytes_on_every_engine_under_any_hash_seed(
        small_corpus, built, endpoint, tmp_path):
    runs = {}
    for seed in HASH_SEEDS:  # started together: two cores share the work
        output = tmp_path / f"seed-{seed}.json"
        runs[seed] = (output, subprocess.Popen(
            [sys.executable, __file__, str(small_corpus), str(built[0]), built[1], endpoint,
             str(output)], cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": seed},
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    outputs = {}
    for seed, (output, process) in runs.items():
        _, err = process.communicate(timeout=1800)  # against a hang, not a speed limit
        assert process.returncode == 0, err
        outputs[seed] = json.loads(output.read_text(encoding="utf-8"))

    reference = outputs[HASH_SEEDS[0]]["rdflib"]
    assert set(reference) == {_key(n, p, f) for n, p in cases() for f in FORMATS}
    differ = [f"{engine} under PYTHONHASHSEED={seed}: {key}"
              for seed, by_engine in outputs.items() for engine, found in by_engine.items()
              for key, text in found.items() if text != reference[key]]
    assert differ == [], "\n".join(differ[:20])
    # and the answers are answers: rows, several documents, no errors
    assert not [k for k, text in reference.items() if text.startswith("exit ")]
    csv = reference[_key("task-owners", {}, "csv")].splitlines()
    assert csv[0].endswith(",document") and len({line.rsplit(",", 1)[1] for line in csv[1:]}) > 2
    assert reference[_key("targets-by-action", {}, "csv")].count("; ") > 10


if __name__ == "__main__":
    corpus_dir, kg_file, store_location, endpoint_url, result = sys.argv[1:6]
    found = probe(Path(corpus_dir), Path(kg_file), store_location, endpoint_url)
    Path(result).write_text(json.dumps(found, ensure_ascii=False), encoding="utf-8")
