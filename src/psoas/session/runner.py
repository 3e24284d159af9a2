"""Drive a SessionEngine in real time: read keys, poll, hand every event to every subscriber.

All I/O is injected (keys source, subscribers, refresh callback), so this stays testable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from psoas.session.engine import SessionEngine
from psoas.session.events import Event, SessionStatus

Subscriber = Callable[[Event], None]


class KeySource(Protocol):
    def read(self, timeout: float) -> str | None: ...


KEY_ACTIONS = {
    " ": SessionEngine.toggle_pause,
    "p": SessionEngine.toggle_pause,
    "n": SessionEngine.skip,
    "q": SessionEngine.stop,
    "h": SessionEngine.hurt,
}


def dispatch(events: Iterable[Event], subscribers: Iterable[Subscriber]) -> None:
    subscribers = list(subscribers)
    for event in events:
        for subscriber in subscribers:
            subscriber(event)


def run_session(
    engine: SessionEngine,
    subscribers: list[Subscriber],
    keys: KeySource,
    refresh: Callable[[], None] | None = None,
    speed: float = 1.0,
    max_wait_s: float = 0.1,
) -> SessionStatus:
    """Run until the session ends. Ctrl-C counts as `q` (stop and save)."""
    dispatch(engine.start(), subscribers)
    while engine.state != "ended":
        try:
            # Wake up in time for the end of the current step, in real seconds.
            wait = min(max_wait_s, max(0.0005, engine.step_remaining() / speed))
            if engine.state == "paused":
                wait = max_wait_s
            key = keys.read(wait)
            events = KEY_ACTIONS[key.lower()](engine) if key and key.lower() in KEY_ACTIONS else []
            events += engine.poll()
        except KeyboardInterrupt:
            events = engine.stop()
        dispatch(events, subscribers)
        if refresh:
            refresh()
    assert engine.status is not None
    return engine.status
