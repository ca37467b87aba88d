# `make` installs everything and builds every output; `make test` runs the whole test suite.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# Debian packages: GNU gettext, the pinned Noto fonts, HarfBuzz's subsetter (fast PDF font
# subsetting in WeasyPrint), Pango, Chromium and Java (browser and HTML checks), poppler.
APT_PACKAGES := gettext \
	fonts-noto-core=20201225-1 fonts-noto-cjk=1:20220127+repack1-1 \
	libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 \
	chromium default-jre-headless poppler-utils python3-venv

.PHONY: all setup system python node build test bench clean

all: setup build

setup: system python node

system:
	@if command -v apt-get >/dev/null 2>&1; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(APT_PACKAGES) && \
	  if ! command -v npm >/dev/null 2>&1; then $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; fi; \
	else echo "not a Debian system: install the equivalents of: $(APT_PACKAGES)"; fi

python: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	touch $@

node: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

build: python
	$(PY) -m pipeline extract
	$(PY) -m pipeline update
	$(PY) -m pipeline build

test: python node
	$(PY) -m pytest

bench: python
	$(PY) bench/catalog_bench.py

clean:
	rm -rf output
