# One command to run, one to test. Everything lives in .venv; every output goes to build/.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
BUILD  ?= build
DB     := $(BUILD)/mapa3x1.sqlite

.PHONY: install run build test test-unit test-integration bench-etl clean

install: $(VENV)/.installed

$(VENV)/.installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Builds the store when it is missing; until the app lands, prints the data-quality summary.
run: install
	@if [ ! -f $(DB) ]; then $(BIN)/mapa3x1 build --build-dir $(BUILD); \
	else echo "Store $(DB) exists (delete it or run 'make build' to rebuild)"; cat $(BUILD)/quality_report.md | head -60; fi

build: install
	$(BIN)/mapa3x1 build --build-dir $(BUILD)

test: install
	$(BIN)/python -m pytest -q

test-unit: install
	$(BIN)/python -m pytest -q tests/unit

test-integration: install
	$(BIN)/python -m pytest -q tests/integration

bench-etl: install
	$(BIN)/python benchmarks/bench_etl.py

clean:
	rm -rf $(BUILD)
