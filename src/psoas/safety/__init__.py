"""Safety screening: red flags and conditions from data (safety/data/screening.toml).

psoas never diagnoses: screening only decides whether a self-guided session is sensible
and which exercises to leave out, and says why.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from psoas.safety.schema import ANSWERS, Answer, Effect, Question, Screening

__all__ = ["ANSWERS", "Answer", "Effect", "Question", "Screening", "load_screening"]


@cache
def load_screening() -> Screening:
    """The screening questions, messages and rules. Raises if the data file breaks the schema."""
    text = (resources.files("psoas.safety") / "data" / "screening.toml").read_text(encoding="utf-8")
    return Screening.model_validate(tomllib.loads(text))
