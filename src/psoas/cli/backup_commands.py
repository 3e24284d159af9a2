"""`psoas backup` and `psoas restore`: copies of the SQLite database, made and put back safely."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from psoas.errors import Refused, UserError


def _sqlite_database() -> Path:
    """The SQLite file psoas uses; Refused (with what to use instead) for any other database."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from psoas.config import Paths
    from psoas.store.database import sqlite_file

    url = Paths.from_environ().database_url
    try:
        database = sqlite_file(url)
        backend = make_url(url).get_backend_name()
    except ArgumentError as error:
        raise UserError(
            f"PSOAS_DATABASE_URL is not a valid database URL ({error}); use e.g. sqlite:///path/psoas.db"
        ) from None
    if database is not None:
        return database
    if backend == "postgresql":
        raise Refused(
            "the database is PostgreSQL (PSOAS_DATABASE_URL), so backups are the server's job: "
            "make them with pg_dump and put one back with pg_restore (psoas makes none of its own)"
        )
    if backend == "sqlite":
        raise Refused("PSOAS_DATABASE_URL names an in-memory SQLite database: there is no file to back up or restore")
    raise Refused(
        f"the database is {backend} (PSOAS_DATABASE_URL), so backups are the server's job (psoas makes none of its own)"
    )


def backup(
    out: Annotated[
        Path | None,
        typer.Option("--out", metavar="FILE", help="Write the backup to FILE (default: backups/ beside the database)."),
    ] = None,
) -> None:
    """Back up the database now (psoas also keeps one per day and one before every upgrade)."""
    from psoas.store.backup import backup_now
    from psoas.store.sessions import utc_now

    database = _sqlite_database()
    made = backup_now(database, utc_now, out)
    print(f"Backed up {database} to {made}")


def restore(
    file: Annotated[
        Path | None,
        typer.Argument(metavar="[FILE]", help="The backup to put back (default: the newest good one in backups/)."),
    ] = None,
) -> None:
    """Put a backup back (default: the newest good one); the current database is moved aside, never deleted."""
    import sys

    from psoas.store.backup import restore as restore_backup
    from psoas.store.sessions import utc_now

    database = _sqlite_database()
    restored = restore_backup(database, utc_now, file)
    for skipped, reason in restored.skipped:
        print(f"Skipped {skipped}: {reason}", file=sys.stderr)
    print(f"Restored {database} from {restored.source}")
    if restored.moved_aside is not None:
        print(f"The file it replaced was moved to {restored.moved_aside} (kept, not deleted)")
    else:
        print("There was no database there before")


def register(app: typer.Typer) -> None:
    app.command()(backup)
    app.command()(restore)
