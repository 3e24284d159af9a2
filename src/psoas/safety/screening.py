"""Turn screening answers into a result: emergency, refer, caution or clear. Pure functions.

The rules are simple and all come from the data file: any emergency question answered yes
(or not sure) -> emergency; any other red flag -> refer, unless it is a lasting one (a history,
such as past cancer) answered "cleared" (a clinician has seen it and said this routine is fine);
condition questions leave exercises out, or out until a clinician clears them, or add a note;
nothing -> clear.
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
    "cleared": "cleared",
    "c": "cleared",
}


def normalise_answer(value: object) -> Answer | None:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if not isinstance(value, str):
        return None
    return ANSWER_WORDS.get(value.strip().lower().replace("-", "_"))


def positive(answer: Answer | None) -> bool:
    """'Not sure' counts as yes (RESEARCH.md section 3). 'Cleared' is a yes a clinician has seen:
    it is allowed only on lasting red flags, which `check_cleared` makes sure of first."""
    return answer in ("yes", "not_sure")


def _not_clearable(question: Question) -> str:
    if question.kind == "red_flag":
        return "a current sign, which must have gone"
    if question.kind == "condition":
        return "a condition question (for an exercise your clinician has cleared: psoas config set cleared ID)"
    return "an emergency sign" if question.kind == "emergency" else "the pre-session check"


def check_cleared(answers: Mapping[str, Answer], screening: Screening) -> None:
    """'cleared' only for a lasting red flag: one-line UserError (exit 2) for any other question."""
    known = {q.id: q for q in screening.questions}
    for key, answer in answers.items():
        question = known.get(key)
        if answer == "cleared" and question is not None and not question.clearable:
            raise UserError(
                f"'cleared' is only for a lasting history a clinician has seen; {key!r} is"
                f" {_not_clearable(question)}: answer yes, no or not_sure"
            )


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
    cleared: tuple[str, ...] = ()  # lasting red flags a clinician has seen and said the routine is fine

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

    def to_json(self, date: datetime | None = None, cleared_exercises: Collection[str] = ()) -> dict[str, Any]:
        return {
            "status": self.status,
            "date": date.isoformat() if date else None,
            "excluded": self.excluded(cleared_exercises),
            "reasons": list(self.reasons),
            "flags": list(self.flags),
            "effects": [e.to_json() for e in self.effects],
            "cleared": list(self.cleared),  # question ids; the clearance dates from `date`
        }

    def stored(self) -> dict[str, Any]:
        """What the store keeps next to the answers."""
        data = self.to_json()
        del data["date"]
        return data

    @classmethod
    def from_stored(cls, data: Mapping[str, Any], answers: Mapping[str, Answer] | None = None) -> ScreeningResult:
        answers = dict(answers or {})
        cleared = data["cleared"] if "cleared" in data else [k for k, a in answers.items() if a == "cleared"]
        return cls(
            status=data["status"],
            flags=tuple(data.get("flags", ())),
            effects=tuple(ExerciseEffect(**e) for e in data.get("effects", ())),
            reasons=tuple(data.get("reasons", ())),
            answers=answers,
            cleared=tuple(cleared),
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
    check_cleared(answers, screening)
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
                " (or cleared, for a lasting history a clinician has seen)"
            )
        status = "caution" if conditions else "clear"
        flagged = []
    reasons = [_flag_reason(q, answers[q.id]) for q in flagged] + [e.reason for e in effects]
    cleared = tuple(q.id for q in screening.of_kind("red_flag") if answers.get(q.id) == "cleared")
    return ScreeningResult(status, tuple(q.id for q in flagged), effects, tuple(reasons), dict(answers), cleared)


def evaluate_session_check(answer: Answer, screening: Screening | None = None) -> ScreeningResult:
    screening = screening or load_screening()
    question = screening.of_kind("session_check")[0]
    check_cleared({question.id: answer}, screening)
    if positive(answer):
        return ScreeningResult(
            "emergency", (question.id,), (), (_flag_reason(question, answer),), {question.id: answer}
        )
    return ScreeningResult("clear", answers={question.id: answer})


def parse_answers(raw: object) -> dict[str, Answer]:
    """Answers from a JSON object {question id: "yes" | "no" | "not_sure" | "cleared"}; one-line errors.

    Whether "cleared" is allowed for a question is checked by `evaluate`."""
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
CLEARED_HINT = (
    " [y]es / [n]o / [?] not sure / [c] yes, and a clinician has seen me about it and said this routine is fine: "
)


def ask_answer(ask: Callable[[str], str], say: Callable[[str], None], text: str, clearable: bool = False) -> Answer:
    """Ask one question until the reply is yes, no or not sure (or cleared, where `clearable`)."""
    while True:
        answer = normalise_answer(ask(text + (CLEARED_HINT if clearable else PROMPT_HINT)))
        if answer == "cleared" and not clearable:
            say("'Cleared' is only for a lasting history a clinician has seen. Please answer y, n or ?.")
        elif answer is not None:
            return answer
        else:
            say("Please answer y (yes), n (no) or ? (not sure)" + (", or c (cleared)." if clearable else "."))


def interview(
    ask: Callable[[str], str], say: Callable[[str], None], screening: Screening | None = None
) -> dict[str, Answer]:
    """Ask the full screening. Emergency questions come first; a positive one ends it at once.

    Every question is asked afresh: a clinician's clearance from an earlier screening does not
    carry over, so a renewed screening asks it again."""
    screening = screening or load_screening()
    questions = screening.of_kind(*FULL_KINDS)
    answers: dict[str, Answer] = {}
    say("Safety questions first. 'Not sure' counts as yes. " + screening.messages.disclaimer)
    number = 0
    for kinds in (("emergency",), ("red_flag",), ("condition",)):
        for question in screening.of_kind(*kinds):
            number += 1
            heading = f"Question {number} of {len(questions)}: {question.text}"
            answers[question.id] = ask_answer(ask, say, heading, question.clearable)
        if kinds == ("emergency",) and any(positive(a) for a in answers.values()):
            break
    return answers


def message_for(result: ScreeningResult, screening: Screening | None = None) -> str:
    messages = (screening or load_screening()).messages
    if result.status == "clear" and result.cleared:
        return messages.clear_with_cleared
    return {
        "emergency": messages.emergency,
        "refer": messages.refer,
        "caution": messages.caution,
        "clear": messages.clear,
    }[result.status]
