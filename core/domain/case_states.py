"""The life of a case as an explicit state machine: every allowed move is listed here and nowhere else."""

from __future__ import annotations

from enum import StrEnum

from core.errors import IllegalTransition


class CaseStatus(StrEnum):
    NEW = "new"  # filed; the contact plan is not laid out yet
    AMICABLE = "amicable"  # the 10-day amicable schedule runs
    ARRANGEMENT = "arrangement"  # an accepted payment arrangement is being paid off
    DISPUTED = "disputed"  # the debtor disputes; the schedule is paused
    AWAITING_CREDITOR = "awaiting_creditor"  # amicable phase over; advice sent, creditor must decide
    JUDICIAL = "judicial"  # creditor consented to court proceedings
    PAID = "paid"  # everything owed was received
    WITHDRAWN = "withdrawn"  # the creditor took the case back
    CLOSED = "closed"  # ended without full payment (uncollectable, dispute upheld, ...)


class CasePhase(StrEnum):
    AMICABLE = "amicable"
    JUDICIAL = "judicial"
    ENDED = "ended"


S = CaseStatus
_ENDINGS = (S.PAID, S.WITHDRAWN, S.CLOSED)

TRANSITIONS: dict[CaseStatus, tuple[CaseStatus, ...]] = {
    S.NEW: (S.AMICABLE, S.PAID, *_ENDINGS[1:]),
    S.AMICABLE: (S.ARRANGEMENT, S.DISPUTED, S.AWAITING_CREDITOR, *_ENDINGS),
    # a broken arrangement either resumes the schedule or goes to the creditor for a decision
    S.ARRANGEMENT: (S.AMICABLE, S.DISPUTED, S.AWAITING_CREDITOR, *_ENDINGS),
    # a rejected dispute resumes the schedule; an upheld one closes the case
    S.DISPUTED: (S.AMICABLE, S.ARRANGEMENT, S.AWAITING_CREDITOR, *_ENDINGS),
    # the creditor's decision: proceedings, more amicable time, or close
    S.AWAITING_CREDITOR: (S.JUDICIAL, S.AMICABLE, S.ARRANGEMENT, S.DISPUTED, *_ENDINGS),
    S.JUDICIAL: (S.ARRANGEMENT, *_ENDINGS),
    S.PAID: (),
    S.WITHDRAWN: (),
    S.CLOSED: (),
}

FINAL_STATUSES = frozenset(s for s, targets in TRANSITIONS.items() if not targets)
OPEN_STATUSES = frozenset(CaseStatus) - FINAL_STATUSES


def phase_of(status: CaseStatus) -> CasePhase:
    if status in FINAL_STATUSES:
        return CasePhase.ENDED
    if status is CaseStatus.JUDICIAL:
        return CasePhase.JUDICIAL
    return CasePhase.AMICABLE


def check_transition(reference: str, current: CaseStatus, target: CaseStatus) -> None:
    """Raise IllegalTransition unless `current -> target` is an allowed move."""
    allowed = TRANSITIONS[current]
    if target not in allowed:
        raise IllegalTransition(reference, current.value, target.value, tuple(a.value for a in allowed))
