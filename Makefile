# Two commands for people (README.md): `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FLASK := $(BIN)/flask --app wsgi

.PHONY: setup run test test-deps lint bench clean translations i18n-update

setup: $(STAMP) translations

translations: $(STAMP)
	$(BIN)/pybabel -q compile -d scheduler_app/translations

# After adding or changing texts: extract them, then translate the new entries in the .po.
# `N_` marks German messages of services and domain (scheduler_app/domain/messages.py).
i18n-update: setup
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext -k N_ -o scheduler_app/translations/messages.pot .
	$(BIN)/pybabel -q update -i scheduler_app/translations/messages.pot -d scheduler_app/translations

# Reinstalls only when pyproject.toml changed, so a second `make setup` takes a moment.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: setup
	$(FLASK) db upgrade
	$(FLASK) demo seed --if-empty
	$(FLASK) run --host 127.0.0.1 --port 5000

# The test-only system parts: Chromium for the browser tests, npm packages (axe-core,
# ical.js), and a running PostgreSQL.
test-deps: setup
	bash scripts/install-test-deps.sh

test: setup test-deps
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check scheduler_app calendars tests bench

bench: setup
	$(BIN)/python bench/slots.py
	$(BIN)/python bench/feeds.py

clean:
	rm -rf $(VENV) node_modules calendars/tests/js/node_modules
