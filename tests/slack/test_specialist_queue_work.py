"""Specialists' other work in Slack, end to end: bank credits without a case (assign, ignore), and what debtors ask
through Telegram (a locked link, "I can't pay", a complaint). Core queues the alert, the real transport posts the
card, signed block_actions / view_submission payloads drive the real Bolt app, and the App Home lists what is open."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from bots.slack.blocks.queue_cards import (
    ANSWER,
    ASSIGN_VIEW,
    CANNOT_PAY_KEEP,
    CANNOT_PAY_RESUME,
    COMPLAINT_HANDLE,
    COMPLAINT_VIEW,
    CREDIT_ASSIGN,
    CREDIT_IGNORE,
    IGNORE_REASON,
    IGNORE_VIEW,
    LINK_UNLOCK,
    REFERENCE,
)
from bots.slack.blocks.specialist import HOME_REFRESH
from core.actors import Actor
from core.clock import local_today
from core.db.models import (
    BankTransaction,
    CaseEvent,
    CaseFlag,
    Complaint,
    ContactStep,
    Payment,
    SlackSpecialistCard,
    TelegramLinkGuard,
)
from core.services.bank_statements import import_statement
from core.services.cannot_pay import report_cannot_pay
from core.services.complaints import register_complaint
from core.services.debtor_link import check_postcode
from tests.money.camt_builder import COLLECTION_IBAN, Credit, camt053
from tests.slack.conftest import SPECIALIST_CHANNEL, SPECIALIST_TEAM, eventually
from tests.slack.test_specialist_flows import CREDITOR_TEAM, card_posted, deliver, flat, linked_case, press

PAYER_IBAN = "NL91ABNA0417164300"


def text_value(block: str, value: str | None) -> dict[str, Any]:
    return {block: {block: {"type": "plain_text_input", "value": value}}}


async def submit(slack, callback_id: str, values: dict[str, Any], view: dict[str, Any]):  # type: ignore[no-untyped-def]
    return await slack.submit_view(callback_id, values, private_metadata=view["private_metadata"],
                                   view_id=f"V{len(slack.fake.calls):06d}", team_id=SPECIALIST_TEAM, user_id="U0SPEC")


def modals(slack, callback_id: str) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    return [c.params["view"] for c in slack.fake.of("views.open") if c.params["view"]["callback_id"] == callback_id]


def ephemerals(slack) -> list[str]:  # type: ignore[no-untyped-def]
    return [flat(c.params["text"]) for c in slack.fake.of("chat.postEphemeral")]


def updates_of(slack, ts: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [flat(c.params["blocks"]) for c in slack.fake.of("chat.update") if c.params.get("ts") == ts]


async def home(slack) -> str:  # type: ignore[no-untyped-def]
    before = len(slack.fake.of("views.publish"))
    await slack.click(HOME_REFRESH, "refresh", team_id=SPECIALIST_TEAM, user_id="U0SPEC")
    published = await eventually(lambda: slack.fake.of("views.publish")[before:])
    view = published[-1].params["view"]
    assert len(view["blocks"]) <= 100
    return flat(view["blocks"])


async def test_credits_without_a_case_are_assigned_or_ignored_from_their_cards(slack, uow_factory, clock) -> None:
    case = linked_case(slack, uow_factory)
    today = local_today(clock)
    statement = camt053("STMT-7", today, [
        Credit(Decimal("100.00"), "P. de Vries", text="betaling factuur dec", iban=PAYER_IBAN, bank_reference="B1"),
        Credit(Decimal("12.50"), "Stichting Goed Doel", text="terugstorting", iban="NL02RABO0123456789",
               bank_reference="B2"),
    ])
    with uow_factory() as uow:
        result = import_statement(uow, Actor.specialist("U0SPEC", "anna"), statement, collection_iban=COLLECTION_IBAN)
        uow.commit()
    assert result.counts["unmatched"] == 2
    with uow_factory() as uow:
        first, second = (tx.id for tx in uow.session.scalars(select(BankTransaction).order_by(BankTransaction.id)))

    await deliver(slack)
    channel, ts, posted = card_posted(slack, "bank_credit", first)
    card = flat(posted["blocks"])
    assert channel == SPECIALIST_CHANNEL
    assert "€ 100,00" in card and "P. de Vries" in card and "betaling factuur dec" in card
    assert "••••4300" in card and PAYER_IBAN not in flat(posted) and "geen gevonden" in card
    assert {CREDIT_ASSIGN, CREDIT_IGNORE} <= {e.get("action_id") for b in posted["blocks"]
                                              for e in b.get("elements", [])}
    queue = await home(slack)
    assert "Bijschrijvingen zonder dossier (2)" in queue and "••••4300" in queue and PAYER_IBAN not in queue

    # a creditor's workspace cannot press it, even with a valid id: refused, no modal
    await press(slack, CREDIT_ASSIGN, str(first), channel=channel, ts=ts, team_id=CREDITOR_TEAM, user_id="U0CRED")
    await eventually(lambda: any("alleen voor de specialisten" in e for e in ephemerals(slack)))
    assert modals(slack, ASSIGN_VIEW) == []

    # a double click opens two modals; the first submission assigns, the second changes nothing
    await press(slack, CREDIT_ASSIGN, str(first), channel=channel, ts=ts, action_ts="1.1")
    await press(slack, CREDIT_ASSIGN, str(first), channel=channel, ts=ts, action_ts="1.2")
    one, two = await eventually(lambda: modals(slack, ASSIGN_VIEW)[:2] if len(modals(slack, ASSIGN_VIEW)) > 1 else [])
    wrong = await submit(slack, ASSIGN_VIEW, text_value(REFERENCE, "2099-999999"), one)
    assert wrong.json() == {"response_action": "errors",
                            "errors": {REFERENCE: "Er is geen dossier 2099-999999. Controleer het nummer."}}
    done = await submit(slack, ASSIGN_VIEW, text_value(REFERENCE, case.reference.lower()), one)
    assert done.status_code == 200 and not done.content
    again = await submit(slack, ASSIGN_VIEW, text_value(REFERENCE, case.reference), two)
    assert "al afgehandeld" in again.json()["errors"][REFERENCE]
    with uow_factory() as uow:
        tx = uow.session.get_one(BankTransaction, first)
        assert (tx.status, tx.case_id, tx.resolved_by) == ("matched", case.id, "anna")
        payments = uow.session.scalars(select(Payment).where(Payment.case_id == case.id)).all()
        assert [(p.amount, p.source) for p in payments] == [(Decimal("100.00"), "bank_statement")]
    redrawn = await eventually(lambda: updates_of(slack, ts))
    assert f"Gekoppeld aan {case.reference} door anna" in redrawn[-1] and CREDIT_ASSIGN not in redrawn[-1]

    # ignore the other one, from the App Home: a reason is required
    await slack.click(CREDIT_IGNORE, str(second), team_id=SPECIALIST_TEAM, user_id="U0SPEC")
    [ignore] = await eventually(lambda: modals(slack, IGNORE_VIEW))
    empty = await submit(slack, IGNORE_VIEW, text_value(IGNORE_REASON, "  "), ignore)
    assert empty.json()["errors"] == {IGNORE_REASON: "Dit veld is verplicht"}
    await submit(slack, IGNORE_VIEW, text_value(IGNORE_REASON, "gift, geen debiteur"), ignore)
    with uow_factory() as uow:
        tx = uow.session.get_one(BankTransaction, second)
        assert (tx.status, tx.reason) == ("ignored", "by hand: gift, geen debiteur")
    _, ts2, _ = card_posted(slack, "bank_credit", second)
    assert "Genegeerd door anna" in (await eventually(lambda: updates_of(slack, ts2)))[-1]
    assert "Bijschrijvingen zonder dossier (0)" in await home(slack)


def _lock(uow_factory, case_id: int, chat: int = 4242) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        with uow_factory() as uow:
            check_postcode(uow, chat, case_id, "9999 ZZ")
            uow.commit()


async def test_telegram_side_work_unlock_cannot_pay_and_a_complaint_with_its_deadlines(
        slack, uow_factory, clock) -> None:
    case = linked_case(slack, uow_factory)
    debtor = Actor.debtor(case.id, "4242")
    _lock(uow_factory, case.id)
    with uow_factory() as uow:
        flag = report_cannot_pay(uow, debtor, case.reference, note="Ik ben mijn baan kwijt")
        registered = register_complaint(uow, debtor, case.reference, "Uw brief was <b>onbeleefd</b>",
                                        channel="telegram")
        uow.commit()
        flag_id, complaint_id = flag.id, registered.complaint.id
        complaint_ref, ack_by, handle_by = (registered.complaint.reference, registered.acknowledge_by,
                                            registered.handle_by)
    await deliver(slack)
    lock_channel, lock_ts, lock_card = card_posted(slack, "link_lock", case.id)
    assert "Telegram-link geblokkeerd" in flat(lock_card["blocks"]) and "5 keer een verkeerde postcode" in flat(
        lock_card["blocks"])
    _, pay_ts, pay_card = card_posted(slack, "cannot_pay", flag_id)
    assert "Ik ben mijn baan kwijt" in flat(pay_card["blocks"])
    _, complaint_ts, complaint_card = card_posted(slack, "complaint", complaint_id)
    shown = flat(complaint_card["blocks"])
    assert complaint_ref in shown and case.reference in shown and "&lt;b&gt;onbeleefd" in shown
    assert ack_by.strftime("%d-%m-%Y") in shown and handle_by.strftime("%d-%m-%Y") in shown

    queue = await home(slack)
    assert "Open klachten (1)" in queue and complaint_ref in queue and "TE LAAT" not in queue
    assert "Kan niet betalen (1)" in queue and "Geblokkeerde Telegram-links (1)" in queue

    # unlock: a double click unlocks once; the second press is told it was done already
    await press(slack, LINK_UNLOCK, str(case.id), channel=lock_channel, ts=lock_ts, action_ts="2.1")
    await press(slack, LINK_UNLOCK, str(case.id), channel=lock_channel, ts=lock_ts, action_ts="2.2")
    await eventually(lambda: any("al afgehandeld" in e for e in ephemerals(slack)))
    assert any(f"De link van {case.reference} is ontgrendeld" in e for e in ephemerals(slack))
    with uow_factory() as uow:
        assert uow.session.get_one(TelegramLinkGuard, case.id).locked_at is None
        assert uow.session.scalar(select(func.count()).select_from(CaseEvent).where(
            CaseEvent.kind == "telegram_link_unlocked")) == 1
    assert "Ontgrendeld door anna" in (await eventually(lambda: updates_of(slack, lock_ts)))[-1]

    # cannot pay: kept paused (stays in the queue, says who looked), then reviewed: the reminders resume
    await press(slack, CANNOT_PAY_KEEP, str(flag_id), channel=lock_channel, ts=pay_ts)
    kept = await eventually(lambda: updates_of(slack, pay_ts))
    assert "blijft gepauzeerd" in kept[-1] and CANNOT_PAY_RESUME in kept[-1]
    with uow_factory() as uow:
        assert uow.session.get_one(CaseFlag, flag_id).cleared_at is None
        assert not uow.session.scalars(select(ContactStep).where(
            ContactStep.case_id == case.id, ContactStep.status == "planned", ContactStep.channel != "evaluation")
        ).first()
    published = len(slack.fake.of("views.publish"))
    await slack.click(CANNOT_PAY_RESUME, str(flag_id), team_id=SPECIALIST_TEAM, user_id="U0SPEC")
    await eventually(lambda: len(slack.fake.of("views.publish")) > published)  # pressed in the Home: redrawn too
    await eventually(lambda: CANNOT_PAY_RESUME not in updates_of(slack, pay_ts)[-1])
    assert "Bekeken door anna" in updates_of(slack, pay_ts)[-1] and "herinneringen hervat" in updates_of(
        slack, pay_ts)[-1]
    with uow_factory() as uow:
        assert uow.session.get_one(CaseFlag, flag_id).cleared_by == "anna"
        assert uow.session.scalars(select(ContactStep).where(
            ContactStep.case_id == case.id, ContactStep.status == "planned")).first() is not None

    # the complaint's handling term passes: the App Home marks it overdue; "handled" asks for the answer
    clock.advance(timedelta(weeks=5))
    queue = await home(slack)
    assert "TE LAAT" in queue and "Kan niet betalen (0)" in queue and "Geblokkeerde Telegram-links (0)" in queue
    await press(slack, COMPLAINT_HANDLE, str(complaint_id), channel=lock_channel, ts=complaint_ts)
    [modal] = await eventually(lambda: modals(slack, COMPLAINT_VIEW))
    assert complaint_ref in flat(modal["blocks"])
    empty = await submit(slack, COMPLAINT_VIEW, text_value(ANSWER, None), modal)
    assert empty.json()["errors"] == {ANSWER: "Dit veld is verplicht"}
    await submit(slack, COMPLAINT_VIEW, text_value(ANSWER, "Excuses; de toon is aangepast."), modal)
    with uow_factory() as uow:
        complaint = uow.session.get_one(Complaint, complaint_id)
        assert (complaint.status, complaint.handled_by, complaint.resolution) == (
            "handled", "anna", "Excuses; de toon is aangepast.")
    assert "Afgehandeld door anna" in (await eventually(lambda: updates_of(slack, complaint_ts)))[-1]
    assert "Open klachten (0)" in await home(slack)

    # locked again later: a new card with the button, in place of the old one
    _lock(uow_factory, case.id, chat=777)
    await deliver(slack)
    reposted = [c for c in slack.fake.of("chat.postMessage") if c.params.get("channel") == SPECIALIST_CHANNEL
                and f"link_lock:{case.id}" in flat(c.params.get("blocks"))]
    assert len(reposted) == 2 and LINK_UNLOCK in flat(reposted[-1].params["blocks"])
    with uow_factory() as uow:  # the card row now points at the new message: decisions redraw that one
        row = uow.session.scalars(select(SlackSpecialistCard).where(SlackSpecialistCard.kind == "link_lock")).one()
        assert row.ts != lock_ts
