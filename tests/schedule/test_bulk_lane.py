"""The dispatcher's bulk lane (e-mail and Telegram steps without a letter): every outcome a step can have, the same
message as the one-by-one path would render, a retried and finally failed step, and a lease lost in between."""

from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta

from sqlalchemy import insert, select, update

from core.channels.content import Template
from core.channels.email_message import compose_email, recipient_of
from core.clock import local_today
from core.config import Settings
from core.db.models import Case, ContactStep, OutboundMessage, SlackWorkspace, TelegramBinding
from core.schedule import bulk_dispatch
from core.schedule.dispatcher import claim_due_steps, dispatch_due_steps
from core.schedule.messages import message_context
from core.schedule.short_texts import debtor_text
from tests.builders import business_claim, make_case, make_creditor


def add_step(uow, case: Case, channel: str, condition: str | None = None, template: str = "reminder") -> int:
    return uow.session.execute(
        insert(ContactStep)
        .values(case_id=case.id, day_offset=3, channel=channel, template=template, condition=condition,
                due_at=uow.clock.now() - timedelta(minutes=1), status="planned", attempts=0)
        .returning(ContactStep.id)
    ).scalar_one()


def amicable(uow, creditor, number: str, **debtor: object) -> Case:
    claim = business_claim(number)
    claim["debtor"] = claim["debtor"] | debtor
    case = make_case(uow, creditor, claim)
    case.status = "amicable"
    return case


def steps_by_id(uow) -> dict[int, ContactStep]:
    return {s.id: s for s in uow.session.scalars(select(ContactStep))}


def test_every_outcome_of_a_mixed_batch(uow_factory, service_settings: Settings) -> None:
    with uow_factory() as uow:
        creditor = make_creditor(uow)
        mailed = amicable(uow, creditor, "F-1")
        uow.session.add(TelegramBinding(case_id=mailed.id, chat_id=4242, bound_at=uow.clock.now()))
        stopped = amicable(uow, creditor, "F-2")  # said /stop on Telegram
        uow.session.add(TelegramBinding(case_id=stopped.id, chat_id=4343, bound_at=uow.clock.now(),
                                        opted_out_at=uow.clock.now()))
        no_email = amicable(uow, creditor, "F-3", email=None)
        closed = amicable(uow, creditor, "F-4")
        closed.status = "closed"
        uow.commit()
        ids = {
            "email": add_step(uow, mailed, "email", "has_email"),
            "telegram": add_step(uow, mailed, "telegram", "telegram_linked"),
            "opted_out": add_step(uow, stopped, "telegram", "telegram_linked"),
            "no_email": add_step(uow, no_email, "email", "has_email"),
            "closed": add_step(uow, closed, "email", "has_email"),
        }
        uow.commit()

    outcomes = dispatch_due_steps(uow_factory, service_settings)

    assert outcomes == Counter({"email:done": 1, "telegram:done": 1, "telegram:skipped": 1, "email:skipped": 1,
                                "email:cancelled": 1})
    with uow_factory() as uow:
        steps = steps_by_id(uow)
        assert steps[ids["opted_out"]].note == "debtor has not connected on Telegram"
        assert steps[ids["no_email"]].note == "no e-mail address known"
        assert steps[ids["closed"]].note == "case is closed"
        assert all(s.lease_until is None and s.done_at == uow.clock.now() for s in steps.values())
        rows = {r.channel: r for r in uow.session.scalars(select(OutboundMessage))}
        assert set(rows) == {"email", "telegram"}  # nothing for the skipped and cancelled steps

        # the same message the one-by-one path renders from the ORM objects (core.schedule.messages)
        case = uow.session.get_one(Case, mailed.id)
        today = local_today(uow.clock)
        ctx = message_context(uow, case, Template.REMINDER, service_settings, today=today)
        composed = compose_email(ctx)
        email = rows["email"]
        assert (email.recipient, email.subject, email.body, email.body_html) == (
            recipient_of(ctx), composed.subject, composed.text, composed.html)
        assert (email.idempotency_key, email.contact_step_id, email.status) == (
            f"step:{ids['email']}:email", ids["email"], "pending")
        assert case.reference in email.body and "t.me/IncassoDebiteurBot?start=" in email.body
        telegram = rows["telegram"]
        assert (telegram.recipient, telegram.idempotency_key) == ("4242", f"step:{ids['telegram']}:telegram:4242")
        assert json.loads(telegram.body) == {"text": debtor_text(ctx), "case": case.reference}
        assert "bij Bakkerij De Zon B.V. Betaal" in debtor_text(ctx)  # one full stop after a name ending in one


def test_a_step_that_cannot_be_rendered_is_retried_then_raised_to_the_specialists(
    uow_factory, clock, service_settings: Settings
) -> None:
    with uow_factory() as uow:
        creditor = make_creditor(uow)
        good, broken = amicable(uow, creditor, "F-1"), amicable(uow, creditor, "F-2")
        uow.commit()
        good_id, broken_id = add_step(uow, good, "email", "has_email"), add_step(uow, broken, "email", "has_email")
        # a damaged row: the statement cannot be computed, so no e-mail can be rendered
        uow.session.execute(update(Case).where(Case.id == broken.id).values(interest_basis="rente naar keuze"))
        uow.commit()

    first = dispatch_due_steps(uow_factory, service_settings)

    assert first == Counter({"email:done": 1, "email:planned": 1})  # the good one is not held up
    notes = []
    for pause in (timedelta(minutes=1), timedelta(minutes=10)):
        with uow_factory() as uow:
            step = uow.session.get_one(ContactStep, broken_id)
            notes.append(step.note)
            assert step.status == "planned" and step.due_at == clock.now() + pause
            assert "rente naar keuze" in step.last_error
        clock.advance(pause)
        dispatch_due_steps(uow_factory, service_settings)
    with uow_factory() as uow:
        step = uow.session.get_one(ContactStep, broken_id)
        assert (step.status, step.attempts) == ("failed", 3)
        assert step.note.startswith("failed after 3 attempts")
        alert = uow.session.scalars(select(OutboundMessage).where(OutboundMessage.channel == "specialist_alert")).one()
        assert '"kind": "step_failed"' in alert.body and f'"step": {broken_id}' in alert.body
        assert uow.session.get_one(ContactStep, good_id).status == "done"
        emails = uow.session.scalars(select(OutboundMessage).where(OutboundMessage.channel == "email")).all()
        assert [e.contact_step_id for e in emails] == [good_id]
    assert notes[0].startswith("retry 2 at ") and notes[1].startswith("retry 3 at ")


def test_a_step_whose_lease_ran_out_is_written_by_the_worker_that_holds_it_only(
    uow_factory, clock, service_settings: Settings
) -> None:
    with uow_factory() as uow:
        creditor = make_creditor(uow)
        cases = [amicable(uow, creditor, f"F-{i}") for i in range(3)]
        uow.commit()
        for case in cases:
            add_step(uow, case, "email", "has_email")
        uow.commit()

    # worker A claims the steps and reads them, then stalls past its lease
    with uow_factory() as uow:
        claimed = claim_due_steps(uow, clock.now(), limit=10, channels=("email",))
    with uow_factory() as uow:
        stale = uow.session.connection().execute(
            select(ContactStep.__table__).where(ContactStep.id.in_(claimed))).all()
        prepared = bulk_dispatch.prepare(uow, stale, service_settings)
    clock.advance(timedelta(minutes=6))
    # worker B claims them again (the lease ran out) and finishes them
    assert dispatch_due_steps(uow_factory, service_settings) == Counter({"email:done": 3})
    # A wakes up and writes what it rendered: nothing, its lease is gone
    assert bulk_dispatch.write(uow_factory, prepared) == Counter({"email:lease lost": 3})
    with uow_factory() as uow:
        rows = uow.session.scalars(select(OutboundMessage)).all()
        assert sorted(r.contact_step_id for r in rows) == sorted(claimed)
        assert {(s.status, s.attempts) for s in steps_by_id(uow).values()} == {("done", 2)}


def test_a_case_with_a_letter_due_keeps_its_messages_together_and_the_others_go_in_bulk(
    uow_factory, service_settings: Settings
) -> None:
    with uow_factory() as uow:
        creditor = make_creditor(uow)
        uow.session.add(SlackWorkspace(team_id="T0CRED", creditor_id=creditor.id, case_channel_id="C0CASES",
                                       linked_at=uow.clock.now()))
        final, reminded = amicable(uow, creditor, "F-1"), amicable(uow, creditor, "F-2")
        for case, chat in ((final, 501), (reminded, 502)):
            uow.session.add(TelegramBinding(case_id=case.id, chat_id=chat, bound_at=uow.clock.now()))
        uow.commit()
        for channel, condition in (("letter", "has_address"), ("email", "has_email"),
                                   ("telegram", "telegram_linked")):
            add_step(uow, final, channel, condition, template="final_notice")  # day 7: one by one
        for channel, condition in (("email", "has_email"), ("telegram", "telegram_linked")):
            add_step(uow, reminded, channel, condition)  # day 3: the bulk lane
        uow.commit()

    outcomes = dispatch_due_steps(uow_factory, service_settings)

    assert outcomes == Counter({"letter:done": 1, "email:done": 2, "telegram:done": 2})
    with uow_factory() as uow:
        rows = uow.session.scalars(select(OutboundMessage).order_by(OutboundMessage.id)).all()
        sent = {(r.case_id, r.channel) for r in rows if r.channel in ("letter", "email", "telegram")}
        assert sent == {(final.id, "letter"), (final.id, "email"), (final.id, "telegram"), (reminded.id, "email"),
                        (reminded.id, "telegram")}
        final_email = next(r for r in rows if (r.case_id, r.channel) == (final.id, "email"))
        assert final_email.document_id is not None  # the final notice's e-mail carries the letter
        # one reply in each case's thread, naming every channel of the day
        replies = {r.case_id: json.loads(r.body) for r in rows if r.channel == "creditor_update"}
        assert sorted(replies[final.id]["channels"]) == ["email", "letter", "telegram"]
        assert sorted(replies[reminded.id]["channels"]) == ["email", "telegram"]
        assert len([r for r in rows if r.channel == "creditor_update"]) == 2
