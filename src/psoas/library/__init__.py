"""The exercise library: one validated TOML file per exercise in library/data/."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from psoas.errors import UserError
from psoas.library.schema import Dose, Exercise, FaultRule, Tempo

__all__ = ["Dose", "Exercise", "FaultRule", "Tempo", "get_exercise", "load_library", "ROUTINE_IDS"]

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
