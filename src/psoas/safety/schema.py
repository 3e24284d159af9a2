"""The validated shape of safety/data/screening.toml."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Kind = Literal["emergency", "red_flag", "condition", "session_check"]
Action = Literal["exclude", "clinician_first", "modify"]
Answer = Literal["yes", "no", "not_sure"]
ANSWERS: tuple[Answer, ...] = ("yes", "no", "not_sure")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Effect(_Strict):
    """What a 'yes' to a condition question does to one exercise."""

    exercise: str = Field(pattern=r"^[a-z_]+$")
    action: Action
    reason: str = Field(min_length=10)


class Question(_Strict):
    id: str = Field(pattern=r"^[a-z_]+$")
    kind: Kind
    text: str = Field(min_length=10)
    source: str = Field(min_length=10)
    effects: list[Effect] = Field(default_factory=list)

    @model_validator(mode="after")
    def _effects_only_on_conditions(self) -> Question:
        if self.kind == "condition" and not self.effects:
            raise ValueError(f"condition question {self.id!r} needs at least one effect")
        if self.kind != "condition" and self.effects:
            raise ValueError(f"only condition questions have effects ({self.id!r} is {self.kind})")
        return self

    def to_json(self) -> dict[str, str]:
        return {"id": self.id, "text": self.text, "kind": self.kind}


class Messages(_Strict):
    emergency: str
    refer: str
    caution: str
    clear: str
    session_check_failed: str
    skipped_non_interactive: str
    stale: str
    disclaimer: str
    cleared: str = Field(description="Said for an exercise the user recorded as cleared by their clinician.")
    hurt: str = Field(description="Said when the user stops a session with 'this hurts'.")
    hurt_source: str = Field(min_length=10)
    source: str = Field(min_length=10)


class Screening(_Strict):
    valid_days: int = Field(ge=1, le=365)
    valid_days_source: str = Field(min_length=10)
    not_sure_counts_as_yes: bool
    not_sure_source: str = Field(min_length=10)
    messages: Messages
    questions: list[Question] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> Screening:
        ids = [q.id for q in self.questions]
        if len(ids) != len(set(ids)):
            raise ValueError("question ids must be unique")
        if not self.not_sure_counts_as_yes:
            raise ValueError("'not sure' must count as yes (RESEARCH.md section 3)")
        kinds = {q.kind for q in self.questions}
        for kind in ("emergency", "red_flag", "condition", "session_check"):
            if kind not in kinds:
                raise ValueError(f"no {kind} question")
        return self

    def of_kind(self, *kinds: str) -> list[Question]:
        return [q for q in self.questions if q.kind in kinds]
