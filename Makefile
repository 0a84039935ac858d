# Two commands matter: `make lab` (read the chapter) and `make test` (check everything).
# Both create .venv on first use and reuse it until pyproject.toml changes.

PYTHON ?= python3
TORCH ?= torch==2.13.0
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.installed
PORT ?= 8888
CHAPTER := chapters/adam
# JupyterLab refuses to run as root unless told to (containers, CI machines).
LAB_FLAGS := $(if $(filter 0,$(shell id -u)),--allow-root)

# The tests that need no browser, JupyterLab or notebook run (tiers: tests/conftest.py).
FAST := not browser and not lab and not notebook

.PHONY: lab test test-fast html figures saved bench sync sync-zh lint clean

$(READY): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet "$(TORCH)"
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@# The real book library, for the parity tests only; --no-deps because it pins
	@# numpy 1.23 / pandas 2.0 / matplotlib 3.7 and imports torchvision.
	$(BIN)/python -m pip install --quiet --no-deps d2l==1.0.3
	touch $@

lab: $(READY)
	$(BIN)/jupyter lab --ServerApp.port=$(PORT) $(LAB_FLAGS) $(CHAPTER).ipynb

test: lint
	$(BIN)/python -m pytest

test-fast: lint
	$(BIN)/python -m pytest -m "$(FAST)"

html: $(READY)
	$(BIN)/python -m tools.build_html

figures: $(READY)
	$(BIN)/python -m tools.make_figures

saved: $(READY)
	$(BIN)/python -m tools.save_functions

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
	rm -rf $(VENV) build .pytest_cache .ruff_cache *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
