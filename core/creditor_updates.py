"""Case events a creditor follows in their case thread (Slack): which events, and the outbox rows for them.

Called for every case event by record_event, in the same transaction, so a thread message is never lost or sent
for an event that was rolled back. Only creditors with a linked Slack workspace (and a case channel) get rows;
that lookup is cached per unit of work, so the dispatcher's many events cost no query each.

Rows go out on channel "creditor_update" to recipient "creditor:<id>" with a JSON body; the Slack transport
(bots/slack/outbound.py) posts the case's parent message once and every row as a reply in its thread. Kinds:
- "event": {"event": <case event kind>, "event_id", "actor", "data": <payload>} — from on_case_event;
- "contact": {"template", "channels": [...], "fourteen_day": bool} — letters/e-mails/Telegram messages sent,
  one row per case, template and day while it has not gone out (a letter and an e-mail of the same day are one
  reply);
- "paid", "decision_needed": queued by core.notifications.notify_creditor (payments, day-10 evaluation).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import inspect, select, update
from sqlalchemy.orm.attributes import set_committed_value

from core.clock import local_today
from core.db.models import Case, CaseEvent, ContactStep, OutboundMessage, SlackWorkspace
from core.notifications import CREDITOR_UPDATE, queue_message
from core.uow import UnitOfWork

_CACHE = "incasso.creditor_in_slack"  # per session: creditor id -> has a linked workspace with a case channel
_CONTACTS = "incasso.creditor_contact_rows"  # per session: (case, template, day) -> the row a second channel joins

# status changes the creditor hears about as such; the others come with a more telling event (dispute_opened,
# arrangement_accepted, "paid", "decision_needed", plan_laid_out, dispute_resolved, creditor_decision)
STATUS_REPLIES = frozenset({"withdrawn", "closed", "judicial"})
# day-10 outcomes not told otherwise: "escalated" comes as decision_needed, "paid" as paid
DAY10_REPLIES = frozenset({"waiting_for_14_day_term"})
EVENT_REPLIES = frozenset({
    "plan_laid_out",
    "payment_recorded",
    "arrangement_proposed",
    "arrangement_accepted",
    "arrangement_rejected",
    "arrangement_countered",
    "dispute_opened",
    "dispute_resolved",
    "creditor_consulted",
    "call_logged",
    "call_back_requested",
    "creditor_decision",
    "contact_reported",
    "specialist_assigned",
    "advice_sent",  # the advice with the buttons to decide (bots/slack/blocks/judicial.py)
    "judicial_step",
})
CONTACT_CHANNELS = frozenset({"letter", "email", "telegram"})


def creditor_update_wanted(kind: str, payload: dict[str, Any]) -> bool:
    """Does this case event become a reply in the creditor's case thread? (No database needed to decide.)"""
    if kind in EVENT_REPLIES:
        return True
    if kind == "status_changed":
        return payload.get("to") in STATUS_REPLIES
    if kind == "day10_evaluation":
        return payload.get("outcome") in DAY10_REPLIES
    return False


def creditor_in_slack(uow: UnitOfWork, creditor_id: int) -> bool:
    """Whether the creditor follows its cases in Slack, looked up once per unit of work and creditor."""
    cache: dict[int, bool] = uow.session.info.setdefault(_CACHE, {})
    if creditor_id not in cache:
        with uow.session.no_autoflush:  # a lookup, not a reason to write what the caller is still building
            found = uow.session.scalars(
                select(SlackWorkspace.id).where(
                    SlackWorkspace.creditor_id == creditor_id, SlackWorkspace.case_channel_id.is_not(None)
                )
            ).first()
        cache[creditor_id] = found is not None
    return cache[creditor_id]


def forget_creditor(uow: UnitOfWork, creditor_id: int) -> None:
    """After linking or unlinking a workspace within this unit of work."""
    uow.session.info.get(_CACHE, {}).pop(creditor_id, None)


def on_case_event(uow: UnitOfWork, case: Case, event: CaseEvent) -> OutboundMessage | None:
    payload = event.payload or {}
    if not creditor_update_wanted(event.kind, payload) or not creditor_in_slack(uow, case.creditor_id):
        return None
    if event.id is None:
        uow.session.flush()  # the event's id names the row: one thread reply per event, whoever delivers it
    body = {
        "kind": "event",
        "case": case.reference,
        "event": event.kind,
        "event_id": event.id,
        "actor": event.actor_label or event.actor_kind,
        "actor_kind": event.actor_kind,
        "data": payload,
    }
    return queue_message(
        uow,
        channel=CREDITOR_UPDATE,
        recipient=f"creditor:{case.creditor_id}",
        body=json.dumps(body, default=str, ensure_ascii=False),
        key=f"thread:event:{event.id}",
        case=case,
    )


def on_contact_sent(uow: UnitOfWork, case: Case | Any, step: ContactStep | Any) -> OutboundMessage | None:
    """A letter, e-mail or Telegram message of the plan went out (the dispatcher calls this for each done step;
    its bulk lane passes rows of cases and contact_steps, which have the same attribute names)."""
    if step.channel not in CONTACT_CHANNELS or not creditor_in_slack(uow, case.creditor_id):
        return None
    day = local_today(uow.clock)
    rows: dict[tuple[int, str, str], OutboundMessage] = uow.session.info.setdefault(_CONTACTS, {})
    slot = (case.id, step.template, day.isoformat())
    fourteen_day = step.template == "demand" and case.fourteen_day_letter_sent_on == day
    row = rows.get(slot)
    if row is not None and _join(uow, row, step.channel, fourteen_day):
        return row
    body = {"kind": "contact", "case": case.reference, "template": step.template, "channels": [step.channel],
            "fourteen_day": fourteen_day, "day": step.day_offset}
    row = queue_message(
        uow,
        channel=CREDITOR_UPDATE,
        recipient=f"creditor:{case.creditor_id}",
        body=json.dumps(body, ensure_ascii=False),
        key=f"thread:step:{step.id}",
        case=case,
    )
    rows[slot] = row
    return row


def _join(uow: UnitOfWork, row: OutboundMessage, channel: str, fourteen_day: bool) -> bool:
    """Add a channel to the day's reply, unless that reply may be on its way already (the dispatcher commits
    between slow steps, and a delivery worker may have leased it): then the channel gets a reply of its own."""
    body = json.loads(row.body)
    if channel not in body["channels"]:
        body["channels"].append(channel)
    body["fourteen_day"] = bool(body["fourteen_day"] or fourteen_day)
    text = json.dumps(body, ensure_ascii=False)
    if inspect(row).pending:  # not even flushed: nobody else can see it
        row.body = text
        return True
    joined = uow.session.execute(
        update(OutboundMessage)
        .where(OutboundMessage.id == row.id, OutboundMessage.status == "pending", OutboundMessage.attempts == 0,
               OutboundMessage.lease_until.is_(None))
        .values(body=text)
        .execution_options(synchronize_session=False)
    ).rowcount
    if joined:
        set_committed_value(row, "body", text)
    return bool(joined)
