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
from collections import Counter
from collections.abc import Callable, Collection
from datetime import date, datetime, timedelta

from sqlalchemy import and_, or_, select, update

from core.actors import Actor
from core.channels.content import MessageContext, Template
from core.channels.email_message import build_email
from core.channels.letter_pdf import render_letter
from core.clock import local_today
from core.config import Settings
from core.db.models import CallTask, Case, ContactStep, Debtor, Document, FourteenDayLetter, TelegramBinding
from core.domain.case_states import CaseStatus
from core.notifications import alert_specialists, queue_message
from core.schedule.calendar import next_allowed_moment
from core.schedule.evaluation import evaluate_case
from core.schedule.messages import message_context, needs_fourteen_day_letter
from core.schedule.plan import Channel, Condition, Windows
from core.schedule.short_texts import call_task_text, debtor_text
from core.services.case_access import record_event
from core.services.documents import add_document
from core.uow import UnitOfWork

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
STEP_RETRY_AFTER = (timedelta(minutes=1), timedelta(minutes=10), timedelta(hours=1))
MAX_STEP_ATTEMPTS = 3
CONTACT_CHANNELS = (Channel.LETTER.value, Channel.EMAIL.value, Channel.TELEGRAM.value, Channel.PHONE.value)
EVALUATION_CHANNELS = (Channel.EVALUATION.value,)
LETTER_TEMPLATES = ("demand", "final_notice", "costs_now_due")
SYSTEM = Actor.system("scheduler")


def windows_of(settings: Settings) -> Windows:
    return Windows(message=settings.window("message"), phone=settings.window("phone"))


def claim_due_steps(uow: UnitOfWork, now: datetime, *, limit: int, channels: Collection[str]) -> list[int]:
    """Lease up to `limit` due steps for this worker and commit; another worker never gets the same ones."""
    claimable = or_(
        and_(ContactStep.status == "planned", ContactStep.due_at <= now),
        and_(ContactStep.status == "leased", ContactStep.lease_until < now),
    )
    pick = (
        select(ContactStep.id)
        .where(claimable, ContactStep.channel.in_(channels))
        .order_by(ContactStep.due_at, ContactStep.id)
        .limit(limit)
    )
    if uow.session.get_bind().dialect.name == "postgresql":
        pick = pick.with_for_update(skip_locked=True)
    # Two statements on purpose: inside `UPDATE … WHERE id IN (SELECT … LIMIT n SKIP LOCKED)` PostgreSQL may run
    # the subquery more than once and lease more than n rows. The locks taken here hold until the commit.
    candidates = uow.session.scalars(pick).all()
    if not candidates:
        uow.commit()
        return []
    claimed = uow.session.scalars(
        update(ContactStep)
        .where(ContactStep.id.in_(candidates), claimable)
        .values(status="leased", lease_until=now + LEASE, attempts=ContactStep.attempts + 1)
        .returning(ContactStep.id)
        .execution_options(synchronize_session=False)
    ).all()
    uow.commit()
    return sorted(claimed)


def dispatch_due_steps(
    uow_factory: Callable[[], UnitOfWork],
    settings: Settings,
    *,
    batch_size: int = 500,
    channels: Collection[str] = CONTACT_CHANNELS,
    max_batches: int | None = None,
) -> Counter[str]:
    """Work through every step due now, batch by batch; returns counts by outcome (`email:done`, …).

    Each step is its own short transaction: on SQLite the write lock is held for one step, not a whole batch,
    so the API and the bots are never kept waiting behind a batch of letters.
    """
    outcomes: Counter[str] = Counter()
    batches = 0
    while max_batches is None or batches < max_batches:
        with uow_factory() as uow:
            ids = claim_due_steps(uow, uow.clock.now(), limit=batch_size, channels=channels)
        if not ids:
            break
        for step_id in ids:
            outcomes[perform_step(uow_factory, step_id, settings)] += 1
        batches += 1
    return outcomes


def perform_step(uow_factory: Callable[[], UnitOfWork], step_id: int, settings: Settings) -> str:
    """Materialise one leased step: outbox rows and the step's new status, committed together."""
    try:
        with uow_factory() as uow:
            step = uow.session.get_one(ContactStep, step_id)
            if step.status != "leased":  # done meanwhile by a worker that reclaimed an expired lease
                return f"{step.channel}:already-{step.status}"
            case = uow.session.get_one(Case, step.case_id)
            now = uow.clock.now()
            status, note = _perform(uow, step, case, settings, now, local_today(uow.clock))
            step.status, step.note, step.lease_until = status, note[:300], None
            if status in ("done", "skipped", "cancelled"):
                step.done_at = now
            uow.commit()
            return f"{step.channel}:{status}"
    except Exception as exc:  # one broken step must not hold up the others; it is retried, then raised
        log.exception("contact step %s failed", step_id)
        with uow_factory() as uow:
            step = uow.session.get_one(ContactStep, step_id)
            _step_failed(uow, step, uow.session.get_one(Case, step.case_id), uow.clock.now(), exc)
            uow.commit()
            return f"{step.channel}:{step.status}"


def _step_failed(uow: UnitOfWork, step: ContactStep, case: Case, now: datetime, exc: Exception) -> None:
    step.lease_until = None
    step.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    if step.attempts >= MAX_STEP_ATTEMPTS:
        step.status, step.note = "failed", f"failed after {step.attempts} attempts: {exc}"[:300]
        alert_specialists(
            uow,
            case,
            "step_failed",
            f"step-failed:{step.id}",
            step=step.id,
            channel=step.channel,
            error=step.last_error,
        )
    else:
        step.status = "planned"
        step.due_at = now + STEP_RETRY_AFTER[min(step.attempts, len(STEP_RETRY_AFTER)) - 1]
        step.note = f"retry {step.attempts + 1} at {step.due_at.isoformat()}"


def _perform(
    uow: UnitOfWork, step: ContactStep, case: Case, settings: Settings, now: datetime, today: date
) -> tuple[str, str]:
    if step.channel == Channel.EVALUATION.value:
        return evaluate_case(uow, step, case, settings, today=today, windows=windows_of(settings))
    if case.status != CaseStatus.AMICABLE.value:
        return "cancelled", f"case is {case.status}"
    debtor = uow.session.get_one(Debtor, case.debtor_id)
    chats = _telegram_chats(uow, case) if step.channel == Channel.TELEGRAM.value else []
    reason = _unmet_condition(step, debtor, chats)
    if reason:
        return "skipped", reason
    windows = windows_of(settings)
    if step.channel != Channel.LETTER.value:
        window, business = (windows.phone, True) if step.channel == Channel.PHONE.value else (windows.message, False)
        allowed = next_allowed_moment(now, window, business_only=business)
        if allowed > now:  # a catch-up run at night: wait for contact hours, never contact outside them
            step.due_at = allowed
            return "planned", f"outside contact hours; moved to {allowed.isoformat()}"
    if step.channel == Channel.PHONE.value:
        return _phone_task(uow, step, case, debtor, settings, today)
    template = Template(step.template)
    fourteen_day = (
        template is Template.DEMAND
        and debtor.kind == "consumer"
        and (needs_fourteen_day_letter(case, debtor) or case.fourteen_day_letter_sent_on == today)
    )
    ctx = message_context(uow, case, template, settings, today=today, fourteen_day=fourteen_day)
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
        attachment = _letter_for_email(uow, case, template, today, ctx)
        message = build_email(ctx, sender=settings.smtp_from or settings.agency_email, letter_pdf=attachment)
        del message["Message-ID"]
        message["Message-ID"] = f"<{key.replace(':', '.')}.{case.reference}@incasso>"
        queue_message(
            uow,
            channel="email",
            recipient=debtor.email or "",
            subject=str(message["Subject"]),
            body=message.as_string(),
            key=key,
            case=case,
            contact_step_id=step.id,
        )
        if fourteen_day and case.fourteen_day_letter_sent_on is None:
            _record_fourteen_day_letter(uow, case, ctx, "email", None)
        return "done", f"e-mail to {debtor.email} queued"
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


def _unmet_condition(step: ContactStep, debtor: Debtor, chats: list[int]) -> str | None:
    if step.condition == Condition.HAS_EMAIL.value and not debtor.email:
        return "no e-mail address known"
    if step.condition == Condition.HAS_PHONE.value and not debtor.phone:
        return "no phone number known"
    if step.condition == Condition.HAS_ADDRESS.value and not (debtor.street and debtor.postcode and debtor.city):
        return "no postal address known"
    if step.condition == Condition.TELEGRAM_LINKED.value and not chats:
        return "debtor has not connected on Telegram"
    return None


def _telegram_chats(uow: UnitOfWork, case: Case) -> list[int]:
    return list(
        uow.session.scalars(
            select(TelegramBinding.chat_id).where(
                TelegramBinding.case_id == case.id, TelegramBinding.unbound_at.is_(None)
            )
        )
    )


def _letter_for_email(
    uow: UnitOfWork, case: Case, template: Template, today: date, ctx: MessageContext
) -> bytes | None:
    """The e-mail carries the letter of the same day as PDF: reuse it when the letter step made it already."""
    if template.value not in LETTER_TEMPLATES:
        return None
    name = f"{case.reference}-{template.value}-{today.isoformat()}.pdf"
    document = uow.session.scalars(
        select(Document).where(Document.case_id == case.id, Document.file_name == name)
    ).first()
    if document is not None:
        return uow.documents.get(document.sha256)
    return render_letter(ctx)


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
    uow: UnitOfWork, step: ContactStep, case: Case, debtor: Debtor, settings: Settings, today: date
) -> tuple[str, str]:
    ctx = message_context(uow, case, Template.REMINDER, settings, today=today)
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
