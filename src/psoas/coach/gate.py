"""The safety gate with its asking and its store writes, around the two pure steps of
psoas.safety.gate (`needed`, then `decide`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from psoas.coach.ports import SessionStore
from psoas.errors import Refused
from psoas.safety import Answer, Screening, load_screening
from psoas.safety.gate import Decision, decide, hold_for, needed, on_record
from psoas.safety.screening import ask_answer, evaluate, evaluate_session_check, interview


def run_gate(
    store: SessionStore,
    exercises: Sequence[Any],
    *,
    interactive: bool,
    check_answer: Answer | None,
    ask: Callable[[str], str],
    say: Callable[[str], None],
    now: datetime,
    screening: Screening | None = None,
) -> Decision:
    """The full screening when needed (asked in a terminal; unattended, refused), the decision on
    it, then the pre-session check (from `check_answer`, else asked in a terminal; unattended
    without it, refused). Returns the gate's Decision; raises Refused when there is to be no session."""
    screening = screening or load_screening()
    messages = screening.messages
    record = on_record(store)
    need = needed(record, now, screening)
    if need.full is not None:
        if not interactive:
            if need.full == "missing":
                raise Refused(messages.no_screening_unattended)
            raise Refused(messages.stale_unattended.format(days=screening.valid_days))
        if need.full == "stale":
            say(messages.stale.format(days=screening.valid_days))
        answers = interview(ask, say, screening)
        store.screenings.add("full", dict(answers), evaluate(answers, screening).stored())
        record = on_record(store)
        need = needed(record, now, screening)

    decision = decide(record, exercises, store.settings.load().cleared, screening)
    if decision.hold is not None:
        say(decision.hold.message)
    for line in decision.lines:
        say(line)
    if decision.refusal is not None:
        raise Refused(decision.refusal)

    if need.session_check:
        question = screening.of_kind("session_check")[0]
        if check_answer is None:
            if not interactive:
                raise Refused(messages.session_check_unattended)
            check_answer = ask_answer(ask, say, question.text)
        check = evaluate_session_check(check_answer, screening)
        store.screenings.add("session_check", {question.id: check_answer}, check.stored())
        hold = hold_for(on_record(store), screening)  # read back: the same message every later run shows
        if hold is not None:
            say(hold.message)
            raise Refused(hold.refusal)
    return decision
