"""Business days, contact hours and the laid-out plan: no contact at night, on Sundays or on public holidays."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.config import load_settings
from core.errors import UserError
from core.schedule.calendar import (
    AMSTERDAM,
    add_business_days,
    business_days_between,
    is_business_day,
    is_holiday,
    next_allowed_moment,
)
from core.schedule.plan import DEFAULT_PLAN, Channel, PlanError, Windows, lay_out, parse_plan

MESSAGE, PHONE = (8 * 60, 20 * 60), (9 * 60, 17 * 60)


def local(moment: datetime) -> datetime:
    return moment.astimezone(AMSTERDAM)


def test_business_days_skip_weekends_holidays_and_equated_days() -> None:
    assert is_holiday(date(2026, 5, 14))  # Ascension Day
    assert is_holiday(date(2026, 5, 15))  # the Friday after it, equated by decree
    assert is_holiday(date(2026, 5, 5))  # Liberation Day, every year under the Algemene termijnenwet
    assert not is_business_day(date(2026, 5, 16))
    assert add_business_days(date(2026, 5, 13), 1) == date(2026, 5, 18)
    assert add_business_days(date(2026, 5, 16), 0) == date(2026, 5, 18)  # a Saturday start counts from Monday
    assert business_days_between(date(2026, 5, 13), date(2026, 5, 19)) == 2


@pytest.mark.parametrize(
    ("moment", "window", "business_only", "expected"),
    [
        ("2026-06-03T12:00", MESSAGE, False, "2026-06-03T12:00"),  # inside: unchanged
        ("2026-06-03T20:00", MESSAGE, False, "2026-06-04T08:00"),  # 20:00 is already too late
        ("2026-06-03T06:59", MESSAGE, False, "2026-06-03T08:00"),
        ("2026-06-06T21:00", MESSAGE, False, "2026-06-08T08:00"),  # Saturday night -> not Sunday -> Monday
        ("2026-06-06T10:00", PHONE, True, "2026-06-08T09:00"),  # no phone tasks on Saturday
        ("2026-05-13T21:00", MESSAGE, False, "2026-05-16T08:00"),  # Ascension and the equated Friday skipped
        ("2026-12-24T19:30", MESSAGE, False, "2026-12-24T19:30"),
        ("2026-12-24T20:30", MESSAGE, False, "2026-12-28T08:00"),  # Christmas, Boxing Day (Sat), Sunday
    ],
)
def test_next_allowed_moment(moment: str, window, business_only: bool, expected: str) -> None:
    start = datetime.fromisoformat(moment).replace(tzinfo=AMSTERDAM)
    result = local(next_allowed_moment(start, window, business_only=business_only))
    assert result.strftime("%Y-%m-%dT%H:%M") == expected


@settings(max_examples=300, deadline=None)
@given(st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 12, 31)))
def test_every_planned_contact_is_within_legal_hours(start: datetime) -> None:
    start = start.replace(tzinfo=AMSTERDAM)
    due = lay_out(DEFAULT_PLAN, start, Windows())
    contacts = [(step, local(moment)) for step, moment in due if step.channel is not Channel.EVALUATION]
    for step, moment in contacts:
        assert moment >= start - timedelta(seconds=1)
        assert 7 <= moment.hour < 20 and moment.weekday() != 6 and not is_holiday(moment.date())
        if step.channel is Channel.PHONE:
            assert is_business_day(moment.date()) and 9 <= moment.hour < 17
    evaluation = next(local(m) for s, m in due if s.channel is Channel.EVALUATION)
    day0 = min(m for _, m in contacts).date()
    assert business_days_between(day0, evaluation.date()) in (10, 11)
    assert evaluation > max(m for _, m in contacts)


def test_a_creditor_plan_is_checked() -> None:
    plan = parse_plan(
        [
            {"day": 0, "channel": "email", "template": "demand", "condition": "has_email"},
            {"day": 5, "channel": "evaluation", "template": "day10"},
        ]
    )
    assert [s.channel for s in plan] == [Channel.EMAIL, Channel.EVALUATION]
    for bad in (
        [{"day": 0, "channel": "fax", "template": "demand"}],
        [{"day": 0, "channel": "email", "template": "demand"}],  # no evaluation
        [
            {"day": 9, "channel": "evaluation", "template": "day10"},
            {"day": 12, "channel": "email", "template": "reminder"},
        ],
    ):
        with pytest.raises(PlanError):
            parse_plan(bad)


def test_contact_hours_can_only_be_narrowed() -> None:
    assert load_settings(message_hours="09:00-18:00").window("message") == (540, 1080)
    for bad in ("06:30-20:00", "08:00-21:00", "8-20"):
        with pytest.raises(UserError, match="INCASSO_MESSAGE_HOURS"):
            load_settings(message_hours=bad)
