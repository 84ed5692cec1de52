"""Bank statements end to end: the sample CAMT.053 and MT940 files pay the right cases; the rest waits in the queue."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.actors import Actor
from core.bank.matching import find_payment_references
from core.db.models import BankTransaction, Case, OutboundMessage, Payment
from core.errors import UserError
from core.payment_reference import format_payment_reference, payment_reference_for
from core.services.bank_statements import assign_transaction, ignore_transaction, import_statement
from core.services.case_view import statement_for
from core.uow import UnitOfWork
from tests.money.camt_builder import COLLECTION_IBAN, Credit, camt053
from tests.money.scenario import file_cases

SAMPLES = Path(__file__).with_name("samples")
CAMT = (SAMPLES / "ing-camt053-2026-02-27.xml").read_bytes()
MT940 = (SAMPLES / "ing-mt940-2026-03-02.sta").read_bytes()
SPECIALIST = Actor.specialist("U0SPEC", label="Sanne (specialist)")


def _import(uow_factory: Callable[[], UnitOfWork], content: bytes):
    with uow_factory() as uow:
        result = import_statement(uow, SPECIALIST, content, collection_iban=COLLECTION_IBAN)
        uow.commit()
    return result


def _state(uow: UnitOfWork, reference: str) -> tuple[str, Decimal, list[Decimal]]:
    case = uow.session.scalars(select(Case).where(Case.reference == reference)).one()
    rows = uow.session.scalars(select(Payment).where(Payment.case_id == case.id).order_by(Payment.id))
    paid = [p.amount for p in rows]
    return case.status, statement_for(uow, case, date(2026, 3, 2)).total_open, paid


def _alerts(uow: UnitOfWork, kind: str) -> list[dict]:
    rows = uow.session.scalars(select(OutboundMessage).where(OutboundMessage.channel == "specialist_alert"))
    return [body for row in rows if (body := json.loads(row.body))["kind"] == kind]


def _tx(uow: UnitOfWork, bank_reference: str) -> BankTransaction:
    return uow.session.scalars(select(BankTransaction).where(BankTransaction.bank_reference == bank_reference)).one()


def test_statements_pay_the_right_cases_and_queue_the_rest(uow_factory: Callable[[], UnitOfWork]) -> None:
    with uow_factory() as uow:
        file_cases(uow)

    first = _import(uow_factory, CAMT)
    assert (first.lines, first.already_known) == (7, 1)  # the re-exported entry in the second <Stmt>
    assert first.counts == {"matched": 2, "unmatched": 1, "ambiguous": 1, "ignored": 2}
    assert first.recorded == Decimal("3315.32")
    with uow_factory() as uow:
        assert _state(uow, "INC-2026-000001")[0] == "new"  # 400 of 1004.60: partly paid, the case runs on
        assert _state(uow, "INC-2026-000001")[2] == [Decimal("400.00")]
        assert _state(uow, "INC-2026-000002")[:2] == ("paid", Decimal("0.00"))  # by amount + name, no reference
        assert _tx(uow, "2026022700000002").matched_by == "amount+name"
        assert _tx(uow, "2026022700000001").matched_by == "reference"
        ambiguous = _tx(uow, "2026022700000003")
        assert (ambiguous.status, ambiguous.candidates) == ("ambiguous", ["INC-2026-000003", "INC-2026-000004"])
        typo = _tx(uow, "2026022700000004")
        assert typo.status == "unmatched" and typo.case_id is None
        assert "wrong check digits" in (typo.reason or "")
        assert "foreign currency (USD)" in (_tx(uow, "2026022700000005").reason or "")
        assert (_tx(uow, "2026022700000006").status, _tx(uow, "2026022700000006").direction) == ("ignored", "debit")
        queued = {a["transaction_id"] for a in _alerts(uow, "unmatched_credit")}
        assert queued == {ambiguous.id, typo.id}
        assert _state(uow, "INC-2026-000003")[2] == [] and _state(uow, "INC-2026-000004")[2] == []

    again = _import(uow_factory, CAMT)  # the same file again records nothing
    assert (again.already_known, again.transactions, again.recorded) == (7, [], Decimal(0))
    with uow_factory() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Payment)) == 2
        assert uow.session.scalar(select(func.count()).select_from(BankTransaction)) == 6
        assert len(_alerts(uow, "unmatched_credit")) == 2

    second = _import(uow_factory, MT940)
    assert second.counts == {"matched": 2, "unmatched": 1, "ambiguous": 0, "ignored": 2}
    with uow_factory() as uow:
        # the rest of INC-1 (604.80 on 2 March) plus 50.00 too much: paid, and the 50.00 flagged for refund
        assert _state(uow, "INC-2026-000001")[:2] == ("paid", Decimal("0.00"))
        overpaying = uow.session.scalars(select(Payment).where(Payment.amount == Decimal("654.80"))).one()
        assert overpaying.refund_due == Decimal("50.00")
        assert overpaying.payer_iban == "NL69INGB0123456789"
        [alert] = _alerts(uow, "overpayment")
        assert (alert["case"], alert["refund_due"]) == ("INC-2026-000001", "50.00")
        assert _state(uow, "INC-2026-000005")[:2] == ("paid", Decimal("0.00"))  # structured :86: /REMI/STRD/
        assert _tx(uow, "2026030200000003").status == "unmatched"
        assert "USD" in (_tx(uow, "2026030200000101").reason or "")
        ambiguous_id, smit_id = _tx(uow, "2026022700000003").id, _tx(uow, "2026030200000003").id
        usd_id = _tx(uow, "2026030200000101").id
    assert _import(uow_factory, MT940).transactions == []

    # a specialist settles the queue by hand
    with uow_factory() as uow:
        tx = assign_transaction(uow, SPECIALIST, ambiguous_id, "inc-2026-000003")
        uow.commit()
        assert (tx.status, tx.matched_by, tx.resolved_by) == ("matched", "hand", "Sanne (specialist)")
        assert tx.reason == "was ambiguous: the amount and payer fit 2 open cases"
    with uow_factory() as uow:
        assert _state(uow, "INC-2026-000003")[:3] == ("paid", Decimal("0.00"), [Decimal("251.15")])
        assert _state(uow, "INC-2026-000004")[0] == "new"
        with pytest.raises(UserError, match="is matched"):
            assign_transaction(uow, SPECIALIST, ambiguous_id, "INC-2026-000004")
        with pytest.raises(UserError, match="foreign currency"):
            assign_transaction(uow, SPECIALIST, usd_id, "INC-2026-000004")
        with pytest.raises(UserError, match="not found"):
            assign_transaction(uow, SPECIALIST, smit_id, "INC-2026-999999")
        with pytest.raises(UserError, match="give a reason"):
            ignore_transaction(uow, SPECIALIST, smit_id, "  ")
        ignored = ignore_transaction(uow, SPECIALIST, smit_id, "paid back to J. Smit")
        uow.commit()
        assert (ignored.status, ignored.reason) == ("ignored", "by hand: paid back to J. Smit")
    with uow_factory() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Payment)) == 5


def test_a_statement_of_another_account_is_refused_whole(uow_factory: Callable[[], UnitOfWork]) -> None:
    with uow_factory() as uow:
        file_cases(uow)
        content = CAMT.replace(b"NL20INGB0001234567", b"NL86INGB0002445588")
        with pytest.raises(UserError, match="not the collection account NL20INGB0001234567"):
            import_statement(uow, SPECIALIST, content, collection_iban=COLLECTION_IBAN)
        for bad, message in [
            (b"<Document><Nope/></Document>", "not a CAMT.053"),
            (b"<Document><BkToCstmrStmt>", "not well-formed"),
            (b"Datum,Bedrag\n2026-03-01,12.00\n", "not a bank statement"),
            (
                b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>',
                "unsafe XML",
            ),
        ]:
            with pytest.raises(UserError, match=message):
                import_statement(uow, SPECIALIST, bad, collection_iban=COLLECTION_IBAN)
        assert uow.session.scalar(select(func.count()).select_from(BankTransaction)) == 0


def test_two_equal_transfers_on_one_day_stay_two(uow_factory: Callable[[], UnitOfWork]) -> None:
    """Lines without a bank reference are keyed by their contents and their running number in the statement."""
    with uow_factory() as uow:
        file_cases(uow)
    ref = payment_reference_for("INC-2026-000002")
    twice = [Credit(Decimal("100.00"), "BOUWBEDRIJF JANSEN BV", reference=ref)] * 2
    content = camt053("STMT-0301", date(2026, 3, 1), twice)
    assert _import(uow_factory, content).counts["matched"] == 2
    assert _import(uow_factory, content).already_known == 2
    with uow_factory() as uow:
        assert _state(uow, "INC-2026-000002")[2] == [Decimal("100.00"), Decimal("100.00")]


def test_a_typo_in_a_reference_never_points_at_another_case() -> None:
    """Every single wrong character and every swap of two neighbours fails the ISO 11649 check (mod 97) or gives
    something that is no case's reference. (A letter for a digit can pass the check: letters count as two digits.)"""
    reference = payment_reference_for("INC-2026-000123")
    assert find_payment_references(f"betaling {format_payment_reference(reference)} dank").valid == [reference]
    case_reference = re.compile(r"RF[0-9]{2}INC[0-9]{10}")
    typos = []
    for i in range(2, len(reference)):
        typos += [reference[:i] + char + reference[i + 1 :] for char in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
        typos.append(reference[:i] + reference[i + 1 : i + 2] + reference[i] + reference[i + 2 :])
    for typo in {t for t in typos if t != reference}:
        found = find_payment_references(f"betaling {typo}").valid
        assert not [f for f in found if case_reference.fullmatch(f)], typo
        if re.fullmatch(r"RF[0-9]{2}INC[0-9]{10}", typo):
            assert found == [], typo  # a digit for a digit is always caught
