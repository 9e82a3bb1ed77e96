# Blaupause — everything a developer or operator needs, from a fresh machine.
#   make demo   set up and serve the demo (PORT=8000)
#   make test   set up and run the test suite (SQLite; DATABASE_URL=postgres://… for PostgreSQL)
#   make e2e    browser journeys (Playwright + Debian chromium + axe-core)
#   make lint   ruff, migrations check, deploy check
#   make bench  benchmarks (never part of `make test`)

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
STAMP  := $(VENV)/.installed

.PHONY: demo test e2e lint bench install messages makemessages vendor lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements/base.txt requirements/dev.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes \
		-r requirements/base.txt -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

demo: install messages
	$(BIN)/blaupause demo --port $(PORT)

test: install messages
	$(BIN)/python -m pytest -p no:cacheprovider $(PYTEST_ARGS)

e2e: install messages
	$(BIN)/python -m pytest -p no:cacheprovider -m e2e $(PYTEST_ARGS)

# The migration linter reads the SQL PostgreSQL would run (it only connects, nothing is written).
LINT_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres

lint: install
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/blaupause makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=blaupause.config.settings.lint DATABASE_URL=$(LINT_DATABASE_URL) \
		$(BIN)/blaupause lintmigrations --quiet ignore ok
	DJANGO_SETTINGS_MODULE=blaupause.config.settings.production \
		SECRET_KEY=lint-only-$$(printf '%064d' 0) ALLOWED_HOSTS=example.org \
		$(BIN)/blaupause check --deploy --fail-level WARNING

# Benchmarks: numbers for docs/performance.md; they never fail the tests.
bench: install
	$(BIN)/python bench/run.py
	$(BIN)/python bench/scale.py
	$(BIN)/python bench/transfer_analysis.py
	$(BIN)/python bench/reports.py
	$(BIN)/python bench/opendata.py

# Compile the translations (.po -> .mo) when a catalogue changed; the .mo files are built, not
# committed. A file rule, so that two suites started side by side find nothing left to write.
PO_FILES := $(wildcard src/blaupause/locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)

messages: $(MO_FILES)

src/blaupause/locale/%/LC_MESSAGES/django.mo: src/blaupause/locale/%/LC_MESSAGES/django.po | $(STAMP)
	cd src/blaupause && ../../$(BIN)/blaupause compilemessages -l $* >/dev/null

# Collect new German source strings into the English catalogue (then translate the msgstr).
makemessages: install
	cd src/blaupause && ../../$(BIN)/blaupause makemessages -l en --no-obsolete \
		--add-location file >/dev/null

vendor:
	$(PYTHON) scripts/vendor_assets.py

# Re-pin the dependencies (needs pip-tools in the venv).
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet pip-tools
	cd requirements && ../$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe \
		--no-emit-index-url --no-emit-find-links --strip-extras -o base.txt base.in
	cd requirements && ../$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe \
		--no-emit-index-url --no-emit-find-links --strip-extras -o dev.txt dev.in

clean:
	rm -rf $(VENV) var .pytest_cache
