# pubtracker: `make run` serves the demo, `make test` runs the suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Tests need a key (DEBUG is off in tests, as in production); this one is for tests only.
TEST_ENV := SECRET_KEY=$${SECRET_KEY:-test-only-key-c6a1d0a39bd24e5f9a7e0c1d9b4f3e2a1908f7e6d5c4b3a2} DEBUG=0
# Every file pip may download, from any index, with its hash; no index or find-links line is written.
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes \
	--strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links

.PHONY: run test lint lock install install-dev migrate demo worker beat clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Stamps make installing happen once, and again only when a requirements file changes.
$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

# requirements*.in name the direct dependencies; this writes the locked, hashed .txt files.
# Pins already there are kept: LOCK_ARGS=--upgrade-package=NAME moves one, LOCK_ARGS=--upgrade all.
lock: install-dev
	$(PIP_COMPILE) $(LOCK_ARGS) --output-file=requirements.txt requirements.in
	$(PIP_COMPILE) $(LOCK_ARGS) --output-file=requirements-dev.txt requirements-dev.in

migrate: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput -v 0

demo: migrate
	DEBUG=1 $(BIN)/python manage.py load_demo

run: demo
	DEBUG=1 $(BIN)/python manage.py ensure_admin
	@echo "pubtracker is running at http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/)"
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install-dev
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

# mypy keeps its own cache: one filled by a run over other files would replay their errors here.
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TEST_ENV) $(BIN)/mypy --cache-dir=.mypy_cache/lint
	$(TEST_ENV) $(BIN)/pytest -q -p no:cacheprovider --tb=short tests/test_layers.py

worker: install
	$(BIN)/celery -A pubtracker worker --loglevel=info

beat: install
	$(BIN)/celery -A pubtracker beat --loglevel=info --schedule=var/celerybeat-schedule

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache .mypy_cache
