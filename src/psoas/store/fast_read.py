"""Read the sessions of an up-to-date SQLite store with the standard library's sqlite3.

SQLAlchemy costs about 0.3 s of imports; `psoas history` on a current store needs two queries. So a
plain SQLite file whose stored schema revision is the head revision of the migration files is read
here, with the same checks before (psoas.store.files), the same daily backup (psoas.store.backup)
and the same records after (psoas.store.sessions.build_records), their values decoded as
SQLAlchemy's column types decode them (psoas.store.models). Everything else gives None, and the
caller opens the store through SQLAlchemy: another database (PostgreSQL), a URL with options, a new
or empty file, a schema that needs migrating (or is newer, or not psoas's), and any error SQLite
raises. That path meets the same condition again and deals with it as it always has (migrations,
plain diagnoses of a damaged file), so what the user sees does not depend on which path read it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import datetime
from pathlib import Path

from psoas.store.files import check_file, check_location, head_revision
from psoas.store.sessions import SessionRecord, build_records

Now = Callable[[], datetime]

_PREFIX = "sqlite:///"

# Datetimes are stored naive, in UTC (models.UTCDateTime): SQLite appends the offset, so that
# datetime.fromisoformat gives the aware UTC datetime SQLAlchemy's path gives (fromisoformat, then
# tzinfo=UTC), at a third of the cost. A value with an offset of its own then fails to parse, and
# is left to SQLAlchemy's path.
SESSION_QUERY = (
    "SELECT id, started_at || '+00:00', ended_at || '+00:00', status, pain_before, pain_after, plan_json"
    " FROM sessions ORDER BY started_at DESC, id DESC"
)
REP_QUERY = (
    "SELECT session_id, exercise_id, side, rep, hold_s, completed_at || '+00:00', camera, camera_hold_s, faults_json"
    " FROM reps ORDER BY id"
)


def plain_sqlite_path(url: str) -> Path | None:
    """The file named by a plain SQLite URL, `sqlite:///PATH` with no driver, options or escapes (the
    URL psoas makes from PSOAS_HOME), read as psoas.store.database.sqlite_file reads it; None for any
    other URL."""
    if not url.startswith(_PREFIX):
        return None
    name = url[len(_PREFIX) :]
    if not name or name == ":memory:" or name.startswith("file:") or any(c in name for c in "?%#"):
        return None
    return Path(name).expanduser()


def utc_datetime(value: str | None) -> datetime | None:
    """A stored datetime with '+00:00' appended (as the queries append it), as UTCDateTime gives it
    back through SQLAlchemy: aware, in UTC."""
    return None if value is None else datetime.fromisoformat(value)


def _stored_revision(connection: sqlite3.Connection) -> str | None:
    found = connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
    if found.fetchone() is None:
        return None
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def read_current_sqlite(url: str, now: Now | None) -> list[SessionRecord] | None:
    """Every session, newest first, when `url` is a plain SQLite file at the head revision; else None.
    With `now` (a clock) the day's backup is made first, as psoas.store.open_store makes it."""
    database = plain_sqlite_path(url)
    if database is None:
        return None
    check_location(database)  # as open_database checks, in the same order: the same refusals
    check_file(database)
    if not database.is_file() or database.stat().st_size == 0:
        return None  # a new store is made by the migrations
    try:
        connection = sqlite3.connect(database)
    except sqlite3.Error:
        return None
    with closing(connection):
        try:
            current = _stored_revision(connection) == head_revision()
        except sqlite3.Error:
            return None
        if not current:
            return None
        if now is not None:
            from psoas.store.backup import daily_backup

            daily_backup(database, now)
        try:
            connection.execute("BEGIN")  # one snapshot for both queries
            # REAL and BOOLEAN columns read as SQLAlchemy decodes them (float; 0/1, made bool by
            # build_records); completed_at, never NULL, is parsed there.
            reps = connection.execute(REP_QUERY).fetchall()
            sessions = [
                (session_id, utc_datetime(started), utc_datetime(ended), *rest)
                for session_id, started, ended, *rest in connection.execute(SESSION_QUERY)
            ]
            connection.rollback()
            return build_records(sessions, reps, parse_time=datetime.fromisoformat)
        except (sqlite3.Error, ValueError, TypeError):  # a value SQLAlchemy's path must judge
            return None
