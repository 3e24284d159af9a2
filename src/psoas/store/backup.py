"""Backups of the SQLite database, made with SQLite's online backup API (never a file copy of a
live database), and putting one back.

Backups live in `backups/` beside the database, named psoas-YYYYMMDD-HHMMSSZ-KIND.db (UTC), so
their names sort by time. KIND is `daily` (at the first open of each local day; the last 7 are
kept), `before-migration-to-REVISION` (before every schema migration) or `manual` (`psoas backup`).
Every backup is checked with PRAGMA integrity_check before it gets its name, so a damaged database
never pushes a good backup out of the daily seven. `restore` moves the current file aside (renamed
with the time), never overwriting or deleting it.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from psoas.errors import Refused, UserError
from psoas.store.files import (
    check_file,
    check_location,
    damage_in_file,
    describe_sqlite_error,
    file_lock,
    revision_chain,
    what_to_do,
)

BACKUP_FOLDER = "backups"
KEEP_DAILY = 7
DAILY = "daily"
_NAME = re.compile(r"^psoas-(\d{8}-\d{6})Z-([a-z0-9.-]+)\.db$")
SIDECARS = ("-journal", "-wal", "-shm")  # SQLite's files beside a database, which belong to it

Now = Callable[[], datetime]


class NotAGoodDatabase(Exception):
    """The file is not an intact psoas database; the message says why."""


@dataclass(frozen=True)
class Restored:
    source: Path
    moved_aside: Path | None  # where the replaced database went (None: there was none)
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # newer backups that were not good


def backup_folder(database: Path) -> Path:
    return database.parent / BACKUP_FOLDER


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%d-%H%M%SZ")


def taken_at(backup: Path) -> datetime | None:
    """The time in a backup's name (UTC), or None for a name psoas did not give."""
    match = _NAME.match(backup.name)
    if match is None:
        return None
    s = match.group(1)  # YYYYMMDD-HHMMSS, read by hand: strptime costs an import at every open
    return datetime(int(s[:4]), int(s[4:6]), int(s[6:8]), int(s[9:11]), int(s[11:13]), int(s[13:15]), tzinfo=UTC)


def backups(database: Path, kind: str | None = None) -> list[Path]:
    """The backups psoas made of `database`, newest first (optionally of one kind)."""
    folder = backup_folder(database)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match and path.is_file() and (kind is None or match.group(2) == kind):
            found.append((match.group(1), path.stat().st_mtime_ns, path))
    return [path for *_, path in sorted(found, reverse=True)]


def integrity_problems(connection: sqlite3.Connection) -> str | None:
    rows = [row[0] for row in connection.execute("PRAGMA integrity_check").fetchall()]
    return None if rows == ["ok"] else "; ".join(rows[:3])


def _stored_revision(connection: sqlite3.Connection) -> str | None:
    found = connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
    if found.fetchone() is None:
        return None
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def why_not_restorable(path: Path) -> str | None:
    """Why `path` cannot be put back as the psoas database; None when it can."""
    if not path.exists():
        return "there is no such file"
    if not path.is_file():
        return "it is not a file"
    if path.stat().st_size == 0:
        return "the file is empty"
    try:
        damage = damage_in_file(path)
        if damage:
            return damage
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
            problems = integrity_problems(connection)
            if problems:
                return f"it is damaged (integrity check: {problems})"
            revision = _stored_revision(connection)
    except sqlite3.DatabaseError as error:
        damaged = "malformed" in str(error) or "not a database" in str(error)
        return f"it is damaged (SQLite says: {error})" if damaged else f"SQLite cannot read it ({error})"
    except OSError as error:
        return f"it cannot be read ({error.strerror})"
    known = revision_chain()
    if revision is None:
        return "it is an SQLite database, but not a psoas one (no psoas schema revision)"
    if revision not in known:
        return f"it was written by a newer psoas (schema revision {revision}; this psoas knows up to {known[-1]})"
    return None


def _copy(source: Path, target: Path, *, source_is_live: bool) -> None:
    """source -> target through SQLite's backup API; written as `target.partial`, checked, then renamed,
    so a name psoas gives is always a whole, intact database."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    # The live database is opened read-write (a hot journal after a crash must be rolled back first);
    # a backup being restored is only read.
    mode = "rw" if source_is_live else "ro"
    try:
        with (
            closing(sqlite3.connect(f"{source.resolve().as_uri()}?mode={mode}", uri=True)) as from_db,
            closing(sqlite3.connect(partial)) as to_db,
        ):
            from_db.backup(to_db)
            problems = integrity_problems(to_db)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    if problems:
        partial.unlink(missing_ok=True)
        raise NotAGoodDatabase(f"integrity check: {problems}")
    os.replace(partial, target)


def _backup_of_live(database: Path, target: Path) -> Path:
    """Back up the live database to `target` (no lock taken: callers hold it), or Refused when it is damaged."""
    try:
        _copy(database, target, source_is_live=True)
    except NotAGoodDatabase as error:
        raise Refused(f"{database} is damaged ({error}); {what_to_do(database)}") from None
    except sqlite3.DatabaseError as error:
        plain = describe_sqlite_error(str(error), database)
        raise plain or Refused(f"cannot back up {database}: {error}") from None
    return target


def _new_name(database: Path, moment: datetime, kind: str) -> Path:
    folder = backup_folder(database)
    folder.mkdir(mode=0o700, exist_ok=True)  # health data: for the owner only
    target = folder / f"psoas-{_stamp(moment)}-{kind}.db"
    number = 2
    while target.exists():  # two backups within one second
        target = folder / f"psoas-{_stamp(moment)}-{kind}-{number}.db"
        number += 1
    return target


def backup_now(database: Path, now: Now, out: Path | None = None) -> Path:
    """`psoas backup`: a backup now, into backups/ or to `out` (never over an existing file)."""
    check_location(database)
    if not database.is_file():
        raise Refused(f"there is no database at {database} yet, so there is nothing to back up")
    check_file(database)
    if out is not None:
        out = out.expanduser()
        if out.exists():
            raise UserError(f"{out} already exists; give a new file name (psoas never overwrites a file)")
        if not out.parent.is_dir():
            raise UserError(f"the folder {out.parent} does not exist; create it or choose another place")
    with file_lock(database):
        return _backup_of_live(database, out or _new_name(database, now(), "manual"))


def backup_before_migration(database: Path, current: str, head: str, now: Now) -> Path:
    """Called by the migration, which already holds the database's lock."""
    return _backup_of_live(database, _new_name(database, now(), f"before-migration-to-{head}"))


def daily_backup(database: Path, now: Now, keep: int = KEEP_DAILY) -> Path | None:
    """At the first open of a local day: one backup, and only the newest `keep` daily ones kept."""

    def done_today() -> bool:
        today = now().astimezone().date()
        return any((taken_at(b) or now()).astimezone().date() == today for b in backups(database, DAILY))

    if done_today():
        return None
    with file_lock(database):
        if done_today():  # another process made it while this one waited
            return None
        made = _backup_of_live(database, _new_name(database, now(), DAILY))
        for old in backups(database, DAILY)[keep:]:
            old.unlink(missing_ok=True)
    return made


def _aside_name(database: Path, moment: datetime) -> Path:
    target = database.with_name(f"{database.stem}-replaced-{_stamp(moment)}{database.suffix}")
    number = 2
    while target.exists():
        target = database.with_name(f"{database.stem}-replaced-{_stamp(moment)}-{number}{database.suffix}")
        number += 1
    return target


def restore(database: Path, now: Now, source: Path | None = None) -> Restored:
    """Put a backup back: `source`, or the newest good one. The current file is moved aside first."""
    check_location(database)
    skipped: list[tuple[Path, str]] = []
    if source is not None:
        source = source.expanduser()
        if source.exists() and database.exists() and source.resolve() == database.resolve():
            raise UserError(f"{source} is the database itself; name a backup to restore")
        reason = why_not_restorable(source)
        if reason:
            raise UserError(f"{source} cannot be restored: {reason}; nothing was changed")
    else:
        for candidate in backups(database):
            reason = why_not_restorable(candidate)
            if reason is None:
                source = candidate
                break
            skipped.append((candidate, reason))
        if source is None:
            found = f" (the {len(skipped)} there are not good)" if skipped else ""
            raise Refused(
                f"there is no good backup in {backup_folder(database)}{found}; nothing was changed. "
                "Name a backup of your own: psoas restore FILE"
            )
    staging = database.with_name(f".{database.name}.restoring")
    with file_lock(database):
        _copy(source, staging, source_is_live=False)
        aside = None
        if database.exists():
            aside = _aside_name(database, now())
            os.rename(database, aside)
            for sidecar in SIDECARS:  # a journal left beside the old file belongs to it, not to the backup
                if Path(f"{database}{sidecar}").exists():
                    os.rename(f"{database}{sidecar}", f"{aside}{sidecar}")
        os.replace(staging, database)
    return Restored(source, aside, skipped)
