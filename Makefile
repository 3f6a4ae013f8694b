# One command to run, one to test. Everything lives in .venv; every output goes to build/.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
BUILD  ?= build
DB     := $(BUILD)/mapa3x1.sqlite
# The exact versions tested together (setup.cfg declares the ranges).
CONSTRAINTS := requirements/constraints.txt

.PHONY: install run build test test-unit test-browser test-integration bench bench-etl clean

install: $(VENV)/.installed

$(VENV)/.installed: setup.cfg pyproject.toml $(CONSTRAINTS)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c $(CONSTRAINTS) -e '.[test]'
	touch $@

# Builds the store if it is missing or older than the raw data, then serves the app on 127.0.0.1:8050.
run: install
	$(BIN)/mapa3x1 build --build-dir $(BUILD) --if-stale
	$(BIN)/mapa3x1 serve --build-dir $(BUILD) --host 127.0.0.1 --port 8050

build: install
	$(BIN)/mapa3x1 build --build-dir $(BUILD)

test: install
	$(BIN)/python -m pytest -q

test-unit: install
	$(BIN)/python -m pytest -q tests/unit -m "not integration"

test-browser: install
	$(BIN)/python -m pytest -q tests/browser

test-integration: install
	$(BIN)/python -m pytest -q tests/integration

# Prints one table: explorer vs naive page vs bare floor (headless Chromium, localhost and Fast 3G),
# data-callback latency, 50-client load run, ETL build time and memory. Needs Debian's chromium.
bench: install
	$(BIN)/python benchmarks/run_all.py --build-dir $(BUILD)

bench-etl: install
	$(BIN)/python benchmarks/bench_etl.py

clean:
	rm -rf $(BUILD)
