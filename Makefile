# The two commands of the README: `make run` (the portal with demo data) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEPS_STAMP := $(VENV)/.deps-stamp

# Tests run on PostgreSQL and Redis (override to use other servers or databases).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/wellbeing_portal
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: run test install check lint format migrations-check bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# XStatic-Bootstrap only ships a source package whose build needs pkg_resources (setuptools<82),
# so it is built without isolation against the venv's own setuptools.
$(DEPS_STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip wheel "setuptools<82"
	$(BIN)/pip install --quiet --no-build-isolation -c constraints.txt "XStatic-Bootstrap>=5.3,<5.4"
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(DEPS_STAMP)

install: $(DEPS_STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

check: lint migrations-check test
