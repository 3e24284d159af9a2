"""Helpers for the coach tests: a screened memory store, running a coach to its end."""

from __future__ import annotations

from dataclasses import replace

from builders import FakeNow, full_answers
from psoas.coach.memory import MemoryStore
from psoas.safety.screening import evaluate


def screened_store(now: FakeNow, **answers: str) -> MemoryStore:
    store = MemoryStore(now)
    given = full_answers(**answers)
    store.screenings.add("full", given, evaluate(given).stored())
    return store


def run_until_ended(coach, clock, step: float = 0.25, limit: float = 3600.0) -> None:  # noqa: ANN001
    t = 0.0
    while coach.state != "ended" and t < limit:
        clock.tick(step)
        t += step
        coach.poll()
    assert coach.state == "ended"


def play(coach, clock, frames, start: float | None = None) -> list:  # noqa: ANN001
    """Feed `frames` as if live: the clock at each frame's time (from `start`), polling between."""
    base = clock.now if start is None else start
    events: list = []
    t0 = frames[0].t
    for frame in frames:
        clock.now = base + (frame.t - t0)
        events += coach.frame(replace(frame, t=clock.now))
        events += coach.poll()
        if coach.state == "ended":
            break
    return events
