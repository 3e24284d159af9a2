"""The real-time loop with scripted keys and a fake clock: keys map to engine commands."""

from __future__ import annotations

from psoas.library import load_library
from psoas.session.engine import SessionEngine
from psoas.session.events import Paused, RepCompleted, SessionEnded
from psoas.session.plan import plan_session
from psoas.session.runner import run_session


class ScriptedKeys:
    """Each read advances the fake clock by the wait; keys arrive at scripted times."""

    def __init__(self, clock, script: dict[float, str]) -> None:
        self.clock = clock
        self.script = sorted(script.items())

    def read(self, timeout: float) -> str | None:
        if self.script and self.clock.now >= self.script[0][0]:
            return self.script.pop(0)[1]
        self.clock.tick(timeout)
        return None


def run(clock, script, speed=1.0):
    events = []
    engine = SessionEngine(plan_session(load_library()[:1]), clock)
    status = run_session(engine, [events.append], ScriptedKeys(clock, script), speed=speed)
    return status, events


def test_no_keys_runs_to_completion(clock) -> None:
    status, events = run(clock, {})
    assert status == "completed"
    assert sum(isinstance(e, RepCompleted) for e in events) == load_library()[0].dose.reps


def test_space_pauses_and_q_stops(clock) -> None:
    start = clock.now
    status, events = run(clock, {start + 12: " ", start + 40: "q"})
    assert status == "stopped"
    assert any(isinstance(e, Paused) for e in events)
    assert not any(isinstance(e, RepCompleted) for e in events)  # paused inside the first hold


def test_n_skips_and_h_hurts(clock) -> None:
    start = clock.now
    status, events = run(clock, {start + 1: "n", start + 2: "N", start + 3: "h"})
    assert status == "hurt" and isinstance(events[-1], SessionEnded)
    assert not any(isinstance(e, RepCompleted) for e in events)


def test_ctrl_c_counts_as_stop(clock) -> None:
    class Interrupting(ScriptedKeys):
        def read(self, timeout: float) -> str | None:
            if self.clock.now > 1005:
                raise KeyboardInterrupt
            return super().read(timeout)

    engine = SessionEngine(plan_session(load_library()[:1]), clock)
    assert run_session(engine, [], Interrupting(clock, {})) == "stopped"


def test_speed_shortens_the_waits(clock) -> None:
    waits: list[float] = []

    class Recording(ScriptedKeys):
        def read(self, timeout: float) -> str | None:
            waits.append(timeout)
            return super().read(timeout)

    engine = SessionEngine(plan_session(load_library()[:1]), clock)
    run_session(engine, [], Recording(clock, {}), speed=1000)
    assert max(waits) <= 0.1 and min(waits) < 0.02
