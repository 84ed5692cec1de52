"""Connecting a chat to a case: deep-link token + postcode, the attempt limit, refused tokens, and isolation."""

from __future__ import annotations

from sqlalchemy import select

from core.db.models import CaseEvent, OutboundMessage, TelegramBinding, TelegramLinkGuard
from tests.telegram.conftest import CHAT, Bot, sqlite_only


async def test_start_registers_commands_and_the_webhook_with_its_secret(bot: Bot) -> None:
    webhook = bot.fake.sent("setWebhook")[-1]
    assert webhook["url"] == "https://incasso.test/telegram/webhook"
    assert webhook["secret_token"] == bot.settings.telegram_webhook_secret
    calls = bot.fake.sent("setMyCommands")
    commands = {c.params.get("language_code"): [x["command"] for x in c["commands"]] for c in calls}
    assert "menu" in commands[None] and "taal" in commands["en"] and "stop" in commands["nl"]
    assert bot.fake.sent("getMe")


async def test_token_and_postcode_bind_the_chat_and_the_menu_appears(bot: Bot) -> None:
    response = await bot.say(f"/start {bot.token}")
    assert response.status_code == 200
    assert "postcode" in bot.last()
    await bot.say("1234ab")  # spacing and case do not matter
    assert "gekoppeld aan dossier INC-" in bot.last()
    labels = [label for label, _ in bot.fake.buttons()]
    assert any("Overzicht" in label for label in labels) and any("Betalen" in label for label in labels)
    with bot.uow() as uow:
        binding = uow.session.scalars(select(TelegramBinding)).one()
        assert (binding.case_id, binding.chat_id, binding.unbound_at) == (bot.case_id, CHAT, None)
        kinds = uow.session.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == bot.case_id)).all()
        assert "telegram_linked" in kinds


@sqlite_only
async def test_five_wrong_postcodes_lock_the_token_and_alert_the_specialists(bot: Bot) -> None:
    await bot.say(f"/start {bot.token}")
    for left in (4, 3, 2, 1):
        await bot.say("9999 ZZ")
        assert f"nog {left} keer" in bot.last()
    await bot.say("9999 ZZ")
    assert "geblokkeerd" in bot.last()
    # locked for everyone, even with the right postcode and from another chat
    await bot.say(f"/start {bot.token}", chat_id=777)
    assert "geblokkeerd" in bot.last(777)
    await bot.say("1234 AB", chat_id=777)
    assert "niet gekoppeld" in bot.last(777)
    with bot.uow() as uow:
        assert uow.session.scalars(select(TelegramBinding)).all() == []
        guard = uow.session.get_one(TelegramLinkGuard, bot.case_id)
        assert guard.failed_attempts == 5 and guard.locked_at is not None
        alerts = uow.session.scalars(
            select(OutboundMessage).where(OutboundMessage.channel == "specialist_alert")
        ).all()
        assert any("telegram_link_locked" in a.body for a in alerts)


@sqlite_only
async def test_refused_tokens_and_an_unbound_chat_see_nothing_of_any_case(bot: Bot) -> None:
    forged = "A" * 43
    await bot.say(f"/start {forged}")
    assert "link werkt niet" in bot.last()
    await bot.say("/start kort")
    assert "link werkt niet" in bot.last()
    # nothing about a case reaches a chat without a binding, whatever it asks
    for text in ("/menu", "1234 AB", "hallo"):
        await bot.say(text)
        assert "niet gekoppeld" in bot.last() or "Open de link" in bot.last()
    await bot.say("/onzin")
    assert "opdracht ken ik niet" in bot.last()
    await bot.post(
        {"update_id": 424242, "callback_query": {"id": "1", "from": bot.user(CHAT), "chat_instance": "x",
                                                 "data": "menu:overview"}}
    )
    texts = " ".join(bot.fake.texts(CHAT))
    assert "INC-" not in texts and "€" not in texts


@sqlite_only
async def test_an_ended_case_refuses_its_link(bot: Bot) -> None:
    from core.actors import Actor
    from core.services.lifecycle import withdraw

    with bot.uow() as uow:
        from core.db.models import Case

        case = uow.session.get_one(Case, bot.case_id)
        withdraw(uow, Actor.creditor(case.creditor_id, label="test"), case.reference, "paid to us")
        uow.commit()
    await bot.say(f"/start {bot.token}")
    assert "afgesloten" in bot.last()
