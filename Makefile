# Every install step lives here so that a fresh machine needs only `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test golden lint format bench bench-cli bench-ensemble bench-calibration bench-abc-kernel bench-dashboard bench-instructions calibrate calibration-report docs clean chromium

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.12+ is required (see .python-version)") if sys.version_info < (3, 12) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,ema]'
	touch $(STAMP)

run: $(STAMP)  ## Run the baseline scenario for the full county
	$(BIN)/linxi run scenarios/baseline.toml --out results/baseline --overwrite

# The dashboard's browser test drives the system's Chromium (Debian package), never a browser
# downloaded by playwright. Installed only when missing; sudo only when not root.
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

chromium:
	@[ -x $(CHROMIUM) ] || { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; }

test: $(STAMP) chromium  ## Lint, check the import layers, run the test suite and the notebooks
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/python -m pytest
	$(BIN)/python -m pytest --nbmake notebooks/

# Golden runs guard the results (tests/test_golden.py). Regenerate them only when a change is
# meant to move results, and say so in its commit.
golden: $(STAMP)  ## Rewrite tests/golden/ from the current code (on purpose only)
	$(BIN)/python -m tests.golden_runs

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

bench: $(STAMP)  ## Time the full county and compare with a per-agent Mesa model
	$(BIN)/python benchmarks/bench_county.py

bench-cli: $(STAMP)  ## Time `linxi --help` against importing numpy, and a run as a process against in-process
	$(BIN)/python benchmarks/bench_cli.py --repeat 5

bench-ensemble: $(STAMP)  ## Time a 100-run full-county ensemble on 2 local worker processes
	$(BIN)/python benchmarks/bench_ensemble.py --runs 100 --workers 2

bench-calibration: $(STAMP)  ## Time a reduced-scale calibration (Optuna + ABC) on 2 cores
	$(BIN)/python benchmarks/bench_calibration.py --workers 2

bench-abc-kernel: $(STAMP)  ## ABC's effective sample size under pyabc's kernel and the reflected one (a stand-in problem, 4 seeds)
	$(BIN)/python benchmarks/bench_abc_kernel.py --seeds 1 2 3 4

bench-dashboard: $(STAMP)  ## A slider's effect against one seed's noise, by households (the dashboard's scale)
	$(BIN)/python benchmarks/bench_dashboard_noise.py --runs 20

bench-instructions: $(STAMP)  ## Instructions of one full-county run by callgrind (needs valgrind; host-independent)
	$(BIN)/python benchmarks/bench_instructions.py

# Calibration settings; override on the command line, e.g. `make calibrate CAL_BUDGET=200`.
# RESUME=1 continues an interrupted calibration from its databases instead of starting afresh.
# The settings ship the defaults: Optuna 300 trials x 2 seeds, its 10 best trials and the
# defaults rescored on 20 fresh seeds, ABC-SMC 3 generations x 500 particles x 1 seed (a
# particle's one seed is ABC's own noise), all at 5,000 households.
CAL_HOUSEHOLDS ?= 5000
CAL_RUNS ?= 2
CAL_ABC_RUNS ?= 1
CAL_WORKERS ?= 2
CAL_BUDGET ?= 300
CAL_SAMPLER ?= cmaes
CAL_RESCORE ?= 10
CAL_RESCORE_RUNS ?= 20
CAL_GENERATIONS ?= 5
CAL_POPULATION ?= 500
CAL_OUT ?= results/calibration
CAL_FRESH := $(if $(RESUME),--resume,--overwrite)
CAL_FLAGS = --households $(CAL_HOUSEHOLDS) --workers $(CAL_WORKERS)

calibrate: $(STAMP)  ## Fit the shipped defaults to the reported figures and regenerate the docs
	@echo "== 1/4 Optuna point estimate ($(CAL_SAMPLER)): $(CAL_BUDGET) trials x $(CAL_RUNS) seeds x $(CAL_HOUSEHOLDS) households, the $(CAL_RESCORE) best rescored on $(CAL_RESCORE_RUNS) fresh seeds -> $(CAL_OUT)/optuna"
	$(BIN)/linxi calibrate --method optuna --sampler $(CAL_SAMPLER) --budget $(CAL_BUDGET) --rescore $(CAL_RESCORE) --rescore-runs $(CAL_RESCORE_RUNS) --runs $(CAL_RUNS) $(CAL_FLAGS) --out $(CAL_OUT)/optuna $(CAL_FRESH)
	@echo "== 2/4 ABC-SMC posterior: $(CAL_GENERATIONS) generations x $(CAL_POPULATION) particles x $(CAL_ABC_RUNS) seeds; ships the Optuna point as src/model/data/calibrated.toml and the posterior as src/model/data/posterior.csv"
	$(BIN)/linxi calibrate --method abc --generations $(CAL_GENERATIONS) --population $(CAL_POPULATION) --runs $(CAL_ABC_RUNS) $(CAL_FLAGS) --out $(CAL_OUT)/abc $(CAL_FRESH) --write-defaults --point $(CAL_OUT)/optuna/fit.json
	@echo "== 3/4 docs/parameters.md (the calibrated values)"
	$(BIN)/linxi parameters --markdown > docs/parameters.md
	@echo "== 4/4 docs/calibration.md, docs/img/calibration_*.png, docs/calibration_known_misses.json"
	$(BIN)/linxi calibrate --report --workers $(CAL_WORKERS)

calibration-report: $(STAMP)  ## Regenerate docs/calibration.md from the shipped defaults
	$(BIN)/linxi calibrate --report --workers $(CAL_WORKERS)

docs: $(STAMP)  ## Regenerate docs/parameters.md and docs/metrics.md from the data files
	$(BIN)/linxi parameters --markdown > docs/parameters.md
	$(BIN)/linxi metrics --markdown > docs/metrics.md

clean:
	rm -rf $(VENV) results .pytest_cache .ruff_cache
