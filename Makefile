# budgetwh — the README's two commands are `make demo` and `make test`; both install what they need.
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
export DO_NOT_TRACK := 1
export AIRFLOW__CORE__LOAD_EXAMPLES := False

.PHONY: install demo test lint bench schema docs-images up down clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet "uv==$(UV_VERSION)"

$(VENV)/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen
	@touch $@

## install: the locked environment in .venv (uv.lock)
install: $(VENV)/.synced

## demo: generate a demo inbox, run the nightly pipeline on the embedded warehouse, print where to look
demo: install
	$(BIN)/budgetwh demo-inbox data/demo-inbox
	$(BIN)/budgetwh run --inbox data/demo-inbox
	@echo "Warehouse: $$($(BIN)/budgetwh dsn)"
	@echo "Try:  psql \"$$($(BIN)/budgetwh dsn)\" -c 'select * from marts.fct_budget_line limit 5'"
	@echo "Report: data/report/comparison_report.html (CSV and XLSX beside it; again: budgetwh report --out DIR)"

## test: the whole suite on a fresh embedded PostgreSQL, real dbt, GX and Airflow runs
test: install
	$(BIN)/pytest

## lint: ruff; sqlfluff on the dbt models and on expectations/ (placeholder templater: expectations/.sqlfluff)
lint: install
	$(BIN)/ruff check ingest expectations dags tests bench
	$(BIN)/sqlfluff lint dbt_project/models --processes 2
	$(BIN)/sqlfluff lint expectations --templater placeholder --processes 2

## bench: the benchmarks in bench/ (results go to BENCHMARKS.md by hand, with machine and date)
bench: install
	$(BIN)/python -m bench

## schema: regenerate docs/contract.schema.json from the model
schema: install
	$(BIN)/budgetwh schema > docs/contract.schema.json

## docs-images: redraw docs/reading.md's pictures (budgetwh debug-page on a generated PDF, never the corpus)
docs-images: install
	$(BIN)/python docs/reading_images.py

## up / down: the production-like stack (needs a Docker engine; see README)
up:
	docker compose up -d
down:
	docker compose down

clean:
	rm -rf $(VENV) $(TOOLS) data
