# Two entry points for a fresh machine: `make run` (main job) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
CCOMPARE := $(VENV)/bin/ccompare

.PHONY: setup run test test-slow wheel-check bench lint clean

setup: $(VENV)/.installed

$(VENV)/.installed: setup.cfg pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

# The main job on the bundled corpus: plans, citations, comparison and the report under reports/.
run: setup
	bash scripts/main-job.sh $(CCOMPARE) reports

# pytest exits 5 when it collected no test: that is a failure here, never a pass.
test: setup
	$(PY) -m pytest -q; rc=$$?; if [ $$rc -eq 5 ]; then echo "no tests ran" >&2; exit 1; fi; exit $$rc

# The product as users get it: a wheel in a fresh virtualenv, every command run from an empty folder.
wheel-check:
	bash scripts/wheel-check.sh python3

test-slow: setup
	$(PY) -m pytest -q -m slow

bench: setup
	bash scripts/benchmarks.sh $(PY)

lint: setup
	$(VENV)/bin/ruff check ccompare tests benchmarks models

clean:
	rm -rf $(VENV) build *.egg-info
