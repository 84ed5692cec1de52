# Two commands for a newcomer: `make run` (`incasso demo`: the whole service at work in under a minute) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=
RUN_DIR := run-out

.PHONY: install run walkthrough test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/incasso demo --fast --out demo-out

walkthrough: $(STAMP)
	rm -rf $(RUN_DIR) && mkdir -p $(RUN_DIR)
	DATABASE_URL=sqlite:///$(RUN_DIR)/incasso.db INCASSO_DATA_DIR=$(RUN_DIR)/data ./examples/walkthrough.sh

lint: $(STAMP)
	$(BIN)/ruff check .

test: $(STAMP) lint
	$(BIN)/pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python bench/all.py

clean:
	rm -rf $(VENV) $(RUN_DIR) demo-out .pytest_cache
