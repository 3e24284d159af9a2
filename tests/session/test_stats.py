"""Streaks and totals."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from psoas.progress.stats import reps_counted, streak_days, totals
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


def test_totals_count_an_exercise_done_per_side_as_its_dose_does() -> None:
    at = datetime(2026, 11, 20, 12, tzinfo=UTC)
    reps = tuple(RepRecord("kneeling_hip_stretch", side, r, 10.0, at) for side in ("left", "right") for r in (1, 2, 3))
    one_side = reps[:3]
    sessions = [
        SessionRecord(1, at, at, "completed", None, None, reps),
        SessionRecord(2, at, at, "stopped", None, None, one_side),
    ]
    assert reps_counted(reps) == 3  # "3 each side", not 6
    assert reps_counted(one_side) == 1.5  # half the dose
    assert totals(sessions, tz=UTC)["reps"] == 4.5
    assert totals(sessions, tz=UTC)["hold_minutes"] == 9 * 10 / 60  # hold time is every second held
