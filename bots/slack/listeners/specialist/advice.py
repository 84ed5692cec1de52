"""The advice card (and the App Home's "advices waiting"): edit — a modal with the recommendation and the text,
saved as a new draft version through core.judicial.advice.edit_advice — and send to the creditor (send_advice),
after which the creditor gets it in the case thread with the decision buttons.

The buttons carry the id of the draft version they show: a version that is no longer the latest draft (edited or
sent meanwhile, by a colleague or the CLI) is refused politely and the card is redrawn."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp

from bots.slack.blocks.judicial import ADVICE_EDIT, ADVICE_SEND, ADVICE_TEXT, ADVICE_VIEW, RECOMMENDATION, advice_modal
from bots.slack.blocks.modals import submitted
from bots.slack.identity import in_thread
from bots.slack.judicial_cards import ADVICE, cards_of_case, draw_judicial
from bots.slack.judicial_texts import t as jt
from bots.slack.listeners.specialist.common import (
    Deps,
    Outcome,
    card_location,
    language,
    metadata_of,
    object_id,
    refuse,
    refuse_outsider,
    run,
    specialist_of,
    submitting_specialist,
    tell,
)
from bots.slack.specialist_texts import t
from core.db.models import Case, CaseAdvice
from core.judicial.advice import edit_advice, latest_advice, send_advice
from core.uow import UnitOfWork

log = logging.getLogger("incasso.slack")


def current_draft(uow: UnitOfWork, advice_id: int) -> tuple[CaseAdvice | None, Case | None, Outcome | None]:
    """The draft a button or modal is about, if it is still the case's latest version and a draft."""
    advice = uow.session.get(CaseAdvice, advice_id)
    if advice is None:
        return None, None, Outcome(refused="refused.not_found")
    case = uow.session.get_one(Case, advice.case_id)
    latest = latest_advice(uow, case)
    if latest is None or latest.id != advice.id or latest.status != "draft":
        shown = latest or advice
        who = shown.sent_by if shown.status == "sent" else shown.created_by
        return None, case, Outcome(refused="refused.already",
                                   params={"status": f"{case.reference} v{shown.version} {shown.status}, {who}"})
    return advice, case, None


async def redraw_case_cards(deps: Deps, client: Any, kind: str, object_id: int, case_id: int, *,
                            pressed_on: dict[str, str] | None, user_id: str | None, from_home: bool) -> None:
    """Redraw every card of this kind about the case (and the message pressed), then the presser's App Home."""

    def _load() -> tuple[list[tuple[str, str]], tuple[str, list[dict[str, Any]]] | None]:
        with deps.ctx.uow(read_only=True) as uow:
            places = [(channel, ts) for _, channel, ts in cards_of_case(uow, kind, case_id)]
            return places, draw_judicial(uow, kind, object_id, deps.ctx.settings.slack_specialist_language)

    places, drawn = await in_thread(_load)
    if pressed_on and (pressed_on["channel"], pressed_on["ts"]) not in places:
        places.append((pressed_on["channel"], pressed_on["ts"]))
    if drawn is not None:
        for channel, ts in places:
            try:
                await client.chat_update(channel=channel, ts=ts, text=drawn[0], blocks=drawn[1])
            except Exception:  # recorded either way; a card that could not be redrawn only looks stale
                log.warning("slack: %s card of case %s at %s/%s not updated", kind, case_id, channel, ts,
                            exc_info=True)
    if from_home and user_id:
        from bots.slack.listeners.specialist.home import publish_specialist_home

        await publish_specialist_home(client, user_id, deps.ctx, locales=deps.locales)


def _from_home(body: dict[str, Any]) -> bool:
    return (body.get("container") or {}).get("type") == "view"


def register(app: AsyncApp, deps: Deps) -> None:
    async def _redraw(client: Any, body: dict[str, Any], advice_id: int, case_id: int,
                      card: dict[str, str] | None, from_home: bool) -> None:
        await redraw_case_cards(deps, client, ADVICE, advice_id, case_id, pressed_on=card,
                                user_id=(body.get("user") or {}).get("id"), from_home=from_home)

    @app.action(ADVICE_EDIT)
    async def edit(ack: Any, body: dict[str, Any], action: dict[str, Any], client: Any) -> None:
        await ack()
        lang = await language(deps, client, body)
        if specialist_of(deps, body) is None:
            await refuse_outsider(client, body, lang)
            return
        advice_id = object_id(action.get("value")) or 0

        def load() -> dict[str, Any] | tuple[Outcome, int | None]:
            with deps.ctx.uow(read_only=True) as uow:
                advice, case, refused = current_draft(uow, advice_id)
                if refused or advice is None or case is None:
                    return refused or Outcome(refused="refused.not_found"), case.id if case else None
                return {"advice_id": advice.id, "reference": case.reference, "version": advice.version,
                        "recommendation": advice.recommendation, "text": advice.text}

        found = await in_thread(load)
        if isinstance(found, tuple):
            refused, case_id = found
            await refuse(client, body, lang, refused)
            if case_id:
                await _redraw(client, body, advice_id, case_id, card_location(body), _from_home(body))
            return
        await client.views_open(trigger_id=body["trigger_id"],
                                view=advice_modal(lang=lang, card=card_location(body), **found))

    @app.view(ADVICE_VIEW)
    async def edited(ack: Any, body: dict[str, Any], view: dict[str, Any], client: Any) -> None:
        checked = await submitting_specialist(deps, ack, body, client, ADVICE_TEXT)
        if checked is None:
            return
        lang, actor = checked
        meta = metadata_of(view)
        advice_id = object_id(meta.get("id")) or 0
        values = (view.get("state") or {}).get("values") or {}
        recommendation, text = submitted(values, RECOMMENDATION), submitted(values, ADVICE_TEXT)
        saved: dict[str, Any] = {}

        def work(uow: UnitOfWork) -> Outcome | None:
            advice, case, refused = current_draft(uow, advice_id)
            if refused or advice is None or case is None:
                return refused or Outcome(refused="refused.not_found")
            new_recommendation = recommendation if recommendation != advice.recommendation else None
            new_text = text if text is not None and text != advice.text.strip() else None
            if new_recommendation is None and new_text is None:
                return Outcome(refused="unchanged")
            version = edit_advice(uow, actor, case.reference, recommendation=new_recommendation, text=new_text)
            saved.update(case_id=case.id, reference=case.reference, version=version.version)
            return None

        outcome = await run(deps, work)
        if outcome.refused == "unchanged":
            await ack(response_action="errors", errors={ADVICE_TEXT: jt("modal.advice.unchanged", lang)})
            return
        if not outcome.ok:
            message = (outcome.invalid.in_language(lang) if outcome.invalid is not None
                       else t(outcome.refused or "refused.error", lang, **outcome.params))
            await ack(response_action="errors", errors={ADVICE_TEXT: message})
            return
        await ack()
        await tell(client, body, jt("done.edited", lang, ref=saved["reference"], version=saved["version"]))
        card = meta.get("card") if isinstance(meta.get("card"), dict) else None
        await _redraw(client, body, advice_id, saved["case_id"], card, card is None)

    @app.action(ADVICE_SEND)
    async def send(ack: Any, body: dict[str, Any], action: dict[str, Any], client: Any) -> None:
        await ack()
        lang = await language(deps, client, body)
        actor = specialist_of(deps, body)
        if actor is None:
            await refuse_outsider(client, body, lang)
            return
        advice_id = object_id(action.get("value")) or 0
        sent: dict[str, Any] = {}

        def work(uow: UnitOfWork) -> Outcome | None:
            advice, case, refused = current_draft(uow, advice_id)
            if case is not None:
                sent["case_id"] = case.id
            if refused or advice is None or case is None:
                return refused or Outcome(refused="refused.not_found")
            version = send_advice(uow, actor, case.reference)
            sent.update(reference=case.reference, version=version.version)
            return None

        outcome = await run(deps, work)
        if not outcome.ok:
            await refuse(client, body, lang, outcome)
        else:
            await tell(client, body, jt("done.sent", lang, ref=sent["reference"], version=sent["version"]))
        if sent.get("case_id"):
            await _redraw(client, body, advice_id, sent["case_id"], card_location(body), _from_home(body))
