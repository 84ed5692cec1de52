"""Arrangement proposals outside the creditor's policy: approve, reject, or counter-offer (a modal: a monthly
amount or a number of months, and the first due date) — through core.services.arrangements."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp

from bots.slack.blocks.modals import FIRST, MONTHLY, MONTHS, NOTE, counter_modal, submitted
from bots.slack.blocks.specialist import ARRANGEMENT_APPROVE, ARRANGEMENT_COUNTER, ARRANGEMENT_REJECT, COUNTER_VIEW
from bots.slack.listeners.specialist.common import (
    Deps,
    Outcome,
    card_location,
    language,
    metadata_of,
    object_id,
    open_checked_modal,
    redraw,
    refuse,
    refuse_outsider,
    run,
    specialist_of,
    submitting_specialist,
)
from bots.slack.specialist_cards import ARRANGEMENT
from bots.slack.specialist_texts import t
from core.db.models import Arrangement, Case
from core.services.arrangements import counter_offer, decide_arrangement
from core.uow import UnitOfWork

# core's field names -> the modal's inputs, so an error appears on the field it is about
FIELDS = {"first_due_on": FIRST, "monthly_amount": MONTHLY, "months": MONTHS}


def _proposed(uow: UnitOfWork, arrangement_id: int) -> tuple[Arrangement | None, Outcome | None]:
    arrangement = uow.session.get(Arrangement, arrangement_id)
    if arrangement is None:
        return None, Outcome(refused="refused.not_found")
    if arrangement.status != "proposed":
        return None, Outcome(refused="refused.already",
                             params={"status": f"{arrangement.status}, {arrangement.decided_by}"})
    return arrangement, None


def register(app: AsyncApp, deps: Deps) -> None:
    async def _decide(ack: Any, body: dict[str, Any], action: dict[str, Any], client: Any, accept: bool) -> None:
        await ack()
        lang = await language(deps, client, body)
        actor = specialist_of(deps, body)
        if actor is None:
            await refuse_outsider(client, body, lang)
            return
        arrangement_id = object_id(action.get("value"))

        def work(uow: UnitOfWork) -> Outcome | None:
            _, refused = _proposed(uow, arrangement_id or 0)
            if refused:
                return refused
            decide_arrangement(uow, actor, arrangement_id or 0, accept=accept)
            return None

        outcome = await run(deps, work)
        if not outcome.ok:
            await refuse(client, body, lang, outcome)
            return
        await redraw(deps, client, ARRANGEMENT, arrangement_id or 0, pressed_on=card_location(body),
                     user_id=(body.get("user") or {}).get("id"),
                     from_home=(body.get("container") or {}).get("type") == "view")

    @app.action(ARRANGEMENT_APPROVE)
    async def approve(ack: Any, body: dict[str, Any], action: dict[str, Any], client: Any) -> None:
        await _decide(ack, body, action, client, accept=True)

    @app.action(ARRANGEMENT_REJECT)
    async def reject(ack: Any, body: dict[str, Any], action: dict[str, Any], client: Any) -> None:
        await _decide(ack, body, action, client, accept=False)

    @app.action(ARRANGEMENT_COUNTER)
    async def counter(ack: Any, body: dict[str, Any], action: dict[str, Any], client: Any) -> None:
        await ack()
        arrangement_id = object_id(action.get("value"))

        def load(uow: UnitOfWork, lang: str) -> dict[str, Any] | Outcome:
            arrangement, refused = _proposed(uow, arrangement_id or 0)
            if refused or arrangement is None:
                return refused or Outcome(refused="refused.not_found")
            return {"arrangement_id": arrangement.id,
                    "reference": uow.session.get_one(Case, arrangement.case_id).reference,
                    "months": arrangement.months, "installment": arrangement.installment_amount,
                    "first": arrangement.first_due_on}

        await open_checked_modal(deps, client, body, load,
                                 lambda found, lang, card: counter_modal(lang=lang, card=card, **found))

    @app.view(COUNTER_VIEW)
    async def counter_submitted(ack: Any, body: dict[str, Any], view: dict[str, Any], client: Any) -> None:
        checked = await submitting_specialist(deps, ack, body, client, MONTHLY)
        if checked is None:
            return
        lang, actor = checked
        meta = metadata_of(view)
        arrangement_id = object_id(meta.get("id"))
        values = (view.get("state") or {}).get("values") or {}
        monthly, months_text = submitted(values, MONTHLY), submitted(values, MONTHS)
        first, note = submitted(values, FIRST), submitted(values, NOTE) or ""
        if monthly and months_text:
            await ack(response_action="errors", errors={MONTHLY: t("modal.counter.both", lang)})
            return
        if not monthly and not months_text:
            await ack(response_action="errors", errors={MONTHLY: t("modal.counter.neither", lang)})
            return
        if months_text and not months_text.isdigit():
            await ack(response_action="errors", errors={MONTHS: t("modal.months_number", lang)})
            return

        def work(uow: UnitOfWork) -> Outcome | None:
            _, refused = _proposed(uow, arrangement_id or 0)
            if refused:
                return refused
            counter_offer(uow, actor, arrangement_id or 0, first_due_on=first, note=note,
                          months=int(months_text) if months_text else None, monthly_amount=monthly)
            return None

        outcome = await run(deps, work)
        if outcome.invalid is not None:
            errors: dict[str, str] = {}
            for error in outcome.invalid.errors:
                block = FIELDS.get(error.field, MONTHLY)
                errors[block] = "; ".join(filter(None, [errors.get(block), error.message(lang)]))
            await ack(response_action="errors", errors=errors)
            return
        if not outcome.ok:
            await ack(response_action="errors", errors={MONTHLY: t(outcome.refused or "refused.error", lang,
                                                                   **outcome.params)})
            return
        await ack()
        card = meta.get("card") if isinstance(meta.get("card"), dict) else None
        await redraw(deps, client, ARRANGEMENT, arrangement_id or 0, pressed_on=card,
                     user_id=(body.get("user") or {}).get("id"), from_home=card is None)
