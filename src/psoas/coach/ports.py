"""The coach's I/O, as small interfaces. Each has an in-memory twin (psoas.coach.memory)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

Clock = Callable[[], float]  # monotonic seconds (the session's time)
Now = Callable[[], datetime]  # the wall clock, aware UTC (for the store and the screening's age)


class Prompts(Protocol):
    """Questions answered in words: `ask` returns the reply, raising EOFError when there is none."""

    def ask(self, question: str) -> str: ...


class SessionStore(Protocol):
    """What the coach reads and writes: the screenings, the settings and the sessions
    (psoas.store.Store, or psoas.coach.memory.MemoryStore)."""

    @property
    def sessions(self) -> Any: ...

    @property
    def screenings(self) -> Any: ...

    @property
    def settings(self) -> Any: ...


class KeySource(Protocol):
    def read(self, timeout: float) -> str | None: ...
