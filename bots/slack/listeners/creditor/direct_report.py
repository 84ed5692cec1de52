"""The creditor reports that the debtor paid them directly, or contacted them: recorded on the case through core
(payments.report_direct_payment, lifecycle.report_contact), so the schedule adjusts and specialists see it."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp

from bots.slack.identity import Who, in_thread
from bots.slack.listeners.creditor.common import (
    Deps,
    date_input,
    info_view,
    plain,
    refusal,
    section,
    text_input,
    value_of,
)
from bots.slack.texts import day, money, t
from core.actors import Actor
from core.clock import local_today
from core.db.models import Case
from core.errors import InvalidInput, NotFound, UserError
from core.services.case_view import statement_for
from core.services.lifecycle import report_contact
from core.services.payments import report_direct_payment

PAYMENT_VIEW = "report_payment"
CONTACT_VIEW = "report_contact"


def payment_view(lang: str, reference: str | None = None) -> dict[str, Any]:
    return {
        "type": "modal", "callback_id": PAYMENT_VIEW, "title": plain(t(lang, "payment_title"), 24),
        "submit": plain(t(lang, "submit"), 24), "close": plain(t(lang, "cancel"), 24),
        "blocks": [
            section(t(lang, "payment_intro")),
            text_input("reference", t(lang, "case_reference"), optional=False, initial=reference, max_length=40,
                       hint=t(lang, "case_reference_hint")),
            text_input("amount", t(lang, "payment_amount"), optional=False, max_length=20, hint=t(lang, "amount_hint")),
            date_input("paid_on", t(lang, "payment_date"), optional=False),
            text_input("note", t(lang, "note"), multiline=True, max_length=2000),
        ],
    }


def contact_view(lang: str, reference: str | None = None) -> dict[str, Any]:
    return {
        "type": "modal", "callback_id": CONTACT_VIEW, "title": plain(t(lang, "contact_title"), 24),
        "submit": plain(t(lang, "submit"), 24), "close": plain(t(lang, "cancel"), 24),
        "blocks": [
            section(t(lang, "contact_intro")),
            text_input("reference", t(lang, "case_reference"), optional=False, initial=reference, max_length=40,
                       hint=t(lang, "case_reference_hint")),
            text_input("note", t(lang, "contact_note"), optional=False, multiline=True, max_length=2000),
        ],
    }


def _reference(values: dict[str, Any]) -> str:
    return (value_of(values, "reference") or "").strip().upper()[:40]


def _record_payment(deps: Deps, actor: Actor, lang: str, values: dict[str, Any]) -> str | dict[str, str]:
    reference = _reference(values)
    with deps.ctx.uow() as uow:
        try:
            payment = report_direct_payment(uow, actor, reference, amount=value_of(values, "amount") or "",
                                            paid_on=value_of(values, "paid_on") or "", note=value_of(values, "note"))
        except NotFound:
            return {"reference": t(lang, "case_not_found", reference=reference)}
        except InvalidInput as exc:
            errors: dict[str, str] = {}
            for e in exc.errors:
                block = e.field if e.field in ("amount", "paid_on") else "amount"
                errors[block] = e.message(lang).removeprefix(f"{e.field}: ")[:2000]
            return errors
        except UserError as exc:
            return {"amount": str(exc)[:2000]}
        case = uow.session.get_one(Case, payment.case_id)
        still_open = statement_for(uow, case, max(local_today(uow.clock), payment.paid_on)).total_open
        uow.commit()
        return t(lang, "payment_recorded", amount=money(lang, payment.amount), date=day(lang, payment.paid_on),
                 reference=reference, open=money(lang, still_open))


def _record_contact(deps: Deps, actor: Actor, lang: str, values: dict[str, Any]) -> str | dict[str, str]:
    reference = _reference(values)
    note = value_of(values, "note")
    if not note:
        return {"note": t(lang, "contact_note_required")}
    with deps.ctx.uow() as uow:
        try:
            report_contact(uow, actor, reference, note)
        except NotFound:
            return {"reference": t(lang, "case_not_found", reference=reference)}
        except UserError as exc:
            return {"note": str(exc)[:2000]}
        uow.commit()
    return t(lang, "contact_recorded", reference=reference)


async def _submitted(deps: Deps, ack: Any, body: dict[str, Any], client: Any, title: str, record: Any) -> None:
    who: Who = await deps.who(client, body)
    lang = who.lang
    refused = refusal(who)
    if refused or who.actor is None:
        await ack(response_action="update", view=info_view(lang, t(lang, title), refused or ""))
        return
    values = body["view"].get("state", {}).get("values", {})
    outcome = await in_thread(record, deps, who.actor, lang, values)
    if isinstance(outcome, dict):
        await ack(response_action="errors", errors=outcome)
    else:
        await ack(response_action="update", view=info_view(lang, t(lang, title), outcome))


def register(app: AsyncApp, deps: Deps) -> None:
    @app.view(PAYMENT_VIEW)
    async def payment_submitted(ack: Any, body: dict[str, Any], client: Any) -> None:
        await _submitted(deps, ack, body, client, "payment_title", _record_payment)

    @app.view(CONTACT_VIEW)
    async def contact_submitted(ack: Any, body: dict[str, Any], client: Any) -> None:
        await _submitted(deps, ack, body, client, "contact_title", _record_contact)
