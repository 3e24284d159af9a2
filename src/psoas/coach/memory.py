"""In-memory twins of the coach's I/O: a store, scripted prompts and a clock, for tests and demos."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from psoas.store.screenings import ScreeningRecord
from psoas.store.sessions import RepRecord, SessionRecord
from psoas.store.settings import UserSettings


def _now() -> datetime:
    return datetime.now(UTC)


class MemorySessions:
    """Sessions as the store keeps them (psoas.store.sessions.SessionRepository), in a dict."""

    def __init__(self, now: Any = _now) -> None:
        self._now = now
        self.records: dict[int, SessionRecord] = {}

    def begin(self, pain_before: int | None = None, plan: dict[str, Any] | None = None) -> int:
        session_id = len(self.records) + 1
        now = self._now()
        self.records[session_id] = SessionRecord(session_id, now, now, "stopped", pain_before, None, (), plan)
        return session_id

    def record_rep(self, session_id: int, exercise_id: str, side: str | None, rep: int, hold_s: float) -> None:
        record = self.records[session_id]
        now = self._now()
        reps = (*record.reps, RepRecord(exercise_id, side, rep, hold_s, now))
        self.records[session_id] = replace(record, reps=reps, ended_at=now)

    def record_camera(
        self, session_id: int, exercise_id: str, side: str | None, rep: int, hold_s: float, faults: Sequence[str]
    ) -> None:
        """What the camera saw of a rep already recorded (same session, exercise, side and number):
        confirmed, its measured hold and its fault codes (distinct, in the order seen). A rep not
        recorded changes nothing."""
        record = self.records[session_id]
        codes = tuple(dict.fromkeys(faults))
        reps = tuple(
            r._replace(camera=True, camera_hold_s=float(hold_s), faults=codes)
            if (r.exercise_id, r.side, r.rep) == (exercise_id, side, rep)
            else r
            for r in record.reps
        )
        self.records[session_id] = replace(record, reps=reps)

    def camera_reps(self, session_id: int) -> int:
        """Reps of the session the camera confirmed."""
        return sum(r.camera for r in self.records[session_id].reps)

    def end(self, session_id: int, status: str) -> None:
        self.records[session_id] = replace(self.records[session_id], status=status, ended_at=self._now())

    def set_pain_after(self, session_id: int, pain: int | None) -> None:
        self.records[session_id] = replace(self.records[session_id], pain_after=pain)

    def get(self, session_id: int) -> SessionRecord:
        return self.records[session_id]

    def all(self) -> list[SessionRecord]:
        return list(self.records.values())


class MemoryScreenings:
    def __init__(self, now: Any = _now) -> None:
        self._now = now
        self.records: list[ScreeningRecord] = []

    def add(self, kind: str, answers: dict[str, str], result: dict[str, Any], taken_at: datetime | None = None) -> int:
        record = ScreeningRecord(len(self.records) + 1, taken_at or self._now(), kind, dict(answers), dict(result))
        self.records.append(record)
        return record.id

    def latest(self, kind: str = "full") -> ScreeningRecord | None:
        of_kind = [r for r in self.records if r.kind == kind]
        return max(of_kind, key=lambda r: (r.taken_at, r.id)) if of_kind else None

    def all(self) -> list[ScreeningRecord]:
        return sorted(self.records, key=lambda r: (r.taken_at, r.id))


class MemorySettings:
    def __init__(self, **values: Any) -> None:
        self.values = values

    def load(self) -> UserSettings:
        return UserSettings(**self.values)


class MemoryStore:
    def __init__(self, now: Any = _now, **settings: Any) -> None:
        self.sessions = MemorySessions(now)
        self.screenings = MemoryScreenings(now)
        self.settings = MemorySettings(**settings)


class ScriptedPrompts:
    """Answers from a list, in order; records what was asked. No answers left: EOFError."""

    def __init__(self, *replies: str) -> None:
        self.replies = list(replies)
        self.asked: list[str] = []

    def ask(self, question: str) -> str:
        self.asked.append(question)
        if not self.replies:
            raise EOFError
        return self.replies.pop(0)


class ManualClock:
    """A clock moved by hand: `clock()` reads it, `clock.tick(s)` advances it."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += seconds
