# provkg: `make demo` builds a knowledge graph from data/articles; `make test` runs lint and tests.
# Setup is idempotent: the venv install is redone only when pyproject.toml changes.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON   ?= python3
VENV     ?= .venv
BIN      := $(VENV)/bin
STORE    ?= data/store
ARTICLES ?= data/articles
# The install stamp is keyed on pyproject.toml's content, not its timestamp.
STAMP    := $(VENV)/.provkg-install-$(shell sha256sum pyproject.toml | cut -c1-16)

.PHONY: help setup build-deps system-deps demo serve test lint screenshots bench clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 14

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python build-deps
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	rm -f $(VENV)/.provkg-install-*
	touch $@

setup: $(STAMP)  ## create .venv and install provkg with its test extras

system-deps:  ## install Debian packages the tests need, if missing: rapper (raptor2-utils), chromium, virtuoso
	@missing=""; \
	command -v rapper >/dev/null 2>&1 || missing="$$missing raptor2-utils"; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v virtuoso-t >/dev/null 2>&1 || missing="$$missing virtuoso-opensource"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then \
	  echo "error: missing Debian packages:$$missing (and apt-get is not available)" >&2; exit 1; fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; \
	else echo "error: missing Debian packages; run: sudo apt-get install -y$$missing" >&2; exit 1; fi; \
	echo "installing$$missing"; \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq; \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	command -v rapper >/dev/null && [ -x /usr/bin/chromium ] && command -v virtuoso-t >/dev/null

build-deps:  ## install what building PyICU (followthemoney's normality) needs, if missing: libicu-dev, pkg-config
	@if pkg-config --exists icu-uc 2>/dev/null; then exit 0; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then \
	  echo "error: missing ICU development files (libicu-dev, pkg-config) and apt-get is not available" >&2; exit 1; fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; \
	else echo "error: run: sudo apt-get install -y libicu-dev pkg-config" >&2; exit 1; fi; \
	echo "installing libicu-dev pkg-config"; \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq; \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libicu-dev pkg-config >/dev/null

demo: $(STAMP)  ## ingest data/articles into a fresh ./data/store and print stats (later: serve)
	rm -rf -- "$(STORE)"
	$(BIN)/provkg ingest $(ARTICLES) --store "$(STORE)"
	$(BIN)/provkg stats --store "$(STORE)"
	@$(MAKE) --no-print-directory serve

# Hook: once the HTTP API adds `provkg serve`, `make demo` serves the store it just built.
serve: $(STAMP)  ## serve the store over HTTP (when the API exists)
	@if $(BIN)/provkg serve --help >/dev/null 2>&1; then \
	  exec $(BIN)/provkg serve --store "$(STORE)"; \
	else \
	  echo "(no HTTP API yet: try '$(BIN)/provkg query --store $(STORE) \"SELECT ...\"')"; \
	fi

lint: $(STAMP)  ## ruff check
	$(BIN)/ruff check .

test: $(STAMP) system-deps  ## ruff check and pytest, from the repo root
	$(BIN)/ruff check .
	$(BIN)/pytest -q

screenshots: $(STAMP) system-deps  ## redraw the README's screenshots (home, a person, a chart, the mergers) in docs/screenshots/
	PROVKG_SCREENSHOTS=docs/screenshots $(BIN)/pytest -q tests/test_views_browser.py -k screenshots

bench: $(STAMP)  ## ingest benchmark (2,000 articles)
	$(BIN)/python bench/ingest.py

clean:  ## remove the demo store and build debris (keeps .venv)
	rm -rf -- "$(STORE)" build .pytest_cache .ruff_cache
