"""Storage: SQLAlchemy over SQLite by default (any SQLAlchemy URL via PSOAS_DATABASE_URL).

`open_store()` opens and checks the database, applies Alembic migrations when the schema is out of
date (backing the file up first), makes the day's backup, and returns one object holding a
repository per kind of record. The repositories are built on first use, so a command imports only
what it reads (settings bring in Pydantic).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from psoas.config import Paths
from psoas.store.database import open_database
from psoas.store.sessions import Now, RepRecord, SessionRecord, utc_now

if TYPE_CHECKING:
    from psoas.store.screenings import ScreeningRecord, ScreeningRepository
    from psoas.store.sessions import SessionRepository
    from psoas.store.settings import SettingsRepository

__all__ = ["Store", "open_store", "SessionRecord", "RepRecord", "ScreeningRecord", "utc_now"]


class Store:
    def __init__(self, engine: Engine, maker: sessionmaker, now: Now = utc_now) -> None:
        self.engine = engine
        self._maker = maker
        self._now = now

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
    url: str | None = None, environ: Mapping[str, str] | None = None, now: Now = utc_now, backups: bool = True
) -> Store:
    """The store at `url` (default: PSOAS_DATABASE_URL or PSOAS_HOME/psoas.db). With `backups`, an SQLite
    file is backed up before a migration and at the first open of each day (psoas.store.backup)."""
    url = url or Paths.from_environ(environ).database_url
    engine, maker = open_database(url, now=now if backups else None)
    return Store(engine, maker, now)


def __getattr__(name: str) -> Any:
    if name == "ScreeningRecord":  # re-exported without importing the screenings module up front
        from psoas.store.screenings import ScreeningRecord

        return ScreeningRecord
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
