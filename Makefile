# policy-kg: `make demo` builds the seed's knowledge graph into out/; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[test,bench,docs]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/policykg build -o out

test: $(STAMP)
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check kg visualize tests

bench: $(STAMP)
	$(BIN)/python -m tests.bench

docs: $(STAMP)
	mkdir -p docs
	$(BIN)/pylode ontology/policy.ttl -o docs/ontology.html

clean:
	rm -rf out $(VENV) build dist *.egg-info
