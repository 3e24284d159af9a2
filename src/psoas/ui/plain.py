"""Unattended output: one plain line per event, for pipes, logs and tests."""

from __future__ import annotations

from collections.abc import Callable

from psoas.coach.events import CameraSwitched, Cue, RepConfirmed
from psoas.coach.texts import waiting_text
from psoas.library import get_exercise
from psoas.session.events import (
    Event,
    ExerciseStarted,
    Paused,
    RepCompleted,
    Resumed,
    SessionEnded,
    SessionStarted,
    StepEnded,
    StepStarted,
    Waiting,
)
from psoas.ui.messages import hurt_advice


def _clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class PlainView:
    """Writes one line per event with the session time (in engine seconds) in front."""

    def __init__(self, write: Callable[[str], None]) -> None:
        self._write = write
        self._t0: float | None = None

    def _line(self, at: float, text: str) -> None:
        if self._t0 is None:
            self._t0 = at
        self._write(f"[{_clock(at - self._t0)}] {text}")

    def __call__(self, event: Event | object) -> None:
        match event:
            case SessionStarted(at=at, exercise_ids=ids, total_s=total):
                plural = "s" if len(ids) != 1 else ""
                self._line(at, f"Session started: {len(ids)} exercise{plural}, about {max(1, round(total / 60))} min")
            case ExerciseStarted(at=at, exercise_id=ex_id, exercise_name=name, index=i, count=n):
                exercise = get_exercise(ex_id)
                self._line(at, f"Exercise {i + 1} of {n}: {name}")
                for text in exercise.setup + exercise.movement:
                    self._line(at, f"  - {text}")
                self._line(at, f"  ! {exercise.cautions[0]}")  # the stop rule
            case StepStarted(at=at, step=step, next_step=nxt):
                after = f" | next: {nxt.label()}" if nxt else ""
                self._line(at, f"{step.label()} ({step.duration_s:g} s){after}")
            case StepEnded(at=at, step=step, skipped=True):
                self._line(at, f"Skipped: {step.label()}")
            case RepCompleted(at=at, rep=rep, hold_s=hold):
                self._line(at, f"Rep {rep} done ({hold:g} s hold)")
            case Waiting(at=at, step=step, waiting_for=why):
                self._line(at, f"Waiting: {waiting_text(why, step.exercise_name)}")
            case Cue(at=at, text=text):
                self._line(at, f"Camera: {text}")
            case RepConfirmed(at=at, rep=rep, hold_s=hold, faults=faults):
                said = f"; {len(faults)} form fault{'s' if len(faults) != 1 else ''}" if faults else ""
                self._line(at, f"Camera saw rep {rep} ({hold:.1f} s hold{said})")
            case CameraSwitched(at=at, reason=reason):
                self._line(at, reason)
            case Paused(at=at):
                self._line(at, "Paused")
            case Resumed(at=at):
                self._line(at, "Resumed")
            case SessionEnded(at=at, status=status):
                self._line(at, f"Session {status}")
                if status == "hurt":
                    self._line(at, hurt_advice())
