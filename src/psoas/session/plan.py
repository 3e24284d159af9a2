"""Turn exercise doses into a timeline of steps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from psoas.library import Dose, Exercise

StepKind = Literal["get_ready", "move_up", "hold", "move_down", "rest", "switch_sides"]
Side = Literal["left", "right"]

GET_READY_S = 10.0


@dataclass(frozen=True)
class Step:
    kind: StepKind
    exercise_id: str
    exercise_name: str
    duration_s: float
    side: Side | None = None
    rep: int = 0  # 1-based within this exercise and side; 0 for steps outside a rep
    reps: int = 0
    side_setup: str = ""  # how to set up for this side (e.g. "left knee down, right foot forward")

    @property
    def counts_as_rep(self) -> bool:
        """The hold step is the rep's: it counts once the hold completes (and, under a camera
        step policy, the person is seen back at rest)."""
        return self.kind == "hold"

    def label(self) -> str:
        side = f" ({self.side} hip)" if self.side else ""
        texts = {
            "get_ready": f"Get ready: {self.exercise_name}{side}" + (f", {self.side_setup}" if self.side_setup else ""),
            "move_up": f"Lift up - rep {self.rep} of {self.reps}{side}",
            "hold": f"Hold - rep {self.rep} of {self.reps}{side}",
            "move_down": f"Lower slowly - rep {self.rep} of {self.reps}{side}",
            "rest": f"Release and rest{side}",
            "switch_sides": f"Switch sides: now the {self.side} hip"
            + (f", {self.side_setup}" if self.side_setup else ""),
        }
        return texts[self.kind]


@dataclass(frozen=True)
class ExercisePlan:
    exercise: Exercise
    dose: Dose
    steps: tuple[Step, ...]

    @property
    def sides(self) -> tuple[Side | None, ...]:
        return tuple(dict.fromkeys(s.side for s in self.steps if s.kind == "hold"))


@dataclass(frozen=True)
class SessionPlan:
    exercises: tuple[ExercisePlan, ...]

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(step for plan in self.exercises for step in plan.steps)

    @property
    def total_s(self) -> float:
        return sum(step.duration_s for step in self.steps)


def _other(side: Side) -> Side:
    return "right" if side == "left" else "left"


def plan_exercise(exercise: Exercise, dose: Dose | None = None, get_ready_s: float = GET_READY_S) -> ExercisePlan:
    """Steps for one exercise: get ready, then per side: [up] hold [down] rest ..., switch sides."""
    dose = dose or exercise.dose
    steps: list[Step] = []
    name = exercise.name

    def step(kind: StepKind, duration: float, side: Side | None, rep: int = 0) -> Step:
        setup = ""
        if side is not None and exercise.side_setup and kind in ("get_ready", "switch_sides"):
            setup = exercise.side_setup.format(side=side, other=_other(side))
        return Step(kind, exercise.id, name, duration, side, rep, dose.reps, setup)

    sides: list[Side | None] = [exercise.first_side, _other(exercise.first_side)] if dose.per_side else [None]
    steps.append(step("get_ready", get_ready_s, sides[0]))
    for side_index, side in enumerate(sides):
        if side_index > 0:
            steps.append(step("switch_sides", exercise.switch_s, side))
        for rep in range(1, dose.reps + 1):
            if dose.tempo:
                steps.append(step("move_up", dose.tempo.up_s, side, rep))
            steps.append(step("hold", dose.hold_s, side, rep))
            if dose.tempo:
                steps.append(step("move_down", dose.tempo.down_s, side, rep))
            # No rest after the last rep of a side: the switch or the next exercise follows.
            if rep < dose.reps and dose.rest_s > 0:
                steps.append(step("rest", dose.rest_s, side, rep))
    return ExercisePlan(exercise, dose, tuple(steps))


def plan_session(
    exercises: list[Exercise] | tuple[Exercise, ...],
    doses: dict[str, Dose] | None = None,
    get_ready_s: float = GET_READY_S,
) -> SessionPlan:
    doses = doses or {}
    return SessionPlan(tuple(plan_exercise(e, doses.get(e.id), get_ready_s) for e in exercises))
