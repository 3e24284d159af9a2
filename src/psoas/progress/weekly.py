"""Week-by-week summary of sessions (ISO weeks, Monday first, local days). Pure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, timedelta, tzinfo
from statistics import fmean
from typing import Any

from psoas.progress.stats import reps_counted
from psoas.store.sessions import SessionRecord


@dataclass(frozen=True)
class WeekSummary:
    week_start: date  # the Monday
    sessions: int
    completed: int
    days_done: int
    reps: float  # counted as the dose counts them: 3 left + 3 right is 3 (stats.reps_counted)
    hold_minutes: float
    pain_before_mean: float | None
    pain_after_mean: float | None

    @property
    def adherence(self) -> float:
        """Days done out of the 7 days of the week (the routine is daily)."""
        return self.days_done / 7

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["week_start"] = self.week_start.isoformat()
        data["week"] = "{}-W{:02d}".format(*self.week_start.isocalendar()[:2])
        data["adherence"] = round(self.adherence, 3)
        if float(self.reps).is_integer():
            data["reps"] = int(self.reps)  # a whole number stays an integer in the JSON
        return data


def _mean(values: list[int]) -> float | None:
    return round(fmean(values), 2) if values else None


def weekly_summary(sessions: Iterable[SessionRecord], tz: tzinfo | None = None) -> list[WeekSummary]:
    """One entry per week that has sessions, newest week first."""
    weeks: dict[date, list[SessionRecord]] = {}
    for s in sessions:
        day = s.started_at.astimezone(tz).date()
        weeks.setdefault(day - timedelta(days=day.weekday()), []).append(s)
    out = []
    for monday in sorted(weeks, reverse=True):
        group = weeks[monday]
        out.append(
            WeekSummary(
                week_start=monday,
                sessions=len(group),
                completed=sum(s.status == "completed" for s in group),
                days_done=len({s.started_at.astimezone(tz).date() for s in group if s.reps}),
                reps=sum(reps_counted(s.reps) for s in group),
                hold_minutes=round(sum(r.hold_s for s in group for r in s.reps) / 60, 2),
                # a session stopped with nothing done does not count its pain answers
                pain_before_mean=_mean([s.pain_before for s in group if s.pain_before is not None and s.counts_pain]),
                pain_after_mean=_mean([s.pain_after for s in group if s.pain_after is not None and s.counts_pain]),
            )
        )
    return out
