"""Builders shared by the tests: simulated session histories, a store clock, the CLI run in-process."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from psoas.store import RepRecord, SessionRecord

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # a Monday
# An unattended `psoas start` answers the pre-session check on the command line, or is refused.
SESSION_CHECK_NO = ("--session-check", "no")
DOSES = {"cobra": (15.0, 3, False), "kneeling_hip_stretch": (10.0, 3, True), "glute_bridge": (3.0, 5, False)}


def session(
    day: int,
    pain_before: int | None = None,
    pain_after: int | None = None,
    status: str = "completed",
    exercises: dict[str, tuple[float, int, bool]] | None = None,
    start: datetime = START,
    reps_done: int | None = None,
) -> SessionRecord:
    """One session on START + day days; every planned rep done unless reps_done cuts it short."""
    exercises = exercises or DOSES
    began = start + timedelta(days=day)
    reps, t = [], began
    for exercise_id, (hold, count, per_side) in exercises.items():
        for side in ("left", "right") if per_side else (None,):
            for rep in range(1, count + 1):
                t += timedelta(seconds=hold + 5)
                reps.append(RepRecord(exercise_id, side, rep, hold, t))
    if reps_done is not None:
        reps = reps[:reps_done]
    plan = {"doses": {i: {"hold_s": h, "reps": c, "per_side": p, "rest_s": 5.0} for i, (h, c, p) in exercises.items()}}
    return SessionRecord(0, began, t, status, pain_before, pain_after, tuple(reps), plan)


def full_answers(**overrides: str) -> dict[str, str]:
    """An answer for every full-screening question: 'no', except the ones given."""
    from psoas.safety import load_screening

    answers = {q.id: "no" for q in load_screening().questions if q.kind != "session_check"}
    return answers | overrides


def add_all(store, sessions) -> list[int]:  # noqa: ANN001
    return [store.sessions.add(s) for s in sessions]


class FakeNow:
    """An aware UTC clock for the store that tests move by hand."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def tick(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Result:
    code: int
    out: str
    err: str


def cli_runner(capsys, monkeypatch):  # noqa: ANN001, ANN201
    """`run(*args, stdin="")`: the real entry point in-process; returns code, stdout, stderr."""
    import io

    from psoas.cli import main

    def run(*args: str, stdin: str = "") -> Result:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        capsys.readouterr()
        try:
            main(list(args))
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run
