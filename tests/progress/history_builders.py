"""Build simulated session histories through the real store, with an injected clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from psoas.store import RepRecord, SessionRecord

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # a Monday
DOSES = {"cobra": (15.0, 3, False), "kneeling_hip_stretch": (10.0, 3, True), "glute_bridge": (3.0, 5, False)}


def session(day: int, pain_before: int | None = None, pain_after: int | None = None, status: str = "completed",
            exercises: dict[str, tuple[float, int, bool]] | None = None, start: datetime = START,
            reps_done: int | None = None) -> SessionRecord:
    """One session on START + day days; every planned rep done unless reps_done cuts it short."""
    exercises = exercises or DOSES
    began = start + timedelta(days=day)
    reps, t = [], began
    for exercise_id, (hold, count, per_side) in exercises.items():
        for side in (("left", "right") if per_side else (None,)):
            for rep in range(1, count + 1):
                t += timedelta(seconds=hold + 5)
                reps.append(RepRecord(exercise_id, side, rep, hold, t))
    if reps_done is not None:
        reps = reps[:reps_done]
    plan = {"doses": {i: {"hold_s": h, "reps": c, "per_side": p, "rest_s": 5.0} for i, (h, c, p) in exercises.items()}}
    return SessionRecord(0, began, t, status, pain_before, pain_after, tuple(reps), plan)


def add_all(store, sessions) -> list[int]:  # noqa: ANN001
    return [store.sessions.add(s) for s in sessions]
