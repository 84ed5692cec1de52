"""My cases and the status of one case: the statement (core's law engine), status and the next planned contact."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from slack_bolt.async_app import AsyncApp

from bots.slack.identity import Who, in_thread
from bots.slack.listeners.creditor.common import Deps, info_view, plain, refusal, section, text_input, value_of
from bots.slack.texts import channel_text, money, status_text, t
from core.actors import Actor
from core.errors import NotFound
from core.services.creditor_overview import CaseSummary, NextContact, case_summary, local_moment, open_cases, overview

STATUS_VIEW = "case_status"
LIST_LIMIT = 15


def next_text(lang: str, contact: NextContact | None) -> str:
    if contact is None:
        return t(lang, "no_next_contact")
    when = local_moment(contact.due_at).strftime("%d-%m-%Y %H:%M")
    return t(lang, "next_contact", when=when, channel=channel_text(lang, contact.channel))


def statement_text(lang: str, s: CaseSummary) -> str:
    st = s.statement
    return t(lang, "statement", reference=s.reference, debtor=s.debtor_name, status=status_text(lang, s.status),
             principal=money(lang, st.principal), interest=money(lang, st.interest),
             costs=money(lang, st.costs + st.vat), paid=money(lang, st.paid), open=money(lang, st.total_open),
             next=next_text(lang, s.next_contact))


def _my_cases(deps: Deps, actor: Actor) -> tuple[list[CaseSummary], int, Decimal]:
    with deps.ctx.uow(read_only=True) as uow:
        cases, total = open_cases(uow, actor, limit=LIST_LIMIT)
        amount = overview(uow, actor).amount_open if total > len(cases) else sum(
            (c.statement.total_open for c in cases), start=Decimal(0))
        return cases, total, amount


async def my_cases_blocks(deps: Deps, who: Who) -> list[dict[str, Any]]:
    assert who.actor is not None
    lang = who.lang
    cases, total, amount = await in_thread(_my_cases, deps, who.actor)
    if not cases:
        return [section(t(lang, "no_cases"))]
    blocks = [section(t(lang, "my_cases_header", count=total, amount=money(lang, amount))), {"type": "divider"}]
    for c in cases:
        blocks.append(section(t(lang, "case_line", reference=c.reference, debtor=c.debtor_name,
                                status=status_text(lang, c.status), amount=money(lang, c.statement.total_open),
                                next=next_text(lang, c.next_contact))))
    if total > len(cases):
        blocks.append(section(t(lang, "more_cases", count=total - len(cases))))
    return blocks


def _one(deps: Deps, actor: Actor, reference: str) -> CaseSummary | None:
    with deps.ctx.uow(read_only=True) as uow:
        try:
            return case_summary(uow, actor, reference)
        except NotFound:
            return None


async def status_text_for(deps: Deps, who: Who, reference: str) -> str:
    """The case's statement, or a refusal that does not tell whether another creditor's case exists."""
    assert who.actor is not None
    reference = reference.strip().upper()[:40]
    summary = await in_thread(_one, deps, who.actor, reference)
    if summary is None:
        return t(who.lang, "case_not_found", reference=reference)
    return statement_text(who.lang, summary)


def status_view(lang: str) -> dict[str, Any]:
    return {
        "type": "modal", "callback_id": STATUS_VIEW, "title": plain(t(lang, "status_title"), 24),
        "submit": plain(t(lang, "status_submit"), 24), "close": plain(t(lang, "close"), 24),
        "blocks": [text_input("reference", t(lang, "case_reference"), optional=False, max_length=40,
                              hint=t(lang, "case_reference_hint"))],
    }


def register(app: AsyncApp, deps: Deps) -> None:
    @app.view(STATUS_VIEW)
    async def status_submitted(ack: Any, body: dict[str, Any], client: Any) -> None:
        who = await deps.who(client, body)
        refused = refusal(who)
        if refused:
            await ack(response_action="update", view=info_view(who.lang, t(who.lang, "status_title"), refused))
            return
        values = body["view"].get("state", {}).get("values", {})
        text = await status_text_for(deps, who, value_of(values, "reference") or "")
        await ack(response_action="update", view=info_view(who.lang, t(who.lang, "status_title"), text))
