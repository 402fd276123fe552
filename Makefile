# CareLoop: `make run` to try it, `make test` to prove it.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1
export CARELOOP_LOCAL ?= 1

.PHONY: install install-test run serve migrate demo test test-fast lint typecheck bench clean

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "CareLoop needs Python 3.11 ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip==25.3"

# Idempotent: reinstalls only when the dependency files change.
$(VENV)/.installed: $(PY) pyproject.toml constraints.txt
	$(PY) -m pip install --quiet -c constraints.txt -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -c constraints.txt -e ".[test]"
	@touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

migrate: install
	$(VENV)/bin/careloop migrate

demo: migrate
	$(VENV)/bin/careloop demo

run: demo
	$(VENV)/bin/careloop serve --local --with-worker --host $(HOST) --port $(PORT)

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install-test
	$(VENV)/bin/mypy careloop

# The whole suite: lint, types, migrations in step with models, then every test
# (browser tests included whenever chromium is installed).
test: install-test lint typecheck
	$(PY) manage.py makemigrations --check --dry-run >/dev/null || { echo "models changed without a migration: run makemigrations"; exit 1; }
	$(VENV)/bin/pytest $(PYTEST_ARGS)

test-fast: install-test
	$(VENV)/bin/pytest -x -q -m "not browser" $(PYTEST_ARGS)

# bench_load.py is not in the loop: it needs a PostgreSQL database filled by
# bench/locust_prepare.py, nginx and locust (docs/deploy.md, "Capacity").
bench: install-test
	@for f in bench/bench_*.py; do [ "$$f" = bench/bench_load.py ] && continue; \
	  echo "== $$f"; $(PY) $$f || exit 1; done

clean:
	rm -rf $(VENV) var/staticfiles .pytest_cache .mypy_cache .ruff_cache
