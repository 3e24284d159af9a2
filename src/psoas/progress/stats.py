"""Streaks and totals over session records. Pure: the date of 'today' is passed in."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from psoas.store.sessions import RepRecord, SessionRecord


def active_days(sessions: Iterable[SessionRecord], tz: tzinfo | None = None) -> set[date]:
    """Local calendar days on which at least one rep was done."""
    return {s.started_at.astimezone(tz).date() for s in sessions if s.reps}


def streak_days(sessions: Iterable[SessionRecord], today: date | None = None, tz: tzinfo | None = None) -> int:
    """Consecutive days done, ending today, or yesterday when today is not done yet."""
    days = active_days(sessions, tz)
    today = today or datetime.now(tz).date()
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def reps_counted(reps: Iterable[RepRecord]) -> float:
    """Reps counted as the dose counts them: an exercise done per side ("3 each side") counts
    3 for 3 left and 3 right, not 6. A rep on one side only counts as half a rep."""
    return sum(0.5 if rep.side else 1.0 for rep in reps)


def totals(sessions: list[SessionRecord], tz: tzinfo | None = None) -> dict[str, Any]:
    return {
        "sessions": len(sessions),
        "completed": sum(s.status == "completed" for s in sessions),
        "days": len(active_days(sessions, tz)),
        "reps": sum(reps_counted(s.reps) for s in sessions),
        "hold_minutes": sum(r.hold_s for s in sessions for r in s.reps) / 60,
    }
