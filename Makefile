# Every install step lives here so that a fresh machine needs only `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench bench-ensemble docs clean chromium

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.12+ is required (see .python-version)") if sys.version_info < (3, 12) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)  ## Run the baseline scenario for the full county
	$(BIN)/linxi run scenarios/baseline.toml --out results/baseline --overwrite

# The dashboard's browser test drives the system's Chromium (Debian package), never a browser
# downloaded by playwright. Installed only when missing; sudo only when not root.
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

chromium:
	@[ -x $(CHROMIUM) ] || { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; }

test: $(STAMP) chromium  ## Lint, run the test suite and execute the notebooks
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/python -m pytest
	$(BIN)/python -m pytest --nbmake notebooks/

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

bench: $(STAMP)  ## Time the full county and compare with a per-agent Mesa model
	$(BIN)/python benchmarks/bench_county.py

bench-ensemble: $(STAMP)  ## Time a 100-run full-county ensemble on 2 local worker processes
	$(BIN)/python benchmarks/bench_ensemble.py --runs 100 --workers 2

docs: $(STAMP)  ## Regenerate docs/parameters.md from the parameter files
	$(BIN)/linxi parameters --markdown > docs/parameters.md

clean:
	rm -rf $(VENV) results .pytest_cache .ruff_cache
