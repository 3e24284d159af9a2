"""Step policies under a fake clock: a held countdown, a countdown waiting at zero, an early end."""

from __future__ import annotations

from psoas.library import get_exercise
from psoas.session.engine import SessionEngine
from psoas.session.events import Going, RepCompleted, StepStarted, Waiting
from psoas.session.plan import plan_session
from psoas.session.policy import GO, TimerPolicy, Verdict


class Scripted:
    """A policy whose verdict for each step kind the test sets by hand."""

    def __init__(self) -> None:
        self.verdicts: dict[str, Verdict] = {}
        self.started: list[str] = []

    def verdict(self, step, elapsed_s, now) -> Verdict:  # noqa: ANN001
        return self.verdicts.get(step.kind, GO)

    def step_started(self, step, now) -> None:  # noqa: ANN001
        self.started.append(step.kind)

    def observe(self, observation, now) -> None:  # noqa: ANN001
        self.verdicts = observation


def engine_for(clock, policy):  # noqa: ANN001, ANN201
    return SessionEngine(plan_session([get_exercise("cobra")], get_ready_s=10), clock, policy)


def run_for(engine, clock, seconds: float, step: float = 0.5) -> list:  # noqa: ANN001
    events = []
    for _ in range(int(seconds / step)):
        clock.tick(step)
        events += engine.poll()
    return events


def test_the_default_policy_is_the_timer(clock) -> None:
    assert isinstance(SessionEngine(plan_session([get_exercise("cobra")]), clock).policy, TimerPolicy)


def test_a_held_countdown_does_not_count_and_resumes_where_it_was(clock) -> None:
    policy = Scripted()
    engine = engine_for(clock, policy)
    engine.start()
    run_for(engine, clock, 4)
    events = engine.observe({"get_ready": Verdict(runs=False, waiting_for="position")})
    assert [type(e) for e in events] == [Waiting] and events[0].waiting_for == "position"
    assert engine.waiting
    run_for(engine, clock, 20)  # held: the step does not end
    assert engine.current_step.kind == "get_ready" and engine.step_elapsed() == 4.0
    events = engine.observe({})
    assert isinstance(events[0], Going) and events[0].waited_s == 20.0
    events = run_for(engine, clock, 6)
    started = [e for e in events if isinstance(e, StepStarted)]
    assert started[0].step.kind != "get_ready" and started[0].at == 1000 + 4 + 20 + 6


def test_a_countdown_at_zero_waits_until_the_step_may_end(clock) -> None:
    policy = Scripted()
    engine = engine_for(clock, policy)
    engine.start()
    engine.observe({"get_ready": Verdict(may_end=False, waiting_for="position")})
    events = run_for(engine, clock, 15)
    (waiting,) = [e for e in events if isinstance(e, Waiting)]
    assert waiting.at == 1010.0 and engine.current_step.kind == "get_ready" and engine.step_remaining() == 0
    events = engine.observe({})
    started = [e for e in events if isinstance(e, StepStarted)]
    assert isinstance(events[0], Going) and started[0].at == 1015.0


def test_end_now_ends_the_step_at_once_and_a_hold_still_counts(clock) -> None:
    policy = Scripted()
    engine = engine_for(clock, policy)
    engine.start()
    clock.tick(1)
    events = engine.observe({"get_ready": Verdict(end_now=True)})
    (started,) = [e for e in events if isinstance(e, StepStarted)]
    assert started.at == 1001.0 and policy.started == ["get_ready", started.step.kind]
    events = run_for(engine, clock, 60)
    assert any(isinstance(e, RepCompleted) for e in events)
