"""What psoas knows about its database without importing SQLAlchemy: the schema revisions in the
migration files, and what is wrong with an SQLite file, in plain words.

psoas.store.database (the SQLAlchemy side), psoas.store.backup and psoas.store.fast_read (reading an
up-to-date SQLite store with the standard library) all use these.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from psoas.errors import Refused

MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_MAGIC = b"SQLite format 3\x00"


# --- revisions, known without importing Alembic -------------------------------------------------

_REVISION = re.compile(r"^revision\s*(?::[^=]+)?=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision\s*(?::[^=]+)?=\s*(None|['\"]([^'\"]+)['\"])", re.MULTILINE)


@lru_cache
def revision_chain(migrations: Path = MIGRATIONS) -> tuple[str, ...]:
    """Every revision id in the migrations folder, oldest first (tests check it against Alembic)."""
    parents: dict[str, str | None] = {}
    for script in sorted((migrations / "versions").glob("*.py")):
        source = script.read_text(encoding="utf-8")
        found, down = _REVISION.search(source), _DOWN_REVISION.search(source)
        if found is None or down is None:
            raise RuntimeError(f"{script} has no revision / down_revision line")
        parents[found.group(1)] = down.group(2)
    children = {parent: child for child, parent in parents.items()}
    if len(children) != len(parents) or None not in children:
        raise RuntimeError(f"the migrations in {migrations} are not one straight line of revisions")
    chain: list[str] = []
    revision = children.get(None)
    while revision is not None:
        chain.append(revision)
        revision = children.get(revision)
    return tuple(chain)


def head_revision(migrations: Path = MIGRATIONS) -> str:
    return revision_chain(migrations)[-1]


# --- what is wrong with an SQLite file, in plain words ------------------------------------------


def what_to_do(database: Path) -> str:
    """Advice for a damaged database: restore when a backup exists, else start afresh."""
    from psoas.store.backup import backup_folder, backups

    if backups(database):
        return "run `psoas restore` to put back the newest good backup (the damaged file is kept aside)"
    return (
        f"there is no backup in {backup_folder(database)}; move the file away to start a new, empty database"
        " (or `psoas restore FILE` with a backup of your own)"
    )


def damage_in_file(path: Path) -> str | None:
    """Why the file at `path` cannot be an intact SQLite database, read from its 100-byte header
    and its size; None when nothing is wrong there (pages inside may still be damaged)."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        header = handle.read(100)
    if size == 0:
        return None  # SQLite takes an empty file as a new database
    if not header.startswith(SQLITE_MAGIC[: len(header)]) or len(header) < len(SQLITE_MAGIC):
        return "its contents are not an SQLite database at all (overwritten or not a psoas file)"
    if len(header) < 100:
        return f"the file is cut short ({size} bytes; even the header needs 100)"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    header_valid = pages > 0 and header[24:28] == header[92:96]  # the page count is kept up to date
    wal = Path(f"{path}-wal")
    if header_valid and not wal.exists() and size < pages * page_size:
        return f"the file is cut short ({size} bytes of the {pages * page_size} its header gives)"
    return None


def describe_sqlite_error(message: str, database: Path) -> Refused | None:
    """A plain Refused for the SQLite errors a user's file or disk causes; None for the others (bugs)."""
    lowered = message.lower()
    if "not a database" in lowered:
        return Refused(f"{database} is not a psoas database (its contents are not SQLite); {what_to_do(database)}")
    if "malformed" in lowered or "corrupt" in lowered:
        return Refused(f"{database} is damaged (SQLite says: {message}); {what_to_do(database)}")
    if "readonly" in lowered or "read-only" in lowered:
        return Refused(f"{database} is read-only, so psoas cannot save to it; make it writable (chmod u+w {database})")
    if "locked" in lowered or "busy" in lowered:
        return Refused(f"{database} is busy: another psoas is writing to it; try again in a moment")
    if "full" in lowered:
        return Refused(f"cannot save to {database}: the disk is full; free some space and try again")
    if "disk i/o" in lowered:
        return Refused(f"cannot read or write {database} (disk I/O error); check the disk, then try again")
    if "unable to open" in lowered:
        return Refused(
            f"cannot open {database} ({message}); check that its folder exists and that you may read and write it"
        )
    return None


def check_location(database: Path) -> None:
    """Refused, in one plain line, when psoas could not read and write the SQLite file at `database`."""
    folder = database.parent
    for ancestor in (folder, *folder.parents):
        if ancestor.exists():
            if not ancestor.is_dir():
                inside = "" if ancestor == folder else f", so psoas cannot keep its database in {folder}"
                raise Refused(
                    f"{ancestor} is a file, not a folder{inside}; psoas keeps its data in a folder: "
                    "set PSOAS_HOME to a folder (psoas creates it when missing)"
                )
            break
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise Refused(
            f"cannot create the folder {folder} for the database ({error.strerror}); "
            "set PSOAS_HOME to a folder you can write to"
        ) from None
    if database.is_dir():
        raise Refused(f"{database} is a folder, not a database file; move it away or set PSOAS_HOME elsewhere")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise Refused(
            f"cannot write in {folder}, where psoas keeps its database (no write permission); "
            f"make it writable (chmod u+w {folder}) or set PSOAS_HOME to a folder you own"
        )
    if database.exists():
        if not os.access(database, os.R_OK):
            raise Refused(f"cannot read {database} (no read permission); make it readable (chmod u+rw {database})")
        if not os.access(database, os.W_OK):
            raise Refused(
                f"{database} is read-only, so psoas cannot save to it; make it writable (chmod u+w {database})"
            )


def check_file(database: Path) -> None:
    """Refused when the file is visibly not an intact psoas database (before SQLite touches it)."""
    if not database.exists():
        return
    if database.stat().st_size == 0:
        from psoas.store.backup import backup_folder, backups

        if backups(database):  # data was there once: do not quietly start again from nothing
            raise Refused(
                f"{database} is empty (0 bytes) although backups exist in {backup_folder(database)}; "
                "run `psoas restore` to put back the newest good one, or delete the empty file to start afresh"
            )
        return
    damage = damage_in_file(database)
    if damage:
        raise Refused(f"{database} is damaged: {damage}; {what_to_do(database)}")


@contextmanager
def file_lock(database: Path | None) -> Iterator[None]:
    """One process at a time migrates, backs up or restores an SQLite file: two commands started
    together on a new file would otherwise both create the tables. (PostgreSQL: an advisory lock.)"""
    if database is None:
        yield
        return
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    with open(f"{database}.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
