"""Events the session engine emits. Small frozen dataclasses; every front end reads the same stream."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from psoas.session.plan import Side, Step

SessionStatus = Literal["completed", "stopped", "hurt"]


@dataclass(frozen=True)
class SessionStarted:
    at: float
    exercise_ids: tuple[str, ...]
    total_steps: int
    total_s: float


@dataclass(frozen=True)
class ExerciseStarted:
    at: float
    exercise_id: str
    name: str
    index: int  # 0-based position in the session
    count: int


@dataclass(frozen=True)
class StepStarted:
    at: float
    step: Step
    index: int  # position in the whole session's steps
    next_step: Step | None


@dataclass(frozen=True)
class Tick:
    """Emitted once per whole second remaining in a step (for countdowns and voice)."""

    at: float
    step: Step
    remaining_s: int


@dataclass(frozen=True)
class StepEnded:
    at: float
    step: Step
    index: int
    skipped: bool


@dataclass(frozen=True)
class RepCompleted:
    at: float
    exercise_id: str
    side: Side | None
    rep: int
    hold_s: float


@dataclass(frozen=True)
class Paused:
    at: float


@dataclass(frozen=True)
class Resumed:
    at: float
    paused_s: float


@dataclass(frozen=True)
class ExerciseEnded:
    at: float
    exercise_id: str


@dataclass(frozen=True)
class SessionEnded:
    at: float
    status: SessionStatus


Event = (
    SessionStarted
    | ExerciseStarted
    | StepStarted
    | Tick
    | StepEnded
    | RepCompleted
    | Paused
    | Resumed
    | ExerciseEnded
    | SessionEnded
)
