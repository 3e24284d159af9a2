"""Step policies: what ends a step. The engine asks its policy about the current step whenever
it polls or is given an observation.

TimerPolicy (the default) ends every step on the clock. A camera policy (psoas.coach.camera)
holds a step's countdown until the position is seen and ends steps on what the camera sees.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from psoas.session.plan import Step


@dataclass(frozen=True)
class Verdict:
    """The policy's word on the current step at one moment."""

    runs: bool = True  # the step's countdown runs (False: held, waiting for `waiting_for`)
    may_end: bool = True  # the step may end when its countdown reaches 0 (False: it waits there)
    end_now: bool = False  # the step is over now, whatever its countdown says
    waiting_for: str = ""  # what a held countdown waits for (a key of psoas.coach.texts.WAITING)


GO = Verdict()


class StepPolicy(Protocol):
    def verdict(self, step: Step, elapsed_s: float, now: float) -> Verdict:
        """`elapsed_s`: the step's countdown so far; `now`: the engine's clock (pauses excluded)."""
        ...

    def step_started(self, step: Step, now: float) -> None: ...

    def observe(self, observation: object, now: float) -> None:
        """What the camera sees now (the policy keeps what it needs)."""
        ...

    def rep_counts(self, step: Step, now: float) -> bool:
        """Whether the rep of the hold step `step`, whose countdown has completed, counts now.
        Asked when it completes and then whenever the engine polls, until True."""
        ...


class TimerPolicy:
    """Every step runs its planned time."""

    def verdict(self, step: Step, elapsed_s: float, now: float) -> Verdict:
        return GO

    def step_started(self, step: Step, now: float) -> None:
        return None

    def observe(self, observation: object, now: float) -> None:
        return None

    def rep_counts(self, step: Step, now: float) -> bool:
        return True  # a rep counts when its hold's time is up
