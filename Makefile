# The two commands of the README: `make run` (the portal with demo data) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEPS_STAMP := $(VENV)/.deps-stamp

# Tests run on PostgreSQL and Redis (override to use other servers or databases). The password is
# the one .ci/run gives the local `postgres` role when password authentication is required (stock
# Debian's pg_hba.conf asks for scram-sha-256 on 127.0.0.1); a server that trusts local
# connections ignores it.
TEST_DATABASE_URL ?= postgres://postgres:wellbeing-ci@127.0.0.1:5432/wellbeing_portal
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: run test install check lint format migrations-check bench test-database-url

# Debian splits venv's pip bootstrap into python3-venv; without it `venv` leaves a half-made
# folder that a later `make` would take for a working one.
$(BIN)/python:
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || { \
		echo "$(PYTHON) cannot create virtual environments: install python3-venv (apt-get install python3-venv)" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }

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

# The suite runs on every CPU (pytest-xdist, at most four workers): each worker has its own test
# database (the name suffixed _gw0, _gw1...) and Redis database (TEST_REDIS_URL's number, then the
# next ones: tests/conftest.py). `--dist load` first sends each worker two tests in collection
# order, then one or two at a time, so no queue waits behind a long test. The accessibility crawl's
# parts (marked `long`, about a quarter of the suite's work) are put where that first batch starts
# each worker on one of them; everything else is shared out around them. That needs no test to
# care what ran before it on its worker: transactional tests end by emptying what they wrote and
# putting back the data migrations' rows (tests/migrated_rows.py), not by Django's flush.
# TEST_WORKERS=0 runs it in one process (for --pdb, say).
TEST_WORKERS ?= auto

test: install
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		$(BIN)/python -m pytest -n $(TEST_WORKERS) --maxprocesses=4 --dist load --maxschedchunk=1 $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@if grep -q '^\[tool\.importlinter\]' pyproject.toml; then $(BIN)/lint-imports; fi

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

check: lint migrations-check test

# The performance goals beside their limits (benchmarks/perf_bench.py): BENCH_ARGS=--quick for a
# run of under a minute. Databases wp_bench_perf_<staff> on the server of BENCH_DATABASE_URL.
BENCH_DATABASE_URL ?= postgres://postgres:wellbeing-ci@127.0.0.1:5432/postgres
bench: install
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python benchmarks/perf_bench.py $(BENCH_ARGS)

# For .ci/run, which makes sure this URL's role can connect before the tests start.
test-database-url:
	@echo '$(TEST_DATABASE_URL)'
