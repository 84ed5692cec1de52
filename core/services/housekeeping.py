"""Forgetting what is only kept to recognise a repeat, once no repeat can come any more.

Telegram redelivers an update for at most 24 hours and Slack retries an event within the hour (a double click is
seconds apart); the API's Idempotency-Key promise is documented as 30 days. Rows older than that are dead weight
on every insert's unique index. Case data, the audit log and the outbox are never pruned here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete

from core.db.models import IdempotentRequest, SlackReceipt, TelegramUpdate
from core.uow import UnitOfWork

TELEGRAM_UPDATES_KEPT = timedelta(days=7)
SLACK_RECEIPTS_KEPT = timedelta(days=7)
IDEMPOTENCY_KEYS_KEPT = timedelta(days=30)


@dataclass(frozen=True)
class Pruned:
    telegram_updates: int
    slack_receipts: int
    idempotency_keys: int

    def summary(self) -> str:
        return (f"{self.telegram_updates} Telegram update id(s), {self.slack_receipts} Slack receipt(s), "
                f"{self.idempotency_keys} API idempotency key(s)")


def prune_receipts(uow: UnitOfWork) -> Pruned:
    """Delete the receipts older than their keeping period and commit."""
    now = uow.clock.now()
    session = uow.session
    pruned = Pruned(
        telegram_updates=session.execute(
            delete(TelegramUpdate).where(TelegramUpdate.received_at < now - TELEGRAM_UPDATES_KEPT)
        ).rowcount,
        slack_receipts=session.execute(
            delete(SlackReceipt).where(SlackReceipt.received_at < now - SLACK_RECEIPTS_KEPT)
        ).rowcount,
        idempotency_keys=session.execute(
            delete(IdempotentRequest).where(IdempotentRequest.created_at < now - IDEMPOTENCY_KEYS_KEPT)
        ).rowcount,
    )
    uow.commit()
    return pruned
