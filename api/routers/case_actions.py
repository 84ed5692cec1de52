"""What a creditor reports or decides on a case: a direct payment, contact with the debtor, withdrawal, and the
decision after the amicable phase (the consent for court proceedings)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from api.deps import CreditorActor, Uow
from api.idempotency import Idem
from api.limits import JSON_BODY_LIMIT, body_limit
from api.openapi import problem_responses
from api.routers.cases import Reference
from api.schemas import CaseBrief, CaseLinks, ContactIn, DecisionIn, PaymentIn, PaymentOut, PaymentReceipt, WithdrawIn
from core.clock import local_today
from core.db.models import Case
from core.domain.case_states import CasePhase, CaseStatus
from core.money import money_str
from core.services import decisions, lifecycle, payments
from core.services.case_view import statement_for
from core.uow import UnitOfWork

router = APIRouter(prefix="/v1/cases/{reference}", tags=["case actions"], route_class=body_limit(JSON_BODY_LIMIT))


def case_brief(uow: UnitOfWork, case: Case) -> CaseBrief:
    statement = statement_for(uow, case, local_today(uow.clock))
    return CaseBrief(
        reference=case.reference,
        status=CaseStatus(case.status),
        phase=CasePhase(case.phase),
        total_open=money_str(statement.total_open),
        links=CaseLinks.of(case.reference),
    )


@router.post(
    "/payments",
    status_code=201,
    response_model=PaymentReceipt,
    summary="Report a payment the debtor made to you",
    description="The debtor paid you directly. The payment is allocated as the law says (costs, then interest, "
    "then principal); when nothing is left open the case is paid and the schedule stops.",
    responses=problem_responses(400, 401, 404, 413, 422),
)
def report_payment(reference: Reference, body: PaymentIn, actor: CreditorActor, uow: Uow, idem: Idem) -> Response:
    payment = payments.report_direct_payment(
        uow, actor, reference, amount=body.amount, paid_on=body.paid_on, note=body.note
    )
    case = uow.session.get_one(Case, payment.case_id)
    return idem.respond(PaymentReceipt(payment=PaymentOut.of(payment), case=case_brief(uow, case)), 201)


@router.post(
    "/contact",
    response_model=CaseBrief,
    summary="Report contact with the debtor",
    description="You spoke with the debtor yourself; the note goes into the timeline for the specialist.",
    responses=problem_responses(400, 401, 404, 413, 422),
)
def report_contact(reference: Reference, body: ContactIn, actor: CreditorActor, uow: Uow, idem: Idem) -> Response:
    case = lifecycle.report_contact(uow, actor, reference, body.note)
    return idem.respond(case_brief(uow, case))


@router.post(
    "/withdraw",
    response_model=CaseBrief,
    summary="Withdraw a case",
    description="Takes the case back: the schedule stops and the debtor is contacted no more. Not possible once "
    "the case has ended (409).",
    responses=problem_responses(400, 401, 404, 409, 413, 422),
)
def withdraw(reference: Reference, body: WithdrawIn, actor: CreditorActor, uow: Uow, idem: Idem) -> Response:
    case = lifecycle.withdraw(uow, actor, reference, body.reason)
    return idem.respond(case_brief(uow, case))


@router.post(
    "/decision",
    response_model=CaseBrief,
    summary="Decide after the amicable phase",
    description="When the amicable phase ended unpaid the case awaits your decision (`awaiting_creditor`): "
    "`start_proceedings` gives consent for the judicial phase, `extend` gives two more weeks of amicable "
    "contact, `close` ends the case. At any other moment: 409.",
    responses=problem_responses(400, 401, 404, 409, 413, 422),
)
def decide(reference: Reference, body: DecisionIn, actor: CreditorActor, uow: Uow, idem: Idem) -> Response:
    case = decisions.decide_next_step(
        uow, actor, reference, body.decision.value, note=body.note, advice_id=body.advice_id
    )
    return idem.respond(case_brief(uow, case))
