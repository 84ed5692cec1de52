"""Call task cards: log what came of the call — reached and promised to pay on a date (a modal), no answer, wrong
number, or the debtor disputes (a modal for what they said; the dispute is opened too) — through
core.services.calls, which feeds the case's audit log and the creditor's thread."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp

from bots.slack.blocks.modals import NOTES, PROMISED_ON, REASON, disputes_modal, promised_modal, submitted
from bots.slack.blocks.specialist import (
    CALL_DISPUTES,
    CALL_NO_ANSWER,
    CALL_PROMISED,
    CALL_WRONG_NUMBER,
    DISPUTES_VIEW,
    PROMISED_VIEW,
)
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
)
from bots.slack.specialist_cards import CALL
from bots.slack.specialist_texts import t
from core.clock import local_today
from core.db.models import CallTask, Case
from core.services.calls import log_call_outcome
from core.services.disputes import open_dispute
from core.uow import UnitOfWork


def _open(uow: UnitOfWork, task_id: int) -> tuple[CallTask | None, Outcome | None]:
    task = uow.session.get(CallTask, task_id)
    if task is None:
        return None, Outcome(refused="refused.not_found")
    if task.status != "open":
        return None, Outcome(refused="refused.already", params={"status": f"{task.status}: {task.outcome or '-'}"})
    return task, None


def register(app: AsyncApp, deps: Deps) -> None:
    async def _log(body: dict[str, Any], client: Any, task_id: int | None, outcome_name: str, *,
                   notes: str = "", promised_on: str | None = None, reason: str | None = None) -> Outcome:
        actor = specialist_of(deps, body)
        assert actor is not None

        def work(uow: UnitOfWork) -> Outcome | None:
            task, refused = _open(uow, task_id or 0)
            if refused or task is None:
                return refused
            log_call_outcome(uow, actor, task.id, outcome=outcome_name, notes=notes, promised_on=promised_on)
            if reason:  # the debtor disputes on the phone: the dispute is opened as if they wrote it
                open_dispute(uow, actor, uow.session.get_one(Case, task.case_id).reference, reason)
            return None

        return await run(deps, work)

    async def _button(ack: Any, body: dict[str, Any], action: dict[str, Any], client: Any, outcome_name: str) -> None:
        await ack()
        lang = await language(deps, client, body)
        if specialist_of(deps, body) is None:
            await refuse_outsider(client, body, lang)
            return
        task_id = object_id(action.get("value"))
        outcome = await _log(body, client, task_id, outcome_name)
        if not outcome.ok:
            await refuse(client, body, lang, outcome)
            return
        await redraw(deps, client, CALL, task_id or 0, pressed_on=card_location(body),
                     user_id=(body.get("user") or {}).get("id"),
                     from_home=(body.get("container") or {}).get("type") == "view")

    @app.action(CALL_NO_ANSWER)
    async def no_answer(ack: Any, body: dict[str, Any], action: dict[str, Any], client: Any) -> None:
        await _button(ack, body, action, client, "no_answer")

    @app.action(CALL_WRONG_NUMBER)
    async def wrong_number(ack: Any, body: dict[str, Any], action: dict[str, Any], client: Any) -> None:
        await _button(ack, body, action, client, "wrong_number")

    async def _modal(ack: Any, body: dict[str, Any], action: dict[str, Any], client: Any, promised: bool) -> None:
        await ack()
        task_id = object_id(action.get("value"))

        def load(uow: UnitOfWork, lang: str) -> tuple[str, Any] | Outcome:
            task, refused = _open(uow, task_id or 0)
            if refused or task is None:
                return refused or Outcome(refused="refused.not_found")
            return uow.session.get_one(Case, task.case_id).reference, local_today(uow.clock)

        def view(found: tuple[str, Any], lang: str, card: dict[str, str] | None) -> dict[str, Any]:
            reference, today = found
            if promised:
                return promised_modal(task_id=task_id or 0, reference=reference, today=today, lang=lang, card=card)
            return disputes_modal(task_id=task_id or 0, reference=reference, lang=lang, card=card)

        await open_checked_modal(deps, client, body, load, view)

    @app.action(CALL_PROMISED)
    async def promised(ack: Any, body: dict[str, Any], action: dict[str, Any], client: Any) -> None:
        await _modal(ack, body, action, client, promised=True)

    @app.action(CALL_DISPUTES)
    async def disputes(ack: Any, body: dict[str, Any], action: dict[str, Any], client: Any) -> None:
        await _modal(ack, body, action, client, promised=False)

    async def _submitted(ack: Any, body: dict[str, Any], view: dict[str, Any], client: Any, promised: bool) -> None:
        lang = await language(deps, client, body)
        field = PROMISED_ON if promised else REASON
        if specialist_of(deps, body) is None:
            await ack(response_action="errors", errors={field: t("refused.not_specialist", lang)})
            return
        meta = metadata_of(view)
        task_id = object_id(meta.get("id"))
        values = (view.get("state") or {}).get("values") or {}
        if promised:
            day = submitted(values, PROMISED_ON)
            if not day:
                await ack(response_action="errors", errors={field: t("modal.required", lang)})
                return
            outcome = await _log(body, client, task_id, "promised_payment", notes=submitted(values, NOTES) or "",
                                 promised_on=day)
        else:
            reason = submitted(values, REASON)
            if not reason:
                await ack(response_action="errors", errors={field: t("modal.required", lang)})
                return
            outcome = await _log(body, client, task_id, "disputes", notes=reason, reason=reason)
        if outcome.invalid is not None:
            text = t("modal.promised.past", lang) if promised else outcome.invalid.in_language(lang)
            await ack(response_action="errors", errors={field: text})
            return
        if not outcome.ok:
            await ack(response_action="errors", errors={field: t(outcome.refused or "refused.error", lang,
                                                                 **outcome.params)})
            return
        await ack()
        card = meta.get("card") if isinstance(meta.get("card"), dict) else None
        await redraw(deps, client, CALL, task_id or 0, pressed_on=card,
                     user_id=(body.get("user") or {}).get("id"), from_home=card is None)

    @app.view(PROMISED_VIEW)
    async def promised_submitted(ack: Any, body: dict[str, Any], view: dict[str, Any], client: Any) -> None:
        await _submitted(ack, body, view, client, promised=True)

    @app.view(DISPUTES_VIEW)
    async def disputes_submitted(ack: Any, body: dict[str, Any], view: dict[str, Any], client: Any) -> None:
        await _submitted(ack, body, view, client, promised=False)
