"""Events the session engine emits. Small frozen dataclasses; every front end reads the same stream."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from psoas.events import EventBase
from psoas.session.plan import Side, Step

SessionStatus = Literal["completed", "stopped", "hurt"]


TITLES = {"get_ready": "Get ready", "move_up": "Lift up", "hold": "Hold", "move_down": "Lower slowly",
          "rest": "Release and rest", "switch_sides": "Switch sides"}  # fmt: skip


@dataclass(frozen=True)
class SessionStarted(EventBase):
    name: ClassVar[str] = "session_started"

    at: float
    exercise_ids: tuple[str, ...]
    total_steps: int
    total_s: float


@dataclass(frozen=True)
class ExerciseStarted(EventBase):
    name: ClassVar[str] = "exercise_started"

    at: float
    exercise_id: str
    exercise_name: str
    index: int  # 0-based position in the session
    count: int

    def to_json(self) -> dict[str, Any]:
        return {**super().to_json(), "label": f"Exercise {self.index + 1} of {self.count}: {self.exercise_name}"}


@dataclass(frozen=True)
class StepStarted(EventBase):
    name: ClassVar[str] = "step_started"

    at: float
    step: Step
    index: int  # position in the whole session's steps
    next_step: Step | None

    def to_json(self) -> dict[str, Any]:
        """The fields, and the words a view shows (a page builds no text of its own)."""
        step = self.step
        return {
            **super().to_json(),
            "label": step.label(),
            "title": TITLES[step.kind],  # the step in a word or two, for large type beside rep_text and side_text
            "rep_text": f"Rep {step.rep} of {step.reps}" if step.rep else "",
            "side_text": f"{step.side.capitalize()} hip" if step.side else "",
            "next_label": f"Next: {self.next_step.label()}" if self.next_step else "Next: the end of the session",
            # which of the exercise's pictures shows this step: its start position, or the hold
            "position": "hold" if step.kind in ("move_up", "hold", "move_down") else "start",
        }


@dataclass(frozen=True)
class Tick(EventBase):
    """Emitted once per whole second remaining in a step (for countdowns and voice)."""

    name: ClassVar[str] = "tick"

    at: float
    step: Step
    remaining_s: int


@dataclass(frozen=True)
class Waiting(EventBase):
    """The step's countdown is held (a camera step policy): waiting for `waiting_for`."""

    name: ClassVar[str] = "waiting"

    at: float
    step: Step
    waiting_for: str

    def to_json(self) -> dict[str, Any]:
        from psoas.coach.texts import waiting_text  # words only (no logic): what the countdown waits for

        return {**super().to_json(), "text": waiting_text(self.waiting_for, self.step.exercise_name)}


@dataclass(frozen=True)
class Going(EventBase):
    """The held countdown runs again after `waited_s`."""

    name: ClassVar[str] = "going"

    at: float
    step: Step
    waited_s: float


@dataclass(frozen=True)
class StepEnded(EventBase):
    name: ClassVar[str] = "step_ended"

    at: float
    step: Step
    index: int
    skipped: bool


@dataclass(frozen=True)
class RepCompleted(EventBase):
    name: ClassVar[str] = "rep_completed"

    at: float
    exercise_id: str
    side: Side | None
    rep: int
    hold_s: float


@dataclass(frozen=True)
class Paused(EventBase):
    name: ClassVar[str] = "paused"

    at: float


@dataclass(frozen=True)
class Resumed(EventBase):
    name: ClassVar[str] = "resumed"

    at: float
    paused_s: float


@dataclass(frozen=True)
class ExerciseEnded(EventBase):
    name: ClassVar[str] = "exercise_ended"

    at: float
    exercise_id: str


@dataclass(frozen=True)
class SessionEnded(EventBase):
    name: ClassVar[str] = "session_ended"

    at: float
    status: SessionStatus


Event = (
    SessionStarted
    | ExerciseStarted
    | StepStarted
    | Tick
    | Waiting
    | Going
    | StepEnded
    | RepCompleted
    | Paused
    | Resumed
    | ExerciseEnded
    | SessionEnded
)
