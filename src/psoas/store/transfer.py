"""Export everything to JSON or CSV, and import either export without duplicates.

The JSON export is one object: `sessions` (each as in `psoas history --json`, plus `reps` and
`plan`), `screenings`, `settings` and today's `plan`. Import validates the whole file first,
then writes in one transaction: bad input changes nothing. A session already in the store
(same start time) or a screening already there (same time and kind) is skipped, and original
ids are kept where they are free, so export -> import -> export gives the same data.

Checked before anything is written, so an import cannot leave data that breaks other commands:
reps name exercises of the library, with a side exactly when the exercise is done per side,
numbered from 1, once each, within their session's time; sessions do not start in the future
or end before they start; a screening's stored result is at least as severe as its answers give
when evaluated again (so a forged or stale "clear" cannot let `psoas start` run); CSV headers are
exactly the columns export writes (a renamed column would otherwise drop its values).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from sqlalchemy import insert, select, text
from sqlalchemy.orm import sessionmaker

from psoas.errors import UserError
from psoas.jsonfile import read_json
from psoas.library import Exercise, load_library
from psoas.safety import ANSWERS, Answer, Screening, load_screening
from psoas.safety.screening import ScreeningResult, evaluate, evaluate_session_check
from psoas.store.models import RepRow, ScreeningRow, SessionRow, SettingRow
from psoas.store.sessions import rep_values, session_values, utc_now
from psoas.store.settings import SETTING_KEYS, validate_setting
from psoas.words import plural

FORMAT = "psoas-export"
VERSION = 1

# The columns `export --format csv` writes; import wants exactly these (in any order).
CSV_HEADERS: dict[str, list[str]] = {
    "sessions.csv": ["id", "started_at", "ended_at", "status", "pain_before", "pain_after", "plan_json"],
    "reps.csv": ["session_id", "exercise_id", "side", "rep", "hold_s", "completed_at"],  # + CAMERA_COLUMNS
    "screenings.csv": ["id", "taken_at", "kind", "status", "answers_json", "result_json"],
    "settings.csv": ["key", "value_json"],
    "plan.csv": ["exercise_id", "step", "steps", "hold_s", "reps", "per_side", "rest_s", "reason"],
}


# Written since the camera (schema revision 0002); an older CSV export without them still imports.
CAMERA_COLUMNS = ["camera", "camera_hold_s", "faults_json"]
OPTIONAL_HEADERS: dict[str, list[str]] = {"reps.csv": CAMERA_COLUMNS}


def export_data(store: Any, plan: dict[str, Any] | None = None, records: list[Any] | None = None) -> dict[str, Any]:
    """Everything in the store; `records` are its sessions when the caller has read them already."""
    sessions = []
    for record in store.sessions.all() if records is None else records:
        data = record.to_json()
        data["reps"] = [
            {
                "exercise_id": r.exercise_id,
                "side": r.side,
                "rep": r.rep,
                "hold_s": r.hold_s,
                "completed_at": r.completed_at.isoformat(),
                "camera": r.camera,
                "camera_hold_s": r.camera_hold_s,
                "faults": list(r.faults),
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
            CSV_HEADERS["sessions.csv"],
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
            CSV_HEADERS["reps.csv"] + CAMERA_COLUMNS,
            [
                [
                    s["id"],
                    r["exercise_id"],
                    r["side"] or "",
                    r["rep"],
                    r["hold_s"],
                    r["completed_at"],
                    "true" if r.get("camera") else "false",
                    "" if r.get("camera_hold_s") is None else r["camera_hold_s"],
                    json.dumps(r["faults"]) if r.get("faults") else "",
                ]
                for s in data["sessions"]
                for r in s["reps"]
            ],
        ),
        "screenings.csv": (
            CSV_HEADERS["screenings.csv"],
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
        "settings.csv": (CSV_HEADERS["settings.csv"], [[k, json.dumps(v)] for k, v in data["settings"].items()]),
        "plan.csv": (
            CSV_HEADERS["plan.csv"],
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


MAX_HOLD_S = 600.0  # no hold in any dose comes near ten minutes
MAX_REPS = 100


def _no_bool(value: Any) -> Any:
    """JSON true/false is not a number here (pydantic would read true as 1)."""
    if isinstance(value, bool):
        raise ValueError("must be a number, not true or false")
    return value


NotBool = BeforeValidator(_no_bool)


class RepIn(_Model):
    exercise_id: str = Field(min_length=1, max_length=64)
    side: Literal["left", "right"] | None
    rep: Annotated[int, NotBool] = Field(le=MAX_REPS)  # counted from 1 (session/plan.py); see _check_session
    hold_s: Annotated[float, NotBool] = Field(ge=0, le=MAX_HOLD_S)
    completed_at: datetime
    # what the camera saw (absent from exports made before the camera: not seen)
    camera: bool = False
    camera_hold_s: Annotated[float | None, NotBool] = Field(default=None, ge=0, le=MAX_HOLD_S)
    faults: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(default_factory=list, max_length=100)


class SessionIn(_Model):
    id: int | None = None
    started_at: datetime
    ended_at: datetime | None
    status: Literal["completed", "stopped", "hurt"]
    pain_before: Annotated[int | None, NotBool] = Field(ge=0, le=10)
    pain_after: Annotated[int | None, NotBool] = Field(ge=0, le=10)
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
            f"Imported {plural(self.sessions, 'session')} ({self.sessions_skipped} already there), "
            f"{plural(self.screenings, 'screening')} ({self.screenings_skipped} already there), "
            f"{plural(self.settings, 'setting')} ({self.settings_kept} kept as already set)."
        )


CSV_FILES = ("sessions.csv", "reps.csv", "screenings.csv", "settings.csv")  # plan.csv is today's plan: not imported


def _read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of one CSV file of the export, whose header must be exactly the columns export writes.

    Read as utf-8-sig: a spreadsheet (Excel) saves a byte-order mark that would else stick to the
    first column's name."""
    required = CSV_HEADERS[path.name]
    optional = OPTIONAL_HEADERS.get(path.name, [])
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames
            rows = list(reader)
    except UnicodeDecodeError:
        raise UserError(f"cannot read {path}: it is not UTF-8 text; save it as CSV UTF-8") from None
    except (OSError, csv.Error) as error:
        raise UserError(f"cannot read {path}: {getattr(error, 'strerror', None) or error}") from None
    expected = required + optional if header and any(c in header for c in optional) else required
    columns = ", ".join(expected)
    if not header:
        raise UserError(f"{path} is empty: it needs the header line {columns} (export --format csv writes it)")
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    doubled = sorted({c for c in header if header.count(c) > 1})
    if missing or extra or doubled:
        problems = []
        if missing:
            problems.append(f"{_columns(missing)} missing: {', '.join(missing)}")
        if extra:
            problems.append(f"unexpected {_columns(extra)}: {', '.join(repr(c) for c in extra)}")
        if doubled:
            problems.append(f"{_columns(doubled)} twice: {', '.join(doubled)}")
        raise UserError(
            f"{path}: {'; '.join(problems)}; the header must be exactly: {columns} (as export --format csv writes it)"
        )
    for line, row in enumerate(rows, start=2):
        if None in row:  # DictReader puts cells beyond the header under the key None
            raise UserError(f"{path} line {line}: more cells than the header's {len(expected)} columns")
        if None in row.values():  # and fills missing cells with None
            raise UserError(f"{path} line {line}: fewer cells than the header's {len(expected)} columns")
    return rows


def _columns(names: list[str]) -> str:
    return "column" if len(names) == 1 else "columns"


def _ids(names: list[str]) -> str:
    return "id" if len(names) == 1 else "ids"


def _json_cell(path: Path, line: int, column: str, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise UserError(f"{path} line {line}: {column} is not valid JSON") from None


def _camera_cells(path: Path, line: int, row: dict[str, str]) -> dict[str, Any]:
    """The camera's columns of a reps.csv row, when the export has them."""
    if "camera" not in row:
        return {}
    flag = row["camera"].strip().lower()
    if flag not in ("true", "false", ""):
        raise UserError(f"{path} line {line}: camera must be true or false, got {row['camera']!r}")
    faults = row.get("faults_json") or ""
    return {
        "camera": flag == "true",
        "camera_hold_s": row.get("camera_hold_s") or None,
        "faults": _json_cell(path, line, "faults_json", faults) if faults else [],
    }


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
        key = row.get("id") or f"line {line}"
        if key in sessions:
            raise UserError(
                f"{files['sessions.csv']} line {line}: a second session with id {key!r} (ids must be unique)"
            )
        sessions[key] = {
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
            **_camera_cells(files["reps.csv"], line, row),
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


SEVERITY = {"clear": 0, "caution": 1, "refer": 2, "emergency": 3}
FUTURE_SLACK = timedelta(days=1)  # a session may start up to a day after now (clocks, time zones)
REP_SLACK = timedelta(minutes=1)  # a rep may be stamped a minute outside its session


def _check_session(path: Path, s: SessionIn, library: dict[str, Exercise], now: datetime) -> None:
    """One-line UserError when the session would break history, progress or plans after import."""
    where = f"{path}: session started {s.started_at.isoformat()}"
    if s.started_at > now + FUTURE_SLACK:
        raise UserError(f"{where}: starts in the future (now is {now.isoformat()}); fix its date or remove it")
    if s.ended_at is not None and s.ended_at < s.started_at:
        raise UserError(f"{where}: ended_at {s.ended_at.isoformat()} is before it started; fix or remove it")
    seen: set[tuple[str, str | None, int]] = set()
    for r in s.reps:
        exercise = library.get(r.exercise_id)
        side = f" ({r.side})" if r.side else ""
        rep = f"rep {r.rep} of {r.exercise_id}{side}"
        if exercise is None:
            raise UserError(
                f"{where}: a rep of unknown exercise {r.exercise_id!r}; known exercises are: {', '.join(library)}"
            )
        if r.rep < 1:
            raise UserError(f"{where}: {rep}: reps are numbered from 1")
        if exercise.dose.per_side and r.side is None:
            raise UserError(f"{where}: {rep} has no side, but {r.exercise_id} is done per side (left or right)")
        if not exercise.dose.per_side and r.side is not None:
            raise UserError(f"{where}: {rep} has a side, but {r.exercise_id} is not done per side (side must be empty)")
        if r.completed_at < s.started_at - REP_SLACK:
            raise UserError(f"{where}: {rep} completed at {r.completed_at.isoformat()}, before the session started")
        if s.ended_at is not None and r.completed_at > s.ended_at + REP_SLACK:
            raise UserError(
                f"{where}: {rep} completed at {r.completed_at.isoformat()}, after the session ended"
                f" ({s.ended_at.isoformat()})"
            )
        key = (r.exercise_id, r.side, r.rep)
        if key in seen:
            raise UserError(f"{where}: {rep} is there twice; remove the duplicate")
        seen.add(key)


def _check_screening(path: Path, sc: ScreeningIn, screening: Screening) -> None:
    """One-line UserError when the stored result is unreadable, or milder than the answers give.

    The result is evaluated again from the answers with the same rules `psoas screen` and the
    pre-session check use; a stored result as severe or more severe is kept as it is."""
    where = f"{path}: {sc.kind} screening taken {sc.taken_at.isoformat()}"
    redo = "fix the file, or leave this screening out and run psoas screen"
    for key, value in sc.answers.items():
        if value not in ANSWERS:
            raise UserError(f"{where}: answer for {key!r} must be one of {', '.join(ANSWERS)}, got {value!r}")
    answers: dict[str, Answer] = dict(sc.answers)  # type: ignore[arg-type]  # values checked just above
    stored = sc.result.get("status")
    if stored not in SEVERITY:
        raise UserError(f"{where}: result status must be one of {', '.join(SEVERITY)}, got {stored!r}")
    try:
        on_record = ScreeningResult.from_stored(sc.result, answers)  # what psoas start will read
    except (TypeError, ValueError, AttributeError):
        raise UserError(f"{where}: the result is not in the shape psoas stores; {redo}") from None
    known = {q.id: q for q in screening.questions}
    if sc.kind == "full":
        unknown = [key for key in answers if key not in known]
        if unknown:
            raise UserError(f"{where}: unknown question {_ids(unknown)}: {', '.join(unknown)}; {redo}")
        try:
            fresh = evaluate(answers, screening)
        except UserError as error:  # unanswered questions, and no red flag among the answers
            if SEVERITY[stored] >= SEVERITY["refer"]:
                return  # a refer or emergency on record already stops sessions
            raise UserError(f"{where}: a {stored} result, but {error}") from None
    else:
        checks = [q.id for q in screening.of_kind("session_check")]
        unknown = [key for key in answers if key not in checks]
        if unknown:
            raise UserError(f"{where}: unknown session check question {_ids(unknown)}: {', '.join(unknown)}; {redo}")
        results = [evaluate_session_check(answer, screening) for answer in answers.values()]
        fresh = max(results, key=lambda r: SEVERITY[r.status], default=ScreeningResult("clear"))
    if SEVERITY[fresh.status] > SEVERITY[stored]:
        flagged = [f"{q} answered {answers[q].replace('_', ' ')}" for q in fresh.flags] or [
            f"{e.question} answered {answers[e.question].replace('_', ' ')}" for e in fresh.effects
        ]
        why = f" ({', '.join(dict.fromkeys(flagged))})" if flagged else ""
        raise UserError(f"{where}: the stored result says {stored}, but its answers give {fresh.status}{why}; {redo}")
    kept = [exercise for exercise in fresh.excluded() if exercise not in on_record.excluded()]
    if kept:  # e.g. pregnancy answered yes, but the Cobra not left out in the stored result
        raise UserError(f"{where}: its answers leave out {', '.join(kept)}, but the stored result does not; {redo}")


def read_export(path: Path, now: datetime | None = None) -> ExportIn:
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
    for sc in data.screenings:
        if sc.taken_at.tzinfo is None:
            raise UserError(f"{path}: times must carry a UTC offset, got {sc.taken_at.isoformat()}")
    now = now or utc_now()
    library = {e.id: e for e in load_library()}
    for s in data.sessions:
        _check_session(path, s, library, now)
    screening = load_screening()
    for sc in data.screenings:
        _check_screening(path, sc, screening)
    return data


def import_data(store: Any, data: ExportIn) -> ImportCounts:
    counts = ImportCounts()
    maker = sessionmaker(store.engine, expire_on_commit=False)
    with maker.begin() as db:
        starts = set(db.scalars(select(SessionRow.started_at)))
        used_ids = set(db.scalars(select(SessionRow.id)))
        top_id = max(used_ids, default=0)
        session_rows: list[dict[str, Any]] = []
        rep_rows: list[dict[str, Any]] = []
        for s in sorted(data.sessions, key=lambda s: (s.id is None, s.id or 0, s.started_at)):
            if s.started_at in starts:
                counts.sessions_skipped += 1
                continue
            # The original id where it is free, else the next one (what SQLite itself would give).
            row_id = s.id if s.id is not None and s.id not in used_ids else top_id + 1
            top_id = max(top_id, row_id)
            used_ids.add(row_id)
            starts.add(s.started_at)
            session_rows.append({"id": row_id, **session_values(s)})
            rep_rows.extend({"session_id": row_id, **rep_values(r)} for r in s.reps)
            counts.sessions += 1
        # Two bulk inserts (one statement each, executed for many rows) instead of a flush per session.
        if session_rows:
            db.execute(insert(SessionRow), session_rows)
        if rep_rows:
            db.execute(insert(RepRow), rep_rows)

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
        if db.get_bind().dialect.name == "postgresql":
            _advance_sequences(db)
    return counts


def _advance_sequences(db: Any) -> None:
    """PostgreSQL hands out ids from a sequence that explicit ids do not move: set it past the
    ids imported, or the next session recorded would collide with one of them."""
    for table in ("sessions", "screenings"):
        db.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM {table}"
            )
        )
