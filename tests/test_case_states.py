"""The case state machine: every listed move is allowed, every other move refused with a clear message."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.domain.case_states import (
    FINAL_STATUSES,
    TRANSITIONS,
    CasePhase,
    CaseStatus,
    check_transition,
    phase_of,
)
from core.errors import IllegalTransition

statuses = st.sampled_from(list(CaseStatus))


def test_the_main_roads_of_a_case_are_open() -> None:
    for a, b in [
        ("new", "amicable"),
        ("amicable", "paid"),
        ("amicable", "arrangement"),
        ("amicable", "disputed"),
        ("amicable", "awaiting_creditor"),
        ("awaiting_creditor", "judicial"),
        ("disputed", "amicable"),
        ("arrangement", "paid"),
        ("judicial", "paid"),
        ("amicable", "withdrawn"),
        ("awaiting_creditor", "closed"),
    ]:
        check_transition("INC-2026-000001", CaseStatus(a), CaseStatus(b))


def test_final_states_have_no_way_out() -> None:
    assert {CaseStatus.PAID, CaseStatus.WITHDRAWN, CaseStatus.CLOSED} == FINAL_STATUSES
    with pytest.raises(IllegalTransition, match="cannot become amicable"):
        check_transition("INC-2026-000001", CaseStatus.PAID, CaseStatus.AMICABLE)


def test_no_court_without_the_creditors_decision() -> None:
    for status in CaseStatus:
        if status is not CaseStatus.AWAITING_CREDITOR:
            assert CaseStatus.JUDICIAL not in TRANSITIONS[status]


@given(statuses, statuses)
def test_a_move_is_allowed_exactly_when_listed(current: CaseStatus, target: CaseStatus) -> None:
    if target in TRANSITIONS[current]:
        check_transition("INC-2026-000009", current, target)
    else:
        with pytest.raises(IllegalTransition) as info:
            check_transition("INC-2026-000009", current, target)
        message = str(info.value)
        assert "INC-2026-000009" in message and current.value in message and target.value in message


@given(st.lists(statuses, max_size=12))
def test_every_walk_along_allowed_moves_keeps_phase_consistent(path: list[CaseStatus]) -> None:
    current = CaseStatus.NEW
    for target in path:
        if target in TRANSITIONS[current]:
            current = target
    expected = (
        CasePhase.ENDED
        if current in FINAL_STATUSES
        else CasePhase.JUDICIAL
        if current is CaseStatus.JUDICIAL
        else CasePhase.AMICABLE
    )
    assert phase_of(current) is expected


def test_every_open_status_can_reach_an_end() -> None:
    for start in CaseStatus:
        seen, frontier = {start}, [start]
        while frontier:
            for nxt in TRANSITIONS[frontier.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    frontier.append(nxt)
        assert seen & FINAL_STATUSES or start in FINAL_STATUSES
