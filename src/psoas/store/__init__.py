"""Storage: SQLAlchemy over SQLite by default (any SQLAlchemy URL via PSOAS_DATABASE_URL).

`open_store()` opens and checks the database, applies Alembic migrations when the schema is out of
date (backing the file up first), makes the day's backup, and returns one object holding a
repository per kind of record. The repositories (and the ORM behind them) are built on first use,
so a command imports only what it reads: settings bring in Pydantic, the repositories the ORM.
`read_sessions()` reads the history of an up-to-date SQLite store without SQLAlchemy at all
(psoas.store.fast_read), and opens the store through SQLAlchemy in every other case.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from psoas.config import Paths

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import sessionmaker

    from psoas.store.screenings import ScreeningRecord, ScreeningRepository
    from psoas.store.sessions import RepRecord, SessionRecord, SessionRepository, utc_now
    from psoas.store.settings import SettingsRepository

__all__ = ["Store", "open_store", "read_sessions", "SessionRecord", "RepRecord", "ScreeningRecord", "utc_now"]

Now = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Store:
    def __init__(self, engine: Engine, now: Now = _utc_now) -> None:
        self.engine = engine
        self._now = now

    @cached_property
    def _maker(self) -> sessionmaker:
        from sqlalchemy.orm import sessionmaker

        return sessionmaker(self.engine, expire_on_commit=False)

    @cached_property
    def sessions(self) -> SessionRepository:
        from psoas.store.sessions import SessionRepository

        return SessionRepository(self._maker, self._now)

    @cached_property
    def screenings(self) -> ScreeningRepository:
        from psoas.store.screenings import ScreeningRepository

        return ScreeningRepository(self._maker, self._now)

    @cached_property
    def settings(self) -> SettingsRepository:
        from psoas.store.settings import SettingsRepository

        return SettingsRepository(self._maker)

    def close(self) -> None:
        self.engine.dispose()


def open_store(
    url: str | None = None, environ: Mapping[str, str] | None = None, now: Now = _utc_now, backups: bool = True
) -> Store:
    """The store at `url` (default: PSOAS_DATABASE_URL or PSOAS_HOME/psoas.db). With `backups`, an SQLite
    file is backed up before a migration and at the first open of each day (psoas.store.backup)."""
    from psoas.store.database import open_database

    url = url or Paths.from_environ(environ).database_url
    return Store(open_database(url, now=now if backups else None), now)


def read_sessions(
    url: str | None = None, environ: Mapping[str, str] | None = None, now: Now = _utc_now
) -> list[SessionRecord]:
    """Every session, newest first, as `open_store(...).sessions.all()` gives them (the same checks,
    the same daily backup, the same records). An up-to-date SQLite file is read with the standard
    library's sqlite3 (psoas.store.fast_read), without loading SQLAlchemy; any other database, or one
    that needs migrating, is opened through SQLAlchemy."""
    from psoas.store.fast_read import read_current_sqlite

    url = url or Paths.from_environ(environ).database_url
    records = read_current_sqlite(url, now)
    if records is not None:
        return records
    store = open_store(url, now=now)
    try:
        return store.sessions.all()
    finally:
        store.close()


_LAZY = {"ScreeningRecord": "screenings", "SessionRecord": "sessions", "RepRecord": "sessions", "utc_now": "sessions"}


def __getattr__(name: str) -> Any:
    """The records re-exported here are imported on first use: the modules behind them load the ORM."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f"psoas.store.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
