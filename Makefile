# policy-kg: `make demo` builds the seed's knowledge graph into out/; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-marked test-all lint bench genre docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[test,docs]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/policykg build -o out

# make test: the fast tests. The marked ones (pyproject.toml: load, browser, slow) run in
# make test-marked; make test-all runs everything at once. .ci/run runs test, then test-marked.
MARKED := load or browser or slow

test: $(STAMP)
	$(BIN)/pytest -q -m "not ($(MARKED))"

test-marked: $(STAMP)
	$(BIN)/pytest -q -m "$(MARKED)"

test-all: $(STAMP)
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check kg visualize tests

# make genre: the parser scored on the seed and the evaluation plans of tests/data/plans
# (F1 of tasks, units, leads, deadlines and targets; make genre GENRE_ARGS=-v lists misses).
genre: $(STAMP)
	$(BIN)/python -m tests.genre $(GENRE_ARGS)

# make bench: the full run (corpora of 10, 100 and 1,000 documents, several minutes);
# make bench BENCH_ARGS=--quick: fewer runs, corpora of 10 and 100. Results: out/bench/.
bench: $(STAMP)
	$(BIN)/python -m tests.bench $(BENCH_ARGS)

# pyLODE 3.4's CLI fails at import (RDFLib/pyLODE#260) and runs a term's labels in three
# languages together: call its library with English labels.
docs: $(STAMP)
	mkdir -p docs
	$(BIN)/python -c "import sys, types; sys.modules['pylode.version'] = types.SimpleNamespace(__version__='3.4.1'); from rdflib import DCTERMS, RDFS, SKOS, Graph; from pylode import OntPub; g = Graph().parse('ontology/policy.ttl'); [(g.remove(t), g.add((t[0], SKOS.altLabel, t[2]))) for p in (RDFS.label, DCTERMS.title) for t in list(g.triples((None, p, None))) if t[2].language != 'en']; OntPub(g).make_html(destination='docs/ontology.html')"

clean:
	rm -rf out $(VENV) build dist *.egg-info
