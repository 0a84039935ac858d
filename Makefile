# Two commands matter: `make lab` (read the chapter) and `make test` (check everything).
# Both create .venv on first use and reuse it until pyproject.toml or the lock changes.

PYTHON ?= python3
TORCH ?= torch==2.13.0
# The exact version of every package the venv gets (pip constraints; `make lock` writes
# it from pyproject.toml's ranges). `LOCK=` installs from the ranges instead, as another
# TORCH needs: `make lab TORCH=torch==2.5.1 LOCK=`.
LOCK ?= requirements.lock
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.installed
PORT ?= 8888
CHAPTER := chapters/adam
# JupyterLab refuses to run as root unless told to (containers, CI machines).
LAB_FLAGS := $(if $(filter 0,$(shell id -u)),--allow-root)

# The tests that need no browser, JupyterLab or notebook run (tiers: tests/conftest.py).
FAST := not browser and not lab and not notebook
LOCK_VENV := build/lock-venv

.PHONY: lab test test-fast lock html pdf student figures saved bundle bench sync sync-zh lint clean

# A venv at $(1) with torch, this project and its dev extras, and the real book library
# (for the parity tests only; --no-deps because it pins numpy 1.23 / pandas 2.0 /
# matplotlib 3.7 and imports torchvision); $(2) is pip's constraint option, if any.
define install
	$(PYTHON) -m venv $(1)
	$(1)/bin/python -m pip install --quiet --upgrade pip $(2)
	$(1)/bin/python -m pip install --quiet "$(TORCH)" $(2)
	$(1)/bin/python -m pip install --quiet -e '.[dev]' $(2)
	$(1)/bin/python -m pip install --quiet --no-deps d2l==1.0.3 $(2)
endef

$(READY): pyproject.toml $(LOCK)
	@if [ -n "$(LOCK)" ] && ! grep -qxF '$(TORCH)' $(LOCK); then \
	  echo "TORCH=$(TORCH) is not the torch of $(LOCK) ($$(grep '^torch==' $(LOCK))):" \
	    "add LOCK= to install outside the lock" >&2; exit 1; fi
	$(call install,$(VENV),$(if $(LOCK),-c $(LOCK)))
	touch $@

# Every package a fresh venv gets from pyproject.toml's ranges, at its exact version,
# but the project itself; torch without its build tag (2.13.0, not 2.13.0+cpu), so that
# the pin is TORCH's and the CPU wheel satisfies it as well as PyPI's.
lock:
	rm -rf $(LOCK_VENV)
	$(call install,$(LOCK_VENV),)
	{ echo "# The exact versions make installs (pip constraints); refresh with: make lock"; \
	  $(LOCK_VENV)/bin/python -m pip freeze --all --exclude adam-chapter \
	  | sed -E 's/^(torch==[^+]*)[+].*/\1/'; } > requirements.lock
	rm -rf $(LOCK_VENV)

lab: $(READY)
	$(BIN)/jupyter lab --ServerApp.port=$(PORT) $(LAB_FLAGS) $(CHAPTER).ipynb

test: lint
	$(BIN)/python -m pytest

test-fast: lint
	$(BIN)/python -m pytest -m "$(FAST)"

html: $(READY)
	$(BIN)/python -m tools.build_html

# The printed handout: each page of `make html` printed by Chromium, build/<chapter>.pdf.
pdf: html
	$(BIN)/python -m tools.make_pdf

# What a class gets: build/adam-student/ and build/adam-student.zip, without the worked
# solutions and the teacher's guide (tools/student_edition.py).
student: $(READY)
	$(BIN)/python -m tools.student_edition

figures: $(READY)
	$(BIN)/python -m tools.make_figures

saved: $(READY)
	$(BIN)/python -m tools.save_functions

# The figures' front end as the one module the widgets load, d2l_local/web/bundle.js
# (committed; tools/bundle_web.py): run after changing d2l_local/web. The first run
# installs the pinned esbuild with npm into tools/web/node_modules; make lab never needs it.
bundle: $(READY)
	$(BIN)/python -m tools.bundle_web

bench: $(READY)
	$(BIN)/python -m benchmarks.run

sync: $(READY)
	@# The .py is the source of truth: rebuild the .ipynb from it (keeping cell ids)
	@# and strip any outputs a JupyterLab session saved into it.
	$(BIN)/jupytext --quiet --to ipynb --update chapters/*.py
	$(BIN)/jupyter nbconvert --log-level=WARN --clear-output --inplace chapters/*.ipynb

sync-zh: $(READY)
	@# The Chinese editions (chapters/*_zh.py) take their code cells from the English
	@# chapters; fails, naming the place, when English gained or lost a markdown cell.
	$(BIN)/python -m tools.sync_zh
	$(MAKE) --no-print-directory sync

lint: $(READY)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache *.egg-info tools/web/node_modules
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
