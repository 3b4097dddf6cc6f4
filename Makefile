# clusterx — developer entry points. `make run` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DATA   ?= ../shared/data
OUT    ?= data/out

.PHONY: install run test lint models bench clean

$(BIN)/clusterx: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,natasha]'
	@touch $@

install: $(BIN)/clusterx  ## create .venv with clusterx installed editable

run: install  ## extract the sample articles into data/out
	$(BIN)/clusterx extract data/raw -o $(OUT)

test: install  ## run the test suite
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check src tests bench

models: install  ## train the pipelines from the corpora in $(DATA) (hours on 2 cores)
	$(BIN)/python -m clusterx.train all --data $(DATA)

bench: install  ## measure speed and memory (bench/results.json)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache
