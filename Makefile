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

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

setup: $(STAMP)
	@mkdir -p var/mail
	$(MANAGE) migrate --noinput
	$(MANAGE) import_seeds

run: setup
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# Demo accounts for every role (passwords printed) and a lively discussion. DEBUG only.
demo: setup
	$(MANAGE) demo

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# With REDIS_URL (and usually DATABASE_URL) set: a real Celery worker and scheduler.
worker: $(STAMP)
	$(BIN)/celery -A config worker --loglevel=INFO

beat: $(STAMP)
	$(BIN)/celery -A config beat --loglevel=INFO

# Benchmarks on a database of their own (var/bench.sqlite3, or DATABASE_URL); writes bench/RESULTS.md.
bench: $(STAMP)
	BENCH_ONLY=$(ONLY) $(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var
