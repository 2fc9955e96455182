# Dialog – everything a new machine needs, from two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi
TEST_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
export TEST_DATABASE_URL
AXE_VERSION := 4.14.1
AXE_DIR := .cache/axe
AXE_JS := $(AXE_DIR)/node_modules/axe-core/axe.min.js

.PHONY: run lint test test-unit test-postgres test-browser translations compile-translations \
        check-strings migrate bench drill audit clean chromium axe nginx pdf-deps

$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(BIN)/.test-installed: requirements-test.txt $(BIN)/.installed
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@

compile-translations: $(BIN)/.installed
	$(BIN)/pybabel compile -d translations --statistics 2>&1 | tail -n 5

## Serve the site on http://127.0.0.1:5000 with the demo data (SQLite under instance/).
run: compile-translations pdf-deps
	$(BIN)/flask db upgrade
	$(BIN)/flask demo load
	$(BIN)/flask run --host 127.0.0.1 --port 5000

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

## WeasyPrint's system libraries (pango) and fonts that carry Arabic and Persian, for the PDF export.
pdf-deps:
	@{ dpkg -s libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core fonts-dejavu-core >/dev/null 2>&1; } || { \
	  echo "Installing pango and the Noto and DejaVu fonts for the PDF export"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core fonts-dejavu-core >/dev/null; }

axe: $(AXE_JS)
$(AXE_JS):
	mkdir -p $(AXE_DIR)
	npm install --silent --no-audit --no-fund --prefix $(AXE_DIR) axe-core@$(AXE_VERSION)

## Lint: ruff (rules and formatting) and the import-linter layer contract, all in pyproject.toml.
lint: $(BIN)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

## The whole suite: lint first, then SQLite, PostgreSQL when reachable, and the browser tests.
test: $(BIN)/.test-installed lint compile-translations chromium axe pdf-deps test-unit test-postgres test-browser

test-unit: $(BIN)/.test-installed compile-translations
	DIALOG_TEST_DB=sqlite $(BIN)/pytest -q -m "not browser" -n 2

test-postgres: $(BIN)/.test-installed compile-translations
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(TEST_DATABASE_URL)'.replace('+psycopg',''), connect_timeout=3).close()" 2>/dev/null; then \
	  echo "== PostgreSQL: $(TEST_DATABASE_URL)"; \
	  DIALOG_TEST_DB=postgres $(BIN)/pytest -q -m "not browser" -p no:randomly; \
	else echo "== PostgreSQL not reachable at $(TEST_DATABASE_URL): skipped"; fi

test-browser: $(BIN)/.test-installed compile-translations chromium axe
	DIALOG_TEST_DB=sqlite AXE_JS=$(AXE_JS) $(BIN)/pytest -q -m browser

## Extract, update and compile the catalogues.
translations: $(BIN)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_ngettext:1,2 --no-location --sort-output -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d translations --statistics

## The load-and-fault drill (not part of `make test`; loopback only; about 10 minutes):
## two app servers behind nginx, an RQ worker, its own PostgreSQL and Redis, locust, faults.
DRILL_VENV := .cache/drill-venv
nginx:
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || { \
	  echo "Installing Debian's nginx for the drill"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  POLICY=/usr/sbin/policy-rc.d; ADDED=; \
	  if [ ! -e $$POLICY ]; then printf '#!/bin/sh\nexit 101\n' | $$SUDO tee $$POLICY >/dev/null; $$SUDO chmod +x $$POLICY; ADDED=1; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nginx-light >/dev/null; \
	  STATUS=$$?; [ -n "$$ADDED" ] && $$SUDO rm -f $$POLICY; exit $$STATUS; }

$(DRILL_VENV)/.installed: requirements-drill.txt
	test -x $(DRILL_VENV)/bin/python || $(PYTHON) -m venv $(DRILL_VENV)
	$(DRILL_VENV)/bin/pip install --quiet -r requirements-drill.txt
	touch $@

drill: $(BIN)/.test-installed compile-translations nginx $(DRILL_VENV)/.installed
	$(BIN)/python -m bench.drill

## Dependency audit: the pinned requirements against the known-vulnerability database (pip-audit,
## in its own virtualenv). Fails when a pinned version has a known vulnerability.
AUDIT_VENV := .cache/audit-venv
audit:
	test -x $(AUDIT_VENV)/bin/pip-audit || { $(PYTHON) -m venv $(AUDIT_VENV) && $(AUDIT_VENV)/bin/pip install --quiet pip-audit==2.10.1; }
	$(AUDIT_VENV)/bin/pip-audit -r requirements.txt -r requirements-test.txt --progress-spinner off

## Benchmarks (not part of `make test`): prints a table and a JSON line.
bench: $(BIN)/.test-installed compile-translations
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) .cache
