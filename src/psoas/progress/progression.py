"""Today's dose per exercise from the session history: pain-gated progression. Pure.

The history is replayed oldest first. Each exercise starts at its data file's start step;
days with a completed session and no pain rise move it up; a pain rise of `step_back_rise`
points, or a "this hurts" stop, moves it down. Every move is kept with its reason.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from statistics import fmean
from typing import Any

from psoas.library import Dose, Exercise
from psoas.progress.schema import Progression, load_progression
from psoas.store.sessions import SessionRecord
from psoas.words import plural


@dataclass(frozen=True)
class Change:
    day: date
    kind: str  # "advance" or "step_back"
    from_step: int
    to_step: int
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "kind": self.kind,
            "from_step": self.from_step + 1,
            "to_step": self.to_step + 1,
            "reason": self.reason,
        }


@dataclass
class ExerciseProgress:
    exercise: Exercise
    step: int
    steps: int
    dose: Dose
    days_at_step: int
    days_needed: int
    changes: list[Change] = field(default_factory=list)
    next_dose: Dose | None = None

    @property
    def reason(self) -> str:
        text = f"Step {self.step + 1} of {self.steps}."
        if self.changes:
            last = self.changes[-1]
            text += f" {'Advanced' if last.kind == 'advance' else 'Stepped back'} on {last.day}: {last.reason}."
        else:
            text += f" Starting dose (the exercise file's default; its source: psoas show {self.exercise.id})."
        if self.next_dose is None:
            text += " Top step: keep this dose."
        else:
            text += (
                f" {self.days_at_step} of {plural(self.days_needed, 'day')} done at this step with no pain rise;"
                f" then {_dose_short(self.next_dose)}."
            )
        return text

    def to_json(self) -> dict[str, Any]:
        dose = {
            "hold_s": self.dose.hold_s,
            "reps": self.dose.reps,
            "per_side": self.dose.per_side,
            "rest_s": self.dose.rest_s,
        }
        return {
            "id": self.exercise.id,
            "name": self.exercise.name,
            "dose": dose,
            "step": self.step + 1,
            "steps": self.steps,
            "days_at_step": self.days_at_step,
            "days_needed": self.days_needed,
            "reason": self.reason,
            "changes": [c.to_json() for c in self.changes],
        }


@dataclass
class PlanResult:
    today: date
    exercises: list[ExerciseProgress]
    advice: list[str]

    def doses(self) -> dict[str, Dose]:
        return {p.exercise.id: p.dose for p in self.exercises}

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.today.isoformat(),
            "exercises": [p.to_json() for p in self.exercises],
            "advice": self.advice,
        }


def _dose_short(dose: Dose) -> str:
    return f"{dose.reps} x {dose.hold_s:g} s" + (" each side" if dose.per_side else "")


def step_dose(exercise: Exercise, index: int, progression: Progression) -> Dose:
    steps = progression.steps_for(exercise.id)
    if steps is None:
        return exercise.dose
    step = steps.steps[index]
    update: dict[str, Any] = {"hold_s": step.hold_s, "reps": step.reps, "source": steps.source}
    if step.rest_s is not None:
        update["rest_s"] = step.rest_s
    return exercise.dose.model_copy(update=update)


def hurt_exercise(session: SessionRecord) -> str | None:
    """The exercise in progress when the user stopped with 'this hurts'."""
    planned = list((session.plan or {}).get("doses", {}))
    if not session.reps:
        return planned[0] if planned else None
    last = session.reps[-1].exercise_id
    dose = (session.plan or {}).get("doses", {}).get(last)
    if dose and last in planned:
        wanted = dose.get("reps", 0) * (2 if dose.get("per_side") else 1)
        done = sum(r.exercise_id == last for r in session.reps)
        later = planned[planned.index(last) + 1 :]
        if done >= wanted and later:
            return later[0]
    return last


def pain_rise(session: SessionRecord, previous: SessionRecord | None) -> int | None:
    """How much pain rose: during the session (after - before), or since the last session
    (before - last before, i.e. the next day's pain). None when no pain answers allow a comparison."""
    rises = []
    if session.pain_after is not None and session.pain_before is not None:
        rises.append(session.pain_after - session.pain_before)
    if previous is not None:
        if session.pain_before is not None and previous.pain_before is not None:
            rises.append(session.pain_before - previous.pain_before)
        elif session.pain_before is None and session.pain_after is not None and previous.pain_after is not None:
            rises.append(session.pain_after - previous.pain_after)
    return max(rises) if rises else None


def build_plan(
    sessions: Iterable[SessionRecord],
    exercises: Sequence[Exercise],
    now: datetime,
    tz: tzinfo | None = None,
    progression: Progression | None = None,
) -> PlanResult:
    progression = progression or load_progression()
    rules = progression.rules
    # A session stopped with nothing done says nothing about the dose: its pain answers count
    # neither in progression nor in the advice.
    history = sorted((s for s in sessions if s.counts_pain), key=lambda s: (s.started_at, s.id))
    state: dict[str, dict[str, Any]] = {}
    for exercise in exercises:
        steps = progression.steps_for(exercise.id)
        state[exercise.id] = {
            "step": steps.start_index if steps else 0,
            "count": len(steps.steps) if steps else 1,
            "days": set(),
            "changes": [],
        }

    def move(exercise_id: str, delta: int, day: date, reason: str) -> None:
        entry = state.get(exercise_id)
        if entry is None:
            return
        new = min(max(entry["step"] + delta, 0), entry["count"] - 1)
        entry["days"] = set()
        if new != entry["step"]:
            entry["changes"].append(Change(day, "advance" if delta > 0 else "step_back", entry["step"], new, reason))
            entry["step"] = new

    previous: SessionRecord | None = None  # the last session with a pain answer
    readings = PainReadings(progression)  # the history so far, for the advice at each session
    for session in history:
        readings.add(session)
        day = session.started_at.astimezone(tz).date()
        done = list(dict.fromkeys(r.exercise_id for r in session.reps))
        rise = pain_rise(session, previous)
        if session.status == "hurt":
            hurt = hurt_exercise(session)
            if hurt:
                move(hurt, -1, day, "the session was stopped with 'this hurts'")
        elif rise is not None and rise >= rules.step_back_rise:
            why = f"pain rose by {plural(rise, 'point')} {_pain_text(session, previous, rise)}"
            for exercise_id in done:
                move(exercise_id, -1, day, why)
        elif session.status == "completed":
            ok = (rise is not None and rise <= 0 and session.pain_after is not None) or (
                rise is None and not rules.require_pain_to_advance
            )
            # Pain creeping up across sessions, or not improving for weeks, holds every dose
            # where it is (the same test that brings the advice to see a clinician).
            ok = ok and not readings.advice(session.started_at)
            for exercise_id in done:
                entry = state.get(exercise_id)
                if not ok or entry is None:
                    continue
                entry["days"].add(day)
                if len(entry["days"]) >= rules.advance_after_days and entry["step"] < entry["count"] - 1:
                    move(exercise_id, +1, day, f"{plural(rules.advance_after_days, 'day')} done with no pain rise")
        if session.pain_before is not None or session.pain_after is not None:
            previous = session

    result = []
    for exercise in exercises:
        entry = state[exercise.id]
        top = entry["step"] >= entry["count"] - 1
        result.append(
            ExerciseProgress(
                exercise,
                entry["step"],
                entry["count"],
                step_dose(exercise, entry["step"], progression),
                len(entry["days"]),
                rules.advance_after_days,
                entry["changes"],
                None if top else step_dose(exercise, entry["step"] + 1, progression),
            )
        )
    return PlanResult(now.astimezone(tz).date(), result, readings.advice(now))


def _pain_text(session: SessionRecord, previous: SessionRecord | None, rise: int) -> str:
    """Say which comparison rose: within this session, or since the last one."""
    b, a = session.pain_before, session.pain_after
    if b is not None and a is not None and a - b == rise:
        return f"from {b} before the session to {a} after it"
    if previous is not None and previous.pain_before is not None and b is not None:
        return f"from {previous.pain_before} before the last session to {b} before this one"
    return f"from {previous.pain_after if previous else '?'} after the last session to {a} after this one"


class PainReadings:
    """Pain readings (pain before, else pain after) in time order, added one session at a time.

    `advice(now)` gives what `clinician_advice` gives over the sessions added so far, in
    O(log n): the window of recent readings is found by bisection, and only the first and last
    three readings of a window are ever averaged. So replaying a long history stays linear.
    """

    def __init__(self, progression: Progression | None = None) -> None:
        self._rules = (progression or load_progression()).advice
        self._readings: list[tuple[datetime, int]] = []  # sorted by (time, value)

    def add(self, session: SessionRecord) -> None:
        value = session.pain_before if session.pain_before is not None else session.pain_after
        if value is not None:
            insort(self._readings, (session.started_at, value))  # at the end, for a history in order

    def _ends(self, start: int) -> tuple[float, float]:
        """Mean of the first and of the last k readings from `start` on (k = 1 to 3, half at most)."""
        values = self._readings
        k = max(1, min(3, (len(values) - start) // 2))
        return fmean(v for _, v in values[start : start + k]), fmean(v for _, v in values[len(values) - k :])

    def advice(self, now: datetime) -> list[str]:
        rules, readings = self._rules, self._readings
        out: list[str] = []
        start = bisect_left(readings, (now - timedelta(days=rules.worsening_window_days),))
        recent = len(readings) - start
        if recent >= rules.min_readings and readings[-1][0] - readings[start][0] >= timedelta(days=rules.min_span_days):
            first, last = self._ends(start)
            if last - first >= rules.worsening_points:
                out.append(rules.worsening_message.format(points=rules.worsening_points))
        if readings and readings[0][0] <= now - timedelta(days=rules.no_improvement_days) and len(readings) >= 2:
            first, last = self._ends(0)
            if first >= rules.min_start_pain and last >= first and not out:
                out.append(rules.no_improvement_message)
        return out


def clinician_advice(
    sessions: Iterable[SessionRecord], now: datetime, progression: Progression | None = None
) -> list[str]:
    """Messages advising a clinician when pain worsens or does not improve (RESEARCH.md 3-4).

    Worsening: over the last `worsening_window_days`, the mean of the last 3 readings is
    `worsening_points` above the mean of the first 3. No improvement: the first reading is
    `no_improvement_days` old, started at `min_start_pain` or more, and the last 3 are no lower.
    Sessions stopped with nothing done are not counted."""
    readings = PainReadings(progression)
    for session in sorted((s for s in sessions if s.counts_pain), key=lambda s: (s.started_at, s.id)):
        readings.add(session)
    return readings.advice(now)
