"""The safety gate `psoas start` passes before a session, as two pure steps.

1. `needed`: which questions must be answered now: the full screening when none is on record or
   the last is older than `valid_days`, and the short pre-session check.
2. `decide`: on the screening in force, whether a session may run (emergency, refer or a failed
   pre-session check -> a `Hold` with its message and one-line refusal), which exercises it
   leaves out and why, and what to tell the user.

Asking, storing the answers and refusing are the command's part (psoas.cli.session_commands).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from psoas.safety import Screening, load_screening
from psoas.safety.screening import ScreeningResult, message_for

RecordKind = Literal["full", "session_check"]


@dataclass(frozen=True)
class OnRecord:
    """The screening result in force, where it comes from and when."""

    result: ScreeningResult
    kind: RecordKind  # "session_check": a failed pre-session check taken after the last full screening
    taken_at: datetime  # of the record in force
    screened_at: datetime | None  # of the last full screening (None: a failed check and no full one)


def in_force_of(full: Any, check: Any) -> OnRecord | None:
    """The record in force from the latest full screening and the latest pre-session check
    (store ScreeningRecords, or None). Pure.

    A failed pre-session check (new numbness, bladder or bowel change, leg weakness) taken after
    the last full screening stays in force, blocking sessions, until the screening is redone."""
    screened_at = full.taken_at if full is not None else None
    if check is not None and check.result.get("status") == "emergency":
        if full is None or check.taken_at >= full.taken_at:  # same moment: the check came after
            result = ScreeningResult.from_stored(check.result, check.answers)
            return OnRecord(result, "session_check", check.taken_at, screened_at)
    if full is None:
        return None
    return OnRecord(ScreeningResult.from_stored(full.result, full.answers), "full", full.taken_at, screened_at)


def on_record(store: Any) -> OnRecord | None:
    return in_force_of(store.screenings.latest("full"), store.screenings.latest("session_check"))


def current_screening(store: Any) -> tuple[ScreeningResult | None, datetime | None]:
    """The result in force and the date of the record it rests on (for `psoas screen --json`)."""
    record = on_record(store)
    return (record.result, record.taken_at) if record else (None, None)


# ---- step 1: which questions are needed -----------------------------------------------------
@dataclass(frozen=True)
class Needed:
    full: Literal["missing", "stale"] | None  # why the full screening must be answered now, if it must
    session_check: bool  # the pre-session check: asked unless what is on record already says no session


def needed(record: OnRecord | None, now: datetime, screening: Screening | None = None) -> Needed:
    """Pure. After a full screening is answered, call again on the new record for the check."""
    screening = screening or load_screening()
    if record is None or record.screened_at is None:
        return Needed("missing", False)
    if now - record.screened_at > timedelta(days=screening.valid_days):
        return Needed("stale", False)
    return Needed(None, record.result.allows_session)


# ---- step 2: the decision on the answers ---------------------------------------------------
@dataclass(frozen=True)
class Hold:
    """No session: the message to show (the same on every run) and the one-line refusal."""

    message: str
    refusal: str


def hold_for(record: OnRecord | None, screening: Screening | None = None) -> Hold | None:
    if record is None or record.result.allows_session:
        return None
    messages = (screening or load_screening()).messages
    if record.kind == "session_check":
        return Hold(messages.session_check_failed, messages.session_check_refusal)
    if record.result.status == "emergency":
        return Hold(messages.emergency, messages.emergency_refusal)
    return Hold(messages.refer, messages.refer_refusal)


@dataclass(frozen=True)
class Decision:
    exercises: list[Any]  # what the session keeps, in the order given
    left_out: dict[str, list[str]] = field(default_factory=dict)  # exercise id -> reasons
    lines: list[str] = field(default_factory=list)  # what to tell the user before the session
    hold: Hold | None = None  # no session at all
    result: ScreeningResult | None = None

    @property
    def refusal(self) -> str | None:
        if self.hold is not None:
            return self.hold.refusal
        if not self.exercises:
            return "no session: every exercise you chose is left out by your screening (see: psoas screen --json)"
        return None


def decide(
    record: OnRecord | None,
    exercises: Sequence[Any],
    cleared_exercises: Collection[str] = (),
    screening: Screening | None = None,
) -> Decision:
    """What the screening in force means for a session of `exercises`. Pure."""
    screening = screening or load_screening()
    hold = hold_for(record, screening)
    if hold is not None:
        return Decision([], {}, [], hold, record.result if record else None)
    if record is None:
        return Decision(list(exercises))
    result = record.result
    reasons = result.exclusion_reasons(cleared_exercises)
    kept = [e for e in exercises if e.id not in reasons]
    left_out = {e.id: reasons[e.id] for e in exercises if e.id in reasons}
    lines = [f"{e.name}: {text}" for e in exercises for text in left_out.get(e.id, [])]
    names = {e.id: e.name for e in exercises}
    for exercise_id, text in result.note_texts(cleared_exercises, screening.messages.cleared):
        if exercise_id in names:
            lines.append(f"{names[exercise_id]}: {text}")
    if said := cleared_text(result, screening):
        lines.append(said)
    return Decision(kept, left_out, lines, None, result)


def cleared_text(result: ScreeningResult, screening: Screening | None = None) -> str | None:
    """What to say about lasting red flags answered 'cleared', or None when there are none."""
    if not result.cleared:
        return None
    screening = screening or load_screening()
    texts = {q.id: q.text for q in screening.questions}
    questions = " ".join(texts.get(q, q) for q in result.cleared)
    return screening.messages.red_flags_cleared.format(questions=questions, days=screening.valid_days)


# ---- the screening in force, for plan, calendar and remind ----------------------------------
def hold_message(record: OnRecord | None, screening: Screening | None = None) -> str | None:
    """The message when the screening in force says no session, else None. `plan`, `calendar`
    and `remind` show it instead of offering the routine; `start` shows the same one."""
    hold = hold_for(record, screening)
    return hold.message if hold else None


@dataclass
class InForce:
    """What the screening in force means for today's routine (for plan, calendar, remind)."""

    result: ScreeningResult | None
    left_out: dict[str, list[str]]  # exercise id -> reasons, after the user's clinician clearances
    hold: str | None  # the message when it says no session (emergency or refer), else None


def in_force(store: Any) -> InForce:
    record = on_record(store)
    result = record.result if record else None
    left_out = result.exclusion_reasons(store.settings.load().cleared) if result else {}
    return InForce(result, left_out, hold_message(record))


__all__ = [
    "Decision",
    "Hold",
    "InForce",
    "Needed",
    "OnRecord",
    "cleared_text",
    "current_screening",
    "decide",
    "hold_for",
    "in_force",
    "in_force_of",
    "message_for",
    "needed",
    "on_record",
]
