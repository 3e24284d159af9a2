"""The numbers behind the progress report, taken from session records. Pure (no matplotlib)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from statistics import fmean

from psoas.progress.schema import ReportRules, load_progression
from psoas.progress.stats import active_days, reps_counted, streak_days
from psoas.store.sessions import RepRecord, SessionRecord


@dataclass
class ExerciseSeries:
    """Per session in which the exercise was done: when, reps done and mean hold (s).

    Reps are counted as the dose counts them: per side for the kneeling stretch (3 left and 3
    right is 3, "3 each side"), not added together."""

    exercise_id: str
    times: list[datetime] = field(default_factory=list)
    reps: list[float] = field(default_factory=list)
    mean_hold_s: list[float] = field(default_factory=list)
    per_side: bool = False


@dataclass
class FormSeries:
    """Per session the camera watched (one rep or more it confirmed), oldest first: when, the reps it
    confirmed, and per fault code the number of those reps in which the fault was seen."""

    times: list[datetime] = field(default_factory=list)
    camera_reps: list[int] = field(default_factory=list)
    faults: dict[str, list[int]] = field(default_factory=dict)  # code -> one count per session, codes sorted

    def per_session(self) -> list[int]:
        """Faults seen in each session (a rep with two faults counts two)."""
        return [sum(counts) for counts in zip(*self.faults.values(), strict=True)] or [0] * len(self.times)


def form_series(history: list[SessionRecord], tz: tzinfo | None = None) -> FormSeries | None:
    """The form chart's numbers; None before the first session the camera watched."""
    watched = [s for s in history if any(r.camera for r in s.reps)]
    if not watched:
        return None
    codes = sorted({code for s in watched for r in s.reps if r.camera for code in r.faults})
    form = FormSeries(faults={code: [] for code in codes})
    for s in watched:
        seen = [r for r in s.reps if r.camera]
        form.times.append(_local(s.started_at, tz))
        form.camera_reps.append(len(seen))
        for code in codes:
            form.faults[code].append(sum(code in r.faults for r in seen))
    return form


@dataclass
class ReportData:
    today: date
    pain_times: list[datetime]  # local, naive: what the chart shows
    pain_before: list[float]  # NaN where not recorded
    pain_after: list[float]
    band: tuple[float, float] | None  # meaningful-change band around the starting pain
    baseline: float | None
    change_points: float
    calendar_start: date  # a Monday
    calendar: list[list[int]]  # 7 rows (Mon..Sun) x weeks; 1 = done, 0 = not, -1 = future
    exercises: dict[str, ExerciseSeries]
    streak: int
    days_done: int
    adherence: float  # days done / days in the window (since the first session, at most the window)
    adherence_window: int
    sessions: int
    completed: int
    form: FormSeries | None = None  # the form chart: absent until a session the camera watched


def _local(moment: datetime, tz: tzinfo | None) -> datetime:
    return moment.astimezone(tz).replace(tzinfo=None)


def build_report_data(
    sessions: Iterable[SessionRecord], today: date, tz: tzinfo | None = None, rules: ReportRules | None = None
) -> ReportData:
    rules = rules or load_progression().report
    history = sorted(sessions, key=lambda s: (s.started_at, s.id))
    # A session stopped with nothing done does not count its pain answers (chart, baseline).
    with_pain = [s for s in history if (s.pain_before is not None or s.pain_after is not None) and s.counts_pain]
    nan = float("nan")
    pain_before = [float(s.pain_before) if s.pain_before is not None else nan for s in with_pain]
    pain_after = [float(s.pain_after) if s.pain_after is not None else nan for s in with_pain]
    firsts = [
        p for s in with_pain[:3] if (p := s.pain_before if s.pain_before is not None else s.pain_after) is not None
    ]
    baseline = fmean(firsts) if firsts else None
    band = (
        None
        if baseline is None
        else (max(0.0, baseline - rules.meaningful_change_points), min(10.0, baseline + rules.meaningful_change_points))
    )

    done = active_days(history, tz)
    monday = today - timedelta(days=today.weekday())
    start = monday - timedelta(weeks=rules.calendar_weeks - 1)
    calendar = [
        [
            -1 if start + timedelta(weeks=w, days=d) > today else int(start + timedelta(weeks=w, days=d) in done)
            for w in range(rules.calendar_weeks)
        ]
        for d in range(7)
    ]

    exercises: dict[str, ExerciseSeries] = {}
    for s in history:
        per: dict[str, list[RepRecord]] = {}
        for rep in s.reps:
            per.setdefault(rep.exercise_id, []).append(rep)
        for exercise_id, reps in per.items():
            series = exercises.setdefault(exercise_id, ExerciseSeries(exercise_id))
            series.per_side = series.per_side or any(r.side for r in reps)
            series.times.append(_local(s.started_at, tz))
            series.reps.append(reps_counted(reps))
            series.mean_hold_s.append(round(fmean(r.hold_s for r in reps), 3))

    if history:
        first = history[0].started_at.astimezone(tz).date()
        window = min(rules.adherence_window_days, (today - first).days + 1)
    else:
        window = rules.adherence_window_days
    window = max(window, 1)
    recent = {d for d in done if today - timedelta(days=window) < d <= today}
    return ReportData(
        today=today,
        pain_times=[_local(s.started_at, tz) for s in with_pain],
        pain_before=pain_before,
        pain_after=pain_after,
        band=band,
        baseline=baseline,
        change_points=rules.meaningful_change_points,
        calendar_start=start,
        calendar=calendar,
        exercises=exercises,
        streak=streak_days(history, today, tz),
        days_done=len(recent),
        adherence=len(recent) / window,
        adherence_window=window,
        sessions=len(history),
        completed=sum(s.status == "completed" for s in history),
        form=form_series(history, tz),
    )
