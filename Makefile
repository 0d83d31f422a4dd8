# Two commands for a new user: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# gettext compiles the catalogues; Pango and the Amiri/Noto fonts let WeasyPrint render
# Arabic PDF reports; Chromium drives the browser tests; poppler renders PDFs to images;
# redis-server is started and killed by the Redis outage test; Node.js's npm installs
# axe-core for the accessibility tests; Kannel (bearerbox, smsbox, and
# kannel-extras' fake SMSC) is the real SMS gateway the SMS tests send through.
RUN_PACKAGES := gettext libpango-1.0-0 libpangoft2-1.0-0 fonts-hosny-amiri fonts-noto-core
TEST_PACKAGES := $(RUN_PACKAGES) chromium poppler-utils redis-server kannel kannel-extras nodejs
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test messages compilemessages lint migrate demo worker beat bench lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Every package, indirect ones too, at the version of the lock files (`make lock` writes
# them from the pins of pyproject.toml; tests/platform/test_lock_files.py keeps them agreed).
$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet -c requirements.lock -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml requirements-test.lock $(VENV)/.installed
	$(BIN)/pip install --quiet -c requirements-test.lock -e ".[test]"
	touch $@

$(VENV)/.installed-bench: pyproject.toml requirements-test.lock $(VENV)/.installed-test
	$(BIN)/pip install --quiet -c requirements-test.lock -e ".[test,bench]"
	touch $@

install: $(VENV)/.installed
	@scripts/system-packages $(RUN_PACKAGES)

# axe-core (the accessibility engine the browser tests run in Chromium), pinned by
# package-lock.json and installed from the npm registry.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error

install-test: $(VENV)/.installed-test
	@scripts/system-packages $(TEST_PACKAGES)
	@$(MAKE) --no-print-directory node_modules/.package-lock.json

compilemessages: install
	@$(BIN)/django-admin compilemessages --ignore=.venv --ignore=node_modules -v0

## Serve the site on http://$(HOST):$(PORT) with the territory and demo data loaded.
run: compilemessages
	DJANGO_DEBUG=1 $(MANAGE) migrate --noinput -v0
	DJANGO_DEBUG=1 $(MANAGE) load_territory
	DJANGO_DEBUG=1 $(MANAGE) seed_demo
	@echo "Serving on http://$(HOST):$(PORT)/ (Arabic: /ar/, French: /fr/, Tamazight: /zgh/)"
	DJANGO_DEBUG=1 $(MANAGE) runserver $(HOST):$(PORT)

## Run the whole test suite (set DATABASE_URL/REDIS_URL to test PostgreSQL and Redis).
## pytest-xdist runs it in one process per core (at most four; TEST_PROCESSES=0: serially),
## each with its own test database and its own Redis database: REDIS_URL's for the first,
## the next ones for the others (ess_platform/settings_test.py). Idle processes take tests
## from busy ones (worksteal). On 2 cores, two processes overlap Python and PostgreSQL:
## 2,842 tests took 710 s, where one process took 1,350 s on the same machine.
TEST_PROCESSES ?= auto
test: install-test compilemessages
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	DJANGO_DEBUG=1 $(MANAGE) makemigrations --check --dry-run -v0
	$(BIN)/pytest -n $(TEST_PROCESSES) --maxprocesses=4 --dist worksteal $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache

## Refresh the translation catalogues after changing strings (then translate them).
messages: install
	DJANGO_DEBUG=1 $(MANAGE) makemessages -l ar -l fr -l zgh --ignore=.venv --ignore=tests --ignore=node_modules --no-obsolete

migrate: install
	DJANGO_DEBUG=1 $(MANAGE) migrate

## A Celery worker and the beat scheduler (need REDIS_URL).
worker: install
	$(BIN)/celery -A ess_platform worker --loglevel=INFO --concurrency=2

beat: install
	@mkdir -p var/beat
	$(BIN)/celery -A ess_platform beat --loglevel=INFO

## National-scale benchmark on PostgreSQL (DATABASE_URL; seeds <name>_bench once, reused).
## SCALE=10: ten times the data in <name>_bench_x10, each p95 compared with SCALE=1's.
bench: install-test $(VENV)/.installed-bench compilemessages
	@scripts/system-packages wrk
	@case "$$DATABASE_URL" in postgres://*|postgresql://*) ;; \
	  *) echo "make bench needs PostgreSQL: set DATABASE_URL=postgres://user@host:5432/name" \
	     "(the bench uses its own database <name>_bench and never touches <name>)." >&2; \
	     exit 1;; esac
	$(BIN)/python bench/run.py --scale $(or $(SCALE),1) $(BENCH_ARGS)

## Rewrite requirements.lock (run) and requirements-test.lock (run + test) from the pins of
## pyproject.toml, after changing one. uv resolves against PyPI, or UV_INDEX_URL if set.
## The run lock takes the test lock's versions, so what the tests ran is what is deployed.
UV_VERSION := 0.13.9
UV_COMPILE = pyproject.toml --python $(BIN)/python --quiet --annotation-style line \
	--custom-compile-command "make lock"
lock: | $(BIN)/python
	$(BIN)/pip install --quiet uv==$(UV_VERSION)
	$(BIN)/uv pip compile $(UV_COMPILE) --extra test -o requirements-test.lock
	$(BIN)/uv pip compile $(UV_COMPILE) -c requirements-test.lock -o requirements.lock

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
