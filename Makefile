# The course's two commands are `make lab` and `make test`; both build .venv from the pinned
# versions in requirements/constraints.txt when it is missing or out of date.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
PORT ?= 8888
# pytest-xdist workers for `make test` (tests/conftest.py groups what must share one worker)
WORKERS ?= auto
# extra pytest options for `make test`, e.g. PYTEST_ARGS=--durations=30
PYTEST_ARGS ?=
# JupyterLab refuses to run as root without this flag (containers, Binder-like machines).
AS_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test quick venv system browser lint lock clean

$(READY): pyproject.toml requirements/constraints.txt $(wildcard jupyter-config/lab-settings/*.json)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e ".[dev]"
	$(BIN)/python -m tools.labsettings install >/dev/null
	@touch $@

venv: $(READY)

# Students see JupyterLab as the course ships it (no news pop-up, no nbgrader instructor tools);
# `make lab ROLE=instructor` shows nbgrader's formgrader, course list and Create Assignment.
ROLE ?= student
INSTRUCTOR_CONFIG := $(if $(filter instructor,$(ROLE)),JUPYTER_CONFIG_PATH="$(CURDIR)/jupyter-config/instructor",)

lab: $(READY)
	$(INSTRUCTOR_CONFIG) $(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" --ip=127.0.0.1 --port=$(PORT) $(AS_ROOT) \
		notebooks/00_start_here.ipynb

test: $(READY) system
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .
	$(BIN)/python -m course validate
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadgroup $(PYTEST_ARGS)

# The developer's inner loop: every test not marked slow (no lesson execution, book build, nbgrader
# pipeline, fuzzing or real browser); `make test` still runs everything.
quick: $(READY)
	$(BIN)/python -m pytest -m "not slow"

# System packages, in one apt step: Debian's Chromium drives the real-browser tests (Playwright's
# own browser download is not used); bubblewrap is the sandbox autograding runs student code in;
# PostgreSQL's server is what the PostgreSQL gradebook test starts on its own (no system cluster is
# started: a policy-rc.d keeps apt from starting services); Node.js (only where `node` is missing)
# runs configurable-http-proxy, JupyterHub's proxy, pinned in tools/hub/package-lock.json and
# installed there (never globally) for the JupyterHub test; npm installs axe-core, the
# accessibility audit of the book and the widgets, the same way into tools/axe.
SYSTEM_PACKAGES := chromium bubblewrap postgresql
HUB_NPM := tools/hub
AXE_NPM := tools/axe
system:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v bwrap >/dev/null || missing="$$missing bubblewrap"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v node >/dev/null || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			no_start=""; \
			if [ ! -e /usr/sbin/policy-rc.d ]; then \
				printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d; \
				no_start=yes; \
			fi; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
			status=$$?; \
			if [ -n "$$no_start" ]; then rm -f /usr/sbin/policy-rc.d; fi; \
			if [ $$status != 0 ]; then exit $$status; fi; \
		else \
			echo "Missing system packages:$$missing (sudo apt-get install $(SYSTEM_PACKAGES) nodejs npm)."; \
			echo "Without chromium the real-browser tests are skipped; without bubblewrap the"; \
			echo "sandboxed-grading tests are skipped and autograde refuses to run; without"; \
			echo "postgresql or node the PostgreSQL and JupyterHub tests are skipped."; \
		fi; \
	fi; \
	for npm_dir in $(HUB_NPM) $(AXE_NPM); do \
		if [ ! $$npm_dir/node_modules/.package-lock.json -nt $$npm_dir/package-lock.json ]; then \
			if command -v npm >/dev/null; then \
				npm ci --prefix $$npm_dir --ignore-scripts --no-audit --no-fund --loglevel=error || exit $$?; \
			else \
				echo "npm is missing: nothing installed in $$npm_dir (configurable-http-proxy:"; \
				echo "the JupyterHub test is skipped; axe-core: the accessibility audits are skipped)."; \
			fi; \
		fi; \
	done

browser: system

# The static HTML book of the lessons (executed, widgets as pictures, self-checks without answers).
.PHONY: book
book: $(READY)
	$(BIN)/python -m tools.book build/book

# SVG exports of each anatomy layer and each pain map (for slides), from the data; a test checks
# that the committed files are up to date.
.PHONY: assets
assets: $(READY)
	$(BIN)/python -m tools.assets assets

lint: $(READY)
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .

# Re-resolve the pinned set from pyproject.toml and rewrite environment.yml to match.
lock:
	rm -rf build/lock-venv && $(PYTHON) -m venv build/lock-venv
	build/lock-venv/bin/python -m pip install --quiet -e ".[dev]"
	{ sed -n '1,2p' requirements/constraints.txt; \
	  build/lock-venv/bin/python -m pip freeze --exclude-editable | grep -viE '^(pip|setuptools|wheel)=='; \
	} > requirements/constraints.new && mv requirements/constraints.new requirements/constraints.txt
	$(BIN)/python -m tools.environment write

clean:
	rm -rf $(VENV) build
