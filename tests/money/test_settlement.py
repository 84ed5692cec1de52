"""Money out: monthly settlement per creditor — fee (no cure no pay), statement PDF/CSV, SEPA pain.001, locking.

The totals are checked the way the agency's bookkeeper would: every payment is either kept as fee, paid out or
held for a refund, to the cent, and the split of each payment is the law engine's allocation.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from sqlalchemy import func, select

from api.cli.main import cli
from bots.slack.outbound import transports
from bots.stand_ins.slack_api import BOT_TOKEN, SlackServer
from core.actors import Actor
from core.clock import AMSTERDAM, FakeClock
from core.config import load_settings
from core.db.models import (
    CaseEvent,
    CreditorSettlement,
    OutboundMessage,
    Payment,
    SettlementLine,
    SettlementRun,
    SlackWorkspace,
)
from core.errors import UserError
from core.law import DebtorKind, InvoiceInput, PaymentInput, compute_statement
from core.money import format_eur
from core.schedule.delivery import deliver_due
from core.services.case_view import statement_for
from core.services.payments import record_payment
from core.services.settlement import set_fee_terms, settle_period
from core.settlement.fees import FeeTerms, share_of
from core.settlement.sepa import NAMESPACE, PayerAccount, control_sum
from core.uow import UnitOfWork
from tests.builders import business_claim, consumer_claim, make_case, make_creditor

PAYER = PayerAccount(name="Stichting Derdengelden Incasso", iban="NL20INGB0001234567")
AGENCY = "Incasso Bureau Voorbeeld B.V."
SPECIALIST = Actor.specialist("cli:sanne", label="sanne")
CENT = Decimal("0.01")


# ------------------------------------------------------------------------------------------------ the rule itself


@st.composite
def payment_sequences(draw: st.DrawFn) -> tuple[list[InvoiceInput], DebtorKind, list[PaymentInput], date]:
    kind = draw(st.sampled_from([DebtorKind.CONSUMER, DebtorKind.BUSINESS]))
    invoices = [
        InvoiceInput(
            invoice_number=f"F-{i}",
            invoice_date=date(2025, 1, 1) + timedelta(days=draw(st.integers(0, 200))),
            due_date=date(2025, 8, 1) + timedelta(days=draw(st.integers(0, 60))),
            principal=Decimal(draw(st.integers(1, 500_000))) / 100,
        )
        for i in range(draw(st.integers(1, 3)))
    ]
    payments = [
        PaymentInput(paid_on=date(2025, 10, 1) + timedelta(days=draw(st.integers(0, 400))),
                     amount=Decimal(draw(st.integers(1, 400_000))) / 100)
        for _ in range(draw(st.integers(0, 6)))
    ]
    return invoices, kind, payments, date(2026, 12, 1)


@settings(max_examples=300, deadline=None)
@given(
    sequence=payment_sequences(),
    commission=st.integers(0, 5000).map(lambda bp: Decimal(bp) / 100),
    extra_refund=st.integers(0, 20_000).map(lambda c: Decimal(c) / 100),
    letter=st.booleans(),
)
def test_every_payment_is_fee_payout_or_refund_to_the_cent(sequence, commission, extra_refund, letter) -> None:
    """Over random payment sequences through the law engine: payout + fee + refunds held == collected; the fee
    never exceeds what was collected nor does the payout go negative; nothing collected, nothing kept."""
    invoices, kind, payments, as_of = sequence
    statement = compute_statement(invoices=invoices, debtor_kind=kind, as_of=as_of, payments=payments,
                                  letter_sent=date(2025, 9, 1) if letter else None)
    terms = FeeTerms.parse_percent(str(commission))
    shares = [
        # a refund flagged on the payment beyond what the allocation left over is held too (claim reduced later)
        share_of(a.amount, to_costs=a.to_costs, to_interest=a.to_interest, to_principal=a.to_principal,
                 refund_due=(a.overpaid + extra_refund) if extra_refund else None, terms=terms)
        for a in statement.allocations
    ]
    collected = sum((p.amount for p in payments), Decimal(0))
    fee = sum((s.fee for s in shares), Decimal(0))
    payout = sum((s.payout for s in shares), Decimal(0))
    held = sum((s.held for s in shares), Decimal(0))
    assert payout + fee + held == collected
    assert 0 <= fee <= collected and payout >= 0 and held >= statement.overpaid
    for share, allocation in zip(shares, statement.allocations, strict=True):
        assert share.fee + share.payout + share.held == share.amount == allocation.amount
        assert share.to_costs + share.to_interest + share.to_principal + share.held == share.amount
        assert min(share.to_costs, share.to_interest, share.to_principal, share.commission) >= 0
        if share.payout:  # (a commission that would exceed a cent-sized share is capped at it)
            assert share.commission == (share.to_principal * commission / 100).quantize(CENT, ROUND_HALF_UP)
            assert share.commission_vat == (share.commission * Decimal("0.21")).quantize(CENT, ROUND_HALF_UP)
        assert all(v == v.quantize(CENT) for v in (share.fee, share.payout, share.held))
        if not extra_refund:  # the law engine's split, unchanged
            assert (share.to_costs, share.held) == (allocation.to_costs, allocation.overpaid)
            assert share.to_interest + share.to_principal == allocation.to_interest + allocation.to_principal
    if not payments:
        assert fee == payout == 0


def test_fee_terms_are_checked() -> None:
    assert FeeTerms.of({}) == FeeTerms() and FeeTerms.of({"success_fee_percent": "15"}).commission_percent == 0
    assert FeeTerms.parse_percent("12,5").commission_percent == Decimal("12.50")
    for bad in ("abc", "-1", "50.01", "10.001", "NaN"):
        with pytest.raises(ValueError, match="commission"):
            FeeTerms.parse_percent(bad)


# ------------------------------------------------------------------------------------------------ the service


def _pay(uow: UnitOfWork, reference: str, amount: object, on: str, source: str = "bank_statement") -> Payment:
    payment = record_payment(uow, Actor.system("bank"), reference, amount=amount, paid_on=on, source=source)
    uow.commit()
    return payment


def _counts(uow_factory: Callable[[], UnitOfWork]) -> tuple[int, ...]:
    with uow_factory() as uow:
        return tuple(uow.session.scalar(select(func.count()).select_from(model)) or 0
                     for model in (SettlementRun, CreditorSettlement, SettlementLine, OutboundMessage, CaseEvent))


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).replace("\u00a0", " ")


def test_a_month_is_settled_once_reconciles_and_pays_out_by_sepa(
    uow_factory: Callable[[], UnitOfWork], clock: FakeClock
) -> None:
    with uow_factory() as uow:
        zon = make_creditor(uow)  # Slack-linked, 10 % commission
        uow.session.add(SlackWorkspace(team_id="T0ZON", creditor_id=zon.id, case_channel_id="C0CASES", language="nl",
                                       linked_at=clock.now()))
        set_fee_terms(uow, SPECIALIST, "12345678", commission="10")
        other = make_creditor(uow, name="Garage Noord B.V.", kvk_number="87654321", payout_iban="NL02ABNA0123456789",
                              language="en")  # default terms: the costs only
        uow.commit()
        consumer = make_case(uow, zon, consumer_claim())
        business = make_case(uow, zon, business_claim())
        noord = make_case(uow, other, business_claim(number="N-1", principal="800.00"))
        idle = make_case(uow, other, business_claim(number="N-2", principal="90.00"))  # nothing paid: no fee
        business_open = statement_for(uow, business, date(2026, 2, 20)).total_open
        _pay(uow, consumer.reference, "400.00", "2026-02-10")
        p_business = _pay(uow, business.reference, business_open + Decimal("50.00"), "2026-02-20")  # 50 too much
        _pay(uow, noord.reference, "300.00", "2026-02-27", source="payment_provider")
        _pay(uow, consumer.reference, "100.00", "2026-02-12", source="creditor_report")  # paid to the creditor
        _pay(uow, noord.reference, "25.00", "2026-03-01")  # next month
        assert p_business.refund_due == Decimal("50.00")
        before = _counts(uow_factory)

    with uow_factory() as uow, pytest.raises(UserError, match="2026-03 has not ended yet: it can be settled from "
                                                              "2026-04-01"):
        settle_period(uow, SPECIALIST, "2026-03", payer=PAYER, agency_name=AGENCY)
    with uow_factory() as uow, pytest.raises(UserError, match="not a month like 2026-11"):
        settle_period(uow, SPECIALIST, "2026-13", payer=PAYER, agency_name=AGENCY)
    assert _counts(uow_factory) == before

    with uow_factory() as uow:
        result = settle_period(uow, SPECIALIST, "2026-02", payer=PAYER, agency_name=AGENCY)
        uow.commit()
        lines = uow.session.scalars(select(SettlementLine).order_by(SettlementLine.payment_id)).all()
        payments = {p.id: p for p in uow.session.scalars(select(Payment))}
        # each line is the law engine's allocation of its payment, frozen
        for line in lines:
            payment = payments[line.payment_id]
            statement = statement_for(uow, uow.session.get_one(type(consumer), line.case_id), date(2026, 3, 2))
            allocation = next(a for a in statement.allocations if a.paid_on == payment.paid_on
                              and a.amount == payment.amount)
            assert (line.to_costs, line.to_interest, line.to_principal, line.held) == (
                allocation.to_costs, allocation.to_interest, allocation.to_principal, allocation.overpaid)
            assert line.fee + line.payout + line.held == line.amount == payment.amount
        sepa = uow.documents.get(result.files["sepa-2026-02.xml"])
        zon_pdf = uow.documents.get(result.files["settlement-2026-02-12345678.pdf"])
        noord_pdf = uow.documents.get(result.files["settlement-2026-02-87654321.pdf"])
        zon_csv = uow.documents.get(result.files["settlement-2026-02-12345678.csv"]).decode()
        settled_cases = {e.case_id for e in uow.session.scalars(
            select(CaseEvent).where(CaseEvent.kind == "payments_settled"))}

    assert sorted(payments[line.payment_id].paid_on.isoformat() for line in lines) == [
        "2026-02-10", "2026-02-20", "2026-02-27"]  # not the direct payment, not March
    assert settled_cases == {consumer.id, business.id, noord.id}
    assert not result.already_settled and [c.name for c in result.creditors] == ["Bakkerij De Zon B.V.",
                                                                               "Garage Noord B.V."]
    zon_totals, noord_totals = result.creditors
    assert result.collected == zon_totals.collected + noord_totals.collected == business_open + Decimal("750.00")
    assert result.payout + result.fee + result.held == result.collected
    assert result.held == zon_totals.held == Decimal("50.00")
    # 10 % of the principal collected, plus 21 % VAT on it
    assert zon_totals.commission == (zon_totals.to_principal / 10).quantize(CENT)
    assert zon_totals.commission_vat == (zon_totals.commission * Decimal("0.21")).quantize(CENT)
    assert zon_totals.fee == zon_totals.to_costs + zon_totals.commission + zon_totals.commission_vat
    assert zon_totals.payout == zon_totals.to_interest + zon_totals.to_principal - zon_totals.commission \
        - zon_totals.commission_vat
    assert noord_totals.commission == 0 and noord_totals.fee == noord_totals.to_costs > 0  # costs only
    assert (zon_totals.cases, zon_totals.payments, noord_totals.cases) == (2, 2, 1)

    # the SEPA file: valid XML from the collection account, one transfer per creditor, control sum == payouts
    root = ET.fromstring(sepa)
    ns = {"p": NAMESPACE}
    assert control_sum(sepa) == (2, result.payout)
    assert root.findtext("p:CstmrCdtTrfInitn/p:PmtInf/p:DbtrAcct/p:Id/p:IBAN", namespaces=ns) == PAYER.iban
    transfers = {tx.findtext("p:CdtrAcct/p:Id/p:IBAN", namespaces=ns): Decimal(tx.findtext("p:Amt/p:InstdAmt",
                                                                                           namespaces=ns) or "")
                 for tx in root.iter(f"{{{NAMESPACE}}}CdtTrfTxInf")}
    assert transfers == {"NL91ABNA0417164300": zon_totals.payout, "NL02ABNA0123456789": noord_totals.payout}

    # the statements say the same: PDF (read back) and CSV
    shown = _pdf_text(zon_pdf)
    assert "Afrekening 2026-02" in shown and consumer.reference in shown and business.reference in shown
    for amount in (zon_totals.collected, zon_totals.fee, zon_totals.held, zon_totals.payout, zon_totals.commission):
        assert format_eur(amount).replace("\u00a0", " ") in shown
    assert f"Wij maken {format_eur(zon_totals.payout)} over naar NL91ABNA0417164300".replace("\u00a0", " ") in shown
    english = _pdf_text(noord_pdf)
    assert "Settlement 2026-02" in english and "no commission" in english and format_eur(
        noord_totals.payout, "en_GB") in english
    rows = list(csv.DictReader(io.StringIO(zon_csv)))
    assert [r["case"] for r in rows] == [consumer.reference, business.reference, "Totaal"]
    assert Decimal(rows[-1]["payout"]) == zon_totals.payout and Decimal(rows[-1]["held"]) == Decimal("50.00")

    # the Slack-linked creditor gets its statement posted: summary + the PDF, through the real outbox delivery
    with uow_factory() as uow:
        queued = uow.session.scalars(select(OutboundMessage).where(
            OutboundMessage.idempotency_key.like("settlement:%"))).all()
    assert [json.loads(m.body)["kind"] for m in queued] == ["settlement"]
    assert queued[0].recipient == f"creditor:{zon.id}"
    with SlackServer() as fake:
        settings_ = load_settings(database_url="sqlite://", slack_bot_token=BOT_TOKEN, slack_api_url=fake.api_url)
        slack = transports(settings_, uow_factory)
        deliver_due(uow_factory, {"creditor_update": slack["creditor_update"]})
        with uow_factory() as uow:
            assert uow.session.get_one(OutboundMessage, queued[0].id).status == "sent"
        (complete,) = fake.of("files.completeUploadExternal")
        assert complete.params["channel_id"] == "C0CASES"
        comment = complete.params["initial_comment"].replace("\u00a0", " ")
        assert f"Afrekening 2026-02: geïnd {format_eur(zon_totals.collected)}".replace("\u00a0", " ") in comment
        assert "settlement-2026-02-12345678.pdf" in complete.params["files"]

    # settled again: the same result, nothing written
    after = _counts(uow_factory)
    with uow_factory() as uow:
        again = settle_period(uow, SPECIALIST, "2026-02", payer=PAYER, agency_name=AGENCY)
        uow.commit()
    assert again.already_settled and again.payout == result.payout and again.files == result.files
    assert _counts(uow_factory) == after

    # a February payment recorded in April (a late bank statement) goes into the next period settled: March
    clock.set(datetime(2026, 4, 2, 9, 0, tzinfo=AMSTERDAM))
    with uow_factory() as uow:
        late = _pay(uow, consumer.reference, "50.00", "2026-02-25")
        march = settle_period(uow, SPECIALIST, "2026-03", payer=PAYER, agency_name=AGENCY)
        uow.commit()
        march_payments = set(uow.session.scalars(
            select(SettlementLine.payment_id).join(CreditorSettlement).join(SettlementRun)
            .where(SettlementRun.period == "2026-03")))
    assert late.id in march_payments and len(march_payments) == 2  # the late one and 1 March
    assert march.collected == Decimal("75.00") and march.payout + march.fee + march.held == march.collected
    with uow_factory() as uow, pytest.raises(UserError, match="2026-01 can no longer be settled: 2026-03 is settled"):
        settle_period(uow, SPECIALIST, "2026-01", payer=PAYER, agency_name=AGENCY)
    with uow_factory() as uow:
        assert settle_period(uow, SPECIALIST, "2026-02", payer=PAYER, agency_name=AGENCY).collected == result.collected
    _ = idle


def test_a_payment_is_never_in_two_settlements(uow_factory: Callable[[], UnitOfWork], clock: FakeClock) -> None:
    """The database itself refuses a second line for a settled payment (whatever a buggy or racing run does)."""
    from sqlalchemy.exc import IntegrityError

    with uow_factory() as uow:
        creditor = make_creditor(uow)
        case = make_case(uow, creditor, business_claim())
        payment = _pay(uow, case.reference, "100.00", "2026-02-02")
        settle_period(uow, SPECIALIST, "2026-02", payer=PAYER, agency_name=AGENCY)
        uow.commit()
        line = uow.session.scalars(select(SettlementLine)).one()
        uow.session.add(SettlementLine(**{c: getattr(line, c) for c in (
            "settlement_id", "case_id", "amount", "to_costs", "to_interest", "to_principal", "held", "commission",
            "commission_vat", "fee", "payout")}, payment_id=payment.id))
        with pytest.raises(IntegrityError):
            uow.session.flush()


def test_the_monthly_job_settles_the_month_before_once(
    uow_factory: Callable[[], UnitOfWork], clock: FakeClock, data_dir: Path
) -> None:
    from core.services.settlement import settle_previous_month

    settings_ = load_settings(database_url="sqlite://", data_dir=data_dir, collection_bic="INGBNL2A")
    with uow_factory() as uow:
        case = make_case(uow, make_creditor(uow), business_claim())
        _pay(uow, case.reference, "500.00", "2026-02-27")
    first = settle_previous_month(uow_factory, settings_)  # the clock says 2 March: February
    assert first.period == "2026-02" and not first.already_settled and first.collected == Decimal("500.00")
    sepa = (data_dir / "settlements" / "2026-02" / "sepa-2026-02.xml").read_bytes()
    assert b"<BIC>INGBNL2A</BIC>" in sepa and control_sum(sepa) == (1, first.payout)
    assert settle_previous_month(uow_factory, settings_).already_settled  # a restart, or a second worker


# ------------------------------------------------------------------------------------------------ the command


@pytest.fixture
def cli_database_url(sqlite_template: Path, tmp_path: Path) -> str:
    target = tmp_path / "cli.db"
    shutil.copy(sqlite_template, target)
    return f"sqlite:///{target}"


def test_the_settle_command(cli_database_url: str, data_dir: Path, tmp_path: Path) -> None:
    """SQLite only: the command's database work is the service's, tested on both databases above."""
    from core.db.base import make_engine, make_session_factory

    env = {"DATABASE_URL": cli_database_url, "INCASSO_DATA_DIR": str(data_dir), "USER": "sanne"}

    def run(*args: str, expect: int = 0) -> str:
        result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
        assert result.exit_code == expect, result.output
        assert "Traceback" not in result.output
        return result.output

    engine = make_engine(cli_database_url)
    # payments made in February, settled "now" (the CLI uses the real clock: any month long past will do)
    clock = FakeClock(datetime(2026, 3, 2, 10, 0, tzinfo=AMSTERDAM))
    uow_factory = lambda: UnitOfWork(make_session_factory(engine), clock=clock, data_dir=data_dir)  # noqa: E731
    with uow_factory() as uow:
        creditor = make_creditor(uow)
        case = make_case(uow, creditor, business_claim())
        _pay(uow, case.reference, "1000.00", "2026-02-16")
    engine.dispose()

    assert "the collection costs the debtor paid; no commission" in run("creditor", "fees", "12345678")
    assert "plus 12.5 % commission on the principal collected (+ 21 % VAT)" in run(
        "creditor", "fees", "12345678", "--commission", "12,5")
    assert "must be between 0 and 50 %" in run("creditor", "fees", "12345678", "--commission", "60", expect=1)
    assert "creditor 99999999 not found" in run("creditor", "fees", "99999999", "--commission", "5", expect=1)
    assert "not a month like 2026-11" in run("settle", "--period", "februari", expect=1)
    assert "has not ended yet" in run("settle", "--period", "2999-01", expect=1)

    out_dir = tmp_path / "out"
    first = run("settle", "--period", "2026-02", "--out", str(out_dir)).replace("\u00a0", " ")
    assert first.startswith("2026-02 settled")
    assert "Bakkerij De Zon B.V. (KvK 12345678): 1 case(s), 1 payment(s); collected € 1.000,00" in first
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "sepa-2026-02.xml", "settlement-2026-02-12345678.csv", "settlement-2026-02-12345678.pdf"]
    assert control_sum((out_dir / "sepa-2026-02.xml").read_bytes())[0] == 1
    stamp = (out_dir / "sepa-2026-02.xml").stat().st_mtime_ns

    second = run("settle", "--period", "2026-02", "--out", str(out_dir))
    assert "2026-02 was settled on" in second and "by sanne; it is locked: nothing new written" in second
    assert (out_dir / "sepa-2026-02.xml").stat().st_mtime_ns == stamp
    assert "nothing collected in this period" in run("settle", "--period", "2026-03", "--out", str(tmp_path / "m"))
