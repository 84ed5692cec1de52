"""Bank credits without a case (or fitting several): assign to a case (a modal asking the reference) or ignore (a
modal asking why), through core.services.bank_statements. The card and the App Home show the outcome."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp

from bots.slack.blocks.modals import submitted
from bots.slack.blocks.queue_cards import (
    ASSIGN_VIEW,
    CREDIT_ASSIGN,
    CREDIT_IGNORE,
    IGNORE_REASON,
    IGNORE_VIEW,
    REFERENCE,
    CreditCard,
    assign_modal,
    ignore_modal,
)
from bots.slack.listeners.specialist.common import (
    Deps,
    Outcome,
    metadata_of,
    object_id,
    open_checked_modal,
    redraw,
    run,
    submitting_specialist,
)
from bots.slack.queue_loaders import CREDIT, load_credit
from bots.slack.specialist_texts import t
from core.db.models import BankTransaction
from core.errors import NotFound
from core.services.bank_statements import AMBIGUOUS, UNMATCHED, assign_transaction, ignore_transaction
from core.uow import UnitOfWork


def _queued(uow: UnitOfWork, transaction_id: int) -> Outcome | None:
    """None if the credit still waits for a decision, else why nothing can be done with it."""
    tx = uow.session.get(BankTransaction, transaction_id)
    if tx is None:
        return Outcome(refused="refused.not_found")
    if tx.status not in (UNMATCHED, AMBIGUOUS):
        return Outcome(refused="refused.already", params={"status": f"{tx.status}, {tx.resolved_by or '—'}"})
    return None


def register(app: AsyncApp, deps: Deps) -> None:
    async def _open_modal(body: dict[str, Any], action: dict[str, Any], client: Any, build: Any) -> None:
        transaction_id = object_id(action.get("value")) or 0

        def load(uow: UnitOfWork, lang: str) -> CreditCard | Outcome:
            return _queued(uow, transaction_id) or load_credit(uow, transaction_id) or Outcome(
                refused="refused.not_found")

        await open_checked_modal(deps, client, body, load, build)

    @app.action(CREDIT_ASSIGN)
    async def assign(ack: Any, body: dict[str, Any], action: dict[str, Any], client: Any) -> None:
        await ack()
        await _open_modal(body, action, client, assign_modal)

    @app.action(CREDIT_IGNORE)
    async def ignore(ack: Any, body: dict[str, Any], action: dict[str, Any], client: Any) -> None:
        await ack()
        await _open_modal(body, action, client, ignore_modal)

    async def _submitted(ack: Any, body: dict[str, Any], view: dict[str, Any], client: Any, field: str,
                         decide: Any) -> None:
        checked = await submitting_specialist(deps, ack, body, client, field)
        if checked is None:
            return
        lang, actor = checked
        meta = metadata_of(view)
        transaction_id = object_id(meta.get("id")) or 0
        entered = submitted((view.get("state") or {}).get("values") or {}, field)
        if not entered:
            await ack(response_action="errors", errors={field: t("modal.required", lang)})
            return

        def work(uow: UnitOfWork) -> Outcome | None:
            refused = _queued(uow, transaction_id)
            if refused:
                return refused
            return decide(uow, actor, transaction_id, entered)

        outcome = await run(deps, work)
        if outcome.invalid is not None:
            await ack(response_action="errors", errors={field: outcome.invalid.in_language(lang)})
            return
        if not outcome.ok:
            await ack(response_action="errors", errors={field: t(outcome.refused or "refused.error", lang,
                                                                 **outcome.params)[:2000]})
            return
        await ack()
        card = meta.get("card") if isinstance(meta.get("card"), dict) else None
        await redraw(deps, client, CREDIT, transaction_id, pressed_on=card,
                     user_id=(body.get("user") or {}).get("id"), from_home=card is None)

    @app.view(ASSIGN_VIEW)
    async def assign_submitted(ack: Any, body: dict[str, Any], view: dict[str, Any], client: Any) -> None:
        def decide(uow: UnitOfWork, actor: Any, transaction_id: int, reference: str) -> Outcome | None:
            try:
                with uow.session.begin_nested():
                    assign_transaction(uow, actor, transaction_id, reference)
            except NotFound:
                return Outcome(refused="refused.no_case", params={"ref": reference.strip().upper()[:30]})
            return None

        await _submitted(ack, body, view, client, REFERENCE, decide)

    @app.view(IGNORE_VIEW)
    async def ignore_submitted(ack: Any, body: dict[str, Any], view: dict[str, Any], client: Any) -> None:
        def decide(uow: UnitOfWork, actor: Any, transaction_id: int, reason: str) -> Outcome | None:
            ignore_transaction(uow, actor, transaction_id, reason)
            return None

        await _submitted(ack, body, view, client, IGNORE_REASON, decide)
