"""Kill a dispatcher with SIGKILL mid-work and restart it; run two at once on PostgreSQL: nothing lost or doubled."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from core.actors import Actor
from core.db.models import Case, ContactStep, OutboundMessage
from core.intake import parse_claim
from core.schedule.calendar import AMSTERDAM
from core.services.claims import file_claims_batch
from tests.builders import business_claim, make_creditor

WORKER = Path(__file__).with_name("dispatch_worker.py")
NOW = datetime(2026, 6, 2, 10, 0, tzinfo=AMSTERDAM)  # a Tuesday, inside contact hours


def seed_due_reminders(uow_factory, count: int) -> None:
    with uow_factory() as uow:
        creditor = make_creditor(uow)
        requests = [(i, parse_claim(business_claim(f"R-{i}"), today=NOW.date())) for i in range(count)]
        file_claims_batch(uow, Actor.creditor(creditor.id), creditor.id, requests, source="test")
        uow.session.execute(Case.__table__.update().values(status="amicable"))
        case_ids = uow.session.scalars(select(Case.id)).all()
        uow.session.execute(
            insert(ContactStep),
            [
                {
                    "case_id": cid,
                    "day_offset": 3,
                    "channel": "email",
                    "template": "reminder",
                    "condition": "has_email",
                    "due_at": NOW - timedelta(minutes=5),
                    "status": "planned",
                    "attempts": 0,
                }
                for cid in case_ids
            ],
        )
        uow.commit()


def start_worker(
    database_url: str, data_dir: Path, at: datetime, smtp_port: int = 0, **kill: int
) -> subprocess.Popen:
    args = [sys.executable, str(WORKER), database_url, str(data_dir), at.isoformat()]
    if smtp_port:
        args.append(str(smtp_port))
    env = os.environ | {name.upper(): str(value) for name, value in kill.items()}
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def counts(uow_factory) -> Counter[str]:
    with uow_factory() as uow:
        return Counter(
            dict(uow.session.execute(select(ContactStep.status, func.count()).group_by(ContactStep.status)).all())
        )


def test_a_killed_dispatcher_loses_no_step_and_sends_none_twice(uow_factory, database_url, data_dir, smtp) -> None:
    seed_due_reminders(uow_factory, 120)

    # 1. killed while rendering step 40: the second claimed batch of 25 is leased and not written
    first = start_worker(database_url, data_dir, NOW, smtp.port, kill_at_step=40)
    first.communicate(timeout=120)
    assert first.returncode == -signal.SIGKILL
    after_first = counts(uow_factory)
    in_flight = after_first["leased"]
    assert after_first["planned"] == 70 and (after_first["done"], in_flight) == (25, 25)
    assert smtp.messages == []

    # 2. a new worker, 10 minutes later (the lease ran out), is killed right after handing over e-mail 30
    second = start_worker(database_url, data_dir, NOW + timedelta(minutes=10), smtp.port, kill_after_send=30)
    second.communicate(timeout=120)
    assert second.returncode == -signal.SIGKILL
    assert counts(uow_factory) == Counter({"done": 120})
    assert len(smtp.messages) == 30

    # 3. a third worker finishes the job
    third = start_worker(database_url, data_dir, NOW + timedelta(minutes=20), smtp.port)
    _, err = third.communicate(timeout=120)
    assert third.returncode == 0, err
    with uow_factory() as uow:
        rows = uow.session.scalars(select(OutboundMessage)).all()
        assert len(rows) == 120 and len({r.contact_step_id for r in rows}) == 120
        assert {r.status for r in rows} == {"sent"}
        steps = uow.session.scalars(select(ContactStep)).all()
        assert Counter(s.attempts for s in steps) == Counter({1: 120 - in_flight, 2: in_flight})
    received = Counter(m["Message-ID"] for m in smtp.messages)
    assert len(received) == 120
    assert [n for n in received.values() if n > 1] == [2]  # only the one in flight at the kill came twice


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_dispatchers_on_postgresql_never_take_the_same_step(uow_factory, database_url, data_dir) -> None:
    seed_due_reminders(uow_factory, 2000)
    workers = [start_worker(database_url, data_dir, NOW) for _ in range(2)]
    outputs = [w.communicate(timeout=300) for w in workers]
    assert [w.returncode for w in workers] == [0, 0], outputs
    with uow_factory() as uow:
        steps = uow.session.scalars(select(ContactStep)).all()
        assert {s.status for s in steps} == {"done"} and {s.attempts for s in steps} == {1}
        assert uow.session.scalar(select(func.count(OutboundMessage.id))) == 2000
    done_by_worker = [
        out.count("email:done") and int(out.split("'email:done': ")[1].split("}")[0].split(",")[0])
        for out, _ in outputs
    ]
    assert sum(done_by_worker) == 2000 and all(n > 0 for n in done_by_worker), done_by_worker
