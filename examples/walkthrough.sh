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
step scheduler --once
# and as if it were 10:00 on the next business day: day-0 letters go to the print queue, e-mails wait for SMTP
morning=$(.venv/bin/python -c "from datetime import date, datetime, time
from core.schedule.calendar import AMSTERDAM, next_business_day
print(datetime.combine(next_business_day(date.today()), time(10), AMSTERDAM).isoformat())")
step scheduler --once --at "$morning"
first=$(incasso case list | tail -n 1 | cut -d' ' -f1)
step case show "$first"
step calc --principal 1000.00 --due 2023-03-14 --as-of 2025-03-14 --debtor consumer
printf '\nDatabase: %s; letters to print: %s/print-queue/\n' "${DATABASE_URL#sqlite:///}" "$INCASSO_DATA_DIR"
