# pubtracker: `make run` serves the demo, `make test` runs the suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Tests need a key (DEBUG is off in tests, as in production); this one is for tests only.
TEST_ENV := SECRET_KEY=$${SECRET_KEY:-test-only-key-c6a1d0a39bd24e5f9a7e0c1d9b4f3e2a1908f7e6d5c4b3a2} DEBUG=0

.PHONY: run test lint install install-dev migrate demo worker beat clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Stamps make installing happen once, and again only when a requirements file changes.
$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

run: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput -v 0
	DEBUG=1 $(BIN)/python manage.py load_demo
	DEBUG=1 $(BIN)/python manage.py ensure_admin
	@echo "pubtracker is running at http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/)"
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install-dev
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

worker: install
	$(BIN)/celery -A pubtracker worker --loglevel=info --concurrency=2

beat: install
	$(BIN)/celery -A pubtracker beat --loglevel=info --schedule=var/celerybeat-schedule

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
