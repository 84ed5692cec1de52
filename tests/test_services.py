"""Services on a real database (SQLite and PostgreSQL): each change is one transaction plus an audit event."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from core.actors import Actor
from core.db.models import (
    ApiKey,
    Arrangement,
    Case,
    CaseEvent,
    ContactStep,
    Creditor,
    Document,
    Installment,
    Payment,
    Role,
)
from core.documents_store import MAX_DOCUMENT_BYTES
from core.domain.case_states import CaseStatus
from core.errors import Forbidden, IllegalTransition, InvalidInput, NotFound, UserError
from core.services import arrangements, calls, disputes, lifecycle, payments
from core.services.case_access import load_case
from core.services.case_view import statement_for, timeline
from core.services.creditors import add_user, create_api_key, revoke_api_key, verify_api_key
from core.services.documents import add_document
from tests.builders import business_claim, consumer_claim, make_case, make_creditor

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TODAY = date(2026, 3, 2)


def events_of(uow, case_id: int) -> list[str]:
    return list(uow.session.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)))


def test_filing_gives_a_human_reference_and_logs_who_filed(uow_factory) -> None:
    with uow_factory() as uow:
        creditor = make_creditor(uow)
        first = make_case(uow, creditor)
        second = make_case(uow, creditor, business_claim())
    assert first.reference == "INC-2026-000001"
    assert second.reference == "INC-2026-000002"
    assert first.status == "new" and first.phase == "amicable"
    with uow_factory() as uow:
        event = uow.session.scalars(select(CaseEvent).where(CaseEvent.case_id == first.id)).one()
        assert (event.kind, event.actor_kind, event.actor_label) == ("case_filed", "creditor_user", "test")
        assert event.payload["principal"] == "1000.00"


def test_an_invoice_filed_twice_by_one_creditor_is_refused_and_nothing_is_written(uow_factory) -> None:
    with uow_factory() as uow:
        creditor = make_creditor(uow)
        other = make_creditor(uow, kvk_number="99999999", name="Other B.V.")
        make_case(uow, creditor, business_claim("F-1"))
        with pytest.raises(InvalidInput, match="already filed"):
            make_case(uow, creditor, business_claim("F-1"))
        uow.rollback()
        make_case(uow, other, business_claim("F-1"))  # another creditor's invoice F-1 is its own
        assert uow.session.scalar(select(func.count(CaseEvent.id))) == 2


def test_a_creditor_never_sees_another_creditors_case(uow_factory) -> None:
    with uow_factory() as uow:
        mine = make_creditor(uow)
        theirs = make_creditor(uow, kvk_number="99999999", name="Other B.V.")
        case = make_case(uow, mine)
        with pytest.raises(NotFound):
            load_case(uow, Actor.creditor(theirs.id), case.reference)
        with pytest.raises(NotFound):
            lifecycle.withdraw(uow, Actor.creditor(theirs.id), case.reference, "not mine")
        assert load_case(uow, Actor.creditor(mine.id), case.reference).id == case.id
        with pytest.raises(NotFound):
            load_case(uow, Actor.debtor(case_id=case.id + 1), case.reference)


def test_an_illegal_transition_raises_and_changes_nothing(uow_factory, system) -> None:
    with uow_factory() as uow:
        case = make_case(uow, make_creditor(uow))
        lifecycle.withdraw(uow, system, case.reference, "creditor settled it")
        uow.commit()
    with uow_factory() as uow:
        with pytest.raises(IllegalTransition, match="is withdrawn; it cannot become amicable"):
            lifecycle.start_amicable(uow, system, case.reference)
        uow.commit()
    with uow_factory() as uow:
        assert load_case(uow, system, case.reference).status == "withdrawn"
        assert events_of(uow, case.id) == ["case_filed", "status_changed"]


def test_withdraw_cancels_the_planned_contacts(uow_factory, system, clock) -> None:
    with uow_factory() as uow:
        case = make_case(uow, make_creditor(uow))
        uow.session.add(
            ContactStep(
                case_id=case.id,
                day_offset=2,
                channel="email",
                template="reminder",
                due_at=clock.now(),
                status="planned",
            )
        )
        lifecycle.start_amicable(uow, system, case.reference)
        lifecycle.withdraw(uow, Actor.creditor(case.creditor_id), case.reference, "paid to us")
        uow.commit()
        assert uow.session.scalars(select(ContactStep.status)).all() == ["cancelled"]
        kinds = [e.kind for e in timeline(uow, case)]
        assert kinds == ["case_filed", "status_changed", "status_changed", "plan_cancelled"]


def test_a_full_payment_makes_the_case_paid_a_partial_one_keeps_it_running(uow_factory, system) -> None:
    with uow_factory() as uow:
        creditor = make_creditor(uow)
        case = make_case(uow, creditor, business_claim())
        lifecycle.start_amicable(uow, system, case.reference)
        owed = statement_for(uow, case, TODAY).total_open
        assert owed > Decimal("2500.00")  # principal plus interest plus collection costs
        payments.record_payment(
            uow,
            system,
            case.reference,
            amount="500.00",
            paid_on="2026-03-01",
            source="bank_statement",
            external_id="bank-1",
        )
        uow.commit()
        assert case.status == "amicable"
        left = statement_for(uow, case, TODAY).total_open
        assert left < owed - Decimal("499")
        payments.record_payment(
            uow,
            system,
            case.reference,
            amount=str(left),
            paid_on=TODAY.isoformat(),
            source="bank_statement",
            external_id="bank-2",
        )
        uow.commit()
        assert case.status == "paid"
        assert statement_for(uow, case, TODAY).total_open == 0


def test_a_payment_reported_twice_is_recorded_once(uow_factory, system) -> None:
    with uow_factory() as uow:
        case = make_case(uow, make_creditor(uow), business_claim())
        for _ in range(2):
            payments.record_payment(
                uow,
                system,
                case.reference,
                amount="100.00",
                paid_on="2026-03-01",
                source="payment_provider",
                external_id="tr_123",
            )
            uow.commit()
        assert uow.session.scalar(select(func.count(Payment.id))) == 1
        assert events_of(uow, case.id).count("payment_recorded") == 1


@pytest.mark.parametrize(
    ("amount", "paid_on", "field"),
    [
        ("-1", "2026-03-01", "amount"),
        ("10", "2026-03-03", "paid_on"),
        ("10", "2025-01-01", "paid_on"),
        ("10", "yesterday", "paid_on"),
    ],
)
def test_bad_payments_are_refused(uow_factory, amount, paid_on, field) -> None:
    with uow_factory() as uow:
        creditor = make_creditor(uow)
        case = make_case(uow, creditor, business_claim())
        with pytest.raises(InvalidInput) as info:
            payments.report_direct_payment(
                uow, Actor.creditor(creditor.id), case.reference, amount=amount, paid_on=paid_on
            )
        assert [e.field for e in info.value.errors] == [field]


def test_a_dispute_pauses_and_a_specialist_decides(uow_factory, system) -> None:
    specialist = Actor.specialist("U123", label="Sanne")
    with uow_factory() as uow:
        case = make_case(uow, make_creditor(uow))
        lifecycle.start_amicable(uow, system, case.reference)
        debtor = Actor.debtor(case.id, chat_id="42")
        dispute = disputes.open_dispute(uow, debtor, case.reference, "Never received the goods")
        uow.commit()
        assert case.status == "disputed"
        with pytest.raises(Forbidden):
            disputes.resolve_dispute(uow, debtor, dispute.id, upheld=True, resolution="")
        with pytest.raises(IllegalTransition):
            disputes.open_dispute(uow, debtor, case.reference, "again")
        uow.rollback()
        disputes.resolve_dispute(uow, specialist, dispute.id, upheld=False, resolution="Delivery note signed")
        uow.commit()
        assert case.status == "amicable"
        with pytest.raises(UserError, match="decided already"):
            disputes.resolve_dispute(uow, specialist, dispute.id, upheld=True, resolution="")


def test_an_arrangement_within_policy_is_accepted_and_its_installments_sum_to_the_debt(uow_factory, system) -> None:
    with uow_factory() as uow:
        case = make_case(uow, make_creditor(uow), business_claim())
        lifecycle.start_amicable(uow, system, case.reference)
        owed = statement_for(uow, case, TODAY).total_open
        arrangement = arrangements.propose_arrangement(
            uow, Actor.debtor(case.id), case.reference, months=4, first_due_on="2026-03-15"
        )
        uow.commit()
        assert arrangement.status == "accepted" and arrangement.within_policy
        assert case.status == "arrangement"
        installments = uow.session.scalars(select(Installment).order_by(Installment.seq)).all()
        assert [i.due_on for i in installments] == [
            date(2026, 3, 15),
            date(2026, 4, 15),
            date(2026, 5, 15),
            date(2026, 6, 15),
        ]
        assert sum(i.amount for i in installments) == owed


def test_an_arrangement_outside_policy_waits_for_a_person(uow_factory, system) -> None:
    with uow_factory() as uow:
        creditor = make_creditor(uow)
        case = make_case(uow, creditor, business_claim())
        lifecycle.start_amicable(uow, system, case.reference)
        proposal = arrangements.propose_arrangement(
            uow, Actor.debtor(case.id), case.reference, monthly_amount="100.00", first_due_on="2026-03-10"
        )
        uow.commit()
        assert proposal.status == "proposed" and not proposal.within_policy and proposal.months > 6
        assert case.status == "amicable"
        with pytest.raises(UserError, match="waiting for a decision"):
            arrangements.propose_arrangement(
                uow, Actor.debtor(case.id), case.reference, months=2, first_due_on="2026-03-10"
            )
        arrangements.decide_arrangement(uow, Actor.creditor(creditor.id), proposal.id, accept=False, note="too long")
        uow.commit()
        assert uow.session.get(Arrangement, proposal.id).status == "rejected"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"months": 0, "first_due_on": "2026-03-10"},
        {"months": 3, "first_due_on": "2026-01-01"},
        {"months": 3, "first_due_on": "2026-12-01"},
        {"first_due_on": "2026-03-10"},
        {"monthly_amount": "-5", "first_due_on": "2026-03-10"},
    ],
)
def test_bad_arrangement_proposals_are_refused(uow_factory, system, kwargs) -> None:
    with uow_factory() as uow:
        case = make_case(uow, make_creditor(uow), business_claim())
        lifecycle.start_amicable(uow, system, case.reference)
        with pytest.raises(InvalidInput):
            arrangements.propose_arrangement(uow, Actor.debtor(case.id), case.reference, **kwargs)


def test_call_back_and_call_outcome(uow_factory) -> None:
    with uow_factory() as uow:
        case = make_case(uow, make_creditor(uow))
        task = calls.request_call_back(uow, Actor.debtor(case.id), case.reference, preferred_time="after 17:00")
        assert task.phone == "+31612345678"  # the number on file
        with pytest.raises(InvalidInput):
            calls.request_call_back(uow, Actor.debtor(case.id), case.reference, phone="12")
        calls.log_call_outcome(uow, Actor.specialist("U1"), task.id, outcome="promised_payment", notes="Friday")
        uow.commit()
        assert events_of(uow, case.id)[-2:] == ["call_back_requested", "call_logged"]
        with pytest.raises(UserError, match="is done already"):
            calls.log_call_outcome(uow, Actor.specialist("U1"), task.id, outcome="reached")
        second = calls.request_call_back(uow, Actor.debtor(case.id), case.reference, phone="+31 6 87654321")
        with pytest.raises(InvalidInput, match="choose from"):
            calls.log_call_outcome(uow, Actor.specialist("U1"), second.id, outcome="nonsense")


def test_documents_are_checked_and_stored_once_by_content(uow_factory, data_dir) -> None:
    with uow_factory() as uow:
        creditor = make_creditor(uow)
        case = make_case(uow, creditor)
        actor = Actor.creditor(creditor.id, label="anna")
        doc = add_document(uow, actor, case.reference, kind="invoice", file_name="F-2026-001.pdf", data=PDF)
        again = add_document(uow, actor, case.reference, kind="invoice", file_name="copy.pdf", data=PDF)
        uow.commit()
        assert again.id == doc.id and doc.media_type == "application/pdf"
        assert uow.documents.get(doc.sha256) == PDF
        assert (data_dir / "documents" / doc.sha256[:2] / doc.sha256[2:4] / doc.sha256).exists()
        for name, data, message in [
            ("evil.pdf", b"MZ\x90\x00\x03" + bytes(100), "file type not accepted"),
            ("big.pdf", b"%PDF-" + bytes(MAX_DOCUMENT_BYTES), "larger than the maximum of 20 MB"),
            ("empty.pdf", b"", "empty"),
        ]:
            with pytest.raises(UserError, match=message):
                add_document(uow, actor, case.reference, kind="invoice", file_name=name, data=data)
        with pytest.raises(UserError, match="kind: choose from"):
            add_document(uow, actor, case.reference, kind="selfie", file_name="x.pdf", data=PDF)
        assert uow.session.scalar(select(func.count(Document.id))) == 1


def test_assign_specialist_escalate_and_close(uow_factory, system) -> None:
    with uow_factory() as uow:
        case = make_case(uow, make_creditor(uow))
        sanne = add_user(uow, role=Role.SPECIALIST, display_name="Sanne")
        lifecycle.start_amicable(uow, system, case.reference)
        lifecycle.assign_specialist(uow, system, case.reference, sanne.id)
        with pytest.raises(Forbidden):
            lifecycle.escalate(uow, Actor.creditor(case.creditor_id), case.reference, "no")
        lifecycle.escalate(uow, system, case.reference, "day 10 without payment")
        lifecycle.close(uow, Actor.specialist(str(sanne.id)), case.reference, "uncollectable")
        uow.commit()
        assert (case.status, case.phase, case.assigned_specialist_id) == ("closed", "ended", sanne.id)
        assert case.closed_at is not None
        with pytest.raises(UserError):
            lifecycle.report_contact(uow, Actor.creditor(case.creditor_id), case.reference, "   ")


def test_api_keys_are_stored_hashed_and_can_be_revoked(uow_factory) -> None:
    with uow_factory() as uow:
        creditor = make_creditor(uow)
        issued = create_api_key(uow, creditor.id)
        uow.commit()
        assert verify_api_key(uow, issued.token).creditor_id == creditor.id
        stored = uow.session.scalars(select(ApiKey)).one()
        assert issued.token.split("_", 2)[2] not in stored.secret_hash and len(stored.secret_hash) == 64
        assert verify_api_key(uow, issued.token[:-1] + "x") is None
        revoke_api_key(uow, issued.id)
        uow.commit()
        assert verify_api_key(uow, issued.token) is None


def test_the_statement_of_a_consumer_without_letter_has_no_costs(uow_factory) -> None:
    with uow_factory() as uow:
        case = make_case(uow, make_creditor(uow), consumer_claim())
        statement = statement_for(uow, case, TODAY + timedelta(days=60))
        assert statement.costs == 0 and statement.costs_claimable_from is None
        assert statement.interest > 0


def test_filing_via_status_new_then_amicable(uow_factory, system) -> None:
    with uow_factory() as uow:
        case = make_case(uow, make_creditor(uow))
        lifecycle.start_amicable(uow, system, case.reference)
        uow.commit()
        assert CaseStatus(case.status) is CaseStatus.AMICABLE and case.amicable_started_at is not None


def test_concurrent_filers_get_distinct_references(uow_factory) -> None:
    import threading

    with uow_factory() as uow:
        creditor_id = make_creditor(uow).id
    references: list[str] = []
    errors: list[BaseException] = []

    def file(i: int) -> None:
        try:
            with uow_factory() as uow:
                case = make_case(uow, uow.session.get_one(Creditor, creditor_id), business_claim(f"T-{i}"))
                references.append(case.reference)
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=file, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(references) == [f"INC-2026-{n:06d}" for n in range(1, 9)]


def test_a_claim_with_a_bad_document_is_refused_whole(uow_factory) -> None:
    from core.intake import parse_claim
    from core.services.claims import Upload, file_claim

    with uow_factory() as uow:
        creditor = make_creditor(uow)
        request = parse_claim(business_claim(), today=TODAY)
        with pytest.raises(UserError, match="file type not accepted"):
            file_claim(
                uow,
                Actor.creditor(creditor.id),
                creditor.id,
                request,
                source="test",
                documents=[Upload("invoice", "ok.pdf", PDF), Upload("evidence", "x.exe", b"MZ\x00\x01")],
            )
        uow.rollback()
        assert uow.session.scalar(select(func.count(Case.id))) == 0
