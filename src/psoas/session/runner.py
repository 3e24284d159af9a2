"""Drive a session in real time: read keys, poll, hand every event to every subscriber.

What is driven is a coach (psoas.coach.Coach, which has its own subscribers) or a bare
SessionEngine. All I/O is injected (keys source, subscribers, refresh callback), so this stays
testable under a fake clock whose key source advances it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

from psoas.session.engine import SessionEngine
from psoas.session.events import Event, SessionStatus

Subscriber = Callable[[Any], None]


class KeySource(Protocol):
    def read(self, timeout: float) -> str | None: ...


class Driver(Protocol):
    def require_engine(self) -> SessionEngine: ...

    def start(self) -> Sequence[object]: ...

    def poll(self) -> Sequence[object]: ...

    def command(self, name: str) -> Sequence[object]: ...


KEY_COMMANDS = {" ": "toggle_pause", "p": "toggle_pause", "n": "skip", "q": "stop", "h": "hurt", "c": "camera"}
COMMANDS = ("pause", "resume", "toggle_pause", "skip", "stop", "hurt")


class EngineDriver:
    """A bare engine as a Driver."""

    def __init__(self, engine: SessionEngine) -> None:
        self.engine = engine

    def require_engine(self) -> SessionEngine:
        return self.engine

    def start(self) -> list[Event]:
        return self.engine.start()

    def poll(self) -> list[Event]:
        return self.engine.poll()

    def command(self, name: str) -> list[Event]:
        if name == "camera":  # a bare engine has no camera
            return []
        if name not in COMMANDS:
            raise ValueError(f"unknown command {name!r}")
        events: list[Event] = getattr(self.engine, name)()
        return events


def dispatch(events: Iterable[object], subscribers: Iterable[Subscriber]) -> None:
    subscribers = list(subscribers)
    for event in events:
        for subscriber in subscribers:
            subscriber(event)


def run_session(
    driven: SessionEngine | Driver,
    subscribers: Sequence[Subscriber],
    keys: KeySource,
    refresh: Callable[[], None] | None = None,
    speed: float = 1.0,
    max_wait_s: float = 0.1,
    between: Callable[[], None] | None = None,
) -> SessionStatus:
    """Run until the session ends. Ctrl-C counts as `q` (stop and save). `between` runs once per
    turn of the loop (a camera feeding its newest frame)."""
    driver: Driver = EngineDriver(driven) if isinstance(driven, SessionEngine) else driven
    engine = driver.require_engine()
    dispatch(driver.start(), subscribers)
    while engine.state != "ended":
        try:
            # Wake up in time for the end of the current step, in real seconds.
            wait = min(max_wait_s, max(0.0005, engine.step_remaining() / speed))
            if engine.state == "paused" or engine.waiting:
                wait = max_wait_s
            key = keys.read(wait)
            events = list(driver.command(KEY_COMMANDS[key.lower()])) if key and key.lower() in KEY_COMMANDS else []
            if between is not None:
                between()
            events += driver.poll()
        except KeyboardInterrupt:
            events = list(driver.command("stop"))
        dispatch(events, subscribers)
        if refresh:
            refresh()
    assert engine.status is not None
    return engine.status
