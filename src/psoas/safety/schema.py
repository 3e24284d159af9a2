"""The validated shape of safety/data/screening.toml."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Kind = Literal["emergency", "red_flag", "condition", "session_check"]
Action = Literal["exclude", "clinician_first", "modify"]
# "cleared": yes, and a clinician has seen me about it and said this routine is fine. Only for a
# lasting red flag (a history that stays true), never for a current sign or an emergency.
Answer = Literal["yes", "no", "not_sure", "cleared"]
ANSWERS: tuple[Answer, ...] = ("yes", "no", "not_sure", "cleared")


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
    # Red flags only, and stated on each one: true for a history that stays true after a clinician
    # has seen it (past cancer), false for a current sign that must have gone (fever, night pain).
    lasting: bool | None = None
    lasting_reason: str | None = Field(default=None, min_length=10)

    @model_validator(mode="after")
    def _effects_only_on_conditions(self) -> Question:
        if self.kind == "condition" and not self.effects:
            raise ValueError(f"condition question {self.id!r} needs at least one effect")
        if self.kind != "condition" and self.effects:
            raise ValueError(f"only condition questions have effects ({self.id!r} is {self.kind})")
        if self.kind == "red_flag" and (self.lasting is None or self.lasting_reason is None):
            raise ValueError(f"red flag {self.id!r} must say lasting = true or false, with a lasting_reason")
        if self.kind != "red_flag" and (self.lasting or self.lasting_reason):
            # An emergency sign is never history to be cleared; conditions have their own clearance.
            raise ValueError(f"only red flags can be lasting ({self.id!r} is {self.kind})")
        return self

    @property
    def clearable(self) -> bool:
        """Whether the answer 'cleared' (a clinician has seen it and said the routine is fine) is allowed."""
        return self.kind == "red_flag" and bool(self.lasting)

    def to_json(self) -> dict[str, str | bool]:
        return {"id": self.id, "text": self.text, "kind": self.kind, "lasting": self.clearable}


class Messages(_Strict):
    emergency: str
    refer: str
    caution: str
    clear: str
    clear_with_cleared: str = Field(description="Instead of `clear` when the only red flags were cleared.")
    session_check_failed: str
    # One-line reasons `psoas start` exits with (exit 1) when the screening in force says no session.
    emergency_refusal: str
    refer_refusal: str
    session_check_refusal: str
    # One-line refusals of an unattended `psoas start` (no terminal to ask the questions).
    no_screening_unattended: str
    stale_unattended: str = Field(description="Formatted with {days}.")
    session_check_unattended: str
    stale: str
    red_flags_cleared: str = Field(description="Said for lasting red flags answered 'cleared'; {questions}, {days}.")
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
