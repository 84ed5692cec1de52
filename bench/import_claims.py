"""Benchmark: bulk intake of 100,000 claims from CSV on SQLite, against a raw SQLAlchemy Core insert floor.

    .venv/bin/python bench/import_claims.py [--rows 100000] [--database-url URL]

Generates a realistic CSV (consumers and businesses, Dutch names, addresses, e-mail, phone), imports it with the
same code `incasso import` runs (validation, duplicate check, references, audit events), and in the same run
inserts the already-validated rows with plain Core `insert()` executemany into a fresh database: the floor no
validating import can beat. Each side runs in its own process so its peak memory (ru_maxrss) is its own.
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing as mp
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from results import emit

FIRST = ["Jan", "Piet", "Fatima", "Sanne", "Mohammed", "Emma", "Daan", "Lotte", "Noah", "Julia", "Sem", "Anouk"]
LAST = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "El Amrani", "Yilmaz"]
STREETS = ["Dorpsstraat", "Kerkstraat", "Schoolstraat", "Molenweg", "Stationsweg", "Industrieweg", "Havenweg"]
CITIES = ["Amsterdam", "Rotterdam", "Utrecht", "Den Haag", "Eindhoven", "Groningen", "Tilburg", "Almere"]
HEADER = ["debtor_kind", "debtor_name", "street", "postcode", "city", "email", "phone", "kvk_number",
          "invoice_number", "invoice_date", "due_date", "principal"]


def generate(path: Path, rows: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER)
        for i in range(rows):
            business = rnd.random() < 0.4
            name = (f"{rnd.choice(LAST)} {rnd.choice(['B.V.', 'V.O.F.', 'Holding B.V.'])}" if business
                    else f"{rnd.choice(FIRST)} {rnd.choice(LAST)}")
            invoice_date = date(2025, 1, 1) + timedelta(days=rnd.randrange(300))
            principal = Decimal(rnd.randrange(2_500, 2_500_000)) / 100
            out.writerow([
                "business" if business else "consumer", name,
                f"{rnd.choice(STREETS)} {rnd.randrange(1, 300)}", f"{rnd.randrange(1000, 9999)} "
                f"{rnd.choice('ABCDEGHJKLMNPRSTVWXZ')}{rnd.choice('ABCDEGHJKLMNPRSTVWXZ')}",
                rnd.choice(CITIES), f"debiteur{i}@example.nl", f"06{rnd.randrange(10_000_000, 59_999_999)}",
                f"{rnd.randrange(10_000_000, 99_999_999)}" if business else "",
                f"B-{i:07d}", invoice_date.isoformat(), (invoice_date + timedelta(days=30)).isoformat(),
                f"{principal:.2f}",
            ])


def fresh_database(url: str | None, workdir: Path, name: str):
    from core.db.base import make_engine
    from core.db.migrate import upgrade

    engine = make_engine(url or f"sqlite:///{workdir / name}")
    upgrade(engine)
    return engine


def run_import(csv_path: str, url: str | None, workdir: str, queue: mp.Queue) -> None:
    from core.actors import Actor
    from core.clock import SystemClock
    from core.csv_import import import_claims_csv
    from core.db.base import make_session_factory
    from core.services.creditors import add_creditor
    from core.uow import UnitOfWork

    engine = fresh_database(url, Path(workdir), "import.db")
    with UnitOfWork(make_session_factory(engine), clock=SystemClock(), data_dir=Path(workdir)) as uow:
        creditor = add_creditor(uow, name="Bench B.V.", kvk_number="12345678", payout_iban="NL91ABNA0417164300")
        uow.commit()
        start = time.perf_counter()
        with open(csv_path, encoding="utf-8", newline="") as stream:
            summary = import_claims_csv(uow, Actor.creditor(creditor.id), creditor.id, stream)
        seconds = time.perf_counter() - start
    queue.put((seconds, summary.accepted_cases, len(summary.refused),
               resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def run_raw(csv_path: str, url: str | None, workdir: str, queue: mp.Queue) -> None:
    """The floor: the same rows, parsed by csv only, written by Core executemany in 1,000-row batches."""
    from sqlalchemy import insert

    from core.db.models import Case, CaseEvent, ClaimLine, Creditor, Debtor

    engine = fresh_database(url, Path(workdir), "raw.db")
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(insert(Creditor), [{"name": "Raw", "kvk_number": "12345678", "payout_iban": "NL91ABNA0417164300",
                                        "arrangement_policy": {}, "fee_terms": {}, "cost_terms": {},
                                        "created_at": now}])
    start = time.perf_counter()
    with open(csv_path, encoding="utf-8", newline="") as stream, engine.connect() as conn:
        reader = csv.DictReader(stream)
        n = 0
        batch: list[dict[str, str]] = []

        def flush() -> None:
            debtors = conn.execute(insert(Debtor).returning(Debtor.id, sort_by_parameter_order=True), [
                {"creditor_id": 1, "kind": r["debtor_kind"], "name": r["debtor_name"], "street": r["street"],
                 "postcode": r["postcode"], "city": r["city"], "country": "NL", "email": r["email"],
                 "phone": r["phone"], "kvk_number": r["kvk_number"] or None, "language": "nl", "created_at": now}
                for r in batch]).scalars().all()
            cases = conn.execute(insert(Case).returning(Case.id, sort_by_parameter_order=True), [
                {"reference": f"RAW-{n - len(batch) + i:07d}", "creditor_id": 1, "debtor_id": d, "status": "new",
                 "phase": "amicable", "interest_basis": "statutory", "filed_at": now, "updated_at": now}
                for i, d in enumerate(debtors)]).scalars().all()
            conn.execute(insert(ClaimLine), [
                {"case_id": c, "creditor_id": 1, "invoice_number": r["invoice_number"],
                 "invoice_date": date.fromisoformat(r["invoice_date"]), "due_date": date.fromisoformat(r["due_date"]),
                 "principal": Decimal(r["principal"]), "consumer_purchase": False}
                for c, r in zip(cases, batch, strict=True)])
            conn.execute(insert(CaseEvent), [
                {"case_id": c, "occurred_at": now, "actor_kind": "system", "kind": "case_filed", "payload": {}}
                for c in cases])
            conn.commit()
            batch.clear()

        for row in reader:
            batch.append(row)
            n += 1
            if len(batch) >= 1000:
                flush()
        if batch:
            flush()
    queue.put((time.perf_counter() - start, n, 0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def in_child(target, *args) -> tuple[float, int, int, float]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(*args, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", help="default: a fresh SQLite file per side in a temporary folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="incasso-bench-") as tmp:
        csv_path = Path(tmp) / "claims.csv"
        generate(csv_path, args.rows)
        size_mb = csv_path.stat().st_size / 1e6
        print(f"generated {args.rows:,} claims as CSV ({size_mb:.1f} MB)")
        if args.database_url:
            print("note: with --database-url both sides write to the same database; use two empty databases")
        raw_s, raw_n, _, raw_mem = in_child(run_raw, str(csv_path), args.database_url, tmp)
        imp_s, imp_n, refused, imp_mem = in_child(run_import, str(csv_path), args.database_url, tmp)
    print(f"raw Core insert (floor): {raw_n / raw_s:10,.0f} claims/s  ({raw_s:.1f} s, peak {raw_mem:.0f} MB)")
    print(f"incasso import:          {imp_n / imp_s:10,.0f} claims/s  ({imp_s:.1f} s, peak {imp_mem:.0f} MB, "
          f"{refused} refused)")
    print(f"import / floor: {(imp_n / imp_s) / (raw_n / raw_s):.2f}   target: >= 5,000 claims/s, peak < 300 MB")
    emit(f"CSV import of {imp_n:,} claims", imp_n / imp_s, "claims/s", baseline=raw_n / raw_s,
         baseline_name="raw Core insert", target=">= 5,000 claims/s", met=imp_n / imp_s >= 5000)
    emit("CSV import peak memory", imp_mem, "MB", baseline=raw_mem, baseline_name="raw Core insert",
         target="< 300 MB", met=imp_mem < 300)


if __name__ == "__main__":
    main()
