# LocalGov Hub. Two commands for a fresh machine:
#   make run   - install, migrate, seed demo data once, serve http://127.0.0.1:8000 (SQLite, in-memory layer)
#   make test  - install, start PostgreSQL, Redis, Elasticsearch and Chromium locally, run every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test install services lint format messages check-production-build bench-pages bench-chat bench-search bench-dashboard bench-api bench-validate clean

install: $(VENV)/.installed build/static/govuk/.built

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

build/static/govuk/.built: node_modules/.installed scripts/build_assets.mjs
	node scripts/build_assets.mjs
	touch $@

run: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	test -f var/.demo-seeded || ($(BIN)/python manage.py seed_demo && touch var/.demo-seeded)
	# Links in feeds and emails follow the address served here (unless SITE_URL is exported).
	SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}" $(BIN)/python manage.py runserver $(HOST):$(PORT)

services:
	scripts/services.sh up

test: install services check-production-build
	@echo "Running the test suite against PostgreSQL, Redis, Elasticsearch and Chromium"
	. .services/env && CI=$${CI:-true} $(BIN)/python -m pytest $(PYTEST_ARGS)

# The Dockerfile's build steps outside Docker: clean venv, assets, collectstatic and
# check --deploy with production settings, then python -m hub.serve serving a page and a static file.
check-production-build: install
	PYTHON=$(PYTHON) scripts/check_production_build.sh

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Benchmarks print figures and a ratio against a baseline measured in the same run.
bench-pages: install services
	. .services/env && $(BIN)/python bench/pages.py

bench-chat: install services
	. .services/env && $(BIN)/python bench/chat_fanout.py

bench-search: install services
	. .services/env && $(BIN)/python bench/search.py

# 200 members for 10 minutes on PostgreSQL, Redis, Elasticsearch, two uvicorns and the search
# worker; SOAK_ARGS="--stack sqlite --members 20" for make run's configuration.
bench-soak: install services
	. .services/env && $(BIN)/python bench/soak.py $(SOAK_ARGS)

bench-dashboard: install services
	. .services/env && $(BIN)/python bench/dashboard.py

bench-api: install services
	. .services/env && $(BIN)/python bench/api.py

bench-validate: install
	$(BIN)/python bench/validate.py

clean:
	rm -rf $(VENV) node_modules build var

# Refresh the Welsh catalogues (locale/cy) from templates, Python and JavaScript, keep existing
# translations, fill from translation memories (MEMORY="a.json b.json"), compile the .mo files.
messages: install
	$(BIN)/python manage.py translations $(foreach m,$(MEMORY),--memory $(m))
