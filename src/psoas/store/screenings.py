"""Screening answers and their results, kept with the date they were given."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from psoas.store.models import ScreeningRow
from psoas.store.sessions import Now, utc_now


@dataclass(frozen=True)
class ScreeningRecord:
    id: int
    taken_at: datetime
    kind: str  # "full" or "session_check"
    answers: dict[str, str]
    result: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "taken_at": self.taken_at.isoformat(),
            "kind": self.kind,
            "answers": self.answers,
            "result": self.result,
        }


def _record(row: ScreeningRow) -> ScreeningRecord:
    return ScreeningRecord(row.id, row.taken_at, row.kind, json.loads(row.answers_json), json.loads(row.result_json))


class ScreeningRepository:
    def __init__(self, maker: sessionmaker, now: Now = utc_now) -> None:
        self._maker = maker
        self._now = now

    def add(self, kind: str, answers: dict[str, str], result: dict[str, Any], taken_at: datetime | None = None) -> int:
        with self._maker.begin() as db:
            row = ScreeningRow(
                taken_at=taken_at or self._now(),
                kind=kind,
                answers_json=json.dumps(answers, sort_keys=True),
                result_json=json.dumps(result, sort_keys=True),
            )
            db.add(row)
            db.flush()
            return row.id

    def latest(self, kind: str = "full") -> ScreeningRecord | None:
        query = (
            select(ScreeningRow)
            .where(ScreeningRow.kind == kind)
            .order_by(ScreeningRow.taken_at.desc(), ScreeningRow.id.desc())
            .limit(1)
        )
        with self._maker() as db:
            row = db.scalars(query).first()
            return _record(row) if row else None

    def all(self) -> list[ScreeningRecord]:
        """Every screening and session check, oldest first."""
        with self._maker() as db:
            rows = db.scalars(select(ScreeningRow).order_by(ScreeningRow.taken_at, ScreeningRow.id))
            return [_record(row) for row in rows]
