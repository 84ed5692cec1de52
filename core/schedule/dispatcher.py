"""The dispatcher: claims due contact steps, turns each into outbox rows, and marks it done — atomically.

Claiming is one `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) … RETURNING id` that re-checks the status in
its own WHERE (covers SQLite, which ignores FOR UPDATE and serialises writers). A claimed step carries a lease; a
worker killed mid-batch leaves leased rows that come back when the lease runs out. The outbox rows and the step's
new status are written in one transaction, so a step is materialised exactly once; delivery (delivery.py) then
runs at least once per row, with the row's idempotency key as the e-mail's Message-ID.
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, select

from core import creditor_updates
from core.actors import Actor
from core.channels.content import MessageContext, Template
from core.channels.email_message import compose_email, recipient_of
from core.channels.letter_pdf import render_letter
from core.clock import local_today
from core.config import Settings
from core.db.base import READ_ONLY
from core.db.leases import lease_rows
from core.db.models import (
    CallTask,
    Case,
    ContactStep,
    Creditor,
    Debtor,
    Document,
    FourteenDayLetter,
    Payment,
    TelegramBinding,
)
from core.notifications import queue_message
from core.schedule import bulk_dispatch
from core.schedule.evaluation import evaluate_case
from core.schedule.messages import message_context
from core.schedule.plan import Channel
from core.schedule.short_texts import call_task_text, debtor_text
from core.schedule.step_rules import (
    LETTER_TEMPLATES,
    failure_of,
    is_fourteen_day,
    precheck,
    raise_failed_step,
    windows_of,
)
from core.services.case_access import record_event
from core.services.documents import add_document
from core.uow import UnitOfWork

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
MAX_LOCK_SECONDS = 0.25
CONTACT_CHANNELS = (Channel.LETTER.value, Channel.EMAIL.value, Channel.TELEGRAM.value, Channel.PHONE.value)
EVALUATION_CHANNELS = (Channel.EVALUATION.value,)
SYSTEM = Actor.system("scheduler")


def claim_due_steps(uow: UnitOfWork, now: datetime, *, limit: int, channels: Collection[str]) -> list[int]:
    """Lease up to `limit` due steps for this worker and commit; another worker never gets the same ones.

    Steps whose lease ran out (their worker died) come first, then planned ones in due order: two claims, each an
    ordered read from the front of the (status, due_at) index instead of one OR that sorts every due row.
    """
    values = {"status": "leased", "lease_until": now + LEASE, "attempts": ContactStep.attempts + 1}
    in_channels = ContactStep.channel.in_(channels)
    order = (ContactStep.due_at, ContactStep.id)
    claimed = lease_rows(
        uow,
        ContactStep,
        claimable=and_(in_channels, ContactStep.status == "leased", ContactStep.lease_until < now),
        order_by=order,
        limit=limit,
        values=values,
    )
    if len(claimed) < limit:
        claimed += lease_rows(
            uow,
            ContactStep,
            claimable=and_(in_channels, ContactStep.status == "planned", ContactStep.due_at <= now),
            order_by=order,
            limit=limit - len(claimed),
            values=values,
        )
    return claimed


def dispatch_due_steps(
    uow_factory: Callable[[], UnitOfWork],
    settings: Settings,
    *,
    batch_size: int = 500,
    channels: Collection[str] = CONTACT_CHANNELS,
    max_batches: int | None = None,
) -> Counter[str]:
    """Work through every step due now, batch by batch; returns counts by outcome (`email:done`, …)."""
    outcomes: Counter[str] = Counter()
    batches = 0
    while max_batches is None or batches < max_batches:
        ids = _claim(uow_factory, batch_size, channels)
        if not ids:
            break
        # Writing a batch in a second thread while the next one renders was tried: sqlite3 takes the GIL back
        # after every row it writes, and against a busy rendering thread that made the tick slower, not faster.
        outcomes.update(bulk_dispatch.write(uow_factory, _perform_batch(uow_factory, ids, settings, outcomes)))
        batches += 1
    return outcomes


def _claim(uow_factory: Callable[[], UnitOfWork], batch_size: int, channels: Collection[str]) -> list[int]:
    with uow_factory() as uow:
        return claim_due_steps(uow, uow.clock.now(), limit=batch_size, channels=channels)


@dataclass
class _Loaded:
    """What a batch of steps reads, loaded with a handful of queries instead of several per step."""

    cases: dict[int, Case]
    payments: dict[int, list[Payment]]
    chats: dict[int, list[int]]
    # held so the session's (weak) identity map keeps them for statement_for and message_context
    parties: list[object]


def _load(uow: UnitOfWork, steps: Sequence[ContactStep]) -> _Loaded:
    case_ids = {s.case_id for s in steps}
    cases = {c.id: c for c in uow.session.scalars(select(Case).where(Case.id.in_(case_ids)))}
    # into the identity map, where statement_for and message_context find them without a query
    parties: list[object] = [
        *uow.session.scalars(select(Debtor).where(Debtor.id.in_({c.debtor_id for c in cases.values()}))),
        *uow.session.scalars(select(Creditor).where(Creditor.id.in_({c.creditor_id for c in cases.values()}))),
    ]
    payments: dict[int, list[Payment]] = defaultdict(list)
    for payment in uow.session.scalars(
        select(Payment).where(Payment.case_id.in_(case_ids)).order_by(Payment.paid_on, Payment.id)
    ):
        payments[payment.case_id].append(payment)
    chats: dict[int, list[int]] = defaultdict(list)
    for case_id, chat_id in uow.session.execute(
        select(TelegramBinding.case_id, TelegramBinding.chat_id).where(
            TelegramBinding.case_id.in_(case_ids),
            TelegramBinding.unbound_at.is_(None),
            TelegramBinding.opted_out_at.is_(None),  # the debtor said /stop
        )
    ):
        chats[case_id].append(chat_id)
    return _Loaded(cases, payments, chats, parties)


def _perform_batch(
    uow_factory: Callable[[], UnitOfWork], ids: list[int], settings: Settings, outcomes: Counter[str]
) -> bulk_dispatch.Prepared:
    """Materialise leased steps: a case's steps go one by one (below, written here) when one of them has a letter,
    a call task or an evaluation; the other cases' e-mail and Telegram steps are read and rendered together
    (core.schedule.bulk_dispatch) and returned for writing. Splitting by case keeps a case's letter, e-mail and
    Telegram message of one day in one unit of work (the creditor's case thread gets one reply for them)."""
    with uow_factory() as reader:
        reader.session.connection(execution_options={READ_ONLY: True})  # SQLite: a snapshot, not the write lock
        leased = reader.session.connection().execute(
            select(*bulk_dispatch.STEP_COLUMNS).where(ContactStep.id.in_(ids), ContactStep.status == "leased")
        ).all()
        by_hand = {row.case_id for row in leased if not bulk_dispatch.in_bulk(row)}
        one_by_one = [row.id for row in leased if row.case_id in by_hand]
        prepared = bulk_dispatch.prepare(reader, [row for row in leased if row.case_id not in by_hand], settings)
    if one_by_one:
        with uow_factory() as uow:
            outcomes.update(_perform_one_by_one(uow, one_by_one, settings))
            uow.commit()
    return prepared


def _perform_one_by_one(uow: UnitOfWork, ids: list[int], settings: Settings) -> Counter[str]:
    """Each step's outbox rows and new status are written together (a savepoint each).

    The transaction is committed at least every MAX_LOCK_SECONDS, so on SQLite, whose single write lock this
    holds, the API and the bots never wait long behind a batch of letters.
    """
    outcomes: Counter[str] = Counter()
    steps = uow.session.scalars(
        select(ContactStep).where(ContactStep.id.in_(ids), ContactStep.status == "leased").order_by(ContactStep.id)
    ).all()
    loaded = _load(uow, steps)
    now, today = uow.clock.now(), local_today(uow.clock)
    started = time.monotonic()
    for step in steps:
        case = loaded.cases[step.case_id]
        try:
            with uow.session.begin_nested():
                status, note = _perform(uow, step, case, settings, now, today, loaded)
                step.status, step.note, step.lease_until = status, note[:300], None
                if status in ("done", "skipped", "cancelled"):
                    step.done_at = now
                if status == "done":
                    creditor_updates.on_contact_sent(uow, step=step, case=case)  # no query: cached per batch
        except Exception as exc:  # one broken step must not hold up the others; it is retried, then raised
            log.exception("contact step %s of %s failed", step.id, case.reference)
            _step_failed(uow, step, case, now, exc)
        outcomes[f"{step.channel}:{step.status}"] += 1
        if time.monotonic() - started > MAX_LOCK_SECONDS:
            uow.commit()
            started = time.monotonic()
    return outcomes


def _step_failed(uow: UnitOfWork, step: ContactStep, case: Case, now: datetime, exc: Exception) -> None:
    failed = failure_of(step, now, exc)
    step.status, step.note, step.due_at, step.lease_until = failed.status, failed.note, failed.due_at, None
    step.last_error = failed.last_error
    if failed.status == "failed":
        raise_failed_step(uow, case, step, failed)


def _perform(
    uow: UnitOfWork, step: ContactStep, case: Case, settings: Settings, now: datetime, today: date, loaded: _Loaded
) -> tuple[str, str]:
    if step.channel == Channel.EVALUATION.value:
        return evaluate_case(uow, step, case, settings, today=today, windows=windows_of(settings))
    debtor = uow.session.get_one(Debtor, case.debtor_id)
    chats = loaded.chats.get(case.id, [])
    held = precheck(step, case, debtor, chats, now, windows_of(settings))
    if held is not None:
        if held.due_at is not None:
            step.due_at = held.due_at
        return held.status, held.note
    if step.channel == Channel.PHONE.value:
        return _phone_task(uow, step, case, debtor, settings, today, loaded)
    template = Template(step.template)
    fourteen_day = is_fourteen_day(template, debtor, case, today)
    ctx = message_context(
        uow, case, template, settings, today=today, fourteen_day=fourteen_day, payments=loaded.payments[case.id]
    )
    key = f"step:{step.id}:{step.channel}"
    if step.channel == Channel.LETTER.value:
        pdf = render_letter(ctx)
        document = add_document(
            uow,
            SYSTEM,
            case.reference,
            kind="fourteen_day_letter" if fourteen_day else "reminder",
            file_name=f"{case.reference}-{template.value}-{today.isoformat()}.pdf",
            data=pdf,
        )
        address = ", ".join(p for p in (debtor.name, debtor.street, debtor.postcode, debtor.city) if p)
        queue_message(
            uow,
            channel="letter",
            recipient=address,
            subject=template.value,
            key=key,
            case=case,
            body=json.dumps({"file_name": document.file_name, "sha256": document.sha256}),
            contact_step_id=step.id,
            document_id=document.id,
        )
        if fourteen_day:
            _record_fourteen_day_letter(uow, case, ctx, "letter", document.id)
        return "done", f"letter {document.file_name} queued for printing"
    if step.channel == Channel.EMAIL.value:
        letter = _letter_for_email(uow, case, template, today, ctx)
        composed = compose_email(ctx, attached=letter is not None)
        row = queue_message(
            uow,
            channel="email",
            recipient=recipient_of(ctx),
            subject=composed.subject,
            body=composed.text,
            key=key,
            case=case,
            contact_step_id=step.id,
            document_id=letter.id if letter else None,
        )
        row.body_html = composed.html
        if fourteen_day and case.fourteen_day_letter_sent_on is None:
            _record_fourteen_day_letter(uow, case, ctx, "email", None)
        return "done", f"e-mail to {debtor.email} queued"
    # Telegram, here when the case has a letter the same moment (the bulk lane takes the other cases' messages)
    text = debtor_text(ctx)
    for chat_id in chats:
        queue_message(
            uow,
            channel="telegram",
            recipient=str(chat_id),
            key=f"{key}:{chat_id}",
            case=case,
            contact_step_id=step.id,
            body=json.dumps({"text": text, "case": case.reference}),
        )
    return "done", f"telegram message to {len(chats)} chat(s) queued"


def _letter_for_email(
    uow: UnitOfWork, case: Case, template: Template, today: date, ctx: MessageContext
) -> Document | None:
    """The e-mail carries the letter of the same day as PDF: the one the letter step made, or a new one."""
    if template.value not in LETTER_TEMPLATES:
        return None
    name = f"{case.reference}-{template.value}-{today.isoformat()}.pdf"
    document = uow.session.scalars(
        select(Document).where(Document.case_id == case.id, Document.file_name == name)
    ).first()
    if document is None:
        kind = "fourteen_day_letter" if ctx.fourteen_day else "reminder"
        document = add_document(uow, SYSTEM, case.reference, kind=kind, file_name=name, data=render_letter(ctx))
    return document


def _record_fourteen_day_letter(
    uow: UnitOfWork, case: Case, ctx: MessageContext, channel: str, document_id: int | None
) -> None:
    term = ctx.fourteen_day
    assert term is not None
    uow.session.add(
        FourteenDayLetter(
            case_id=case.id,
            sent_on=term.sent_on,
            channel=channel,
            presumed_receipt=term.presumed_receipt,
            term_ends=term.term_ends,
            costs_stated=term.costs,
            vat_stated=term.vat,
            document_id=document_id,
        )
    )
    case.fourteen_day_letter_sent_on = term.sent_on
    record_event(
        uow,
        case,
        SYSTEM,
        "fourteen_day_letter_sent",
        {
            "channel": channel,
            "sent_on": term.sent_on.isoformat(),
            "presumed_receipt": term.presumed_receipt.isoformat(),
            "term_ends": term.term_ends.isoformat(),
            "costs": str(term.costs),
            "vat": str(term.vat),
        },
    )


def _phone_task(
    uow: UnitOfWork, step: ContactStep, case: Case, debtor: Debtor, settings: Settings, today: date, loaded: _Loaded
) -> tuple[str, str]:
    ctx = message_context(uow, case, Template.REMINDER, settings, today=today, payments=loaded.payments[case.id])
    task = CallTask(case_id=case.id, origin="schedule", status="open", phone=debtor.phone, requested_at=uow.clock.now())
    uow.session.add(task)
    uow.session.flush()
    queue_message(
        uow,
        channel="phone_task",
        recipient="specialists",
        key=f"step:{step.id}:phone",
        case=case,
        contact_step_id=step.id,
        body=json.dumps({"task_id": task.id, "text": call_task_text(ctx, debtor.phone or "", step.day_offset)}),
    )
    return "done", f"call task {task.id} for the specialists"
