"""Outgoing webhooks end to end: case events -> outbox -> WebhookTransport -> a real HTTP server on loopback.

Every test that touches the database runs on SQLite and on PostgreSQL (the `database_url` fixture).
"""

from __future__ import annotations

import json
import socket
import time
from datetime import timedelta

import pytest
from sqlalchemy import event, func, select

from core import webhooks
from core.actors import Actor
from core.clock import local_today
from core.db.models import Case, CaseEvent, Creditor, OutboundMessage
from core.intake import parse_claim
from core.schedule.delivery import MAX_ATTEMPTS, RETRY_AFTER, deliver_due
from core.schedule.tick import run_tick
from core.schedule.transports import core_transports
from core.services import disputes
from core.services.claims import file_claims_batch
from tests.builders import business_claim, consumer_claim, make_case, make_creditor
from tests.webhooks.conftest import Receiver

SECRET = "whsec_test_0123456789abcdef"


def with_webhook(uow_factory, url: str, secret: str = SECRET, **creditor: str) -> int:
    with uow_factory() as uow:
        found = make_creditor(uow, **creditor)
        webhooks.set_webhook(uow, found.id, url, secret)
        uow.commit()
        return found.id


def deliver(uow_factory, timeout: float = 5.0):
    return deliver_due(uow_factory, {webhooks.CHANNEL: webhooks.WebhookTransport(timeout=timeout)})


def webhook_rows(uow_factory) -> list[OutboundMessage]:
    with uow_factory() as uow:
        return list(
            uow.session.scalars(
                select(OutboundMessage).where(OutboundMessage.channel == webhooks.CHANNEL).order_by(OutboundMessage.id)
            )
        )


def rows_on(uow_factory, channel: str) -> list[OutboundMessage]:
    with uow_factory() as uow:
        return list(uow.session.scalars(select(OutboundMessage).where(OutboundMessage.channel == channel)))


def events_of(uow_factory, case_id: int) -> list[CaseEvent]:
    with uow_factory() as uow:
        return list(
            uow.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id))
        )


def assert_signed(received, secret: str = SECRET) -> None:
    headers = received.headers
    assert headers["content-type"] == "application/json"
    assert abs(int(headers["x-incasso-timestamp"]) - time.time()) < 60
    assert headers["x-incasso-signature"].startswith("v1=")
    assert webhooks.verify_signature(
        secret, headers["x-incasso-timestamp"], received.body, headers["x-incasso-signature"]
    )
    assert headers["x-incasso-event-id"] == str(received.json["id"])


def creditor_of(uow, creditor_id: int) -> Creditor:
    return uow.session.get_one(Creditor, creditor_id)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ------------------------------------------------------------------------------------------------------ main path


def test_filed_planned_and_disputed_case_events_arrive_signed_and_in_order(
    uow_factory, clock, settings, receiver: Receiver
) -> None:
    creditor_id = with_webhook(uow_factory, receiver.url)
    with uow_factory() as uow:
        first = make_case(uow, creditor_of(uow, creditor_id), business_claim("F-1"))
        second = make_case(uow, creditor_of(uow, creditor_id), business_claim("F-2"))
    # the scheduler tick plans both cases (status change, plan), sends the letters and delivers the outbox with
    # the transports core registers, the webhook transport among them
    report = run_tick(uow_factory, settings, core_transports(settings))
    assert report.delivered[f"{webhooks.CHANNEL}:sent"] >= 6
    with uow_factory() as uow:
        disputes.open_dispute(uow, Actor.creditor(creditor_id, label="api"), first.reference, "niet besteld")
        uow.commit()
    deliver(uow_factory)

    assert receiver.requests and all(r.path == "/incasso/events" for r in receiver.requests)
    for received in receiver.requests:
        assert_signed(received)
    for case in (first, second):
        got = [e for e in receiver.events if e["case"] == case.reference]
        logged = events_of(uow_factory, case.id)
        # every event of the audit log, in the order it was written, with its id, kind, moment and payload
        assert [(e["id"], e["type"]) for e in got] == [(e.id, e.kind) for e in logged]
        assert got[0]["type"] == "case_filed" and got[0]["data"]["invoices"] == [
            "F-1" if case is first else "F-2"
        ]
        assert got[0]["occurred_at"].endswith("Z")
        assert {"from": "new", "to": "amicable", "reason": "contact plan laid out"} in [
            e["data"] for e in got if e["type"] == "status_changed"
        ]
        assert [e["id"] for e in got] == sorted(e["id"] for e in got)
    disputed = [e["type"] for e in receiver.events if e["case"] == first.reference]
    assert disputed[-3:] == ["status_changed", "plan_paused", "dispute_opened"]
    assert set(receiver.events[0]) == {"id", "type", "case", "occurred_at", "data"}
    rows = webhook_rows(uow_factory)
    assert {r.status for r in rows} == {"sent"} and len(rows) == len(receiver.requests)
    assert all(SECRET not in r.body for r in rows)  # the secret is read at delivery, never stored in the row


def test_the_secret_is_read_at_delivery_so_a_rotation_applies_to_waiting_webhooks(
    uow_factory, receiver: Receiver
) -> None:
    creditor_id = with_webhook(uow_factory, receiver.url)
    with uow_factory() as uow:
        make_case(uow, creditor_of(uow, creditor_id))
    with uow_factory() as uow:
        webhooks.set_webhook(uow, creditor_id, receiver.url, "whsec_rotated_secret_abcdef")
        uow.commit()
    deliver(uow_factory)
    (received,) = receiver.requests
    assert_signed(received, "whsec_rotated_secret_abcdef")
    assert not webhooks.verify_signature(
        SECRET, received.headers["x-incasso-timestamp"], received.body, received.headers["x-incasso-signature"]
    )


def test_a_new_url_takes_the_waiting_webhooks_along(uow_factory, receiver: Receiver) -> None:
    creditor_id = with_webhook(uow_factory, "https://old.example/hooks")
    with uow_factory() as uow:
        make_case(uow, creditor_of(uow, creditor_id))
    with uow_factory() as uow:
        webhooks.set_webhook(uow, creditor_id, receiver.url)  # no secret given: the current one stays
        uow.commit()
    assert deliver(uow_factory)[f"{webhooks.CHANNEL}:sent"] == 1
    assert_signed(receiver.requests[0])


# -------------------------------------------------------------------------------------------------------- retries


@pytest.mark.parametrize("status", [500, 503, 429])
def test_a_5xx_or_429_is_retried_after_the_backoff_and_delivered_once(
    uow_factory, clock, receiver: Receiver, status: int
) -> None:
    creditor_id = with_webhook(uow_factory, receiver.url)
    with uow_factory() as uow:
        case = make_case(uow, creditor_of(uow, creditor_id))
    receiver.answer(status)

    assert deliver(uow_factory) == {f"{webhooks.CHANNEL}:retry": 1}
    (row,) = webhook_rows(uow_factory)
    assert row.status == "pending" and row.attempts == 1 and f"answered {status}" in (row.last_error or "")
    assert deliver(uow_factory) == {}  # not due before the backoff has passed
    clock.advance(RETRY_AFTER[0] + timedelta(seconds=1))
    assert deliver(uow_factory) == {f"{webhooks.CHANNEL}:sent": 1}
    assert deliver(uow_factory) == {}

    (row,) = webhook_rows(uow_factory)
    assert row.status == "sent" and row.attempts == 2 and row.last_error is None
    first, second = receiver.requests
    assert first.body == second.body  # the same event, the same id: the receiver deduplicates on it
    assert first.headers["x-incasso-event-id"] == second.headers["x-incasso-event-id"]
    assert_signed(second)
    assert second.json["case"] == case.reference and second.json["type"] == "case_filed"
    assert rows_on(uow_factory, "specialist_alert") == []


@pytest.mark.parametrize("status", [400, 404, 410, 302])
def test_another_4xx_or_a_redirect_fails_at_once_and_alerts_a_specialist(
    uow_factory, clock, receiver: Receiver, status: int
) -> None:
    creditor_id = with_webhook(uow_factory, receiver.url)
    with uow_factory() as uow:
        case = make_case(uow, creditor_of(uow, creditor_id))
    receiver.answer(status)

    assert deliver(uow_factory) == {f"{webhooks.CHANNEL}:failed": 1}
    clock.advance(timedelta(hours=3))
    assert deliver(uow_factory) == {}
    assert len(receiver.requests) == 1  # no redirect followed, nothing retried

    (row,) = webhook_rows(uow_factory)  # the failure event is in the audit log but is not itself webhooked
    assert row.status == "failed" and row.attempts == 1 and f"answered {status}" in (row.last_error or "")
    (alert,) = rows_on(uow_factory, "specialist_alert")
    body = json.loads(alert.body)
    assert body["kind"] == "delivery_failed" and body["channel"] == webhooks.CHANNEL
    assert body["recipient"] == receiver.url and body["case"] == case.reference
    assert events_of(uow_factory, case.id)[-1].kind == "delivery_failed"


def test_a_server_that_is_down_is_transient_until_the_attempts_run_out(uow_factory, clock) -> None:
    creditor_id = with_webhook(uow_factory, f"http://127.0.0.1:{free_port()}/hook")  # nobody listens there
    with uow_factory() as uow:
        make_case(uow, creditor_of(uow, creditor_id))

    assert deliver(uow_factory) == {f"{webhooks.CHANNEL}:retry": 1}
    (row,) = webhook_rows(uow_factory)
    assert row.status == "pending" and "refused" in (row.last_error or "").lower()
    for wait in RETRY_AFTER[:-1]:
        clock.advance(wait + timedelta(seconds=1))
        assert deliver(uow_factory) == {f"{webhooks.CHANNEL}:retry": 1}
    clock.advance(RETRY_AFTER[-1] + timedelta(seconds=1))
    assert deliver(uow_factory) == {f"{webhooks.CHANNEL}:failed": 1}
    (row,) = webhook_rows(uow_factory)
    assert row.status == "failed" and row.attempts == MAX_ATTEMPTS
    assert len(rows_on(uow_factory, "specialist_alert")) == 1


def test_a_slow_server_times_out_and_is_retried(uow_factory, receiver: Receiver) -> None:
    creditor_id = with_webhook(uow_factory, receiver.url)
    with uow_factory() as uow:
        make_case(uow, creditor_of(uow, creditor_id))
    receiver.delay = 1.0
    assert deliver(uow_factory, timeout=0.2) == {f"{webhooks.CHANNEL}:retry": 1}
    (row,) = webhook_rows(uow_factory)
    assert row.status == "pending" and "timed out" in (row.last_error or "").lower()


def test_an_endpoint_that_does_not_answer_holds_up_delivery_once_not_per_webhook(
    uow_factory, receiver: Receiver
) -> None:
    creditor_id = with_webhook(uow_factory, receiver.url)
    with uow_factory() as uow:
        file_batch_in(uow, creditor_id, 5)
    receiver.delay = 1.0
    transport = webhooks.WebhookTransport(timeout=0.3, pause=60)
    started = time.perf_counter()
    assert deliver_due(uow_factory, {webhooks.CHANNEL: transport}) == {f"{webhooks.CHANNEL}:retry": 5}
    assert time.perf_counter() - started < 1.5  # one timeout, not five
    rows = webhook_rows(uow_factory)
    assert "timed out" in (rows[0].last_error or "") and all("did not answer" in r.last_error for r in rows[1:])
    time.sleep(1.2)  # the one slow request has been answered by now
    assert len(receiver.requests) == 1


# ---------------------------------------------------------------------------------------------- who gets webhooks


def test_a_creditor_without_url_gets_no_webhook_rows(uow_factory, clock, settings, receiver: Receiver) -> None:
    with uow_factory() as uow:
        plain = make_creditor(uow)
        case = make_case(uow, plain, business_claim())
    with_webhook(uow_factory, receiver.url, kvk_number="99999999", name="Andere B.V.")
    run_tick(uow_factory, settings, core_transports(settings))
    with uow_factory() as uow:
        disputes.open_dispute(uow, Actor.creditor(plain.id), case.reference, "niet geleverd")
        uow.commit()
    assert len(events_of(uow_factory, case.id)) >= 5
    assert webhook_rows(uow_factory) == [] and receiver.requests == []


def test_turning_webhooks_off_cancels_the_waiting_ones_and_queues_no_more(uow_factory, receiver: Receiver) -> None:
    creditor_id = with_webhook(uow_factory, receiver.url)
    with uow_factory() as uow:
        make_case(uow, creditor_of(uow, creditor_id), consumer_claim())
    with uow_factory() as uow:
        assert webhooks.turn_off_webhook(uow, creditor_id) == 1
        uow.commit()
    with uow_factory() as uow:
        make_case(uow, creditor_of(uow, creditor_id), business_claim())
    assert deliver(uow_factory) == {}
    assert [r.status for r in webhook_rows(uow_factory)] == ["cancelled"] and receiver.requests == []


# ---------------------------------------------------------------------------------------------------- bulk intake


def claims(count: int, prefix: str) -> list[dict]:
    return [business_claim(f"{prefix}-{i:04d}", principal=f"{100 + i}.50") for i in range(count)]


def file_batch_in(uow, creditor_id: int, count: int) -> None:
    today = local_today(uow.clock)
    requests = [(i, parse_claim(claim, today=today)) for i, claim in enumerate(claims(count, "S"))]
    file_claims_batch(uow, Actor.creditor(creditor_id), creditor_id, requests, source="csv")
    uow.commit()


def file_batch(uow_factory, creditor_id: int, raw: list[dict]):
    with uow_factory() as uow:
        today = local_today(uow.clock)
        requests = [(i, parse_claim(claim, today=today)) for i, claim in enumerate(raw)]
        result = file_claims_batch(uow, Actor.creditor(creditor_id), creditor_id, requests, source="csv")
        uow.commit()
        return result


def test_bulk_intake_queues_one_webhook_per_filed_case(uow_factory, receiver: Receiver) -> None:
    creditor_id = with_webhook(uow_factory, receiver.url)
    with uow_factory() as uow:
        plain_id = make_creditor(uow, kvk_number="99999999", name="Andere B.V.").id
    batch = claims(40, "B")
    batch.append(business_claim("B-0003"))  # a repeated invoice number: refused, no case, no webhook
    result = file_batch(uow_factory, creditor_id, batch)
    assert len(result.accepted) == 40 and len(result.refused) == 1
    file_batch(uow_factory, plain_id, claims(25, "P"))  # no URL: no rows

    rows = webhook_rows(uow_factory)
    assert len(rows) == 40
    with uow_factory() as uow:
        filed = {
            e.case_id: e
            for e in uow.session.scalars(select(CaseEvent).where(CaseEvent.kind == "case_filed"))
        }
        references = {case_id: ref for case_id, ref in uow.session.execute(select(Case.id, Case.reference))}
    for row in rows:
        body = json.loads(row.body)
        logged = filed[row.case_id]
        assert body == {
            "id": logged.id,
            "type": "case_filed",
            "case": references[row.case_id],
            "occurred_at": body["occurred_at"],
            "data": logged.payload,
        }
        assert row.idempotency_key == f"webhook:{logged.id}" and row.recipient == receiver.url
    assert deliver(uow_factory) == {f"{webhooks.CHANNEL}:sent": 40}
    assert sorted(e["data"]["invoices"][0] for e in receiver.events) == [f"B-{i:04d}" for i in range(40)]
    for received in receiver.requests:
        assert_signed(received)


def test_bulk_intake_looks_the_webhook_up_once_per_batch_not_per_row(uow_factory, engine, receiver) -> None:
    creditor_id = with_webhook(uow_factory, receiver.url)
    with uow_factory() as uow:
        plain_id = make_creditor(uow, kvk_number="99999999", name="Andere B.V.").id
    file_batch(uow_factory, plain_id, claims(1, "warm-up"))  # the year's reference counter is created once
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        seen = {}
        for who, rows in ((plain_id, 5), (plain_id, 60), (creditor_id, 5), (creditor_id, 60)):
            statements.clear()
            file_batch(uow_factory, who, claims(rows, f"Q{who}-{rows}"))
            seen[(who, rows)] = len(statements)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    # the number of statements does not grow with the batch; with a URL: event ids up front (PostgreSQL: 2
    # statements) and one more INSERT
    assert seen[(plain_id, 5)] == seen[(plain_id, 60)]
    assert seen[(creditor_id, 5)] == seen[(creditor_id, 60)] <= seen[(plain_id, 5)] + 3
    with uow_factory() as uow:
        assert uow.session.scalar(select(func.count()).select_from(OutboundMessage)) == 5 + 60


# ------------------------------------------------------------------------------------------ signature and the URL


def test_verify_signature_accepts_only_the_exact_body_timestamp_and_secret() -> None:
    body = b'{"id":7,"type":"case_filed"}'
    now = 1_772_442_000
    header = webhooks.sign(SECRET, now, body)
    assert webhooks.verify_signature(SECRET, str(now), body, header, now=now + 10)
    assert webhooks.verify_signature(SECRET, now, body.decode(), header, now=now)
    assert not webhooks.verify_signature("whsec_other_secret_0000", now, body, header, now=now)
    assert not webhooks.verify_signature(SECRET, now, body + b" ", header, now=now)
    assert not webhooks.verify_signature(SECRET, now + 1, body, header, now=now)
    assert not webhooks.verify_signature(SECRET, now, body, header, now=now + 301)  # replayed too late
    assert not webhooks.verify_signature(SECRET, "soon", body, header, now=now)
    assert not webhooks.verify_signature(SECRET, now, body, "v1=00", now=now)
    assert not webhooks.verify_signature(SECRET, now, body, header.replace("v1=", "v0="), now=now)
    # during a secret rotation the header may carry several signatures: one matching is enough
    both = f"{webhooks.sign('whsec_new_secret_000000', now, body)}, {header}"
    assert webhooks.verify_signature(SECRET, now, body, both, now=now)


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://boekhouding.example.nl/incasso/webhook", True),
        ("https://hooks.example.com:8443/x?creditor=7", True),
        ("http://localhost:8000/hook", True),
        ("http://127.0.0.1:9000/hook", True),
        ("http://boekhouding.example.nl/hook", False),
        ("ftp://example.nl/hook", False),
        ("https://user:pass@example.nl/hook", False),
        ("https:///no-host", False),
        ("example.nl/hook", False),
        ("https://example.nl/" + "x" * 300, False),
    ],
)
def test_webhook_urls_must_be_https_except_on_this_machine(url: str, ok: bool) -> None:
    from core.errors import UserError

    if ok:
        assert webhooks.check_url(url) == url
    else:
        with pytest.raises(UserError):
            webhooks.check_url(url)
