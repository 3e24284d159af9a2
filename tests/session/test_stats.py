"""Streaks and totals."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from psoas.progress.stats import streak_days, totals
from psoas.store.sessions import RepRecord, SessionRecord


def session_on(day: date, reps: int = 1, status: str = "completed") -> SessionRecord:
    at = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    return SessionRecord(
        1, at, at, status, None, None, tuple(RepRecord("cobra", None, i + 1, 15.0, at) for i in range(reps))
    )


TODAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("days_ago", "expected", "why"),
    [
        ([], 0, "nothing done"),
        ([0], 1, "today only"),
        ([0, 1, 2], 3, "three days in a row"),
        ([1, 2], 2, "today not done yet: the streak is still alive"),
        ([0, 2, 3], 1, "a gap breaks it"),
        ([2, 3], 0, "yesterday missed"),
        ([0, 0, 1], 2, "two sessions in one day count once"),
    ],
)
def test_streak(days_ago, expected, why) -> None:
    sessions = [session_on(TODAY - timedelta(days=d)) for d in days_ago]
    assert streak_days(sessions, today=TODAY, tz=UTC) == expected, why


def test_a_session_with_no_reps_does_not_count_as_a_day() -> None:
    assert streak_days([session_on(TODAY, reps=0, status="stopped")], today=TODAY, tz=UTC) == 0


def test_totals() -> None:
    sessions = [session_on(TODAY, 3), session_on(TODAY, 1, "stopped"), session_on(TODAY - timedelta(days=1), 2)]
    result = totals(sessions, tz=UTC)
    assert result == {"sessions": 3, "completed": 2, "days": 2, "reps": 6, "hold_minutes": 6 * 15 / 60}
