# The README's two commands: `make demo` and `make test`. See docs/operations.md for more.
VENV ?= .venv
BIN := $(VENV)/bin
PYTHON ?= python3
# The PostgreSQL server the suite runs against a second time (pytest-django creates test_<db>).
DTKS_TEST_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/test

.PHONY: install demo test test-sqlite test-postgresql lint bench browser services clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

demo: install
	$(BIN)/dtks demo

test: install lint browser services test-sqlite test-postgresql

# Two workers (pytest-xdist): each has its own test database (names carry the process id).
PYTEST_WORKERS ?= 2
# One BLAS thread per worker: two workers on two cores each starting OpenBLAS's own threads
# made a 5 ms least-squares fit take 0.5 s.
export OPENBLAS_NUM_THREADS ?= 1

test-sqlite: install
	DTKS_DATABASE_URL= $(BIN)/pytest -q -p no:cacheprovider -n $(PYTEST_WORKERS)

# Tests that never touch the registry database (pure rules, the pipeline engines, synth, the
# civil-registry server with its own store) run once, in the SQLite pass.
DATABASE_FREE_TESTS := --ignore=tests/domain --ignore=tests/pipeline --ignore=tests/synth --ignore=tests/civreg

test-postgresql: install
	DTKS_DATABASE_URL=$(DTKS_TEST_POSTGRES_URL) $(BIN)/pytest -q -p no:cacheprovider -n $(PYTEST_WORKERS) $(DATABASE_FREE_TESTS)

lint: install
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

browser:
	@scripts/ensure-chromium

services:
	@scripts/ensure-services

bench: install services
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) var build src/*.egg-info
