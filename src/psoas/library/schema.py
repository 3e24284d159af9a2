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
    # "hold": judged on the steady held stretch; "always": a difference in the whole posture (a
    # look-alike such as the sphinx for the cobra), judged whenever the exercise is recognised.
    checked: Literal["hold", "always"] = "hold"
    source: str = Field(min_length=10)


class Bound(_Strict):
    """A soft limit on one measured quantity (a geometry primitive of pose/recognize.py, named
    in `measure`): 0 beyond `zero`, 1 within `full`, linear between."""

    measure: str = Field(pattern=r"^[a-z_]+$")
    at_least: tuple[float, float] | None = Field(default=None, description="(zero, full), zero < full")
    at_most: tuple[float, float] | None = Field(default=None, description="(full, zero), full < zero")

    @model_validator(mode="after")
    def _one_direction(self) -> Bound:
        if (self.at_least is None) == (self.at_most is None):
            raise ValueError(f"{self.measure}: give exactly one of at_least or at_most")
        low, high = self.at_least or self.at_most  # type: ignore[misc]
        if not low < high:
            raise ValueError(f"{self.measure}: the two numbers must rise (at_least: zero, full; at_most: full, zero)")
        return self


class Constraint(_Strict):
    """One physical requirement of the exercise's posture, any phase and any common variant. Either
    one bound (measure + at_least/at_most) or `any_of`: alternatives, each a list of bounds that
    must all hold. The fit is the fuzzy AND (minimum) of all constraints."""

    name: str
    reason: str = Field(min_length=10, description="Why the body must do this, physically.")
    measure: str | None = Field(default=None, pattern=r"^[a-z_]+$")
    at_least: tuple[float, float] | None = None
    at_most: tuple[float, float] | None = None
    any_of: list[list[Bound]] | None = None

    @model_validator(mode="after")
    def _one_form(self) -> Constraint:
        single = self.measure is not None
        if single == (self.any_of is not None):
            raise ValueError(f"constraint {self.name!r}: give either a measure with a bound or any_of")
        if single:
            Bound(measure=self.measure, at_least=self.at_least, at_most=self.at_most)  # type: ignore[arg-type]
        elif self.at_least is not None or self.at_most is not None or not all(self.any_of or [[]]):
            raise ValueError(f"constraint {self.name!r}: any_of takes non-empty lists of bounds, no bound of its own")
        return self

    def alternatives(self) -> list[list[Bound]]:
        if self.any_of is not None:
            return self.any_of
        return [[Bound(measure=self.measure, at_least=self.at_least, at_most=self.at_most)]]  # type: ignore[arg-type]


class Progress(_Strict):
    """The one measure that tells how far into the stretch the pose is: `rest` at the start
    position, `hold` at the held stretch."""

    measure: str = Field(pattern=r"^[a-z_]+$")
    rest: float
    hold: float
    reason: str = Field(min_length=10)

    @model_validator(mode="after")
    def _rises(self) -> Progress:
        if not self.rest < self.hold:
            raise ValueError("progress: rest must be below hold")
        return self


class Recognition(_Strict):
    """Which exercise is this? Broad constraints every common variant meets; how well it is done
    is for the fault rules."""

    progress: Progress
    constraints: list[Constraint] = Field(min_length=1)


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
    recognition: Recognition | None = None

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
