"""What a debtor does on their own case through a chat: see how to pay, preview an arrangement, ask for a call,
add evidence. Each is a core rule, so every front end (Telegram today) behaves the same."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_UP, Decimal

from core.actors import Actor
from core.clock import local_today
from core.config import Settings
from core.db.models import Arrangement, CallTask, Debtor, Document
from core.documents_store import MAX_DOCUMENT_BYTES, sniff_media_type
from core.domain.case_states import TRANSITIONS, CaseStatus
from core.errors import UserError
from core.notifications import queue_message
from core.payment_reference import payment_reference_for
from core.providers.payments import PaymentProvider, PaymentProviderError
from core.schedule.calendar import AMSTERDAM, is_business_day, next_business_day
from core.services.arrangements import (
    MAX_FIRST_DUE_DAYS,
    MAX_MONTHS,
    add_months,
    installment_amounts,
    within_policy,
)
from core.services.calls import request_call_back
from core.services.case_access import load_case
from core.services.case_view import statement_for
from core.services.documents import add_document
from core.services.payment_links import payment_link_for
from core.uow import UnitOfWork

log = logging.getLogger("incasso.debtors")

EVIDENCE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})
MAX_EVIDENCE_BYTES = MAX_DOCUMENT_BYTES


class Refused(UserError):
    """A debtor's input that cannot be used, with a `code` and `params` a front end turns into its own words."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(f"{code}: {params}" if params else code)


# -- paying ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PaymentInstructions:
    reference: str  # the case
    amount: Decimal
    iban: str
    account_name: str
    payment_reference: str
    pay_url: str | None
    deadline: date | None


def payment_instructions(
    uow: UnitOfWork, actor: Actor, reference: str | int, settings: Settings, provider: PaymentProvider | None = None
) -> PaymentInstructions:
    """What to pay and how: a payment link when a provider is configured (and reachable), always IBAN + reference."""
    case = load_case(uow, actor, reference)
    amount = statement_for(uow, case, local_today(uow.clock)).total_open
    url = None
    if provider is not None and amount > 0:
        try:
            url = payment_link_for(uow, case, provider)
        except PaymentProviderError as exc:  # the transfer details below still work
            log.warning("no payment link for %s: %s", case.reference, exc)
    return PaymentInstructions(
        reference=case.reference,
        amount=amount,
        iban=settings.collection_iban,
        account_name=settings.collection_account_name,
        payment_reference=case.payment_reference or payment_reference_for(case.reference),
        pay_url=url,
        deadline=case.deadline_on,
    )


# -- arrangements ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArrangementPreview:
    total: Decimal
    installments: list[tuple[date, Decimal]]
    within_policy: bool


def check_monthly_amount(uow: UnitOfWork, actor: Actor, reference: str | int, amount: Decimal) -> int:
    """How many months a monthly amount takes; Refused when it is not positive or takes too long."""
    if amount <= 0:
        raise Refused("amount_not_positive")
    total = _open_total(uow, actor, reference)
    months = int((total / amount).to_integral_value(rounding=ROUND_UP))
    if months > MAX_MONTHS:
        minimum = (total / MAX_MONTHS).quantize(Decimal("0.01"), rounding=ROUND_UP)
        raise Refused("too_many_months", months=months, max=MAX_MONTHS, minimum=minimum)
    return max(months, 1)


def check_months(months: int) -> int:
    if months < 1:
        raise Refused("months_not_positive")
    if months > MAX_MONTHS:
        raise Refused("too_many_months", months=months, max=MAX_MONTHS)
    return months


def check_first_date(uow: UnitOfWork, first: date) -> date:
    today = local_today(uow.clock)
    if first < today:
        raise Refused("date_in_past", today=today)
    latest = today + timedelta(days=MAX_FIRST_DUE_DAYS)
    if first > latest:
        raise Refused("date_too_late", latest=latest)
    return first


def preview_arrangement(
    uow: UnitOfWork, actor: Actor, reference: str | int, *, months: int, first_due_on: date
) -> ArrangementPreview:
    """The installment plan a proposal would give, and whether the creditor's policy accepts it at once."""
    case = load_case(uow, actor, reference)
    if CaseStatus.ARRANGEMENT not in TRANSITIONS[CaseStatus(case.status)]:
        raise Refused("arrangement_not_possible", status=case.status)
    check_months(months)
    check_first_date(uow, first_due_on)
    total = _open_total(uow, actor, reference)
    amounts = installment_amounts(total, months)
    return ArrangementPreview(
        total=total,
        installments=[(add_months(first_due_on, i), amount) for i, amount in enumerate(amounts)],
        within_policy=within_policy(uow, case, amounts),
    )


def installments_of(uow: UnitOfWork, arrangement: Arrangement) -> list[tuple[date, Decimal]]:
    amounts = installment_amounts(arrangement.total_amount, arrangement.months)
    return [(add_months(arrangement.first_due_on, i), amount) for i, amount in enumerate(amounts)]


def _open_total(uow: UnitOfWork, actor: Actor, reference: str | int) -> Decimal:
    case = load_case(uow, actor, reference)
    total = statement_for(uow, case, local_today(uow.clock)).total_open
    if total <= 0:
        raise Refused("nothing_open")
    return total


# -- call back -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    day: date
    start: time
    end: time

    @property
    def key(self) -> str:
        return f"{self.day.isoformat()}T{self.start.strftime('%H%M')}-{self.end.strftime('%H%M')}"

    @classmethod
    def parse(cls, key: str) -> Slot:
        try:
            day, hours = key.split("T")
            start, end = hours.split("-")
            return cls(date.fromisoformat(day), time(int(start[:2]), int(start[2:])), time(int(end[:2]), int(end[2:])))
        except (ValueError, IndexError):
            raise Refused("slot_unknown") from None

    def starts_at(self) -> datetime:
        return datetime.combine(self.day, self.start, tzinfo=AMSTERDAM)


def call_back_slots(settings: Settings, now: datetime, days: int = 3) -> list[Slot]:
    """Time slots on the next business days within the phone hours: the morning and the afternoon."""
    start_min, end_min = settings.window("phone")
    noon = 12 * 60
    parts = [(start_min, noon), (noon, end_min)] if start_min < noon < end_min else [(start_min, end_min)]
    local = now.astimezone(AMSTERDAM)
    day = local.date() if is_business_day(local.date()) else next_business_day(local.date())
    slots: list[Slot] = []
    while len({s.day for s in slots}) < days:
        for begin, finish in parts:
            slot = Slot(day, time(begin // 60, begin % 60), time(finish // 60, finish % 60))
            # a slot that has (almost) begun is too late to plan a call in
            if slot.starts_at() > local + timedelta(hours=1):
                slots.append(slot)
        day = next_business_day(day)
    return slots


def request_call_in_slot(
    uow: UnitOfWork, actor: Actor, reference: str | int, settings: Settings, slot: Slot, *, phone: str | None = None
) -> CallTask:
    """A call task for the specialists in the chosen slot; refused if the slot is not (or no longer) offered."""
    if slot not in call_back_slots(settings, uow.clock.now(), days=5):
        raise Refused("slot_unknown")
    case = load_case(uow, actor, reference)
    preferred = f"{slot.day.isoformat()} {slot.start.strftime('%H:%M')}-{slot.end.strftime('%H:%M')}"
    task = request_call_back(uow, actor, case.reference, phone=phone, preferred_time=preferred)
    debtor = uow.session.get_one(Debtor, case.debtor_id)
    queue_message(
        uow,
        channel="phone_task",
        recipient="specialists",
        key=f"callback:{task.id}",
        case=case,
        body=json.dumps(
            {
                "task_id": task.id,
                "text": f"Call back {debtor.name} ({task.phone}) about {case.reference}, as asked: {preferred}.",
            }
        ),
    )
    return task


def has_phone(uow: UnitOfWork, actor: Actor, reference: str | int) -> bool:
    case = load_case(uow, actor, reference)
    return bool(uow.session.get_one(Debtor, case.debtor_id).phone)


# -- evidence --------------------------------------------------------------------------------------------------


def check_evidence_size(size: int | None) -> None:
    """Before downloading: a file the platform says is too big is refused without fetching it."""
    if size is not None and size > MAX_EVIDENCE_BYTES:
        raise Refused("file_too_large", size_mb=f"{size / 1024 / 1024:.0f}", max_mb=MAX_EVIDENCE_BYTES // 1024 // 1024)


def add_evidence(uow: UnitOfWork, actor: Actor, reference: str | int, *, file_name: str, data: bytes) -> Document:
    """A photo or document as evidence: PDF, PNG or JPEG by content, at most 20 MB; stored as a case document."""
    check_evidence_size(len(data))
    if not data or sniff_media_type(data, file_name) not in EVIDENCE_TYPES:
        raise Refused("file_type")
    case = load_case(uow, actor, reference)
    return add_document(uow, actor, case.reference, kind="evidence", file_name=file_name, data=data)
