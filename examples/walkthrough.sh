#!/usr/bin/env bash
# `make run`: the core on a fresh database — a creditor, a claim with an invoice, a CSV import, a statement.
set -euo pipefail
cd "$(dirname "$0")/.."
incasso() { .venv/bin/incasso "$@"; }
step() { printf '\n\033[1m$ incasso %s\033[0m\n' "$*"; incasso "$@"; }

step db upgrade
step creditor add --name "Bakkerij De Zon B.V." --kvk 12345678 --iban NL91ABNA0417164300 --no-vat-deductible
step claim file examples/claim-business.json --creditor 12345678
step import examples/claims.csv --creditor 12345678
step case list
first=$(incasso case list | tail -n 1 | cut -d' ' -f1)
step case show "$first"
step calc --principal 1000.00 --due 2023-03-14 --as-of 2025-03-14 --debtor consumer
printf '\nDatabase and documents: %s\n' "${DATABASE_URL#sqlite:///}"
