# yuanqu — every target does its own set-up on a fresh clone.
#
#   make demo    virtualenv, install, SQLite database, demo data, server on http://127.0.0.1:8000
#   make test    system packages, virtualenv, install, lint, migrations check, whole suite on SQLite then
#                PostgreSQL, browser tests in headless Chromium; a skipped test fails the run
#   make lint    ruff
#   make bench   every benchmarks/bench_*.py
#   make clean   caches and build output (make distclean: also .venv and var/)

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV ?= .venv
PYTHON ?= $(shell command -v python3.11 || command -v python3)
BIN := $(VENV)/bin
# The stamp is newer than pyproject.toml once its dependencies are installed: reruns are instant.
# setup.py and the C source of the news-repair scan are prerequisites too: editing them rebuilds it.
STAMP := $(VENV)/.yuanqu-installed

# In CI every skip is a failure (tests/conftest.py); -ra lists skips, xfails and failures at the end.
PYTEST_ARGS ?= -ra
# The SQLite pass must not follow a YUANQU_DATABASE_URL left in the caller's environment.
SQLITE_ENV := env -u YUANQU_DATABASE_URL

.PHONY: help venv demo test system-deps test-sqlite test-postgres lint migrations-check bench clean distclean

help:
	@echo "make demo | test | lint | bench | clean | distclean"

venv: $(STAMP)

$(STAMP): pyproject.toml setup.py src/yuanqu/newsroom/_scan.c
	@test -n "$(PYTHON)" || { echo "python3.11 or python3 is required" >&2; exit 1; }
	@test -x $(BIN)/python || { echo "creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --disable-pip-version-check --quiet --upgrade pip
	$(BIN)/python -m pip install --disable-pip-version-check --progress-bar off -e '.[test]'
	@touch $@

demo: venv
	$(BIN)/yuanqu demo

lint: venv
	$(BIN)/ruff check .

migrations-check: venv
	$(SQLITE_ENV) $(BIN)/yuanqu makemigrations --check --dry-run

test-sqlite: venv
	@echo "== pytest on SQLite (with coverage) =="
	$(SQLITE_ENV) $(BIN)/pytest $(PYTEST_ARGS) --cov --cov-report=term

test-postgres: venv
	@echo "== pytest on PostgreSQL =="
	scripts/with-postgres.sh $(BIN)/pytest $(PYTEST_ARGS)

# The system packages first: installed when root on Debian, else a failure naming the command (never a skip).
system-deps:
	scripts/system-deps.sh ensure

# Sequential on purpose: make stops at the first failing step and exits non-zero.
test: system-deps venv
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory migrations-check
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

bench: venv
	@shopt -s nullglob; benches=(benchmarks/bench_*.py); \
	if [ $${#benches[@]} -eq 0 ]; then echo "no benchmarks/bench_*.py"; exit 0; fi; \
	for bench in "$${benches[@]}"; do echo "== $$bench =="; $(BIN)/python "$$bench"; done

clean:
	rm -rf .pytest_cache .ruff_cache .hypothesis .coverage .coverage.* htmlcov build dist staticfiles
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
	find src -maxdepth 1 -name '*.egg-info' -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) var
	find src -name '*.so' -delete  # the C scan built in place by `pip install -e .`
