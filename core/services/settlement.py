"""Money out: settle a month — per creditor a statement (PDF, CSV), one SEPA payout file, each payment once.

Which payments a period takes: every payment dated up to and including the period's last day that no settlement
took before (a `settlement_lines` row per payment, unique). So a payment recorded after its month was settled —
a bank statement imported late — goes into the next period that is settled; nothing is lost or paid twice.
Payments the creditor reported receiving directly (`creditor_report`) never passed through the collection
account: they count for the claim, not for the payout, and are not settled.

A settled period is locked: settling it again returns what was settled and writes nothing. Periods are settled in
order: once 2026-11 is settled, 2026-10 cannot be any more (its late payments went into 2026-11).

The split of each payment comes from the law engine's allocation (costs, interest, principal, overpaid; art. 6:43
and 6:44 BW), computed for the case as it stands at settlement; the split is then frozen in the settlement line.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core.actors import Actor, ActorKind
from core.clock import local_today
from core.config import Settings
from core.creditor_updates import creditor_in_slack
from core.db.models import Case, Creditor, CreditorSettlement, Debtor, Payment, SettlementLine, SettlementRun
from core.errors import NotFound, UserError
from core.money import ZERO, format_eur, money_str
from core.notifications import CREDITOR_UPDATE, queue_message
from core.services.case_access import record_event, require
from core.services.case_view import statement_for
from core.settlement.fees import FeeTerms, FeeTermsError, Share, share_of
from core.settlement.periods import Period
from core.settlement.sepa import PayerAccount, Payout, credit_transfer
from core.settlement.statement_pdf import StatementLine, StatementView, render_statement
from core.settlement.texts import text
from core.uow import UnitOfWork

DIRECT = "creditor_report"  # paid to the creditor, not to us
MONEY_FIELDS = ("collected", "to_costs", "to_interest", "to_principal", "held", "commission", "commission_vat", "fee",
                "payout")


@dataclass
class CreditorTotals:
    creditor_id: int
    name: str
    kvk_number: str
    payout_iban: str
    commission_percent: Decimal
    cases: int
    payments: int
    collected: Decimal
    to_costs: Decimal
    to_interest: Decimal
    to_principal: Decimal
    held: Decimal
    commission: Decimal
    commission_vat: Decimal
    fee: Decimal
    payout: Decimal
    pdf_file_name: str
    csv_file_name: str


@dataclass
class SettlementResult:
    period: str
    already_settled: bool
    settled_at: datetime
    settled_by: str
    collected: Decimal
    fee: Decimal
    held: Decimal
    payout: Decimal
    creditors: list[CreditorTotals] = field(default_factory=list)
    sepa_file_name: str | None = None
    # file name -> SHA-256 of the bytes in the document store
    files: dict[str, str] = field(default_factory=dict)


# ------------------------------------------------------------------------------------------------ fee terms


def set_fee_terms(uow: UnitOfWork, actor: Actor, creditor_ref: str, *, commission: object) -> Creditor:
    """Agree the commission with a creditor (0 %: the collection costs only). Applies to periods settled later."""
    require(actor, ActorKind.SPECIALIST, ActorKind.ADMIN, ActorKind.SYSTEM, what="changing fee terms")
    from core.services.creditors import find_creditor

    creditor = find_creditor(uow, creditor_ref)
    try:
        terms = FeeTerms.parse_percent(commission)
    except FeeTermsError as exc:
        raise UserError(str(exc)) from None
    creditor.fee_terms = {**(creditor.fee_terms or {}), **terms.to_json()}
    return creditor


def fee_terms_of(creditor: Creditor) -> FeeTerms:
    try:
        return FeeTerms.of(creditor.fee_terms)
    except FeeTermsError as exc:
        raise UserError(f"creditor {creditor.kvk_number}: stored fee terms unusable: {exc}") from None


# ------------------------------------------------------------------------------------------------ settling


def settle_period(
    uow: UnitOfWork, actor: Actor, period_text: str, *, payer: PayerAccount, agency_name: str
) -> SettlementResult:
    """Settle one month, or return the settlement made before (writing nothing). The caller commits."""
    require(actor, ActorKind.SPECIALIST, ActorKind.ADMIN, ActorKind.SYSTEM, what="settling a period")
    period = Period.parse(period_text)
    existing = uow.session.scalars(select(SettlementRun).where(SettlementRun.period == str(period))).first()
    if existing is not None:
        return result_of(uow, existing, already_settled=True)
    today = local_today(uow.clock)
    if period.last_day >= today:
        raise UserError(
            f"period {period} has not ended yet: it can be settled from {_day_after(period.last_day).isoformat()}"
        )
    later = uow.session.scalars(
        select(SettlementRun.period).where(SettlementRun.period > str(period)).order_by(SettlementRun.period.desc())
    ).first()
    if later is not None:
        raise UserError(
            f"period {period} can no longer be settled: {later} is settled already, and the payments of {period} "
            f"that were not settled then went into it"
        )

    now = uow.clock.now()
    run = SettlementRun(period=str(period), settled_at=now, settled_by=actor.label or actor.kind.value,
                        collected=ZERO, fee=ZERO, held=ZERO, payout=ZERO)
    uow.session.add(run)
    try:
        uow.session.flush()
    except IntegrityError:
        raise UserError(f"period {period} is being settled by another process right now") from None

    try:
        _settle_all(uow, actor, run, period, today, payer, agency_name)
    except IntegrityError:
        # a settlement of another period took some of the same payments at the same moment: they are its now
        raise UserError(f"another settlement took some payments of {period} at the same time; run it again") from None
    return result_of(uow, run, already_settled=False)


def _settle_all(
    uow: UnitOfWork, actor: Actor, run: SettlementRun, period: Period, today: date, payer: PayerAccount,
    agency_name: str,
) -> None:
    now = run.settled_at
    per_creditor = _shares(uow, period, today)
    payouts: list[Payout] = []
    for creditor, lines in sorted(per_creditor.items(), key=lambda item: item[0].name):
        settlement = _settle_creditor(uow, actor, run, period, creditor, lines, agency_name)
        if settlement.payout > 0:
            payouts.append(Payout(
                name=creditor.name, iban=settlement.payout_iban, amount=settlement.payout,
                description=f"Afrekening {period} {agency_name}"[:140], end_to_end_id=f"INC-{period}-{settlement.id}",
            ))
        run.collected += settlement.collected
        run.fee += settlement.fee
        run.held += settlement.held
        run.payout += settlement.payout
    if payouts:
        message_id = f"INC-SETTLE-{period}-{run.id}"
        xml = credit_transfer(payer, payouts, message_id=message_id, created_at=now, execution_date=today)
        run.sepa_message_id = message_id
        run.sepa_file_name = f"sepa-{period}.xml"
        run.sepa_sha256 = uow.documents.put(xml, run.sepa_file_name).sha256
    uow.session.flush()


def _day_after(day: date) -> date:
    return date.fromordinal(day.toordinal() + 1)


@dataclass
class _Line:
    case: Case
    debtor_name: str
    payment: Payment
    share: Share


def _shares(uow: UnitOfWork, period: Period, today: date) -> dict[Creditor, list[_Line]]:
    """Every payment not settled before, dated up to the period's end, split by its allocation."""
    s = uow.session
    open_payments = s.scalars(
        select(Payment)
        .outerjoin(SettlementLine, SettlementLine.payment_id == Payment.id)
        .where(SettlementLine.id.is_(None), Payment.paid_on <= period.last_day, Payment.source != DIRECT)
        .order_by(Payment.case_id, Payment.paid_on, Payment.id)
    ).all()
    by_case: dict[int, set[int]] = defaultdict(set)
    for payment in open_payments:
        by_case[payment.case_id].add(payment.id)
    found: dict[Creditor, list[_Line]] = defaultdict(list)
    for case_id, wanted in by_case.items():
        case = s.get_one(Case, case_id)
        creditor = s.get_one(Creditor, case.creditor_id)
        debtor = s.get_one(Debtor, case.debtor_id)
        terms = fee_terms_of(creditor)
        # all of the case's payments (direct ones too: they paid part of the claim), in the engine's order
        payments = s.scalars(
            select(Payment).where(Payment.case_id == case_id).order_by(Payment.paid_on, Payment.id)
        ).all()
        statement = statement_for(uow, case, max(today, payments[-1].paid_on), payments=payments)
        for payment, allocation in zip(payments, statement.allocations, strict=True):
            if payment.id not in wanted:
                continue
            share = share_of(
                payment.amount, to_costs=allocation.to_costs, to_interest=allocation.to_interest,
                to_principal=allocation.to_principal, refund_due=payment.refund_due, terms=terms,
            )
            found[creditor].append(_Line(case, debtor.name, payment, share))
    return found


def _settle_creditor(
    uow: UnitOfWork, actor: Actor, run: SettlementRun, period: Period, creditor: Creditor, lines: list[_Line],
    agency_name: str,
) -> CreditorSettlement:
    terms = fee_terms_of(creditor)
    lines.sort(key=lambda line: (line.case.reference, line.payment.paid_on, line.payment.id))
    totals = {name: sum((_amount(line.share, name) for line in lines), ZERO) for name in MONEY_FIELDS}
    view = StatementView(
        period=str(period), last_day=period.last_day, language=creditor.language, agency_name=agency_name,
        creditor_name=creditor.name, creditor_kvk=creditor.kvk_number, payout_iban=creditor.payout_iban,
        commission_percent=terms.commission_percent, settled_at=run.settled_at,
        lines=[StatementLine(line.case.reference, line.debtor_name, line.payment.paid_on, line.share)
               for line in lines],
    )
    pdf_name = f"settlement-{period}-{creditor.kvk_number}.pdf"
    csv_name = f"settlement-{period}-{creditor.kvk_number}.csv"
    settlement = CreditorSettlement(
        run_id=run.id, creditor_id=creditor.id, commission_basis_points=terms.basis_points,
        payout_iban=creditor.payout_iban,
        pdf_file_name=pdf_name, pdf_sha256=uow.documents.put(render_statement(view), pdf_name).sha256,
        csv_file_name=csv_name, csv_sha256=uow.documents.put(statement_csv(view).encode(), csv_name).sha256,
        **totals,
    )
    uow.session.add(settlement)
    uow.session.flush()
    for line in lines:
        share = line.share
        uow.session.add(SettlementLine(
            settlement_id=settlement.id, payment_id=line.payment.id, case_id=line.case.id, amount=share.amount,
            to_costs=share.to_costs, to_interest=share.to_interest, to_principal=share.to_principal, held=share.held,
            commission=share.commission, commission_vat=share.commission_vat, fee=share.fee, payout=share.payout,
        ))
    # the case's timeline (and the creditor's webhooks) say which payments were paid out, when and how
    cases: dict[int, list[_Line]] = defaultdict(list)
    for line in lines:
        cases[line.case.id].append(line)
    for case_lines in cases.values():
        record_event(uow, case_lines[0].case, actor, "payments_settled", {
            "period": str(period),
            "payments": [line.payment.id for line in case_lines],
            **{name: money_str(sum((_amount(line.share, name) for line in case_lines), ZERO))
               for name in ("collected", "fee", "held", "payout")},
        })
    if creditor_in_slack(uow, creditor.id):
        body = {
            "kind": "settlement", "settlement_id": settlement.id, "period": str(period), "cases": len(cases),
            "payout_iban": creditor.payout_iban, "pdf_file_name": pdf_name,
            **{name: money_str(totals[name]) for name in ("collected", "fee", "held", "payout")},
        }
        queue_message(uow, channel=CREDITOR_UPDATE, recipient=f"creditor:{creditor.id}",
                      body=json.dumps(body, ensure_ascii=False), key=f"settlement:{settlement.id}")
    return settlement


def _amount(share: Share, name: str) -> Decimal:
    return share.amount if name == "collected" else getattr(share, name)


def statement_csv(view: StatementView) -> str:
    """One row per payment and a totals row; amounts with a decimal point, for spreadsheets and accounting."""
    lang = view.language
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    columns = ("collected", "to_costs", "to_interest", "to_principal", "held", "commission", "commission_vat", "fee",
               "payout")
    writer.writerow(["period", "case", "debtor", "paid_on", *columns])
    for line in view.lines:
        writer.writerow([view.period, line.reference, line.debtor, line.paid_on.isoformat(),
                         *(money_str(_amount(line.share, name)) for name in columns)])
    writer.writerow([view.period, text("totals", lang), "", "",
                     *(money_str(sum((_amount(line.share, name) for line in view.lines), ZERO))
                       for name in columns)])
    return out.getvalue()


# ------------------------------------------------------------------------------------------------ reading back


def result_of(uow: UnitOfWork, run: SettlementRun, *, already_settled: bool) -> SettlementResult:
    s = uow.session
    result = SettlementResult(
        period=run.period, already_settled=already_settled, settled_at=run.settled_at, settled_by=run.settled_by,
        collected=run.collected, fee=run.fee, held=run.held, payout=run.payout, sepa_file_name=run.sepa_file_name,
    )
    rows = s.execute(
        select(CreditorSettlement, Creditor)
        .join(Creditor, Creditor.id == CreditorSettlement.creditor_id)
        .where(CreditorSettlement.run_id == run.id)
        .order_by(Creditor.name, CreditorSettlement.id)
    ).all()
    for settlement, creditor in rows:
        lines = s.execute(
            select(SettlementLine.case_id).where(SettlementLine.settlement_id == settlement.id)
        ).scalars().all()
        result.creditors.append(CreditorTotals(
            creditor_id=creditor.id, name=creditor.name, kvk_number=creditor.kvk_number,
            payout_iban=settlement.payout_iban,
            commission_percent=Decimal(settlement.commission_basis_points) / 100,
            cases=len(set(lines)), payments=len(lines),
            **{name: getattr(settlement, name) for name in MONEY_FIELDS},
            pdf_file_name=settlement.pdf_file_name, csv_file_name=settlement.csv_file_name,
        ))
        result.files[settlement.pdf_file_name] = settlement.pdf_sha256
        result.files[settlement.csv_file_name] = settlement.csv_sha256
    if run.sepa_file_name and run.sepa_sha256:
        result.files[run.sepa_file_name] = run.sepa_sha256
    return result


def settlement_document(uow: UnitOfWork, settlement_id: int) -> tuple[str, bytes]:
    """A creditor statement's PDF (file name, bytes): what the Slack transport attaches."""
    settlement = uow.session.get(CreditorSettlement, settlement_id)
    if settlement is None:
        raise NotFound(f"settlement {settlement_id} not found")
    return settlement.pdf_file_name, uow.documents.get(settlement.pdf_sha256)


def summary_text(body: dict, lang: str) -> str:
    """The Slack message of a settlement outbox row, in the creditor's language."""
    locale = "en_GB" if lang == "en" else "nl_NL"
    return text(
        "slack", lang, period=body.get("period", ""), cases=body.get("cases", 0),
        iban=body.get("payout_iban", ""),
        **{name: format_eur(Decimal(str(body.get(name, "0"))), locale) for name in ("collected", "fee", "held",
                                                                                    "payout")},
    )


def export_files(uow: UnitOfWork, result: SettlementResult, target: Path) -> None:
    """Copy the settlement's files out of the document store under their own names (write, then rename)."""
    target.mkdir(parents=True, exist_ok=True)
    for name, sha256 in result.files.items():
        tmp = target / f".{name}.tmp"
        shutil.copyfile(uow.documents.path_of(sha256), tmp)
        os.replace(tmp, target / name)


def settle_previous_month(uow_factory: Callable[[], UnitOfWork], settings: Settings) -> SettlementResult:
    """The monthly job: settle the month before today, once (a second run, or a second worker, writes nothing)."""
    with uow_factory() as uow:
        period = str(Period.containing(local_today(uow.clock)).previous())
        result = settle_period(uow, Actor.system("monthly settlement"), period, payer=payer_account(settings),
                               agency_name=settings.agency_name)
        if not result.already_settled:
            uow.commit()
            export_files(uow, result, settings.data_dir / "settlements" / result.period)
    return result


def payer_account(settings: Settings) -> PayerAccount:
    return PayerAccount(name=settings.collection_account_name, iban=settings.collection_iban,
                        bic=settings.collection_bic or None)
