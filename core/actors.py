"""Who does something: every service call names its actor, and the audit log keeps it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ActorKind(StrEnum):
    CREDITOR_USER = "creditor_user"
    SPECIALIST = "specialist"
    ADMIN = "admin"
    DEBTOR = "debtor"
    SYSTEM = "system"


@dataclass(frozen=True)
class Actor:
    kind: ActorKind
    id: str | None = None
    label: str | None = None
    # a creditor user acts for exactly one creditor; a debtor for the cases bound to its chat
    creditor_id: int | None = None
    case_ids: frozenset[int] = frozenset()

    @classmethod
    def system(cls, label: str = "system") -> Actor:
        return cls(ActorKind.SYSTEM, label=label)

    @classmethod
    def creditor(cls, creditor_id: int, user_id: str | None = None, label: str | None = None) -> Actor:
        return cls(ActorKind.CREDITOR_USER, id=user_id, label=label, creditor_id=creditor_id)

    @classmethod
    def specialist(cls, user_id: str, label: str | None = None) -> Actor:
        return cls(ActorKind.SPECIALIST, id=user_id, label=label)

    @classmethod
    def debtor(cls, case_id: int, chat_id: str | None = None) -> Actor:
        return cls(ActorKind.DEBTOR, id=chat_id, case_ids=frozenset({case_id}))

    @property
    def is_agency(self) -> bool:
        return self.kind in (ActorKind.SPECIALIST, ActorKind.ADMIN, ActorKind.SYSTEM)
