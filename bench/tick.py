"""Benchmark: one scheduler tick over 100,000 open cases that each have an e-mail reminder due now.

    .venv/bin/python bench/tick.py [--cases 100000] [--batch-size 500]

Seeds the cases through the real intake (file_claims_batch), then times:
  1. dispatch: claim due steps, compute each statement, render the e-mail (plain + HTML), write the outbox
     row and mark the step done, batch by batch — what the every-minute job does;
  2. delivery of those outbox rows to an in-process sink transport (no network: the floor of our own work);
  3. the raw floor: a Core executemany INSERT of the same number of outbox rows, as large as the dispatched ones.
Peak memory (ru_maxrss) is printed after each phase: it must stay flat as the case count grows.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from results import emit
from sqlalchemy import func, insert, select, update

from core.actors import Actor
from core.clock import FakeClock
from core.config import load_settings
from core.db.base import make_engine, make_session_factory
from core.db.migrate import upgrade
from core.db.models import Case, ContactStep, OutboundMessage
from core.intake import parse_claim
from core.schedule.delivery import Parcel, deliver_due
from core.schedule.dispatcher import dispatch_due_steps
from core.schedule.transports import EmailTransport
from core.services.claims import file_claims_batch
from core.services.creditors import add_creditor
from core.uow import UnitOfWork

NOW = datetime(2026, 6, 2, 8, 30, tzinfo=UTC)  # Tuesday 10:30 in Amsterdam


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Sink:
    """Builds the MIME message exactly as the SMTP transport does, then drops it instead of connecting."""

    def __init__(self) -> None:
        self.count = 0
        self.transport = EmailTransport(self, from_address="Incasso <incasso@example.nl>", reply_to="info@example.nl")

    def send(self, message: object) -> str:
        self.count += 1
        return ""

    def deliver(self, message: OutboundMessage, parcel: Parcel) -> None:
        self.transport.deliver(message, parcel)


def claim(i: int) -> dict:
    return {
        "debtor": {
            "kind": "business" if i % 3 else "consumer",
            "name": f"Debiteur {i} B.V.",
            "address": {"street": f"Kerkstraat {i % 300 + 1}", "postcode": "1011 AB", "city": "Amsterdam"},
            "email": f"debiteur{i}@example.nl",
        },
        "invoices": [
            {
                "invoice_number": f"T-{i:07d}",
                "invoice_date": "2026-03-01",
                "due_date": "2026-03-31",
                "principal": f"{(i % 5000) + 100}.{i % 100:02d}",
            }
        ],
    }


def seed(uow_factory, cases: int) -> None:
    with uow_factory() as uow:
        creditor = add_creditor(uow, name="Bench B.V.", kvk_number="12345678", payout_iban="NL91ABNA0417164300")
        uow.commit()
        actor = Actor.creditor(creditor.id)
        for start in range(0, cases, 1000):
            batch = [(i, parse_claim(claim(i), today=NOW.date())) for i in range(start, min(start + 1000, cases))]
            file_claims_batch(uow, actor, creditor.id, batch, source="bench")
            uow.commit()
        uow.session.execute(update(Case).values(status="amicable"))
        ids = uow.session.scalars(select(Case.id)).all()
        for start in range(0, len(ids), 5000):
            uow.session.execute(
                insert(ContactStep),
                [
                    {
                        "case_id": cid,
                        "day_offset": 3,
                        "channel": "email",
                        "template": "reminder",
                        "condition": "has_email",
                        "due_at": NOW - timedelta(minutes=1),
                        "status": "planned",
                        "attempts": 0,
                    }
                    for cid in ids[start : start + 5000]
                ],
            )
        uow.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="incasso-tick-") as tmp:
        url = f"sqlite:///{tmp}/tick.db"
        engine = make_engine(url)
        upgrade(engine)
        sessions = make_session_factory(engine)
        clock = FakeClock(NOW)
        settings = load_settings(
            database_url=url, data_dir=Path(tmp), secret_key="bench", telegram_bot_username="IncassoBot"
        )

        def uow() -> UnitOfWork:
            return UnitOfWork(sessions, clock=clock, data_dir=Path(tmp))

        t0 = time.perf_counter()
        seed(uow, args.cases)
        print(
            f"seeded {args.cases:,} open cases with an e-mail reminder due ({time.perf_counter() - t0:.1f} s, "
            f"peak {peak_mb():.0f} MB)"
        )

        t0 = time.perf_counter()
        outcomes = dispatch_due_steps(uow, settings, batch_size=args.batch_size)
        dispatch_s = time.perf_counter() - t0
        done = outcomes.get("email:done", 0)
        print(
            f"dispatch to outbox:  {done / dispatch_s:8,.0f} steps/s   ({done:,} in {dispatch_s:.1f} s, "
            f"peak {peak_mb():.0f} MB) {dict(outcomes)}"
        )

        sink = Sink()
        t0 = time.perf_counter()
        deliver_due(uow, {"email": sink}, batch_size=args.batch_size)
        deliver_s = time.perf_counter() - t0
        print(
            f"delivery to a sink:  {sink.count / deliver_s:8,.0f} messages/s ({sink.count:,} in {deliver_s:.1f} s, "
            f"peak {peak_mb():.0f} MB)"
        )

        # the floor writes rows as large as the dispatched ones (plain text and HTML part)
        with uow() as reader:
            text_size, html_size = reader.session.execute(
                select(func.avg(func.length(OutboundMessage.body)), func.avg(func.length(OutboundMessage.body_html)))
            ).one()
        body, body_html = "x" * round(text_size or 0), "x" * round(html_size or 0)
        raw_engine = make_engine(f"sqlite:///{tmp}/raw.db")
        upgrade(raw_engine)
        t0 = time.perf_counter()
        with raw_engine.begin() as conn:
            for start in range(0, done, args.batch_size):
                conn.execute(
                    insert(OutboundMessage),
                    [
                        {
                            "channel": "email",
                            "recipient": f"d{i}@example.nl",
                            "subject": "Herinnering",
                            "body": body,
                            "body_html": body_html,
                            "idempotency_key": f"raw:{i}",
                            "status": "pending",
                            "attempts": 0,
                            "next_attempt_at": NOW,
                            "created_at": NOW,
                        }
                        for i in range(start, min(start + args.batch_size, done))
                    ],
                )
        raw_s = time.perf_counter() - t0
        sizes = f"{len(body):,} + {len(body_html):,} characters"
        print(f"raw outbox insert:   {done / raw_s:8,.0f} rows/s    (floor, rows of {sizes}, one transaction)")
        print(f"dispatch / floor: {(done / dispatch_s) / (done / raw_s):.3f}   target: >= 5,000 steps/s on SQLite")
        emit(f"tick: dispatch {done:,} e-mail steps to the outbox", done / dispatch_s, "steps/s",
             baseline=done / raw_s, baseline_name="raw outbox insert", target=">= 5,000 steps/s on SQLite",
             met=done / dispatch_s >= 5000)
        emit("tick: delivery to a sink (MIME built)", sink.count / deliver_s, "messages/s", baseline=done / raw_s,
             baseline_name="raw outbox insert", target="(none set)", met=None)
        emit("tick: peak memory", peak_mb(), "MB", target="flat as cases grow (compare runs)", met=None)


if __name__ == "__main__":
    main()
