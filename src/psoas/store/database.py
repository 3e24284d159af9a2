"""Open the database named by a SQLAlchemy URL and bring its schema to the newest revision."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import sessionmaker

from psoas.errors import UserError

MIGRATIONS = Path(__file__).parent / "migrations"


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _alembic_config(connection: object):  # noqa: ANN202 - alembic imported lazily
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """One process at a time brings the schema up to date: two commands started together on a
    new SQLite file would otherwise both create the tables. (PostgreSQL: an advisory lock.)"""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
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


def migrate(engine: Engine) -> None:
    """Apply any Alembic revisions the database lacks (a no-op when it is current)."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    with _migration_lock(engine), engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(4271957)"))  # held to the commit
        config = _alembic_config(connection)
        head = ScriptDirectory.from_config(config).get_current_head()
        current = MigrationContext.configure(connection).get_current_revision()
        if current != head:
            command.upgrade(config, "head")


def open_database(url: str) -> tuple[Engine, sessionmaker]:
    try:
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
    except ArgumentError as error:
        raise UserError(
            f"PSOAS_DATABASE_URL is not a valid database URL ({error}); use e.g. sqlite:///path/psoas.db"
        ) from None
    except ModuleNotFoundError as error:
        raise UserError(f"the database driver {error.name!r} is not installed; pip install it or use SQLite") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        migrate(engine)
    except OperationalError as error:
        raise UserError(
            f"cannot open the database at {engine.url!r}: {error.orig}; check PSOAS_HOME or PSOAS_DATABASE_URL"
        ) from None
    return engine, sessionmaker(engine, expire_on_commit=False)
