# The two commands of this project: `make run` and `make test`.
# Both set up whatever is missing (venv, Python and npm packages, frontend build,
# embedded services under .local/) and are safe to run again.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SERVICES := $(PY) scripts/services.py exec --
LOCK_HASH := $(shell cat requirements.lock pyproject.toml | sha1sum | cut -c1-12)
PY_STAMP := $(VENV)/.installed-$(LOCK_HASH)
NPM_STAMP := frontend/node_modules/.installed
FRONTEND_SOURCES := $(shell find frontend/src frontend/public frontend/index.html frontend/vite.config.ts frontend/tsconfig.json -type f 2>/dev/null)

.PHONY: run test setup python frontend chromium lint format lock bench clean-local

run: setup
	$(SERVICES) $(PY) scripts/run.py

test: setup chromium
	$(SERVICES) $(PY) scripts/test.py $(ARGS)

setup: python frontend

python: $(PY_STAMP)

$(PY_STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python >= 3.11 is required"'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip 2> >(grep -v "is ignored: it is neither" >&2)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock 2> >(grep -v "is ignored: it is neither" >&2)
	@rm -f $(VENV)/.installed-*
	@touch $@

frontend: frontend/dist/index.html

$(NPM_STAMP): frontend/package.json frontend/package-lock.json
	# `npm ci`: exactly the locked versions, and it never rewrites the lock (the lock holds
	# every platform's optional packages, so it is complete on any machine).
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

frontend/dist/index.html: $(NPM_STAMP) $(FRONTEND_SOURCES)
	cd frontend && npm run --silent build

# Browser tests need Debian's chromium; installed when missing and we are root,
# otherwise those tests are reported as skipped with the reason.
chromium:
	@bash scripts/ensure_chromium.sh

lint: python
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: python
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Refreeze the full dependency set after changing pins in pyproject.toml.
lock:
	$(PYTHON) scripts/lock.py

bench: setup
	$(SERVICES) $(PY) bench/provisioning.py
	$(SERVICES) $(PY) bench/onboarding.py
	$(SERVICES) $(PY) bench/processes.py
	$(SERVICES) $(PY) bench/inbox_search.py
	$(SERVICES) $(PY) bench/frontend.py

clean-local:
	$(PY) scripts/services.py down || true
	rm -rf .local
