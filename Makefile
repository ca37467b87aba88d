# `make` installs everything and builds every output; `make test` runs the whole test suite.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# Every Python package, direct and indirect, at the exact version and hashes the project was
# tested with. `make lock` refreshes it from pyproject.toml's ranges.
LOCK := requirements.lock
PIP_TOOLS := pip-tools==7.6.2
# Debian packages: GNU gettext, the pinned Noto fonts and HarfBuzz (their versions change the
# handouts' bytes), HarfBuzz's subsetter (fast PDF font subsetting in WeasyPrint), Pango,
# Chromium and Java (browser and HTML checks), poppler.
APT_PACKAGES := gettext \
	fonts-noto-core=20201225-1 fonts-noto-cjk=1:20220127+repack1-1 \
	libharfbuzz0b=6.0.0+dfsg-3 libharfbuzz-subset0=6.0.0+dfsg-3 libpango-1.0-0 libpangoft2-1.0-0 \
	chromium default-jre-headless poppler-utils python3-venv
# What the set-up prints it got: the packages whose version can change an output or a check.
SHOWN_PACKAGES := fonts-noto-core fonts-noto-cjk libharfbuzz0b libharfbuzz-subset0 libpango-1.0-0 \
	gettext poppler-utils chromium

.PHONY: all setup system python node build test lint bench lock clean

all: setup build

setup: system python node

system:
	@if command -v apt-get >/dev/null 2>&1; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(APT_PACKAGES) && \
	  if ! command -v npm >/dev/null 2>&1; then $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; fi; \
	else echo "not a Debian system: install the equivalents of: $(APT_PACKAGES)"; fi
	@if command -v dpkg-query >/dev/null 2>&1; then \
	  echo "Debian packages:"; dpkg-query -W -f='  $${Package} $${Version}\n' $(SHOWN_PACKAGES) 2>&1; fi

python: $(VENV)/.installed

# A new environment from the lock alone: exact versions, every file checked against its hash.
$(VENV)/.installed: $(LOCK) pyproject.toml
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --require-hashes --no-deps -r $(LOCK)
	$(PY) -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation --config-settings editable_mode=compat -e .
	$(PY) -m pip check
	@echo "Python packages: $$($(PY) -m pip freeze --exclude-editable | tr '\n' ' ')"
	touch $@

node: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

build: python
	$(PY) -m pipeline extract
	$(PY) -m pipeline update
	$(PY) -m pipeline build

test: python node lint
	$(PY) -m pytest

# The type checker and the linter, configured in pyproject.toml.
lint: python
	$(PY) -m ruff check pipeline tests bench
	$(PY) -m mypy

# Refresh the lock to the newest versions pyproject.toml's ranges allow, then run the tests.
# Use it to take dependency updates on purpose (and commit the new lock with the tests passing).
lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install -q --disable-pip-version-check $(PIP_TOOLS)
	.venv-lock/bin/pip-compile -q --upgrade --generate-hashes --allow-unsafe --extra test \
	  --build-deps-for editable --strip-extras --no-emit-index-url --no-emit-find-links --newline LF \
	  -o $(LOCK) pyproject.toml
	$(MAKE) test

bench: python
	$(PY) bench/catalog_bench.py

clean:
	rm -rf output
