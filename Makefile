# Workshop Planner — two commands: `make run` opens the app, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-unit test-e2e test-crash lint setup bench screenshots clean

run: $(STAMP)
	$(BIN)/workshop-planner

PYTEST := QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider

test: $(STAMP)
	$(PYTEST)
	$(MAKE) --no-print-directory lint

# The parts of the suite: unit tests mirror the package (tests/<layer>/),
# end-to-end tests drive the app, the CLI and bundles across processes, crash
# tests kill the app while a note-taker types.
test-unit: $(STAMP)
	$(PYTEST) tests/domain tests/store tests/services tests/report tests/ui tests/cli

test-e2e: $(STAMP)
	$(PYTEST) tests/e2e

test-crash: $(STAMP)
	$(PYTEST) tests/crash

lint: $(STAMP)
	$(BIN)/ruff check workshop_planner tests benchmarks
	$(BIN)/mypy workshop_planner
	$(BIN)/lint-imports

setup: $(STAMP)

# System libraries Qt and WeasyPrint load at run time; installed only when missing.
SYSTEM_LIBS := libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
	libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libglib2.0-0 libnss3 \
	libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0

$(STAMP): pyproject.toml
	@if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		missing=$$(for p in $(SYSTEM_LIBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
		if [ -n "$$missing" ]; then \
			echo "Installing system libraries: $$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		fi; \
	fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen sh -c 'for b in benchmarks/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done'

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis .import_linter_cache
