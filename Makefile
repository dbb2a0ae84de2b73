# Developer entry points for django-frappe-web. `make help` lists them.
#
#   make test    SQLite+locmem suite, then PostgreSQL+django-redis when reachable
#                (extra pytest arguments: make test ARGS="-k api -x")
#   make tox     the Django x Python matrix (make tox TOX_ENVS=py312-dj61)
#   make demo    example project on http://127.0.0.1:8000 (SQLite + locmem) with a job worker and the scheduler
#   make bench   every benchmarks/bench_*.py, on SQLite+locmem then on PostgreSQL+django-redis
#                (make bench ARGS="bench_render"; one backend: make bench BENCH_BACKEND=postgres)
#   make bench-server  only the benchmarks through gunicorn + wrk against Wagtail 8, Django and
#                DRF (benchmarks/bench_server_*.py, about 10 min; BENCH_SECONDS per wrk run,
#                BENCH_ROUNDS; figures in benchmarks/RESULTS.md). Both install the `bench` extra
#                (`make venv-bench` alone: CI does, so the bench_smoke test runs in `make test`).
#   make bench-search  site search on 100,000 documents on PostgreSQL: full text vs the LIKE
#                fallback, median and p95 per query (benchmarks/bench_search.py, a few minutes)
#   make load    gunicorn + uvicorn under the request mix: >= 20,000 requests and a 5-minute soak on
#                private PostgreSQL and Redis; report in load-report/ (make load ARGS="--tracemalloc")
#   make fuzz    the fuzzing suite at full size: random inputs, many examples, at most FUZZ_TIMEOUT s
#                (tests/fuzz; `make test` runs it small and derandomized)
#   make audit   bandit over django_frappe_web (high severity fails) and pip-audit over .venv
#   make lint    ruff check
#   make messages  re-extract the package's strings into its catalogs (locale/de, locale/fr) and
#                compile them; then translate what it added (docs/i18n.md)
#   make clean   caches and build output; `make distclean` also removes .venv and .tox

SHELL := bash
.DEFAULT_GOAL := help

VENV := $(CURDIR)/.venv
PY := $(VENV)/bin/python
# Touched after a successful install: reinstall only when pyproject.toml is newer.
STAMP := $(VENV)/.install-stamp

ARGS ?=
TOX_ENVS ?= py311-dj52,py312-dj52,py312-dj61,py313-dj61
# The second suite of `make test`; override to point at other servers.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
export TEST_DATABASE_URL TEST_REDIS_URL
# tests/settings.py then names the PostgreSQL test DB after the pid, so parallel runs
# (two checkouts, or make test next to tox) don't drop each other's database.
export FRAPPE_TEST_UNIQUE_DB := 1
# make fuzz: examples per property / per API operation, schemathesis seconds per requester,
# and a bound on the whole run (seconds).
FUZZ_EXAMPLES ?= 1000
FUZZ_MAX_TIME ?= 120
FUZZ_TIMEOUT ?= 1800

# A .venv whose interpreter no longer runs (e.g. its pyenv version was removed) is
# rebuilt: dropping the stamp makes the rule below run again.
ifneq ($(shell "$(PY)" -c 'import sys; print(sys.version_info >= (3, 11))' 2>/dev/null),True)
$(shell rm -f "$(STAMP)")
endif

.PHONY: help venv venv-bench test tox demo bench bench-server bench-search load fuzz audit lint messages clean distclean

help:
	@sed -n 's/^#   //p' Makefile

venv: $(STAMP)

# (Re)create .venv when it is missing or broken, then install the package with its
# test extras. Reinstalls (into the same .venv) whenever pyproject.toml changes.
$(STAMP): pyproject.toml
	@if ! "$(PY)" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then \
	    python=$$(bash scripts/find_python.sh) || exit 1; \
	    echo "Creating .venv with $$python ($$("$$python" --version))"; \
	    rm -rf "$(VENV)" && "$$python" -m venv "$(VENV)" || exit 1; \
	fi
	"$(PY)" -m pip install -q -e ".[test,pdf]"
	@touch "$@"

test: venv
	"$(PY)" scripts/run_suites.py $(if $(ARGS),-- $(ARGS))

tox: venv
	@"$(PY)" -c 'import tox' 2>/dev/null || "$(PY)" -m pip install -q "tox>=4"
	"$(PY)" scripts/run_suites.py --tox $(TOX_ENVS) $(if $(ARGS),-- $(ARGS))

# runserver and a task worker (scripts/demo.py); Ctrl-C stops both.
demo: venv
	cd example_project && "$(PY)" manage.py migrate && "$(PY)" manage.py seed_demo \
	    && "$(PY)" ../scripts/demo.py 127.0.0.1:8000

# The benchmarks' peers (Wagtail) go into .venv only for them; the package never imports them.
BENCH_STAMP := $(VENV)/.bench-stamp
$(BENCH_STAMP): $(STAMP)
	"$(PY)" -m pip install -q -e ".[test,pdf,bench]"
	@touch "$@"

venv-bench: $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	"$(PY)" -m benchmarks.run $(ARGS)

bench-server: $(BENCH_STAMP)
	"$(PY)" -m benchmarks.run $(or $(ARGS),server_pages server_redirects server_api)

# PostgreSQL only (TEST_DATABASE_URL); BENCH_SEARCH_DOCS (100000) and BENCH_SEARCH_REPEAT (30).
bench-search: venv
	BENCH_BACKEND=postgres "$(PY)" -m benchmarks.run search

# Bounded: the soak stops after --max-seconds (default 1500) whatever the request count (loadtest/run.py).
load: venv
	timeout --kill-after=30 1800 "$(PY)" -m loadtest.run $(ARGS)

# Random inputs (FUZZ_RANDOM=1), every requester; full output of schemathesis in fuzz-report/.
fuzz: venv
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) FUZZ_MAX_TIME=$(FUZZ_MAX_TIME) FUZZ_RANDOM=1 \
	    FUZZ_REQUESTERS=admin,alice,guest FUZZ_REPORT_DIR="$(CURDIR)/fuzz-report" \
	    timeout --kill-after=30 $(FUZZ_TIMEOUT) "$(PY)" -m pytest tests/fuzz -m fuzz -p no:logging $(ARGS)

audit: venv
	@"$(PY)" -c 'import bandit, pip_audit' 2>/dev/null || "$(PY)" -m pip install -q -e ".[audit]"
	"$(PY)" scripts/audit.py

lint: venv
	@"$(PY)" -m ruff --version >/dev/null 2>&1 || "$(PY)" -m pip install -q -e ".[lint]"
	"$(PY)" -m ruff check .

messages: venv
	"$(PY)" scripts/messages.py

clean:
	find . -path ./.venv -prune -o -path ./.tox -prune -o -name __pycache__ -type d -exec rm -rf {} +
	rm -rf build dist *.egg-info .pytest_cache .ruff_cache tests/_media example_project/db.sqlite3 fuzz-report load-report

distclean: clean
	rm -rf .venv .tox
