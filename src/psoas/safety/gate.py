"""The safety gate `psoas start` passes before a session.

1. A full screening must be on record and no older than `valid_days`; interactively it is
   asked now, otherwise a one-line notice says it was skipped and how to do it.
2. Emergency or refer on record -> the message, then Refused (exit 1): no session.
3. Exercises the screening leaves out are removed, and the user is told why.
4. Interactively, the short per-session check; a yes (or not sure) -> Refused.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from psoas.errors import Refused
from psoas.safety import Screening, load_screening
from psoas.safety.screening import (
    ScreeningResult,
    ask_answer,
    evaluate,
    evaluate_session_check,
    interview,
    message_for,
)

Say = Callable[[str], None]
Ask = Callable[[str], str]


@dataclass
class GateResult:
    exercises: list[Any]
    left_out: dict[str, list[str]] = field(default_factory=dict)  # exercise id -> reasons
    screening: ScreeningResult | None = None


def current_screening(store: Any) -> tuple[ScreeningResult | None, datetime | None]:
    """The result in force and the date of the full screening it rests on.

    A failed pre-session check (new numbness, bladder or bowel change, leg weakness) taken after
    the last full screening stays in force, blocking sessions, until the screening is redone."""
    record = store.screenings.latest("full")
    check = store.screenings.latest("session_check")
    if check is not None and check.result.get("status") == "emergency":
        if record is None or check.taken_at >= record.taken_at:  # same moment: the check came after
            return ScreeningResult.from_stored(check.result, check.answers), check.taken_at
    if record is None:
        return None, None
    return ScreeningResult.from_stored(record.result, record.answers), record.taken_at


def hold_message(result: ScreeningResult | None, screening: Screening | None = None) -> str | None:
    """The screening's message when the result in force says no session (emergency or refer),
    else None. `plan`, `calendar` and `remind` show it instead of offering the routine."""
    if result is None or result.status not in ("emergency", "refer"):
        return None
    screening = screening or load_screening()
    return screening.messages.emergency if result.status == "emergency" else screening.messages.refer


@dataclass
class InForce:
    """What the screening in force means for today's routine (for plan, calendar, remind)."""

    result: ScreeningResult | None
    left_out: dict[str, list[str]]  # exercise id -> reasons, after the user's clinician clearances
    hold: str | None  # the message when it says no session (emergency or refer), else None


def in_force(store: Any) -> InForce:
    result, _ = current_screening(store)
    left_out = result.exclusion_reasons(store.settings.load().cleared) if result else {}
    return InForce(result, left_out, hold_message(result))


def take_screening(store: Any, ask: Ask, say: Say, screening: Screening | None = None) -> ScreeningResult:
    """Ask the full screening interactively, store it and say the outcome."""
    screening = screening or load_screening()
    answers = interview(ask, say, screening)
    result = evaluate(answers, screening)
    store.screenings.add("full", dict(answers), result.stored())
    return result


def refuse_if_unsafe(result: ScreeningResult, say: Say, screening: Screening) -> None:
    if result.status == "emergency":
        say(screening.messages.emergency)
        raise Refused("no session: your screening answers need urgent care today (psoas screen to redo it)")
    if result.status == "refer":
        say(screening.messages.refer)
        raise Refused("no session: see a GP or physiotherapist first, then run psoas screen again")


def check_before_session(
    store: Any,
    exercises: Sequence[Any],
    *,
    interactive: bool,
    session_check: bool,
    ask: Ask,
    say: Say,
    notice: Say,
    now: datetime,
    screening: Screening | None = None,
) -> GateResult:
    screening = screening or load_screening()
    result, taken_at = current_screening(store)
    stale = taken_at is not None and now - taken_at > timedelta(days=screening.valid_days)
    if result is None or stale:
        if interactive:
            if stale:
                say(screening.messages.stale.format(days=screening.valid_days))
            result = take_screening(store, ask, say, screening)
        elif result is None:
            notice(screening.messages.skipped_non_interactive)
        else:
            notice(screening.messages.stale.format(days=screening.valid_days) + " Run: psoas screen")
    if result is None:
        return GateResult(list(exercises))

    refuse_if_unsafe(result, say, screening)
    cleared = store.settings.load().cleared
    reasons = result.exclusion_reasons(cleared)
    ids = [e.id for e in exercises]
    kept = [e for e in exercises if e.id not in reasons]
    left_out = {i: reasons[i] for i in ids if i in reasons}
    for exercise in exercises:
        for text in left_out.get(exercise.id, []):
            say(f"{exercise.name}: {text}")
    names = {e.id: e.name for e in exercises}
    for exercise_id, text in result.note_texts(cleared, screening.messages.cleared):
        if exercise_id in names:
            say(f"{names[exercise_id]}: {text}")
    if not kept:
        raise Refused("no session: every exercise you chose is left out by your screening (see: psoas screen --json)")

    if interactive and session_check:
        question = screening.of_kind("session_check")[0]
        answer = ask_answer(ask, say, question.text)
        check = evaluate_session_check(answer, screening)
        store.screenings.add("session_check", {question.id: answer}, check.stored())
        if not check.allows_session:
            say(screening.messages.session_check_failed)
            raise Refused("no session today: new symptoms need a doctor's check first")
    return GateResult(kept, left_out, result)


__all__ = ["GateResult", "check_before_session", "current_screening", "take_screening", "message_for"]
