"""Open the database named by a SQLAlchemy URL, check it, and bring its schema to the newest revision.

A store that is already current costs one query: the stored Alembic revision is compared with the
head revision read from the migration files' text, and Alembic (about 0.1 s of imports) is loaded
only when they differ. An SQLite file is checked before it is opened (its folder, its permissions,
its header) and SQLite's own complaints about it become one plain line naming the file and what to
do (psoas.store.backup keeps the backups that `psoas restore` puts back).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.pool import NullPool

from psoas.errors import Refused, UserError
from psoas.store.files import (  # re-exported: the SQLAlchemy-free checks live in psoas.store.files
    MIGRATIONS,
    SQLITE_MAGIC,
    check_file,
    check_location,
    damage_in_file,
    describe_sqlite_error,
    file_lock,
    head_revision,
    revision_chain,
    what_to_do,
)

__all__ = [
    "MIGRATIONS",
    "SQLITE_MAGIC",
    "check_file",
    "check_location",
    "damage_in_file",
    "describe_sqlite_error",
    "file_lock",
    "head_revision",
    "migrate",
    "open_database",
    "read_revision",
    "revision_chain",
    "sqlite_file",
    "what_to_do",
]

Now = Callable[[], datetime]


# --- revisions ------------------------------------------------------------------------------------


def read_revision(engine: Engine) -> str | None:
    """The revision stored in the database; None for a database without one (new, or not psoas's)."""
    with engine.connect() as connection:
        if not engine.dialect.has_table(connection, "alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


# --- SQLite files ---------------------------------------------------------------------------------


def sqlite_file(url: str | URL) -> Path | None:
    """The file behind an SQLite URL; None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    if parsed.database.startswith("file:"):  # a URI filename (sqlite:///file:...?uri=true)
        return None
    return Path(parsed.database).expanduser()


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
    if current is None and database is not None:  # a server database may hold other schemas' tables
        with engine.connect() as connection:
            tables = engine.dialect.get_table_names(connection)
        if tables:  # perhaps another psoas is creating them now: look again when its migration is done
            with file_lock(database):
                current = read_revision(engine)
            if current is None:
                raise Refused(
                    f"{where} holds a database that is not psoas's (tables {', '.join(sorted(tables)[:5])}, no "
                    "psoas schema revision); set PSOAS_HOME (or PSOAS_DATABASE_URL) to another place"
                )
    if current is not None and current not in known:
        raise Refused(
            f"{where} was written by a newer psoas (schema revision {current}; this psoas knows up to "
            f"{known[-1]}); upgrade psoas (pip install --upgrade psoas), or `psoas restore FILE` with an older backup"
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
        # A file database gets no connection pool: each connection is closed as soon as it is
        # given back, so none is left for the garbage collector (Python 3.13 warns about an
        # unclosed sqlite3 connection) and another process never waits on one held idle.
        engine = create_engine(url, poolclass=NullPool) if database is not None else create_engine(url)
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
