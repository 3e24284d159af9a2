"""Storage: SQLAlchemy over SQLite by default (any SQLAlchemy URL via PSOAS_DATABASE_URL).

`open_store()` opens the database, applies Alembic migrations and returns one object
holding a repository per kind of record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Engine

from psoas.config import Paths
from psoas.store.database import open_database
from psoas.store.screenings import ScreeningRecord, ScreeningRepository
from psoas.store.sessions import Now, RepRecord, SessionRecord, SessionRepository, utc_now
from psoas.store.settings import SettingsRepository

__all__ = ["Store", "open_store", "SessionRecord", "RepRecord", "ScreeningRecord", "utc_now"]


@dataclass
class Store:
    engine: Engine
    sessions: SessionRepository
    screenings: ScreeningRepository
    settings: SettingsRepository

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str | None = None, environ: Mapping[str, str] | None = None, now: Now = utc_now) -> Store:
    url = url or Paths.from_environ(environ).database_url
    engine, maker = open_database(url)
    return Store(
        engine=engine,
        sessions=SessionRepository(maker, now),
        screenings=ScreeningRepository(maker, now),
        settings=SettingsRepository(maker),
    )
