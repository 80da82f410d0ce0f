# The two commands of the README: `make demo` and `make test`. Both create .venv first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The semantic extra needs torch. Installed first and pinned, pip takes the CPU wheel this
# kind of machine keeps on disk; left to the extra's range it would download a CUDA build.
TORCH ?= torch==2.13.0

.PHONY: demo test lint

$(BIN)/pip:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet '$(TORCH)'

$(VENV)/.installed: pyproject.toml | $(BIN)/pip
	$(BIN)/pip install --quiet -e '.[semantic]'
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/newsfold demo

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check services workers schemas tests bench
	$(BIN)/mypy
