# Two commands matter: `make run` (set up and serve) and `make test` (the whole suite).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
# Links in mails point at the server make run starts, unless SITE_URL says otherwise.
SITE_URL ?= http://127.0.0.1:$(PORT)
export SITE_URL
MANAGE := $(BIN)/python manage.py

.PHONY: run setup demo test lint format worker beat bench clean

# pip prints what it collects, downloads and installs: the first install takes a minute or
# so, and should be seen to move.
$(STAMP): pyproject.toml
	@echo "==> Setting up the Python environment in $(VENV)/"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "==> Upgrading pip"
	$(BIN)/python -m pip install --upgrade pip
	@echo "==> Installing the project and its dependencies"
	$(BIN)/python -m pip install -e ".[dev]"
	@touch $(STAMP)

setup: $(STAMP)
	@mkdir -p var/mail
	@echo "==> Database: applying migrations"
	$(MANAGE) migrate --noinput
	@echo "==> Importing the seed articles"
	$(MANAGE) import_seeds

# The development server and, without REDIS_URL, a Celery worker with its scheduler on a
# broker that is a folder under var/: Ctrl-C stops both (forum/management/commands/
# runserver_with_worker.py). With REDIS_URL, the server alone: see `worker` and `beat`.
run: setup
	@echo "==> Serving http://127.0.0.1:$(PORT)/"
	$(MANAGE) runserver_with_worker 127.0.0.1:$(PORT)

# Demo accounts for every role (passwords printed) and a lively discussion. DEBUG only.
demo: setup
	$(MANAGE) demo

# axe-core, for the browser tests' accessibility checks only: from the npm registry, pinned
# in tests/e2e/package-lock.json. Without npm, the notice; the tests that need it then fail
# saying so (tests/e2e/axe.py), with CI=true or not.
AXE_STAMP := tests/e2e/node_modules/.installed
$(AXE_STAMP): tests/e2e/package.json tests/e2e/package-lock.json
	@if command -v npm >/dev/null; then \
		echo "==> Installing axe-core for the browser tests (npm ci in tests/e2e/)"; \
		npm ci --prefix tests/e2e --no-audit --no-fund --ignore-scripts && touch $@; \
	else \
		echo "==> npm is missing: the browser tests' accessibility checks will fail (apt-get install npm)"; \
	fi

test: $(STAMP) $(AXE_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# With REDIS_URL (and usually DATABASE_URL) set: a Celery worker and the scheduler, each
# in a terminal of its own. (Without it, `make run` starts both itself.)
worker: $(STAMP)
	$(BIN)/celery -A config worker --loglevel=INFO

beat: $(STAMP)
	$(BIN)/celery -A config beat --loglevel=INFO

# Benchmarks on a database of their own (var/bench.sqlite3, or DATABASE_URL); writes bench/RESULTS.md.
bench: $(STAMP)
	BENCH_ONLY=$(ONLY) $(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var
