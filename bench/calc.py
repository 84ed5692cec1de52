"""Benchmark of the claim-law engine: statements per second on one core, against two raw baselines.

The claim: 3 invoices, statement 3 years after the first due date, two partial payments (consumer claims with a
14-day letter and business claims alternate). 1,000 different claims are cycled so no result can be cached; the
pure calendar caches (holidays, anniversaries, letter terms) are warm, as they are in a running back office.

Baselines, in the same run:
- a trivial Decimal loop (``total += amount``), as a yardstick of this machine's raw Python speed;
- the same claims' interest summed naively day by day (no payments), which must agree with the engine to the cent.

Run: ``.venv/bin/python bench/calc.py`` (``--quick`` for a short run; ``--strict`` exits 1 below the target).
It always exits 1 when the engine and the naive sum disagree on any invoice's interest.
"""

from __future__ import annotations

import os
import platform
import sys
import time
from bisect import bisect_right
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from results import emit

from core.law import (
    DEFAULT_RATE_TABLE,
    DebtorKind,
    InvoiceInput,
    PaymentInput,
    compute_statement,
)
from core.law.dates import add_years
from core.money import cents

TARGET = 20_000
CLAIMS = 1_000

Claim = tuple[DebtorKind, list[InvoiceInput], list[PaymentInput], date | None, date]


def make_claims(count: int) -> list[Claim]:
    claims: list[Claim] = []
    for k in range(count):
        first_due = date(2021, 6, 1) + timedelta(days=k % 700)
        invoices = [
            InvoiceInput(
                invoice_number=f"{k}-{j}",
                invoice_date=first_due + timedelta(days=30 * j - 30),
                due_date=first_due + timedelta(days=30 * j),
                principal=Decimal(850 + 37 * (k % 97) + 410 * j) + Decimal(k % 100) / 100,
            )
            for j in range(3)
        ]
        payments = [
            PaymentInput(first_due + timedelta(days=120 + k % 60), Decimal(300 + k % 200)),
            PaymentInput(first_due + timedelta(days=480 + k % 90), Decimal("450.00")),
        ]
        kind = DebtorKind.CONSUMER if k % 2 == 0 else DebtorKind.BUSINESS
        letter = first_due + timedelta(days=75 + k % 9) if kind == DebtorKind.CONSUMER else None
        claims.append((kind, invoices, payments, letter, add_years(first_due, 3)))
    return claims


def run_engine(claims: list[Claim], iterations: int) -> float:
    count = len(claims)
    started = time.perf_counter()
    for i in range(iterations):
        kind, invoices, payments, letter, as_of = claims[i % count]
        compute_statement(invoices=invoices, debtor_kind=kind, as_of=as_of, payments=payments, letter_sent=letter)
    return time.perf_counter() - started


def run_trivial(iterations: int) -> float:
    amount = Decimal("1.23")
    total = Decimal(0)
    started = time.perf_counter()
    for _ in range(iterations):
        total += amount
    return time.perf_counter() - started


def naive_interest(invoice: InvoiceInput, as_of: date, commercial: bool) -> Decimal:
    """Day by day: look up the rate, add one day of interest, capitalise on each anniversary."""
    rows = DEFAULT_RATE_TABLE.rows
    starts = [row.start for row in rows]
    base = invoice.principal
    year_interest = Decimal(0)
    total = Decimal(0)
    years = 1
    anniversary = add_years(invoice.due_date, 1)
    day = invoice.due_date + timedelta(days=1)
    while day <= as_of:
        row = rows[bisect_right(starts, day) - 1]
        rate = row.commercial if commercial else row.non_commercial
        daily = base * rate / 36500
        year_interest += daily
        total += daily
        if day == anniversary:
            base += year_interest
            year_interest = Decimal(0)
            years += 1
            anniversary = add_years(invoice.due_date, years)
        day += timedelta(days=1)
    return total


def run_naive(claims: list[Claim], iterations: int) -> tuple[float, int]:
    """Naive statements (interest only); returns the time and how many invoices disagree with the engine."""
    count = len(claims)
    mismatches = 0
    elapsed = 0.0
    for i in range(iterations):
        kind, invoices, _payments, _letter, as_of = claims[i % count]
        commercial = kind == DebtorKind.BUSINESS
        started = time.perf_counter()
        naive = [naive_interest(invoice, as_of, commercial) for invoice in invoices]
        elapsed += time.perf_counter() - started
        engine = compute_statement(invoices=invoices, debtor_kind=kind, as_of=as_of)
        mismatches += sum(
            1 for value, inv in zip(naive, engine.invoices, strict=True) if cents(value) != cents(inv.interest)
        )
    return elapsed, mismatches


def main() -> int:
    quick = "--quick" in sys.argv
    iterations = 20_000 if quick else 100_000
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    claims = make_claims(CLAIMS)
    run_engine(claims, CLAIMS)  # warm the calendar caches once per claim

    engine_time = min(run_engine(claims, iterations) for _ in range(3))
    per_second = iterations / engine_time
    trivial_time = min(run_trivial(iterations) for _ in range(3))
    trivial_per_second = iterations / trivial_time
    naive_iterations = 100 if quick else 300
    naive_time, mismatches = run_naive(claims, naive_iterations)
    naive_per_second = naive_iterations / naive_time

    print(f"incasso claim-law engine, one core, {platform.python_implementation()} {platform.python_version()}")
    print(f"claim: 3 invoices, 3 years, 2 partial payments; {CLAIMS} different claims cycled, {iterations} runs")
    print(f"compute_statement           {per_second:>12,.0f} statements/s  ({1e6 / per_second:.1f} µs each)")
    print(
        f"baseline trivial Decimal +=  {trivial_per_second:>12,.0f} iterations/s  "
        f"(ratio statements/iterations: 1 : {trivial_per_second / per_second:,.0f})"
    )
    print(
        f"baseline naive day-by-day   {naive_per_second:>12,.1f} statements/s  "
        f"(engine is {per_second / naive_per_second:,.0f}x faster; {mismatches} interest mismatches)"
    )
    fast_enough = per_second >= TARGET
    print(f"target >= {TARGET:,} statements/s: {'OK' if fast_enough else 'NOT MET'}")
    emit("claim-law statements, one core", per_second, "statements/s", baseline=naive_per_second,
         baseline_name="naive day-by-day interest", ratio=per_second / naive_per_second,
         target=f">= {TARGET:,} statements/s", met=fast_enough and not mismatches)
    if mismatches:
        return 1
    return 1 if "--strict" in sys.argv and not fast_enough else 0


if __name__ == "__main__":
    raise SystemExit(main())
