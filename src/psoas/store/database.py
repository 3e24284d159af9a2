"""Open the database named by a SQLAlchemy URL, check it, and bring its schema to the newest revision.

A store that is already current costs one query: the stored Alembic revision is compared with the
head revision read from the migration files' text, and Alembic (about 0.1 s of imports) is loaded
only when they differ. An SQLite file is checked before it is opened (its folder, its permissions,
its header) and SQLite's own complaints about it become one plain line naming the file and what to
do (psoas.store.backup keeps the backups that `psoas restore` puts back).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

from psoas.errors import Refused, UserError

MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_MAGIC = b"SQLite format 3\x00"

Now = Callable[[], datetime]


# --- revisions, known without importing Alembic -------------------------------------------------

_REVISION = re.compile(r"^revision\s*(?::[^=]+)?=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision\s*(?::[^=]+)?=\s*(None|['\"]([^'\"]+)['\"])", re.MULTILINE)


@lru_cache
def revision_chain(migrations: Path = MIGRATIONS) -> tuple[str, ...]:
    """Every revision id in the migrations folder, oldest first (tests check it against Alembic)."""
    parents: dict[str, str | None] = {}
    for script in sorted((migrations / "versions").glob("*.py")):
        source = script.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN_REVISION.search(source)
        if revision is None or down is None:
            raise RuntimeError(f"{script} has no revision / down_revision line")
        parents[revision.group(1)] = down.group(2)
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


def read_revision(engine: Engine) -> str | None:
    """The revision stored in the database; None for a database without one (new, or not psoas's)."""
    with engine.connect() as connection:
        if not engine.dialect.has_table(connection, "alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


# --- what is wrong with an SQLite file, in plain words ------------------------------------------


def sqlite_file(url: str | URL) -> Path | None:
    """The file behind an SQLite URL; None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    if parsed.database.startswith("file:"):  # a URI filename (sqlite:///file:...?uri=true)
        return None
    return Path(parsed.database).expanduser()


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


def _plain_sqlite_errors(database: Path) -> Callable[[object], None]:
    """A handle_error listener: SQLite errors about the file itself become a plain Refused, raised
    wherever a command reads or writes (a damaged page may be met long after opening)."""

    def listener(context: object) -> None:
        original = getattr(context, "original_exception", None)
        if original is not None and type(original).__module__.startswith("sqlite3"):
            plain = describe_sqlite_error(str(original), database)
            if plain is not None:
                raise plain from None

    return listener


# --- migrations -----------------------------------------------------------------------------------


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _alembic_config(connection: object, migrations: Path):  # noqa: ANN202 - alembic imported lazily
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations))
    config.attributes["connection"] = connection
    return config


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


def migrate(
    engine: Engine,
    before_upgrade: Callable[[str, str], None] | None = None,
    migrations: Path = MIGRATIONS,
) -> None:
    """Apply any Alembic revisions the database lacks (a no-op when it is current).
    `before_upgrade(current, head)` runs first when an existing schema is about to change."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    with file_lock(sqlite_file(engine.url)):
        if engine.dialect.name == "sqlite" and before_upgrade is not None:
            current = read_revision(engine)  # again, under the lock: another process may have done it
            if current is not None and current != head_revision(migrations):
                before_upgrade(current, head_revision(migrations))
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(4271957)"))  # held to the commit
            config = _alembic_config(connection, migrations)
            head = ScriptDirectory.from_config(config).get_current_head()
            current = MigrationContext.configure(connection).get_current_revision()
            if current != head:
                command.upgrade(config, "head")


def _bring_up_to_date(engine: Engine, database: Path | None, now: Now | None, migrations: Path) -> None:
    known = revision_chain(migrations)
    current = read_revision(engine)
    where = database or engine.url.render_as_string(hide_password=True)
    if current is not None and current not in known:
        raise Refused(
            f"{where} was written by a newer psoas (schema revision {current}; this psoas knows up to "
            f"{known[-1]}); upgrade psoas (pip install --upgrade psoas), or `psoas restore FILE` with an older backup"
        )
    if current is None and database is not None:  # a server database may hold other schemas' tables
        with engine.connect() as connection:
            tables = engine.dialect.get_table_names(connection)
        if tables:
            raise Refused(
                f"{where} holds a database that is not psoas's (tables {', '.join(sorted(tables)[:5])}, no psoas "
                "schema revision); set PSOAS_HOME (or PSOAS_DATABASE_URL) to another place"
            )
    if current != known[-1]:
        before_upgrade = None
        if database is not None and now is not None:
            from psoas.store.backup import backup_before_migration

            def before_upgrade(old: str, new: str) -> None:
                backup_before_migration(database, old, new, now)

        migrate(engine, before_upgrade, migrations)
    if current is not None and database is not None and now is not None:
        from psoas.store.backup import daily_backup

        daily_backup(database, now)


def open_database(url: str, now: Now | None = None, migrations: Path = MIGRATIONS) -> Engine:
    """An engine on a checked, current database (no ORM imported here). With `now` (a clock), an
    existing SQLite file is backed up before a migration and at the first open of each day."""
    try:
        database = sqlite_file(url)
    except ArgumentError as error:
        raise UserError(
            f"PSOAS_DATABASE_URL is not a valid database URL ({error}); use e.g. sqlite:///path/psoas.db"
        ) from None
    if database is not None:
        check_location(database)
        check_file(database)
    try:
        engine = create_engine(url)
    except ArgumentError as error:
        raise UserError(
            f"PSOAS_DATABASE_URL is not a valid database URL ({error}); use e.g. sqlite:///path/psoas.db"
        ) from None
    except ModuleNotFoundError as error:
        raise UserError(f"the database driver {error.name!r} is not installed; pip install it or use SQLite") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        if database is not None:
            event.listen(engine, "handle_error", _plain_sqlite_errors(database))
    try:
        _bring_up_to_date(engine, database, now, migrations)
    except (OperationalError, DBAPIError) as error:
        reason = " ".join(str(error.orig).split()).rstrip(".")  # drivers' messages may span lines
        if database is None:
            raise Refused(
                f"cannot open the database at {engine.url!r}: {reason}; "
                "check PSOAS_DATABASE_URL and that the server is running"
            ) from None
        raise Refused(f"cannot open the database {database}: {reason}") from None
    return engine
