"""The dispatcher's bulk lane: e-mail and Telegram steps that carry no letter (reminders; final notices on
Telegram), a whole batch at a time.

These are most of a tick's steps (a reminder for every open case on day 3), so per batch they cost a handful of
statements instead of several per step: the cases, debtors, creditors, invoices, payments and Telegram chats are
read with plain selects in a read-only transaction (`prepare`); each step goes through the same rules
(core.schedule.step_rules), statement (core.law via case_view.statement_of), context
(core.schedule.messages.context_for) and templates as anywhere else. Then `write`, in a transaction of its own,
confirms the steps still leased to this worker (`UPDATE … RETURNING`, matched on the attempt number the lease
set) and writes only their outbox rows and new statuses (executemany). So SQLite's single write lock is held for
the write alone, milliseconds per batch; a step whose lease ran out and went to another worker is not
materialised twice; and the dispatcher can write one batch while it renders the next. What was read may be a
fraction of a second old when it is written — as on PostgreSQL's READ COMMITTED in any single transaction.
"""

from __future__ import annotations

import json
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Date, bindparam, insert, select, type_coerce, update

from core import creditor_updates
from core.channels.content import AgencyInfo, CreditorInfo, Template
from core.channels.email_message import compose_email, recipient_of
from core.clock import local_today
from core.config import Settings
from core.db.models import Case, ClaimLine, ContactStep, Creditor, Debtor, OutboundMessage, Payment, TelegramBinding
from core.db.plain_writes import PlainWrite
from core.db.types import DateRead, UTCDateTime, UTCDateTimeRead
from core.notifications import outbox_row
from core.schedule.messages import agency_info, context_for, creditor_info, debtor_info
from core.schedule.plan import Channel, Windows
from core.schedule.short_texts import debtor_text
from core.schedule.step_rules import (
    LETTER_TEMPLATES,
    Outcome,
    allowed_moments,
    failure_of,
    is_fourteen_day,
    precheck,
    raise_failed_step,
    windows_of,
)
from core.services.case_view import statement_of
from core.uow import UnitOfWork

log = logging.getLogger(__name__)

_STEPS = ContactStep.__table__.c
# the step's final state; `lease_until` was cleared when the lease was confirmed
_FINISH = PlainWrite(
    update(ContactStep.__table__)
    .where(_STEPS.id == bindparam("step_id"))
    .values(
        status=bindparam("status"),
        note=bindparam("note"),
        due_at=bindparam("due_at"),
        done_at=bindparam("done_at"),
        last_error=bindparam("last_error"),
    )
)
_OUTBOX = PlainWrite(insert(OutboundMessage.__table__))


def in_bulk(step: Any) -> bool:
    """Does this step (a ContactStep or its row) go through the bulk lane? E-mails with a letter attached, letters,
    call tasks and evaluations go one by one (core.schedule.dispatcher)."""
    if step.channel == Channel.TELEGRAM.value:
        return True
    return step.channel == Channel.EMAIL.value and step.template not in LETTER_TEMPLATES


@dataclass(frozen=True, slots=True)
class _Batch:
    """What a batch reads, and what every step of it shares."""

    cases: dict[int, Any]
    debtors: dict[int, Any]
    creditors: dict[int, Any]
    creditor_infos: dict[int, CreditorInfo]
    lines: dict[int, list[Any]]
    payments: dict[int, list[Any]]
    chats: dict[int, list[int]]
    settings: Settings
    agency: AgencyInfo
    link_key: bytes | None
    windows: Windows
    allowed: dict[str, datetime]  # per channel: the first moment contact is allowed (step_rules.allowed_moments)
    now: datetime
    today: date


@dataclass(slots=True)
class _Result:
    step: Any
    case: Any
    outcome: Outcome
    messages: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A batch read and rendered, to be written (`write`)."""

    results: list[_Result]
    now: datetime


def prepare(uow: UnitOfWork, steps: Sequence[Any], settings: Settings) -> Prepared:
    """Read what the steps (rows of contact_steps, all `in_bulk`) need and render their messages; nothing written.

    `uow` may be read-only: the write comes after, in a unit of work of its own (`write`)."""
    now = uow.clock.now()
    if not steps:
        return Prepared([], now)
    batch = _read(uow.session.connection(), steps, settings, now, local_today(uow.clock))
    results = []
    for step in steps:
        case = batch.cases[step.case_id]
        try:
            results.append(_materialise(step, case, batch))
        except Exception as exc:  # one broken step must not hold up the others; it is retried, then raised
            log.exception("contact step %s of %s failed", step.id, case.reference)
            results.append(_Result(step, case, failure_of(step, batch.now, exc)))
    return Prepared(results, now)


def write(uow_factory: Callable[[], UnitOfWork], prepared: Prepared) -> Counter[str]:
    """Write a prepared batch in one transaction: the steps still leased to this worker, their outbox rows and
    new statuses; counts by outcome (`email:done`, …, `email:lease lost`)."""
    if not prepared.results:
        return Counter()
    with uow_factory() as uow:
        outcomes = _write(uow, uow.session.connection(), prepared.results, prepared.now)
        uow.commit()
    return outcomes


# The columns the rules, the statement and the context read, dates through the read types that parse each
# distinct text once (core.db.types); the case's timestamps are not needed.
def _columns(table: Any, names: str) -> list[Any]:
    columns = []
    for name in names.split():
        column = table.c[name]
        if isinstance(column.type, Date):
            column = type_coerce(column, DateRead()).label(name)
        elif isinstance(column.type, UTCDateTime):
            column = type_coerce(column, UTCDateTimeRead()).label(name)
        columns.append(column)
    return columns


_CASE_COLUMNS = _columns(
    Case.__table__,
    "id reference status creditor_id debtor_id payment_reference deadline_on fourteen_day_letter_sent_on "
    "interest_basis interest_frozen_on",
)
_DEBTOR_COLUMNS = _columns(Debtor.__table__, "id kind name street postcode city country email phone language")
_LINE_COLUMNS = _columns(
    ClaimLine.__table__, "case_id invoice_number invoice_date due_date principal consumer_purchase"
)
_PAYMENT_COLUMNS = _columns(Payment.__table__, "case_id paid_on amount")
# a leased step as the rules and the write read it
STEP_COLUMNS = _columns(
    ContactStep.__table__, "id case_id day_offset channel template condition status attempts due_at done_at last_error"
)


# built once: a batch binds its ids to them (an IN list built per batch costs a coercion per id)
_IDS = bindparam("ids", expanding=True)
_READ_CASES = select(*_CASE_COLUMNS).where(Case.id.in_(_IDS))
_READ_DEBTORS = select(*_DEBTOR_COLUMNS).where(Debtor.id.in_(_IDS))
_READ_CREDITORS = select(Creditor.__table__).where(Creditor.id.in_(_IDS))
# in the order of the Case.claim_lines relationship (due date), ties by id
_READ_LINES = (
    select(*_LINE_COLUMNS)
    .where(ClaimLine.case_id.in_(_IDS))
    .order_by(ClaimLine.case_id, ClaimLine.due_date, ClaimLine.id)
)
_READ_PAYMENTS = (
    select(*_PAYMENT_COLUMNS).where(Payment.case_id.in_(_IDS)).order_by(Payment.case_id, Payment.paid_on, Payment.id)
)
_READ_CHATS = (
    select(TelegramBinding.case_id, TelegramBinding.chat_id)
    .where(
        TelegramBinding.case_id.in_(_IDS),
        TelegramBinding.unbound_at.is_(None),
        TelegramBinding.opted_out_at.is_(None),  # the debtor said /stop
    )
    .order_by(TelegramBinding.case_id, TelegramBinding.id)
)


def _read(connection: Connection, steps: Sequence[Any], settings: Settings, now: datetime, today: date) -> _Batch:
    case_ids = sorted({step.case_id for step in steps})
    cases = {row.id: row for row in connection.execute(_READ_CASES, {"ids": case_ids})}
    debtor_ids = sorted({case.debtor_id for case in cases.values()})
    debtors = {row.id: row for row in connection.execute(_READ_DEBTORS, {"ids": debtor_ids})}
    creditor_ids = sorted({case.creditor_id for case in cases.values()})
    creditors = {row.id: row for row in connection.execute(_READ_CREDITORS, {"ids": creditor_ids})}
    lines: dict[int, list[Any]] = defaultdict(list)
    for line in connection.execute(_READ_LINES, {"ids": case_ids}):
        lines[line.case_id].append(line)
    payments: dict[int, list[Any]] = defaultdict(list)
    for payment in connection.execute(_READ_PAYMENTS, {"ids": case_ids}):
        payments[payment.case_id].append(payment)
    chats: dict[int, list[int]] = defaultdict(list)
    for case_id, chat_id in connection.execute(_READ_CHATS, {"ids": case_ids}):
        chats[case_id].append(chat_id)
    return _Batch(
        cases=cases,
        debtors=debtors,
        creditors=creditors,
        creditor_infos={cid: creditor_info(row) for cid, row in creditors.items()},
        lines=lines,
        payments=payments,
        chats=chats,
        settings=settings,
        agency=agency_info(settings),
        link_key=settings.deep_link_key() if settings.telegram_bot_username else None,
        windows=windows_of(settings),
        allowed=allowed_moments(now, windows_of(settings)),
        now=now,
        today=today,
    )


def _materialise(step: Any, case: Any, batch: _Batch) -> _Result:
    """One step's outcome and outbox rows, computed; nothing written yet."""
    debtor = batch.debtors[case.debtor_id]
    chats = batch.chats.get(case.id, [])
    held = precheck(step, case, debtor, chats, batch.now, batch.windows, allowed=batch.allowed)
    if held is not None:
        return _Result(step, case, held)
    template = Template(step.template)
    statement = statement_of(
        case, batch.lines[case.id], debtor.kind, batch.creditors[case.creditor_id], batch.payments[case.id], batch.today
    )
    ctx = context_for(
        case,
        batch.creditor_infos[case.creditor_id],
        debtor_info(debtor),
        debtor.language,
        statement,
        template,
        batch.settings,
        today=batch.today,
        fourteen_day=is_fourteen_day(template, debtor, case, batch.today),
        agency=batch.agency,
        link_key=batch.link_key,
    )
    key = f"step:{step.id}:{step.channel}"
    if step.channel == Channel.EMAIL.value:
        composed = compose_email(ctx)
        message = outbox_row(channel="email", recipient=recipient_of(ctx), subject=composed.subject, body=composed.text,
                             body_html=composed.html, key=key, now=batch.now, case_id=case.id, contact_step_id=step.id)
        return _Result(step, case, Outcome("done", f"e-mail to {debtor.email} queued"[:300]), [message])
    body = json.dumps({"text": debtor_text(ctx), "case": case.reference})
    messages = [
        outbox_row(channel="telegram", recipient=str(chat), body=body, key=f"{key}:{chat}", now=batch.now,
                   case_id=case.id, contact_step_id=step.id)
        for chat in chats
    ]
    return _Result(step, case, Outcome("done", f"telegram message to {len(chats)} chat(s) queued"), messages)


def _write(uow: UnitOfWork, connection: Connection, results: list[_Result], now: datetime) -> Counter[str]:
    owned = _confirm_leases(connection, [result.step for result in results])
    outcomes: Counter[str] = Counter()
    finished: list[dict[str, Any]] = []
    messages: list[dict[str, Any]] = []
    for result in results:
        step, outcome = result.step, result.outcome
        if step.id not in owned:  # the lease ran out and another worker has the step now
            log.warning("contact step %s: lease lost before it was written; left to the worker holding it", step.id)
            outcomes[f"{step.channel}:lease lost"] += 1
            continue
        finished.append(
            {
                "step_id": step.id,
                "status": outcome.status,
                "note": outcome.note[:300],
                "due_at": outcome.due_at or step.due_at,
                "done_at": now if outcome.status in ("done", "skipped", "cancelled") else step.done_at,
                "last_error": outcome.last_error if outcome.last_error is not None else step.last_error,
            }
        )
        messages.extend(result.messages)
        outcomes[f"{step.channel}:{outcome.status}"] += 1
        if outcome.status == "failed":
            raise_failed_step(uow, result.case, step, outcome)
        elif outcome.status == "done":
            creditor_updates.on_contact_sent(uow, step=step, case=result.case)  # no query: cached per batch
    _FINISH.many(connection, finished)
    _OUTBOX.many(connection, messages)
    return outcomes


def _confirm_leases(connection: Connection, steps: list[Any]) -> set[int]:
    """The steps still leased to this worker: the claim raised `attempts`, so a later claim by another worker
    (after this lease ran out) shows as a higher number. Clearing the lease here takes the rows' write locks."""
    by_attempt: dict[int, list[int]] = defaultdict(list)
    for step in steps:
        by_attempt[step.attempts].append(step.id)
    owned: set[int] = set()
    for attempts, ids in by_attempt.items():
        owned.update(
            connection.execute(
                update(ContactStep.__table__)
                .where(_STEPS.id.in_(ids), _STEPS.status == "leased", _STEPS.attempts == attempts)
                .values(lease_until=None)
                .returning(_STEPS.id)
            ).scalars()
        )
    return owned
