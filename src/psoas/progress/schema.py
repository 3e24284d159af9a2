"""The validated shape of progress/data/progression.toml."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DoseStep(_Strict):
    hold_s: float = Field(gt=0, le=120)
    reps: int = Field(ge=1, le=30)
    rest_s: float | None = Field(default=None, ge=0, le=120)
    start: bool = False


class ExerciseSteps(_Strict):
    id: str = Field(pattern=r"^[a-z_]+$")
    source: str = Field(min_length=10)
    steps: list[DoseStep] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_start(self) -> ExerciseSteps:
        if sum(s.start for s in self.steps) != 1:
            raise ValueError(f"{self.id}: exactly one step must be marked start = true")
        return self

    @property
    def start_index(self) -> int:
        return next(i for i, s in enumerate(self.steps) if s.start)


class Rules(_Strict):
    advance_after_days: int = Field(ge=1, le=60)
    require_pain_to_advance: bool
    step_back_rise: int = Field(ge=1, le=10)
    source: str = Field(min_length=10)


class Advice(_Strict):
    worsening_window_days: int = Field(ge=1)
    worsening_points: float = Field(gt=0, le=10)
    min_readings: int = Field(ge=2)
    min_span_days: int = Field(ge=0)
    no_improvement_days: int = Field(ge=1)
    min_start_pain: float = Field(ge=0, le=10)
    worsening_message: str
    no_improvement_message: str
    source: str = Field(min_length=10)


class ReportRules(_Strict):
    meaningful_change_points: float = Field(gt=0, le=10)
    calendar_weeks: int = Field(ge=1, le=53)
    adherence_window_days: int = Field(ge=1, le=365)
    source: str = Field(min_length=10)


class Progression(_Strict):
    rules: Rules
    advice: Advice
    report: ReportRules
    exercises: list[ExerciseSteps]

    @model_validator(mode="after")
    def _unique(self) -> Progression:
        ids = [e.id for e in self.exercises]
        if len(ids) != len(set(ids)):
            raise ValueError("exercise ids must be unique")
        return self

    def steps_for(self, exercise_id: str) -> ExerciseSteps | None:
        return next((e for e in self.exercises if e.id == exercise_id), None)


@cache
def load_progression() -> Progression:
    text = (resources.files("psoas.progress") / "data" / "progression.toml").read_text(encoding="utf-8")
    return Progression.model_validate(tomllib.loads(text))
