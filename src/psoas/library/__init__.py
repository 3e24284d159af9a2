"""The exercise library: one validated TOML file per exercise in library/data/."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from psoas.errors import UserError
from psoas.library.schema import Dose, Exercise, FaultRule, Tempo

__all__ = [
    "Dose", "Exercise", "FaultRule", "Tempo", "fault_messages", "fault_titles", "get_exercise", "load_library",
    "ROUTINE_IDS",
]  # fmt: skip

ROUTINE_IDS = ("cobra", "kneeling_hip_stretch", "glute_bridge")


@cache
def load_library() -> tuple[Exercise, ...]:
    """All exercises, in routine order. Raises if a data file breaks the schema."""
    folder = resources.files("psoas.library") / "data"
    exercises = []
    for entry in folder.iterdir():
        if entry.name.endswith(".toml"):
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
            exercises.append(Exercise.model_validate(data))
    return tuple(sorted(exercises, key=lambda e: e.order))


def get_exercise(exercise_id: str) -> Exercise:
    for exercise in load_library():
        if exercise.id == exercise_id:
            return exercise
    valid = ", ".join(e.id for e in load_library())
    raise UserError(f"unknown exercise {exercise_id!r}; valid ids are: {valid}")


def fault_titles() -> dict[str, str]:
    """Every fault code's short title ("Hips leave the floor")."""
    return {rule.code: rule.title for exercise in load_library() for rule in exercise.faults}


def fault_messages() -> dict[str, str]:
    """Every fault code's correction, as said to the user."""
    return {rule.code: rule.message for exercise in load_library() for rule in exercise.faults}
