# rwflask: `make run` starts the server, `make test` runs every test. Both install what is missing.
SHELL := /bin/bash
.DEFAULT_GOAL := run

VENV        := .venv
PY          := $(VENV)/bin/python
FLASK       := $(VENV)/bin/flask --app wsgi
STAMP       := $(VENV)/.installed
APT_PACKAGES := python3 python3-venv python3-dev build-essential libmagic1 ffmpeg espeak-ng redis-server \
                postgresql postgresql-client chromium liquidsoap icecast2 nodejs
# npm (bundling the web client the browser tests drive) comes with Node.js from some sources, whose
# nodejs package then conflicts with Debian's npm: Debian's is installed only when no npm is found.
PORT        ?= 8888
API_WORKERS ?= 3
PG_TEST_ROLE := rwflask_test
export RW_TEST_PG_ADMIN_URL ?= postgresql://$(PG_TEST_ROLE):$(PG_TEST_ROLE)@127.0.0.1:5432/postgres

.PHONY: run test test-sqlite test-postgres apt venv migrate seed postgres bench clean-venv

## Install missing Debian packages (only runs apt when something is missing).
apt:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

## Virtualenv with the package (editable) and its test dependencies; reinstalled when setup.cfg changes.
venv: $(STAMP)
$(STAMP): setup.cfg pyproject.toml | apt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $(STAMP)

migrate: venv
	$(FLASK) db upgrade

seed: migrate
	$(FLASK) rw seed-demo

## Start everything in the foreground (Ctrl-C stops it all): the API on :$(PORT), a Celery worker with
## beat, Flower on :5555, Icecast on :8000 with its silence feeder, the local render nodes (Liquidsoap),
## and Redis when none is running. SQLite in instance/ unless DATABASE_URL is set.
run: seed
	mkdir -p instance/redis && chown redis: instance/redis
	$(FLASK) rw procfile --port $(PORT) --api-workers $(API_WORKERS) --output instance/Procfile
	exec $(VENV)/bin/honcho start -f instance/Procfile -d .

## What the benchmarks need besides the package (locust, for bench/load_bench.py); they run by hand (bench/README.md).
bench: venv
	$(PY) -m pip install -q -e ".[bench]"

## PostgreSQL for the test suite: start the local cluster if needed and make a role that may create databases.
postgres: apt
	@cluster=$$(pg_lsclusters -h | awk 'NR==1 {print $$1" "$$2" "$$4}'); \
	set -- $$cluster; \
	if [ "$$3" != "online" ]; then pg_ctlcluster --skip-systemctl-redirect $$1 $$2 start; fi
	@runuser -u postgres -- psql -tAc "SELECT 1 FROM pg_roles WHERE rolname='$(PG_TEST_ROLE)'" | grep -q 1 || \
	  runuser -u postgres -- psql -qc "CREATE ROLE $(PG_TEST_ROLE) LOGIN CREATEDB PASSWORD '$(PG_TEST_ROLE)'"

## Every test, on SQLite and on a throwaway PostgreSQL database.
test: test-sqlite test-postgres

test-sqlite: venv
	$(PY) -m pytest

test-postgres: venv postgres
	RW_TEST_DATABASE=postgresql $(PY) -m pytest

clean-venv:
	rm -rf $(VENV)
