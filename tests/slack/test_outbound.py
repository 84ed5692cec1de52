"""The Slack transports against the fake Slack Web API on a real socket, driven by the real outbox delivery."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from bots.slack.outbound import transports
from bots.stand_ins.slack_api import BOT_TOKEN
from core.actors import Actor
from core.config import load_settings
from core.db.models import OutboundMessage, SlackCaseThread, SlackWorkspace
from core.schedule.delivery import deliver_due
from core.schedule.plan import Windows
from core.schedule.planning import start_new_cases
from core.services.payments import record_payment
from tests.builders import business_claim, make_case, make_creditor
from tests.slack.conftest import SPECIALIST_CHANNEL, SPECIALIST_TEAM

CREDITOR_TEAM, CASE_CHANNEL = "T0CREDITOR", "C0CASES"


def settings_for(fake, database_url, data_dir):  # type: ignore[no-untyped-def]
    return load_settings(database_url=database_url, data_dir=data_dir, secret_key="test-secret",
                         slack_bot_token=BOT_TOKEN, slack_api_url=fake.api_url,
                         slack_specialist_team_id=SPECIALIST_TEAM, slack_specialist_channel=SPECIALIST_CHANNEL)


def linked_case(uow_factory, *, language: str = "nl", kvk: str = "12345678", team: str = CREDITOR_TEAM,
                channel: str = CASE_CHANNEL):  # type: ignore[no-untyped-def]
    with uow_factory() as uow:
        creditor = make_creditor(uow, kvk_number=kvk)
        uow.session.add(SlackWorkspace(team_id=team, creditor_id=creditor.id, case_channel_id=channel,
                                       language=language, linked_at=uow.clock.now()))
        uow.commit()
        case = make_case(uow, creditor, business_claim(number=f"F-{kvk}"))
        start_new_cases(uow, windows=Windows(), token_key=b"k" * 32)
        uow.commit()
        return case


def flat(blocks: object) -> str:
    """Blocks as the text a person reads (Babel puts a no-break space after the euro sign)."""
    return json.dumps(blocks, ensure_ascii=False).replace("\u00a0", " ")


def rows(uow_factory, channel: str = "creditor_update") -> list[OutboundMessage]:  # type: ignore[no-untyped-def]
    with uow_factory() as uow:
        return list(uow.session.scalars(
            select(OutboundMessage).where(OutboundMessage.channel == channel).order_by(OutboundMessage.id)))


def test_a_case_gets_one_parent_and_every_update_is_a_reply_that_refreshes_it(
        uow_factory, clock, fake_slack, database_url, data_dir) -> None:  # type: ignore[no-untyped-def]
    slack = transports(settings_for(fake_slack, database_url, data_dir), uow_factory)
    case = linked_case(uow_factory)
    assert [r.status for r in rows(uow_factory)] == ["pending"]  # plan_laid_out: the thread starts

    assert deliver_due(uow_factory, slack)["creditor_update:sent"] == 1
    parent, reply = fake_slack.of("chat.postMessage")
    assert parent.params["channel"] == CASE_CHANNEL and "thread_ts" not in parent.params
    assert parent.token == BOT_TOKEN
    assert f"Dossier {case.reference} — Bouwbedrijf Jansen B.V." in parent.params["text"]
    shown = flat(parent.params["blocks"])
    assert "minnelijke fase loopt" in shown and "€ 2.917,41" in shown
    assert "*Volgend contact*\\nma 02-03-2026 10:00 · brief" in shown  # the demand letter, due now
    assert "De minnelijke fase is gestart" in flat(reply.params["text"])
    assert fake_slack.of("chat.update") == []  # a parent just posted is current

    with uow_factory() as uow:
        thread = uow.session.scalars(select(SlackCaseThread)).one()
        assert (thread.case_id, thread.channel, thread.team_id) == (case.id, CASE_CHANNEL, CREDITOR_TEAM)
        parent_ts = thread.ts
        assert reply.params["thread_ts"] == parent_ts
        record_payment(uow, Actor.creditor(case.creditor_id, label="anna"), case.reference, amount="500,00",
                       paid_on=clock.now().date().isoformat(), source="creditor_report")
        uow.commit()
    fake_slack.clear()
    assert deliver_due(uow_factory, slack)["creditor_update:sent"] == 1
    (reply,) = fake_slack.of("chat.postMessage")
    assert reply.params["thread_ts"] == parent_ts
    assert "rechtstreekse betaling verwerkt: € 500,00" in flat(reply.params["text"])
    (refresh,) = fake_slack.of("chat.update")
    assert refresh.params["ts"] == parent_ts and refresh.params["channel"] == CASE_CHANNEL
    assert "€ 2.417,41" in flat(refresh.params["blocks"])  # the parent shows what is open now
    with uow_factory() as uow:
        assert len(uow.session.scalars(select(SlackCaseThread)).all()) == 1


def test_rate_limited_is_retried_by_the_outbox_and_a_missing_channel_fails_for_good(
        uow_factory, clock, fake_slack, database_url, data_dir) -> None:  # type: ignore[no-untyped-def]
    settings = settings_for(fake_slack, database_url, data_dir)
    slack = transports(settings, uow_factory)
    linked_case(uow_factory)
    fake_slack.fail_once["chat.postMessage"] = "ratelimited"
    assert deliver_due(uow_factory, slack)["creditor_update:retry"] == 1
    (row,) = rows(uow_factory)
    assert (row.status, row.attempts, "ratelimited" in (row.last_error or "")) == ("pending", 1, True)
    with uow_factory() as uow:  # the failed parent left no claim behind: the retry posts it straight away
        assert uow.session.scalars(select(SlackCaseThread)).all() == []
    clock.advance(timedelta(minutes=1))
    assert deliver_due(uow_factory, slack)["creditor_update:sent"] == 1
    assert len([c for c in fake_slack.of("chat.postMessage") if "thread_ts" not in c.params]) == 2  # 429, then ok

    other = linked_case(uow_factory, kvk="87654320", team="T0OTHER", channel="C0GONE")
    fake_slack.fail_once["chat.postMessage"] = "channel_not_found"
    outcome = deliver_due(uow_factory, slack)
    assert outcome["creditor_update:failed"] == 1
    failed = [r for r in rows(uow_factory) if r.case_id == other.id]
    assert failed[0].status == "failed" and "channel_not_found" in (failed[0].last_error or "")
    (alert,) = rows(uow_factory, "specialist_alert")  # raised to the specialists, and delivered to their channel
    assert alert.status == "sent"
    posted = fake_slack.of("chat.postMessage")[-1]
    assert posted.params["channel"] == SPECIALIST_CHANNEL and "C0GONE" not in flat(posted.params["text"])
    assert "niet afgeleverd" in flat(posted.params["text"]) and other.reference in flat(posted.params["text"])


def test_a_second_worker_never_posts_a_second_parent(uow_factory, clock, fake_slack, database_url,
                                                     data_dir) -> None:  # type: ignore[no-untyped-def]
    slack = transports(settings_for(fake_slack, database_url, data_dir), uow_factory)
    case = linked_case(uow_factory)
    with uow_factory() as uow:  # another worker claimed the parent a moment ago and is posting it
        uow.session.add(SlackCaseThread(case_id=case.id, team_id=CREDITOR_TEAM, channel=CASE_CHANNEL,
                                        claimed_at=clock.now()))
        uow.commit()
    assert deliver_due(uow_factory, slack)["creditor_update:retry"] == 1
    assert fake_slack.of("chat.postMessage") == []
    clock.advance(timedelta(minutes=5))  # that worker died: its claim runs out and the retry posts the parent
    assert deliver_due(uow_factory, slack)["creditor_update:sent"] == 1
    assert len(fake_slack.of("chat.postMessage")) == 2
    with uow_factory() as uow:
        assert uow.session.scalars(select(SlackCaseThread)).one().ts is not None


def test_english_creditor_and_no_rows_without_slack(uow_factory, clock, fake_slack, database_url,
                                                    data_dir) -> None:  # type: ignore[no-untyped-def]
    slack = transports(settings_for(fake_slack, database_url, data_dir), uow_factory)
    linked_case(uow_factory, language="en")
    deliver_due(uow_factory, slack)
    parent, reply = fake_slack.of("chat.postMessage")
    assert "amicable phase running" in flat(parent.params["blocks"]) and "€2,917.41" in flat(parent.params["blocks"])
    assert "The amicable phase has started" in flat(reply.params["text"])

    with uow_factory() as uow:  # a creditor without Slack: the same events make no thread rows at all
        creditor = make_creditor(uow, kvk_number="11223344")
        case = make_case(uow, creditor, business_claim(number="F-NOSLACK"))
        start_new_cases(uow, windows=Windows(), token_key=b"k" * 32)
        record_payment(uow, Actor.system("bank"), case.reference, amount=Decimal("3000.00"),
                       paid_on=clock.now().date().isoformat(), source="bank_statement")
        uow.commit()
    assert [r for r in rows(uow_factory) if r.case_id == case.id] == []


def test_the_specialists_channel_speaks_the_agencys_language(
        uow_factory, clock, fake_slack, database_url, data_dir) -> None:  # type: ignore[no-untyped-def]
    from core.notifications import alert_specialists

    def post_alert(language: str, key: str) -> str:
        settings = settings_for(fake_slack, database_url, data_dir).model_copy(
            update={"slack_specialist_language": language})
        with uow_factory() as uow:
            alert_specialists(uow, None, "creditor_reported_contact", key, note="Belt vrijdag terug")
            uow.commit()
        assert deliver_due(uow_factory, transports(settings, uow_factory))["specialist_alert:sent"] == 1
        posted = fake_slack.of("chat.postMessage")[-1]
        assert posted.params["channel"] == SPECIALIST_CHANNEL
        return flat(posted.params["blocks"])

    dutch, english = post_alert("nl", "contact-nl"), post_alert("en", "contact-en")
    assert "Belt vrijdag terug" in dutch and "Belt vrijdag terug" in english
    assert "Opdrachtgever meldt contact met de debiteur" in dutch and "Notitie" in dutch
    assert "Creditor reports contact with the debtor" in english and "Note" in english
