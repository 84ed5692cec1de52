"""A creditor's answer in its case thread, forwarded to the specialists: as a reply in the thread of the case's
latest card in their channel (the dispute card whose "contact creditor" asked the question, typically), also shown
in the channel; without a card, as a message in the channel. Runs in the outbox's delivery thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from bots.slack.blocks import escape, section
from bots.slack.judicial_texts import t
from core.db.models import OutboundMessage, SlackSpecialistCard
from core.uow import UnitOfWork

if TYPE_CHECKING:
    from bots.slack.outbound import SlackClients


def reply_text(body: dict[str, Any], lang: str) -> str:
    text = escape(str(body.get("text") or "—")[:2500]).replace("\n", "\n>")
    names = [escape(str(n)) for n in body.get("attachments") or []]
    files = t("alert.creditor_replied.files", lang, names=", ".join(names)) if names else ""
    return t("alert.creditor_replied", lang, ref=body.get("case") or "—", by=escape(str(body.get("by") or "—")),
             text=text, files=files)


def deliver_creditor_reply(clients: SlackClients, uow_factory: Callable[[], UnitOfWork], message: OutboundMessage,
                           body: dict[str, Any]) -> None:
    from bots.slack.outbound import call_slack

    with uow_factory() as uow:
        client, channel = clients.specialists(uow)
        card = None
        if message.case_id is not None:
            card = uow.session.scalars(
                select(SlackSpecialistCard)
                .where(SlackSpecialistCard.case_id == message.case_id, SlackSpecialistCard.channel == channel)
                .order_by(SlackSpecialistCard.posted_at.desc(), SlackSpecialistCard.id.desc())
            ).first()
        thread_ts = card.ts if card is not None else None
    text = reply_text(body, clients.specialist_language)
    extra: dict[str, Any] = {"thread_ts": thread_ts, "reply_broadcast": True} if thread_ts else {}
    call_slack("chat.postMessage", lambda: client.chat_postMessage(
        channel=channel, text=text, blocks=[section(text)], unfurl_links=False, **extra))
