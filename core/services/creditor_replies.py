"""A creditor answers in its case thread (e.g. to a specialist's question about a dispute): the answer becomes a
case event ("creditor_replied") and reaches the specialists. Once per chat message: a repeat of the same message
(same source id) changes nothing."""

from __future__ import annotations

from sqlalchemy import select

from core.actors import Actor, ActorKind
from core.db.models import Case, CaseEvent
from core.errors import UserError
from core.notifications import alert_specialists
from core.services.case_access import load_case, record_event, require
from core.uow import UnitOfWork

MAX_REPLY = 4000


def record_creditor_reply(
    uow: UnitOfWork,
    actor: Actor,
    reference: str,
    text: str,
    *,
    source: str,
    attachments: list[str] | None = None,
) -> CaseEvent | None:
    """`source` names the message where it was written (e.g. "slack:T0/C0/1700000000.000100"); None if that message
    was recorded already. `attachments`: names of files sent with it (not stored here)."""
    require(actor, ActorKind.CREDITOR_USER, what="answering in a case thread")
    text = (text or "").strip()
    if not text and not attachments:
        raise UserError("text: the reply is empty")
    source = source[:200]
    case: Case = load_case(uow, actor, reference, for_update=True)
    earlier = uow.session.scalars(
        select(CaseEvent.payload).where(CaseEvent.case_id == case.id, CaseEvent.kind == "creditor_replied")
    )
    if any((p or {}).get("source") == source for p in earlier):
        return None
    clipped = text if len(text) <= MAX_REPLY else text[: MAX_REPLY - 1] + "…"
    payload: dict[str, object] = {"text": clipped, "source": source}
    if attachments:
        payload["attachments"] = [str(a)[:200] for a in attachments[:10]]
    event = record_event(uow, case, actor, "creditor_replied", payload)
    uow.session.flush()
    alert_specialists(uow, case, "creditor_replied", f"creditor-replied:{event.id}", event_id=event.id,
                      text=clipped, by=actor.label or actor.id or "", attachments=payload.get("attachments", []))
    return event
