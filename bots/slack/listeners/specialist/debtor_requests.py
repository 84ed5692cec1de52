"""What debtors ask for through Telegram that needs a person: a deep link locked after five wrong postcodes
(unlock), "I can't pay" (reviewed — resume reminders, or keep them paused), a complaint (handled: a modal for the
answer, which goes into the complaint register). Decisions go through core.services.debtor_link, cannot_pay and
complaints; the card and the App Home show them."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp

from bots.slack.blocks.modals import submitted
from bots.slack.blocks.queue_cards import (
    ANSWER,
    CANNOT_PAY_KEEP,
    CANNOT_PAY_RESUME,
    COMPLAINT_HANDLE,
    COMPLAINT_VIEW,
    LINK_UNLOCK,
    ComplaintCard,
    complaint_modal,
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
    submitting_specialist,
    tell,
)
from bots.slack.queue_loaders import CANNOT_PAY, COMPLAINT, LINK_LOCK, load_complaint
from bots.slack.specialist_texts import t
from core.actors import Actor
from core.db.models import Case, CaseFlag, Complaint, TelegramLinkGuard
from core.services.cannot_pay import keep_cannot_pay_paused, review_cannot_pay
from core.services.complaints import handle_complaint
from core.services.debtor_link import unlock_link
from core.uow import UnitOfWork


def _from_home(body: dict[str, Any]) -> bool:
    return (body.get("container") or {}).get("type") == "view"


def _open_complaint(uow: UnitOfWork, complaint_id: int) -> tuple[Complaint | None, Outcome | None]:
    complaint = uow.session.get(Complaint, complaint_id)
    if complaint is None:
        return None, Outcome(refused="refused.not_found")
    if complaint.status != "open":
        return None, Outcome(refused="refused.already", params={"status": f"{complaint.status}, "
                                                                         f"{complaint.handled_by or '—'}"})
    return complaint, None


def register(app: AsyncApp, deps: Deps) -> None:
    async def _button(body: dict[str, Any], action: dict[str, Any], client: Any, kind: str,
                      decide: Any, done: str | None = None) -> None:
        lang = await language(deps, client, body)
        actor = specialist_of(deps, body)
        if actor is None:
            await refuse_outsider(client, body, lang)
            return
        ident = object_id(action.get("value"))
        if ident is None:
            await refuse(client, body, lang, Outcome(refused="refused.not_found"))
            return
        found: dict[str, str] = {}

        def work(uow: UnitOfWork) -> Outcome | None:
            return decide(uow, actor, ident, found)

        outcome = await run(deps, work)
        if not outcome.ok:
            await refuse(client, body, lang, outcome)
            return
        if done:
            await tell(client, body, t(done, lang, **found))
        await redraw(deps, client, kind, ident, pressed_on=card_location(body),
                     user_id=(body.get("user") or {}).get("id"), from_home=_from_home(body))

    @app.action(LINK_UNLOCK)
    async def unlock(ack: Any, body: dict[str, Any], action: dict[str, Any], client: Any) -> None:
        await ack()

        def decide(uow: UnitOfWork, actor: Actor, case_id: int, found: dict[str, str]) -> Outcome | None:
            case = uow.session.get(Case, case_id)
            guard = uow.session.get(TelegramLinkGuard, case_id, with_for_update=True)
            if case is None or guard is None:
                return Outcome(refused="refused.not_found")
            if guard.locked_at is None:  # someone unlocked it already (or a second click)
                return Outcome(refused="refused.already", params={"status": "unlocked"})
            unlock_link(uow, actor, case)
            found["ref"] = case.reference
            return None

        await _button(body, action, client, LINK_LOCK, decide, done="done.unlocked")

    def _flag(uow: UnitOfWork, flag_id: int) -> tuple[CaseFlag | None, Outcome | None]:
        flag = uow.session.get(CaseFlag, flag_id)
        if flag is None or flag.kind != "cannot_pay":
            return None, Outcome(refused="refused.not_found")
        if flag.cleared_at is not None:
            return None, Outcome(refused="refused.already", params={"status": f"reviewed, {flag.cleared_by or '—'}"})
        return flag, None

    @app.action(CANNOT_PAY_RESUME)
    async def resume(ack: Any, body: dict[str, Any], action: dict[str, Any], client: Any) -> None:
        await ack()

        def decide(uow: UnitOfWork, actor: Actor, flag_id: int, found: dict[str, str]) -> Outcome | None:
            flag, refused = _flag(uow, flag_id)
            if refused or flag is None:
                return refused
            review_cannot_pay(uow, actor, flag.case_id)
            return None

        await _button(body, action, client, CANNOT_PAY, decide)

    @app.action(CANNOT_PAY_KEEP)
    async def keep_paused(ack: Any, body: dict[str, Any], action: dict[str, Any], client: Any) -> None:
        await ack()

        def decide(uow: UnitOfWork, actor: Actor, flag_id: int, found: dict[str, str]) -> Outcome | None:
            flag, refused = _flag(uow, flag_id)
            if refused or flag is None:
                return refused
            keep_cannot_pay_paused(uow, actor, flag.case_id)
            return None

        await _button(body, action, client, CANNOT_PAY, decide)

    @app.action(COMPLAINT_HANDLE)
    async def handle(ack: Any, body: dict[str, Any], action: dict[str, Any], client: Any) -> None:
        await ack()
        complaint_id = object_id(action.get("value")) or 0

        def load(uow: UnitOfWork, lang: str) -> ComplaintCard | Outcome:
            _, refused = _open_complaint(uow, complaint_id)
            return refused or load_complaint(uow, complaint_id) or Outcome(refused="refused.not_found")

        await open_checked_modal(deps, client, body, load, complaint_modal)

    @app.view(COMPLAINT_VIEW)
    async def handled(ack: Any, body: dict[str, Any], view: dict[str, Any], client: Any) -> None:
        checked = await submitting_specialist(deps, ack, body, client, ANSWER)
        if checked is None:
            return
        lang, actor = checked
        meta = metadata_of(view)
        complaint_id = object_id(meta.get("id")) or 0
        answer = submitted((view.get("state") or {}).get("values") or {}, ANSWER)
        if not answer:
            await ack(response_action="errors", errors={ANSWER: t("modal.required", lang)})
            return

        def work(uow: UnitOfWork) -> Outcome | None:
            complaint, refused = _open_complaint(uow, complaint_id)
            if refused or complaint is None:
                return refused
            handle_complaint(uow, actor, complaint.reference, answer)
            return None

        outcome = await run(deps, work)
        if not outcome.ok:
            await ack(response_action="errors", errors={ANSWER: t(outcome.refused or "refused.error", lang,
                                                                  **outcome.params)[:2000]})
            return
        await ack()
        card = meta.get("card") if isinstance(meta.get("card"), dict) else None
        await redraw(deps, client, COMPLAINT, complaint_id, pressed_on=card,
                     user_id=(body.get("user") or {}).get("id"), from_home=card is None)
