"""Dispute cards: ask the creditor (a question in their case thread), uphold (in full: close; in part: reduce the
claim — a modal), reject (the schedule resumes, the debtor is informed). Every decision goes through
core.services.disputes, which writes the audit log and, through it, the creditor's thread."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp

from bots.slack.blocks.modals import AMOUNT, OUTCOME, RESOLUTION, submitted, uphold_modal
from bots.slack.blocks.specialist import DISPUTE_CONTACT_CREDITOR, DISPUTE_REJECT, DISPUTE_UPHOLD, UPHOLD_VIEW
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
    tell,
)
from bots.slack.specialist_cards import DISPUTE
from bots.slack.specialist_texts import t
from core.actors import Actor
from core.clock import local_today
from core.db.models import Case, Debtor, Dispute
from core.money import ZERO
from core.services.case_view import statement_for
from core.services.disputes import ask_creditor, resolve_dispute
from core.uow import UnitOfWork


def _open(uow: UnitOfWork, dispute_id: int) -> tuple[Dispute | None, Outcome | None]:
    dispute = uow.session.get(Dispute, dispute_id)
    if dispute is None:
        return None, Outcome(refused="refused.not_found")
    if dispute.status != "open":
        return None, Outcome(refused="refused.already", params={"status": f"{dispute.status}, {dispute.resolved_by}"})
    return dispute, None


def register(app: AsyncApp, deps: Deps) -> None:
    async def _decide(body: dict[str, Any], action: dict[str, Any], client: Any, decide: Any) -> None:
        lang = await language(deps, client, body)
        actor = specialist_of(deps, body)
        if actor is None:
            await refuse_outsider(client, body, lang)
            return
        dispute_id = object_id(action.get("value"))
        if dispute_id is None:
            await refuse(client, body, lang, Outcome(refused="refused.not_found"))
            return

        def work(uow: UnitOfWork) -> Outcome | None:
            _, refused = _open(uow, dispute_id)
            return refused or decide(uow, actor, dispute_id)

        outcome = await run(deps, work)
        if not outcome.ok:
            await refuse(client, body, lang, outcome)
            return
        if action.get("action_id") == DISPUTE_CONTACT_CREDITOR:
            await tell(client, body, t("done.asked_creditor", lang))
        await redraw(deps, client, DISPUTE, dispute_id, pressed_on=card_location(body),
                     user_id=(body.get("user") or {}).get("id"), from_home=_from_home(body))

    @app.action(DISPUTE_REJECT)
    async def reject(ack: Any, body: dict[str, Any], action: dict[str, Any], client: Any) -> None:
        await ack()

        def decide(uow: UnitOfWork, actor: Actor, dispute_id: int) -> None:
            resolve_dispute(uow, actor, dispute_id, upheld=False, resolution="")

        await _decide(body, action, client, decide)

    @app.action(DISPUTE_CONTACT_CREDITOR)
    async def contact_creditor(ack: Any, body: dict[str, Any], action: dict[str, Any], client: Any) -> None:
        await ack()

        def decide(uow: UnitOfWork, actor: Actor, dispute_id: int) -> None:
            ask_creditor(uow, actor, dispute_id)

        await _decide(body, action, client, decide)

    @app.action(DISPUTE_UPHOLD)
    async def uphold(ack: Any, body: dict[str, Any], action: dict[str, Any], client: Any) -> None:
        await ack()
        dispute_id = object_id(action.get("value"))

        def load(uow: UnitOfWork, lang: str) -> dict[str, Any] | Outcome:
            dispute, refused = _open(uow, dispute_id or 0)
            if refused or dispute is None:
                return refused or Outcome(refused="refused.not_found")
            case = uow.session.get_one(Case, dispute.case_id)
            principal = sum((line.principal for line in case.claim_lines), start=ZERO)
            return {"dispute_id": dispute.id, "reference": case.reference,
                    "debtor": uow.session.get_one(Debtor, case.debtor_id).name, "principal": principal,
                    "total_open": statement_for(uow, case, local_today(uow.clock)).total_open}

        await open_checked_modal(deps, client, body, load,
                                 lambda found, lang, card: uphold_modal(lang=lang, card=card, **found))

    @app.view(UPHOLD_VIEW)
    async def uphold_submitted(ack: Any, body: dict[str, Any], view: dict[str, Any], client: Any) -> None:
        checked = await submitting_specialist(deps, ack, body, client, RESOLUTION)
        if checked is None:
            return
        lang, actor = checked
        meta = metadata_of(view)
        dispute_id = object_id(meta.get("id"))
        values = (view.get("state") or {}).get("values") or {}
        reduce = submitted(values, OUTCOME) == "reduce"
        amount = submitted(values, AMOUNT)
        resolution = submitted(values, RESOLUTION) or ""
        if reduce and not amount:
            await ack(response_action="errors", errors={AMOUNT: t("modal.required", lang)})
            return
        if not resolution:
            await ack(response_action="errors", errors={RESOLUTION: t("modal.required", lang)})
            return

        def work(uow: UnitOfWork) -> Outcome | None:
            _, refused = _open(uow, dispute_id or 0)
            if refused:
                return refused
            resolve_dispute(uow, actor, dispute_id or 0, upheld=True, resolution=resolution,
                            reduce_by=amount if reduce else None)
            return None

        outcome = await run(deps, work)
        if outcome.invalid is not None:
            await ack(response_action="errors", errors={AMOUNT: outcome.invalid.in_language(lang)})
            return
        if not outcome.ok:
            await ack(response_action="errors", errors={RESOLUTION: t(outcome.refused or "refused.error", lang,
                                                                      **outcome.params)})
            return
        await ack()
        card = meta.get("card") if isinstance(meta.get("card"), dict) else None
        await redraw(deps, client, DISPUTE, dispute_id or 0, pressed_on=card,
                     user_id=(body.get("user") or {}).get("id"), from_home=card is None)


def _from_home(body: dict[str, Any]) -> bool:
    return (body.get("container") or {}).get("type") == "view"
