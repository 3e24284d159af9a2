"""Turn screening answers into a result: emergency, refer, caution or clear. Pure functions.

The rules are simple and all come from the data file: any emergency question answered yes
(or not sure) -> emergency; any other red flag -> refer; condition questions leave exercises
out, or out until a clinician clears them, or add a note; nothing -> clear.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from psoas.errors import UserError
from psoas.jsonfile import read_json
from psoas.safety import ANSWERS, Answer, Question, Screening, load_screening

Status = Literal["clear", "caution", "refer", "emergency"]
FULL_KINDS = ("emergency", "red_flag", "condition")

ANSWER_WORDS: dict[str, Answer] = {
    "yes": "yes",
    "y": "yes",
    "no": "no",
    "n": "no",
    "not_sure": "not_sure",
    "not sure": "not_sure",
    "notsure": "not_sure",
    "?": "not_sure",
    "ns": "not_sure",
}


def normalise_answer(value: object) -> Answer | None:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if not isinstance(value, str):
        return None
    return ANSWER_WORDS.get(value.strip().lower().replace("-", "_"))


def positive(answer: Answer | None) -> bool:
    """'Not sure' counts as yes (RESEARCH.md section 3)."""
    return answer in ("yes", "not_sure")


@dataclass(frozen=True)
class ExerciseEffect:
    exercise: str
    action: str
    reason: str
    question: str

    def to_json(self) -> dict[str, str]:
        return {"exercise": self.exercise, "action": self.action, "reason": self.reason, "question": self.question}


@dataclass(frozen=True)
class ScreeningResult:
    status: Status
    flags: tuple[str, ...] = ()  # ids of emergency / red-flag questions answered yes or not sure
    effects: tuple[ExerciseEffect, ...] = ()
    reasons: tuple[str, ...] = ()  # why the status (flagged questions, then condition effects)
    answers: Mapping[str, Answer] = field(default_factory=dict)

    @property
    def allows_session(self) -> bool:
        return self.status in ("clear", "caution")

    def excluded(self, cleared: Collection[str] = ()) -> list[str]:
        """Exercises left out: 'exclude' always, 'clinician_first' until the user records clearance."""
        out = [
            e.exercise
            for e in self.effects
            if e.action == "exclude" or (e.action == "clinician_first" and e.exercise not in cleared)
        ]
        return list(dict.fromkeys(out))

    def exclusion_reasons(self, cleared: Collection[str] = ()) -> dict[str, list[str]]:
        left_out = set(self.excluded(cleared))
        reasons: dict[str, list[str]] = {}
        for effect in self.effects:
            if effect.exercise in left_out and effect.action != "modify":
                reasons.setdefault(effect.exercise, []).append(effect.reason)
        return reasons

    def note_texts(self, cleared: Collection[str], cleared_text: str) -> list[tuple[str, str]]:
        """(exercise id, what to tell the user) for each note; a cleared exercise gets `cleared_text`."""
        return [
            (e.exercise, cleared_text if e.action == "clinician_first" and e.exercise in cleared else e.reason)
            for e in self.notes(cleared)
        ]

    def notes(self, cleared: Collection[str] = ()) -> list[ExerciseEffect]:
        """Effects that keep the exercise but change how to do it (and cleared ones)."""
        return [
            e for e in self.effects if e.action == "modify" or (e.action == "clinician_first" and e.exercise in cleared)
        ]

    def to_json(self, date: datetime | None = None, cleared: Collection[str] = ()) -> dict[str, Any]:
        return {
            "status": self.status,
            "date": date.isoformat() if date else None,
            "excluded": self.excluded(cleared),
            "reasons": list(self.reasons),
            "flags": list(self.flags),
            "effects": [e.to_json() for e in self.effects],
        }

    def stored(self) -> dict[str, Any]:
        """What the store keeps next to the answers."""
        data = self.to_json()
        del data["date"]
        return data

    @classmethod
    def from_stored(cls, data: Mapping[str, Any], answers: Mapping[str, Answer] | None = None) -> ScreeningResult:
        return cls(
            status=data["status"],
            flags=tuple(data.get("flags", ())),
            effects=tuple(ExerciseEffect(**e) for e in data.get("effects", ())),
            reasons=tuple(data.get("reasons", ())),
            answers=dict(answers or {}),
        )


def _flag_reason(question: Question, answer: Answer) -> str:
    said = "not sure" if answer == "not_sure" else "yes"
    return f"You answered {said} to: {question.text}"


def evaluate(answers: Mapping[str, Answer], screening: Screening | None = None) -> ScreeningResult:
    """The result of a full screening. Raises UserError when questions that matter are unanswered."""
    screening = screening or load_screening()
    known = {q.id: q for q in screening.questions}
    unknown = [key for key in answers if key not in known]
    if unknown:
        raise UserError(f"unknown screening question id(s): {', '.join(unknown)}; see: psoas screen --list --json")
    emergency = [q for q in screening.of_kind("emergency", "session_check") if positive(answers.get(q.id))]
    red = [q for q in screening.of_kind("red_flag") if positive(answers.get(q.id))]
    conditions = [q for q in screening.of_kind("condition") if positive(answers.get(q.id))]
    effects = tuple(ExerciseEffect(e.exercise, e.action, e.reason, q.id) for q in conditions for e in q.effects)
    if emergency or red:
        status: Status = "emergency" if emergency else "refer"
        flagged = emergency + red
    else:
        # A clear or caution result needs every question answered: a gap could hide a red flag.
        missing = [q.id for q in screening.of_kind(*FULL_KINDS) if q.id not in answers]
        if missing:
            raise UserError(
                f"screening answers missing for: {', '.join(missing)}; answer each with yes, no or not_sure"
            )
        status = "caution" if conditions else "clear"
        flagged = []
    reasons = [_flag_reason(q, answers[q.id]) for q in flagged] + [e.reason for e in effects]
    return ScreeningResult(status, tuple(q.id for q in flagged), effects, tuple(reasons), dict(answers))


def evaluate_session_check(answer: Answer, screening: Screening | None = None) -> ScreeningResult:
    screening = screening or load_screening()
    question = screening.of_kind("session_check")[0]
    if positive(answer):
        return ScreeningResult(
            "emergency", (question.id,), (), (_flag_reason(question, answer),), {question.id: answer}
        )
    return ScreeningResult("clear", answers={question.id: answer})


def parse_answers(raw: object) -> dict[str, Answer]:
    """Answers from a JSON object {question id: "yes" | "no" | "not_sure"}; one-line errors."""
    if not isinstance(raw, dict):
        raise UserError("the answers file must hold a JSON object of question id -> yes, no or not_sure")
    answers: dict[str, Answer] = {}
    for key, value in raw.items():
        answer = normalise_answer(value)
        if answer is None:
            raise UserError(f"answer for {key!r} must be one of {', '.join(ANSWERS)}, got {value!r}")
        answers[str(key)] = answer
    return answers


def read_answers_file(path: Path) -> dict[str, Answer]:
    return parse_answers(read_json(path, "answers file"))


PROMPT_HINT = " [y]es / [n]o / [?] not sure: "


def ask_answer(ask: Callable[[str], str], say: Callable[[str], None], text: str) -> Answer:
    """Ask one question until the reply is yes, no or not sure."""
    while True:
        answer = normalise_answer(ask(text + PROMPT_HINT))
        if answer is not None:
            return answer
        say("Please answer y (yes), n (no) or ? (not sure).")


def interview(
    ask: Callable[[str], str], say: Callable[[str], None], screening: Screening | None = None
) -> dict[str, Answer]:
    """Ask the full screening. Emergency questions come first; a positive one ends it at once."""
    screening = screening or load_screening()
    answers: dict[str, Answer] = {}
    say("Safety questions first. 'Not sure' counts as yes. " + screening.messages.disclaimer)
    for kinds in (("emergency",), ("red_flag",), ("condition",)):
        for question in screening.of_kind(*kinds):
            answers[question.id] = ask_answer(ask, say, question.text)
        if kinds == ("emergency",) and any(positive(a) for a in answers.values()):
            break
    return answers


def message_for(result: ScreeningResult, screening: Screening | None = None) -> str:
    messages = (screening or load_screening()).messages
    return {
        "emergency": messages.emergency,
        "refer": messages.refer,
        "caution": messages.caution,
        "clear": messages.clear,
    }[result.status]
