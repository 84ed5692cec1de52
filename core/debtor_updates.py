"""Case events a debtor hears about in a linked Telegram chat (payment received, decisions on their proposals).

Called for every case event by record_event, in the same transaction.
"""

from __future__ import annotations

from core.db.models import Case, CaseEvent
from core.uow import UnitOfWork


def on_case_event(uow: UnitOfWork, case: Case, event: CaseEvent) -> None:
    return None
