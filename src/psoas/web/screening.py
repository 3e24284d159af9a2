"""The safety screening one question at a time, for the page.

The terminal's own interview (psoas.safety.screening.interview) decides the order, the numbering
("Question n of N"), when it ends early (an emergency sign) and what it says: here it is replayed
on the answers given so far, and stops at the first question not answered yet. So the page asks
exactly what the terminal asks, and holds no rule of its own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from psoas.errors import UserError
from psoas.safety import Answer, Question, Screening, load_screening
from psoas.safety.screening import (
    CLEARED_HINT,
    PROMPT_HINT,
    check_cleared,
    interview,
    normalise_answer,
    parse_answers,
)

HEADING = re.compile(r"^Question (\d+) of (\d+): (.*)$", re.DOTALL)


@dataclass(frozen=True)
class Step:
    """The next question to answer."""

    number: int
    total: int
    question: Question
    heading: str  # "Question n of N: text", as the terminal shows it
    clearable: bool  # offer "yes, and a clinician has seen me about it and said this routine is fine"
    said: list[str] = field(default_factory=list)  # what the terminal says before the questions

    def to_json(self) -> dict[str, Any]:
        return {
            "done": False,
            "number": self.number,
            "total": self.total,
            "id": self.question.id,
            "text": self.question.text,
            "heading": self.heading,
            "clearable": self.clearable,
            "choices": choices(self.clearable),
            "said": self.said,
        }


def choices(clearable: bool) -> list[dict[str, str]]:
    """The answer buttons, in the terminal's words: its prompt hint, "[y]es / [n]o / [?] not sure"
    (and "[c] yes, and a clinician has seen me about it..." where 'cleared' is allowed)."""
    out = []
    for part in (CLEARED_HINT if clearable else PROMPT_HINT).strip().rstrip(":").split(" / "):
        match = re.match(r"^\[(.)\]\s*(.*)$", part.strip())
        if match is None:
            continue
        key, rest = match[1], match[2]
        answer = normalise_answer(key)
        # "[y]es": the key is the word's first letter; "[?] not sure", "[c] yes, and...": the words follow
        label = key + rest if part.strip().startswith(f"[{key}]") and part.strip()[3:4] != " " else rest
        if answer is not None:
            out.append({"answer": answer, "label": label[:1].upper() + label[1:]})
    return out


class _Pending(Exception):
    def __init__(self, step: Step) -> None:
        self.step = step


def read_answers(raw: object, screening: Screening | None = None) -> dict[str, Answer]:
    """The answers sent by the page: the same words and checks as `psoas screen --answers`."""
    screening = screening or load_screening()
    answers = parse_answers(raw)
    known = {q.id for q in screening.questions}
    unknown = [key for key in answers if key not in known]
    if unknown:
        raise UserError(f"unknown screening question id(s): {', '.join(unknown)}")
    check_cleared(answers, screening)  # 'cleared' only for a lasting red flag
    return answers


def next_step(answers: Mapping[str, Answer], screening: Screening | None = None) -> Step | dict[str, Answer]:
    """The next question, or, when every question the interview asks is answered, the answers it
    took (only those: after an emergency sign the rest are not asked)."""
    screening = screening or load_screening()
    by_text = {q.text: q for q in screening.questions}
    said: list[str] = []
    asked: set[str] = set()

    def ask(prompt: str) -> str:
        clearable = prompt.endswith(CLEARED_HINT)
        heading = prompt.removesuffix(CLEARED_HINT if clearable else PROMPT_HINT)
        match = HEADING.match(heading)
        if match is None or match[3] not in by_text:
            raise RuntimeError(f"the screening asked something the page cannot show: {prompt!r}")
        question = by_text[match[3]]
        if question.id in asked:  # the interview re-asks only after a reply it could not take
            raise UserError(f"the answer for {question.id!r} was not taken; answer yes, no or not_sure")
        asked.add(question.id)
        if question.id in answers:
            return answers[question.id]
        raise _Pending(Step(int(match[1]), int(match[2]), question, heading, clearable, said))

    try:
        return interview(ask, said.append, screening)
    except _Pending as pending:
        return pending.step


def result_lines(result: Any, cleared: list[str]) -> list[str]:
    """What `psoas screen` prints after the answers, line by line (the same words:
    psoas.safety.wording.result_lines)."""
    from psoas.safety.wording import result_lines as lines

    return lines(result, cleared)
