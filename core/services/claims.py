"""Filing claims: one at a time (Slack, API, `incasso claim file`) or in batches (CSV import) — one code path."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from core import webhooks
from core.actors import Actor, ActorKind
from core.clock import local_today
from core.db.ids import allocate_ids
from core.db.models import Case, CaseEvent, ClaimLine, Creditor, Debtor, OutboundMessage, ReferenceCounter
from core.domain.case_states import CasePhase, CaseStatus
from core.errors import FieldError, Forbidden, InvalidInput, NotFound
from core.intake import ClaimRequest
from core.money import money_str
from core.payment_reference import payment_reference_for
from core.uow import UnitOfWork

REFERENCE_PREFIX = "INC"


@dataclass(frozen=True)
class BatchResult:
    accepted: list[tuple[int, str]]  # (row key, case reference)
    refused: list[tuple[int, InvalidInput]]


def format_reference(year: int, number: int) -> str:
    return f"{REFERENCE_PREFIX}-{year}-{number:06d}"


def reserve_references(uow: UnitOfWork, year: int, count: int) -> list[str]:
    """Hand out `count` consecutive references; the row update serialises concurrent filers."""
    stmt = (
        update(ReferenceCounter)
        .where(ReferenceCounter.year == year)
        .values(last_value=ReferenceCounter.last_value + count)
        .returning(ReferenceCounter.last_value)
    )
    last = uow.session.execute(stmt).scalar_one_or_none()
    if last is None:
        try:
            with uow.session.begin_nested():
                uow.session.add(ReferenceCounter(year=year, last_value=count))
            last = count
        except IntegrityError:  # another process created this year's counter first
            last = uow.session.execute(stmt).scalar_one()
    return [format_reference(year, n) for n in range(last - count + 1, last + 1)]


def get_creditor_for(uow: UnitOfWork, actor: Actor, creditor_id: int) -> Creditor:
    if actor.kind is ActorKind.DEBTOR:
        raise Forbidden("debtors cannot file claims")
    if actor.kind is ActorKind.CREDITOR_USER and actor.creditor_id != creditor_id:
        raise NotFound(f"creditor {creditor_id} not found")
    creditor = uow.session.get(Creditor, creditor_id)
    if creditor is None:
        raise NotFound(f"creditor {creditor_id} not found")
    return creditor


@dataclass(frozen=True)
class Upload:
    kind: str
    file_name: str
    data: bytes


def file_claim(
    uow: UnitOfWork,
    actor: Actor,
    creditor_id: int,
    request: ClaimRequest,
    *,
    source: str,
    documents: Sequence[Upload] = (),
) -> Case:
    """File one claim with its documents; the caller commits. A refused document refuses the whole claim."""
    from core.services.documents import add_document

    try:
        with uow.session.begin_nested():
            result = file_claims_batch(uow, actor, creditor_id, [(0, request)], source=source)
    except IntegrityError:
        # A concurrent filing committed one of these invoice numbers after we looked (PostgreSQL: our INSERT waited
        # for it): look again, and the claim is refused as a duplicate instead of failing.
        result = file_claims_batch(uow, actor, creditor_id, [(0, request)], source=source)
    if result.refused:
        raise result.refused[0][1]
    case = uow.session.scalars(select(Case).where(Case.reference == result.accepted[0][1])).one()
    for doc in documents:
        add_document(uow, actor, case.reference, kind=doc.kind, file_name=doc.file_name, data=doc.data)
    return case


def file_claims_batch(
    uow: UnitOfWork,
    actor: Actor,
    creditor_id: int,
    requests: Sequence[tuple[int, ClaimRequest]],
    *,
    source: str,
) -> BatchResult:
    """Write many validated claims with a few multi-row INSERTs; the caller commits.

    Claims whose invoice numbers this creditor filed before (or that repeat within the batch) are refused
    whole; the rest are written.
    """
    creditor = get_creditor_for(uow, actor, creditor_id)
    webhook_url = creditor.webhook_url  # the one lookup per batch: most creditors have none, and pay nothing
    session = uow.session
    now = uow.clock.now()
    today: date = local_today(uow.clock)

    numbers = {inv.invoice_number for _, req in requests for inv in req.invoices}
    taken = _already_filed(uow, creditor_id, numbers)
    accepted: list[tuple[int, ClaimRequest]] = []
    refused: list[tuple[int, InvalidInput]] = []
    for key, req in requests:
        clash = [
            FieldError(f"invoices[{i}].invoice_number", "duplicate_invoice", (("value", inv.invoice_number),))
            for i, inv in enumerate(req.invoices)
            if inv.invoice_number in taken
        ]
        if clash:
            refused.append((key, InvalidInput(clash)))
            continue
        taken.update(inv.invoice_number for inv in req.invoices)
        accepted.append((key, req))
    if not accepted:
        return BatchResult([], refused)

    # reserving references writes first, which on SQLite takes the write lock allocate_ids relies on
    references = reserve_references(uow, today.year, len(accepted))
    debtor_ids = allocate_ids(session, Debtor, len(accepted))
    case_ids = allocate_ids(session, Case, len(accepted))
    session.execute(
        insert(Debtor),
        [
            _debtor_row(creditor_id, req, now) | {"id": debtor_id}
            for debtor_id, (_, req) in zip(debtor_ids, accepted, strict=True)
        ],
    )
    session.execute(
        insert(Case),
        [
            {
                "id": case_id,
                "reference": ref,
                "payment_reference": payment_reference_for(ref),
                "creditor_id": creditor_id,
                "debtor_id": debtor_id,
                "status": CaseStatus.NEW.value,
                "phase": CasePhase.AMICABLE.value,
                "creditor_reference": req.creditor_reference,
                "interest_basis": req.interest_basis,
                "fourteen_day_letter_sent_on": req.fourteen_day_letter_sent_on,
                "filed_at": now,
                "updated_at": now,
            }
            for case_id, ref, debtor_id, (_, req) in zip(case_ids, references, debtor_ids, accepted, strict=True)
        ],
    )
    session.execute(
        insert(ClaimLine),
        [
            {
                "case_id": case_id,
                "creditor_id": creditor_id,
                "invoice_number": inv.invoice_number,
                "invoice_date": inv.invoice_date,
                "due_date": inv.due_date,
                "principal": inv.principal,
                "description": inv.description,
                "consumer_purchase": inv.consumer_purchase,
            }
            for case_id, (_, req) in zip(case_ids, accepted, strict=True)
            for inv in req.invoices
        ],
    )
    events = [
        {
            "case_id": case_id,
            "occurred_at": now,
            "actor_kind": actor.kind.value,
            "actor_id": actor.id,
            "actor_label": actor.label,
            "kind": "case_filed",
            "payload": {
                "source": source,
                "debtor": req.debtor.name,
                "invoices": [inv.invoice_number for inv in req.invoices],
                "principal": money_str(sum((inv.principal for inv in req.invoices), start=Decimal(0))),
            },
        }
        for case_id, (_, req) in zip(case_ids, accepted, strict=True)
    ]
    if webhook_url:
        # the creditor's system hears of every filed case: event ids up front, so each webhook can name its event
        for event, event_id in zip(events, allocate_ids(session, CaseEvent, len(events)), strict=True):
            event["id"] = event_id
    session.execute(insert(CaseEvent), events)
    if webhook_url:
        session.execute(
            insert(OutboundMessage),
            [
                webhooks.outbox_row(
                    webhook_url,
                    event["case_id"],
                    webhooks.envelope(event["id"], "case_filed", ref, now, event["payload"]),
                    event["id"],
                    now,
                )
                for event, ref in zip(events, references, strict=True)
            ],
        )
    return BatchResult([(key, ref) for (key, _), ref in zip(accepted, references, strict=True)], refused)


def _already_filed(uow: UnitOfWork, creditor_id: int, numbers: set[str]) -> set[str]:
    found: set[str] = set()
    ordered = sorted(numbers)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        found.update(
            uow.session.scalars(
                select(ClaimLine.invoice_number).where(
                    ClaimLine.creditor_id == creditor_id, ClaimLine.invoice_number.in_(chunk)
                )
            )
        )
    return found


def _debtor_row(creditor_id: int, req: ClaimRequest, now: object) -> dict[str, object]:
    d = req.debtor
    return {
        "creditor_id": creditor_id,
        "kind": d.kind,
        "name": d.name,
        "street": d.street,
        "postcode": d.postcode,
        "city": d.city,
        "country": d.country,
        "email": d.email,
        "phone": d.phone,
        "kvk_number": d.kvk_number,
        "language": d.language,
        "created_at": now,
    }
