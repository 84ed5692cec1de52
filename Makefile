# Two commands for a newcomer: `make run` (a walk through the core on a fresh database) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=
RUN_DIR := run-out

.PHONY: install run test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	rm -rf $(RUN_DIR) && mkdir -p $(RUN_DIR)
	DATABASE_URL=sqlite:///$(RUN_DIR)/incasso.db INCASSO_DATA_DIR=$(RUN_DIR)/data ./examples/walkthrough.sh

lint: $(STAMP)
	$(BIN)/ruff check .

test: $(STAMP) lint
	$(BIN)/pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python bench/all.py

clean:
	rm -rf $(VENV) $(RUN_DIR) .pytest_cache
