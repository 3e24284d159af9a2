"""The validated shape of an exercise data file (library/data/<id>.toml)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Side = Literal["left", "right"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Tempo(_Strict):
    """Up/down timing of a rep that moves into its hold (the bridge)."""

    up_s: float = Field(gt=0, le=10)
    down_s: float = Field(gt=0, le=10)
    source: str = Field(min_length=10)


class Dose(_Strict):
    hold_s: float = Field(gt=0, le=120)
    reps: int = Field(ge=1, le=30)
    per_side: bool
    rest_s: float = Field(ge=0, le=120)
    tempo: Tempo | None = None
    source: str = Field(min_length=10, description="Where this default comes from.")


class FaultRule(_Strict):
    """A form fault the camera coach checks; `params` are read by the rule with this code."""

    code: str = Field(pattern=r"^[a-z_]+\.[a-z_]+$")
    title: str
    message: str = Field(description="Plain-words correction shown and spoken to the user.")
    params: dict[str, Any] = Field(default_factory=dict)
    source: str = Field(min_length=10)


class Exercise(_Strict):
    id: str = Field(pattern=r"^[a-z_]+$")
    name: str
    order: int
    stretches: str
    why: str
    setup: list[str] = Field(min_length=1)
    movement: list[str] = Field(min_length=1)
    cues: list[str] = Field(min_length=1)
    cautions: list[str] = Field(min_length=1)  # the first is the stop rule, shown during the session
    start_position: str
    hold_position: str
    first_side: Side = "left"
    # For an exercise done per side: how to set up for a side, with {side} and {other} filled in
    side_setup: str | None = None
    switch_s: float = Field(default=10, ge=0, le=60)
    dose: Dose
    faults: list[FaultRule] = Field(default_factory=list)

    @model_validator(mode="after")
    def _fault_codes_belong_here(self) -> Exercise:
        for rule in self.faults:
            if not rule.code.startswith(self.id + "."):
                raise ValueError(f"fault code {rule.code!r} must start with {self.id + '.'!r}")
        return self

    def user_texts(self) -> list[str]:
        """Every string a user may read or hear from this exercise."""
        texts = [self.name, self.stretches, self.why, self.start_position, self.hold_position]
        texts += self.setup + self.movement + self.cues + self.cautions
        texts += [self.side_setup] if self.side_setup else []
        texts += [f.title for f in self.faults] + [f.message for f in self.faults]
        return texts
