"""Sessions and their reps: written rep by rep, read back as plain records.

The records and the row values need no SQLAlchemy: importing this module loads none (the progress
code and psoas.store.fast_read use the records); the repository imports the ORM when first used.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from sqlalchemy.orm import sessionmaker

    from psoas.store.models import SessionRow

Now = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class RepRecord(NamedTuple):
    """One rep as stored. A named tuple, not a frozen dataclass: a ten-year history holds some
    50,000 of them, and building a frozen dataclass costs several times as much (benchmarks/scale.py)."""

    exercise_id: str
    side: str | None
    rep: int
    hold_s: float
    completed_at: datetime
    camera: bool = False  # the camera confirmed it: hold completed, then back to rest
    camera_hold_s: float | None = None  # the hold the camera measured
    faults: tuple[str, ...] = ()  # form fault codes seen during the rep


@dataclass(frozen=True)
class SessionRecord:
    id: int
    started_at: datetime
    ended_at: datetime | None
    status: str
    pain_before: int | None
    pain_after: int | None
    reps: tuple[RepRecord, ...] = ()
    plan: dict[str, Any] | None = field(default=None, compare=False)  # read-only: records may share it

    @property
    def counts_pain(self) -> bool:
        """False for a session stopped with nothing done: its pain answers are left out of
        averages, advice and progression ("this hurts" before the first rep still counts)."""
        return bool(self.reps) or self.status == "hurt"

    def exercises(self) -> list[dict[str, Any]]:
        """One entry per exercise and side done, in the order they were done."""
        totals: dict[tuple[str, str | None], dict[str, Any]] = {}
        for rep in self.reps:
            key = (rep.exercise_id, rep.side)
            entry = totals.get(key)
            if entry is None:  # not setdefault: that would build an entry for every rep
                entry = totals[key] = {"id": rep.exercise_id, "side": rep.side, "reps_done": 0, "hold_s_total": 0.0}
                entry["camera_reps"] = 0
                entry["faults"] = set()
            entry["reps_done"] += 1
            entry["hold_s_total"] = round(entry["hold_s_total"] + rep.hold_s, 3)
            entry["camera_reps"] += rep.camera
            entry["faults"].update(rep.faults)
        for entry in totals.values():
            entry["faults"] = sorted(entry["faults"])
        return list(totals.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "started_at": self.started_at.isoformat(),
            "ended_at": self.ended_at.isoformat() if self.ended_at else None,
            "status": self.status,
            "pain_before": self.pain_before,
            "pain_after": self.pain_after,
            "exercises": self.exercises(),
        }


def _record(row: SessionRow) -> SessionRecord:
    return SessionRecord(
        id=row.id,
        started_at=row.started_at,
        ended_at=row.ended_at,
        status=row.status,
        pain_before=row.pain_before,
        pain_after=row.pain_after,
        reps=tuple(
            RepRecord(
                r.exercise_id, r.side, r.rep, r.hold_s, r.completed_at, r.camera, r.camera_hold_s, faults(r.faults_json)
            )
            for r in row.reps
        ),
        plan=json.loads(row.plan_json) if row.plan_json else None,
    )


def faults(text: str | None) -> tuple[str, ...]:
    """A rep's fault codes from their stored JSON list (None: none seen)."""
    return tuple(json.loads(text)) if text else ()


def faults_text(codes: Sequence[str]) -> str | None:
    """A rep's fault codes as stored: a JSON list, None when there are none."""
    return json.dumps(list(codes)) if codes else None


def session_values(record: Any) -> dict[str, Any]:
    """The columns of a finished session's row: a SessionRecord, or an imported one with the
    same fields (store/transfer.py)."""
    return {
        "started_at": record.started_at,
        "ended_at": record.ended_at,
        "status": record.status,
        "pain_before": record.pain_before,
        "pain_after": record.pain_after,
        "plan_json": json.dumps(record.plan) if record.plan is not None else None,
    }


def rep_values(rep: Any) -> dict[str, Any]:
    """The columns of one rep's row, without its session id."""
    return {
        "exercise_id": rep.exercise_id,
        "side": rep.side,
        "rep": rep.rep,
        "hold_s": rep.hold_s,
        "completed_at": rep.completed_at,
        "camera": bool(rep.camera),
        "camera_hold_s": rep.camera_hold_s,
        "faults_json": faults_text(rep.faults),
    }


def session_row(record: Any) -> SessionRow:
    """A new row (with its reps) for a finished session."""
    from psoas.store.models import RepRow, SessionRow

    return SessionRow(**session_values(record), reps=[RepRow(**rep_values(r)) for r in record.reps])


def build_records(
    sessions: Iterable[Sequence[Any]],
    reps: Iterable[Sequence[Any]],
    parse_time: Callable[[Any], datetime] | None = None,
) -> list[SessionRecord]:
    """Records from plain rows, in the sessions' order: each session row is (id, started_at, ended_at,
    status, pain_before, pain_after, plan_json), each rep row (session_id, exercise_id, side, rep,
    hold_s, completed_at, camera, camera_hold_s, faults_json), reps in the order they were done.
    Both ways of reading the store (the SQLAlchemy repository and psoas.store.fast_read) build their
    records here; `parse_time` turns a rep's stored completed_at into a datetime where the rows
    carry it as text (psoas.store.fast_read)."""
    by_session: dict[int, list[RepRecord]] = {}
    for session_id, exercise_id, side, rep, hold_s, completed_at, camera, camera_hold_s, faults_json in reps:
        if parse_time is not None:
            completed_at = parse_time(completed_at)
        record = RepRecord(
            exercise_id, side, rep, hold_s, completed_at, bool(camera), camera_hold_s, faults(faults_json)
        )
        done = by_session.get(session_id)
        if done is None:
            by_session[session_id] = [record]
        else:
            done.append(record)
    plans: dict[str, dict[str, Any]] = {}  # most sessions share a plan: decode each text once
    records = []
    for session_id, started_at, ended_at, status, pain_before, pain_after, plan_json in sessions:
        plan = None
        if plan_json:
            plan = plans.get(plan_json) or plans.setdefault(plan_json, json.loads(plan_json))
        records.append(
            SessionRecord(
                session_id,
                started_at,
                ended_at,
                status,
                pain_before,
                pain_after,
                reps=tuple(by_session.get(session_id, ())),
                plan=plan,
            )
        )
    return records


class SessionRepository:
    """Every write commits at once, so a crash loses at most the step in progress."""

    def __init__(self, maker: sessionmaker, now: Now = utc_now) -> None:
        self._maker = maker
        self._now = now

    def begin(self, pain_before: int | None = None, plan: dict[str, Any] | None = None) -> int:
        from psoas.store.models import SessionRow

        now = self._now()
        with self._maker.begin() as db:
            row = SessionRow(
                started_at=now,
                ended_at=now,
                status="stopped",  # until it ends properly: a killed session reads as stopped
                pain_before=pain_before,
                plan_json=json.dumps(plan) if plan is not None else None,
            )
            db.add(row)
            db.flush()
            return row.id

    def record_rep(self, session_id: int, exercise_id: str, side: str | None, rep: int, hold_s: float) -> None:
        from psoas.store.models import RepRow, SessionRow

        now = self._now()
        with self._maker.begin() as db:
            db.add(
                RepRow(
                    session_id=session_id, exercise_id=exercise_id, side=side, rep=rep, hold_s=hold_s, completed_at=now
                )
            )
            db.get_one(SessionRow, session_id).ended_at = now

    def record_camera(
        self, session_id: int, exercise_id: str, side: str | None, rep: int, hold_s: float, faults: Sequence[str]
    ) -> None:
        """What the camera saw of a rep already recorded (same session, exercise, side and number):
        confirmed, its measured hold and its fault codes (distinct, in the order seen). A rep not
        recorded changes nothing."""
        from sqlalchemy import update

        from psoas.store.models import RepRow

        with self._maker.begin() as db:
            db.execute(
                update(RepRow)
                .where(
                    RepRow.session_id == session_id,
                    RepRow.exercise_id == exercise_id,
                    RepRow.side.is_(None) if side is None else RepRow.side == side,
                    RepRow.rep == rep,
                )
                .values(camera=True, camera_hold_s=float(hold_s), faults_json=faults_text(tuple(dict.fromkeys(faults))))
            )

    def end(self, session_id: int, status: str) -> None:
        from psoas.store.models import SessionRow

        with self._maker.begin() as db:
            row = db.get_one(SessionRow, session_id)
            row.status = status
            row.ended_at = self._now()

    def set_pain_after(self, session_id: int, pain: int | None) -> None:
        from psoas.store.models import SessionRow

        with self._maker.begin() as db:
            db.get_one(SessionRow, session_id).pain_after = pain

    def get(self, session_id: int) -> SessionRecord:
        from sqlalchemy.orm import selectinload

        from psoas.store.models import SessionRow

        with self._maker() as db:
            return _record(db.get_one(SessionRow, session_id, options=[selectinload(SessionRow.reps)]))

    def all(self) -> list[SessionRecord]:
        """Every session, newest first.

        A plain, up-to-date SQLite file is read with sqlite3 (psoas.store.fast_read: the same records,
        at about half the cost on a long history); anything else through SQLAlchemy (all_rows)."""
        from psoas.store.fast_read import read_current_sqlite

        engine = self._maker.kw.get("bind")
        if engine is not None:
            records = read_current_sqlite(engine.url.render_as_string(hide_password=False), None)
            if records is not None:
                return records
        return self.all_rows()

    def all_rows(self) -> list[SessionRecord]:
        """Every session, newest first, read through SQLAlchemy.

        Two plain queries (sessions, then every rep in order) read as rows, not ORM objects:
        building tens of thousands of tracked objects was most of the cost of a long history."""
        from sqlalchemy import select

        from psoas.store.models import RepRow, SessionRow

        sessions, reps = SessionRow.__table__.c, RepRow.__table__.c
        with self._maker() as db:
            rep_rows = db.execute(
                select(
                    reps.session_id,
                    reps.exercise_id,
                    reps.side,
                    reps.rep,
                    reps.hold_s,
                    reps.completed_at,
                    reps.camera,
                    reps.camera_hold_s,
                    reps.faults_json,
                ).order_by(reps.id)
            )
            rows = db.execute(
                select(
                    sessions.id,
                    sessions.started_at,
                    sessions.ended_at,
                    sessions.status,
                    sessions.pain_before,
                    sessions.pain_after,
                    sessions.plan_json,
                ).order_by(sessions.started_at.desc(), sessions.id.desc())
            )
            return build_records(rows.all(), rep_rows.all())

    def started_between(self, start: datetime, end: datetime) -> list[SessionRecord]:
        """The sessions started at or after `start` and before `end` (aware), newest first, with their reps."""
        from sqlalchemy import select
        from sqlalchemy.orm import selectinload

        from psoas.store.models import SessionRow

        query = (
            select(SessionRow)
            .where(SessionRow.started_at >= start, SessionRow.started_at < end)
            .order_by(SessionRow.started_at.desc(), SessionRow.id.desc())
            .options(selectinload(SessionRow.reps))
        )
        with self._maker() as db:
            return [_record(row) for row in db.scalars(query)]

    def add(self, record: SessionRecord) -> int:
        """Insert a whole finished session (used by import and by tests building a history)."""
        with self._maker.begin() as db:
            row = session_row(record)
            db.add(row)
            db.flush()
            return row.id
