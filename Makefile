# Two commands for a new user: `make demo` and `make test`. Everything else is for developers.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test setup system-deps bench bench-sites real-pages clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

system-deps:  ## Debian packages the browser tests need (Chromium, headless)
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi; }

demo: setup  ## serve the sample municipality, crawl it, audit it, open Datasette (ARGS: more options of 'wmebv demo')
	$(VENV)/bin/wmebv demo $(ARGS)

test: setup system-deps  ## the whole test suite
	$(VENV)/bin/python -m pytest

bench: setup  ## speed and memory figures (not part of the test run)
	$(VENV)/bin/python tests/benchmarks/run.py

bench-sites: setup  ## many sites at once: 20 sample municipalities with --jobs 1, 2, 4, 8 (not part of the test run)
	$(VENV)/bin/python tests/benchmarks/sites.py

real-pages: setup  ## how right the audit is on real municipal pages (needs ../shared/data/real-pages)
	$(PY) tests/benchmarks/real_pages.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
