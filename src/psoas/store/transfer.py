"""Export everything to JSON or CSV, and import either export without duplicates.

The JSON export is one object: `sessions` (each as in `psoas history --json`, plus `reps` and
`plan`), `screenings`, `settings` and today's `plan`. Import validates the whole file first,
then writes in one transaction: bad input changes nothing. A session already in the store
(same start time) or a screening already there (same time and kind) is skipped, and original
ids are kept where they are free, so export -> import -> export gives the same data.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from psoas.errors import UserError
from psoas.jsonfile import read_json
from psoas.store.models import RepRow, ScreeningRow, SessionRow, SettingRow
from psoas.store.settings import SETTING_KEYS, validate_setting

FORMAT = "psoas-export"
VERSION = 1


def export_data(store: Any, plan: dict[str, Any] | None = None) -> dict[str, Any]:
    sessions = []
    for record in store.sessions.all():
        data = record.to_json()
        data["reps"] = [
            {
                "exercise_id": r.exercise_id,
                "side": r.side,
                "rep": r.rep,
                "hold_s": r.hold_s,
                "completed_at": r.completed_at.isoformat(),
            }
            for r in record.reps
        ]
        data["plan"] = record.plan
        sessions.append(data)
    return {
        "format": FORMAT,
        "version": VERSION,
        "sessions": sessions,
        "screenings": [s.to_json() for s in store.screenings.all()],
        "settings": store.settings.stored(),
        "plan": plan,
    }


def _csv(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def write_csv(data: dict[str, Any], folder: Path) -> list[Path]:
    """One CSV file per kind of record in `folder` (created if missing)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"cannot create folder {folder}: {error.strerror or error}") from None
    files = {
        "sessions.csv": (
            ["id", "started_at", "ended_at", "status", "pain_before", "pain_after", "plan_json"],
            [
                [
                    s["id"],
                    s["started_at"],
                    s["ended_at"],
                    s["status"],
                    s["pain_before"],
                    s["pain_after"],
                    json.dumps(s["plan"]) if s["plan"] is not None else "",
                ]
                for s in data["sessions"]
            ],
        ),
        "reps.csv": (
            ["session_id", "exercise_id", "side", "rep", "hold_s", "completed_at"],
            [
                [s["id"], r["exercise_id"], r["side"] or "", r["rep"], r["hold_s"], r["completed_at"]]
                for s in data["sessions"]
                for r in s["reps"]
            ],
        ),
        "screenings.csv": (
            ["id", "taken_at", "kind", "status", "answers_json", "result_json"],
            [
                [
                    s["id"],
                    s["taken_at"],
                    s["kind"],
                    s["result"].get("status"),
                    json.dumps(s["answers"]),
                    json.dumps(s["result"]),
                ]
                for s in data["screenings"]
            ],
        ),
        "settings.csv": (["key", "value_json"], [[k, json.dumps(v)] for k, v in data["settings"].items()]),
        "plan.csv": (
            ["exercise_id", "step", "steps", "hold_s", "reps", "per_side", "rest_s", "reason"],
            [
                [
                    e["id"],
                    e["step"],
                    e["steps"],
                    e["dose"]["hold_s"],
                    e["dose"]["reps"],
                    e["dose"]["per_side"],
                    e["dose"]["rest_s"],
                    e["reason"],
                ]
                for e in (data.get("plan") or {}).get("exercises", [])
            ],
        ),
    }
    written = []
    try:
        for name, (header, rows) in files.items():
            _csv(folder / name, header, rows)
            written.append(folder / name)
    except OSError as error:
        raise UserError(f"cannot write into {folder}: {error.strerror or error}") from None
    return written


# ---- import ---------------------------------------------------------------------------------
class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class RepIn(_Model):
    exercise_id: str = Field(min_length=1, max_length=64)
    side: Literal["left", "right"] | None
    rep: int = Field(ge=0)
    hold_s: float = Field(ge=0)
    completed_at: datetime


class SessionIn(_Model):
    id: int | None = None
    started_at: datetime
    ended_at: datetime | None
    status: Literal["completed", "stopped", "hurt"]
    pain_before: int | None = Field(ge=0, le=10)
    pain_after: int | None = Field(ge=0, le=10)
    reps: list[RepIn] = Field(default_factory=list)
    plan: dict[str, Any] | None = None


class ScreeningIn(_Model):
    id: int | None = None
    taken_at: datetime
    kind: Literal["full", "session_check"]
    answers: dict[str, str]
    result: dict[str, Any]


class ExportIn(_Model):
    format: Literal["psoas-export"]
    version: int = Field(ge=1, le=VERSION)
    sessions: list[SessionIn] = Field(default_factory=list)
    screenings: list[ScreeningIn] = Field(default_factory=list)
    settings: dict[str, Any] = Field(default_factory=dict)


@dataclass
class ImportCounts:
    sessions: int = 0
    sessions_skipped: int = 0
    screenings: int = 0
    screenings_skipped: int = 0
    settings: int = 0
    settings_kept: int = 0

    def text(self) -> str:
        return (
            f"Imported {self.sessions} session(s) ({self.sessions_skipped} already there), "
            f"{self.screenings} screening(s) ({self.screenings_skipped} already there), "
            f"{self.settings} setting(s) ({self.settings_kept} kept as already set)."
        )


CSV_FILES = ("sessions.csv", "reps.csv", "screenings.csv", "settings.csv")  # plan.csv is today's plan: not imported


def _read_rows(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise UserError(f"cannot read {path}: {getattr(error, 'strerror', None) or error}") from None


def _json_cell(path: Path, line: int, column: str, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise UserError(f"{path} line {line}: {column} is not valid JSON") from None


def _csv_to_export(folder: Path) -> dict[str, Any]:
    """The JSON export's shape, rebuilt from the folder `export --format csv` writes."""
    missing = [name for name in CSV_FILES if not (folder / name).is_file()]
    if missing:
        raise UserError(
            f"{folder} is not a psoas CSV export: {', '.join(missing)} missing (export --format csv writes them)"
        )
    files = {name: folder / name for name in CSV_FILES}
    blank = lambda text: text if text not in ("", None) else None  # noqa: E731 - CSV has no null
    sessions: dict[str, dict[str, Any]] = {}
    for line, row in enumerate(_read_rows(files["sessions.csv"]), start=2):
        plan = blank(row.get("plan_json"))
        sessions[row.get("id") or f"line {line}"] = {
            "id": blank(row.get("id")),
            "started_at": row.get("started_at"),
            "ended_at": blank(row.get("ended_at")),
            "status": row.get("status"),
            "pain_before": blank(row.get("pain_before")),
            "pain_after": blank(row.get("pain_after")),
            "plan": _json_cell(files["sessions.csv"], line, "plan_json", plan) if plan else None,
            "reps": [],
        }
    for line, row in enumerate(_read_rows(files["reps.csv"]), start=2):
        owner = sessions.get(row.get("session_id") or "")
        if owner is None:
            raise UserError(f"{files['reps.csv']} line {line}: no session with id {row.get('session_id')!r}")
        owner["reps"].append({
            "exercise_id": row.get("exercise_id"),
            "side": blank(row.get("side")),
            "rep": row.get("rep"),
            "hold_s": row.get("hold_s"),
            "completed_at": row.get("completed_at"),
        })  # fmt: skip
    screenings = []
    for line, row in enumerate(_read_rows(files["screenings.csv"]), start=2):
        where = files["screenings.csv"]
        screenings.append({
            "id": blank(row.get("id")),
            "taken_at": row.get("taken_at"),
            "kind": row.get("kind"),
            "answers": _json_cell(where, line, "answers_json", row.get("answers_json") or ""),
            "result": _json_cell(where, line, "result_json", row.get("result_json") or ""),
        })  # fmt: skip
    settings = {
        row.get("key") or "": _json_cell(files["settings.csv"], line, "value_json", row.get("value_json") or "")
        for line, row in enumerate(_read_rows(files["settings.csv"]), start=2)
    }
    return {
        "format": FORMAT,
        "version": VERSION,
        "sessions": list(sessions.values()),
        "screenings": screenings,
        "settings": settings,
    }


def read_export(path: Path) -> ExportIn:
    """A JSON export file, or the folder of CSV files `export --format csv` writes, checked whole."""
    raw = _csv_to_export(path) if path.is_dir() else read_json(path, "export file")
    try:
        data = ExportIn.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise UserError(f"{path} is not a psoas export: {where}: {first['msg']}") from None
    for key, value in data.settings.items():
        if key not in SETTING_KEYS:
            raise UserError(f"{path}: unknown setting {key!r}")
        validate_setting(key, value)
    for s in data.sessions:
        for moment in (s.started_at, s.ended_at, *(r.completed_at for r in s.reps)):
            if moment is not None and moment.tzinfo is None:
                raise UserError(f"{path}: times must carry a UTC offset, got {moment.isoformat()}")
    return data


def import_data(store: Any, data: ExportIn) -> ImportCounts:
    counts = ImportCounts()
    maker = sessionmaker(store.engine, expire_on_commit=False)
    with maker.begin() as db:
        starts = set(db.scalars(select(SessionRow.started_at)))
        used_ids = set(db.scalars(select(SessionRow.id)))
        for s in sorted(data.sessions, key=lambda s: (s.id is None, s.id or 0, s.started_at)):
            if s.started_at in starts:
                counts.sessions_skipped += 1
                continue
            row = SessionRow(
                started_at=s.started_at,
                ended_at=s.ended_at,
                status=s.status,
                pain_before=s.pain_before,
                pain_after=s.pain_after,
                plan_json=json.dumps(s.plan) if s.plan is not None else None,
                reps=[
                    RepRow(
                        exercise_id=r.exercise_id, side=r.side, rep=r.rep, hold_s=r.hold_s, completed_at=r.completed_at
                    )
                    for r in s.reps
                ],
            )
            if s.id is not None and s.id not in used_ids:
                row.id = s.id
            db.add(row)
            db.flush()
            used_ids.add(row.id)
            starts.add(s.started_at)
            counts.sessions += 1

        seen = {(r.taken_at, r.kind) for r in db.scalars(select(ScreeningRow))}
        screening_ids = set(db.scalars(select(ScreeningRow.id)))
        for sc in sorted(data.screenings, key=lambda s: (s.id is None, s.id or 0, s.taken_at)):
            if (sc.taken_at, sc.kind) in seen:
                counts.screenings_skipped += 1
                continue
            row = ScreeningRow(
                taken_at=sc.taken_at,
                kind=sc.kind,
                answers_json=json.dumps(sc.answers, sort_keys=True),
                result_json=json.dumps(sc.result, sort_keys=True),
            )
            if sc.id is not None and sc.id not in screening_ids:
                row.id = sc.id
            db.add(row)
            db.flush()
            screening_ids.add(row.id)
            seen.add((sc.taken_at, sc.kind))
            counts.screenings += 1

        for key, value in data.settings.items():
            if db.get(SettingRow, key) is not None:
                counts.settings_kept += 1
                continue
            db.add(SettingRow(key=key, value_json=json.dumps(validate_setting(key, value))))
            counts.settings += 1
    return counts
