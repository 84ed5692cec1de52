"""The nightly housekeeping forgets receipts that can no longer be repeated, and nothing else."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from core.db.models import IdempotentRequest, SlackReceipt, TelegramUpdate
from core.services.housekeeping import prune_receipts
from tests.builders import make_creditor


def test_receipts_older_than_their_keeping_period_are_pruned(uow_factory, clock) -> None:
    now = clock.now()
    with uow_factory() as uow:
        creditor = make_creditor(uow)
        for days in (1, 6, 8, 40):
            moment = now - timedelta(days=days)
            uow.session.add(TelegramUpdate(update_id=days, received_at=moment))
            uow.session.add(SlackReceipt(key=f"event:{days}", team_id="T1", received_at=moment))
            uow.session.add(IdempotentRequest(creditor_id=creditor.id, key=f"k{days}", method="POST", path="/v1/claims",
                                              request_hash="0" * 64, status_code=201, response_body="{}",
                                              media_type="application/json", created_at=moment))
        uow.commit()

    with uow_factory() as uow:
        pruned = prune_receipts(uow)

    assert (pruned.telegram_updates, pruned.slack_receipts, pruned.idempotency_keys) == (2, 2, 1)
    assert pruned.summary() == "2 Telegram update id(s), 2 Slack receipt(s), 1 API idempotency key(s)"
    with uow_factory() as uow:
        assert sorted(uow.session.scalars(select(TelegramUpdate.update_id))) == [1, 6]
        assert sorted(uow.session.scalars(select(SlackReceipt.key))) == ["event:1", "event:6"]
        assert sorted(uow.session.scalars(select(IdempotentRequest.key))) == ["k1", "k6", "k8"]
    with uow_factory() as uow:  # a second run the same night finds nothing more
        assert prune_receipts(uow) == type(pruned)(0, 0, 0)
        assert uow.session.scalar(select(func.count()).select_from(TelegramUpdate)) == 2
