"""Case events a creditor follows in their case thread (Slack): which events, and the outbox rows for them.

Called for every case event by record_event, in the same transaction, so a thread message is never lost or sent
for an event that was rolled back.
"""

from __future__ import annotations

from core.db.models import Case, CaseEvent
from core.uow import UnitOfWork


def on_case_event(uow: UnitOfWork, case: Case, event: CaseEvent) -> None:
    return None
