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
        self.counts = True  # a completed hold's rep counts now

    def rep_counts(self, step, now) -> bool:  # noqa: ANN001
        return self.counts

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


def _reps(events) -> list:  # noqa: ANN001
    return [e for e in events if isinstance(e, RepCompleted)]


def test_a_rep_the_policy_defers_counts_when_it_says_so(clock) -> None:
    policy = Scripted()
    policy.counts = False
    engine = engine_for(clock, policy)
    engine.start()
    events = run_for(engine, clock, 10 + 15 + 2)  # get ready, cobra's 15 s hold, into the rest
    assert engine.current_step.kind == "rest" and _reps(events) == [] and engine.reps_done == 0
    policy.counts = True
    clock.tick(1)
    (rep,) = _reps(engine.poll())
    assert (rep.rep, rep.hold_s, rep.at, engine.reps_done) == (1, 15.0, clock.now, 1)
    assert _reps(run_for(engine, clock, 5)) == []  # counted once


def test_a_pending_rep_is_dropped_by_a_stop_and_by_the_next_hold(clock) -> None:
    policy = Scripted()
    policy.counts = False
    engine = engine_for(clock, policy)
    engine.start()
    run_for(engine, clock, 10 + 15 + 2)
    assert _reps(engine.stop()) == [] and engine.reps_done == 0 and engine.status == "stopped"
    engine = engine_for(clock, policy)
    hold, rest = engine.steps[1].duration_s, engine.steps[2].duration_s
    engine.start()
    run_for(engine, clock, 10 + hold + rest + hold + 1)  # both holds done, neither counted
    assert engine.current_step.kind == "rest" and engine.current_step.rep == 2
    policy.counts = True
    assert [r.rep for r in _reps(engine.poll())] == [2] and engine.reps_done == 1


def test_the_last_step_waits_at_zero_until_its_rep_counts(clock) -> None:
    policy = Scripted()
    engine = engine_for(clock, policy)
    last = engine.steps[-1]
    assert last.kind == "hold"  # cobra ends on a hold
    engine.start()
    run_for(engine, clock, sum(s.duration_s for s in engine.steps[:-1]) + 1)
    assert engine.current_step == last and engine.reps_done == last.reps - 1
    policy.counts = False
    events = run_for(engine, clock, last.duration_s + 10)
    (waiting,) = [e for e in events if isinstance(e, Waiting)]
    assert waiting.waiting_for == "rest" and engine.state == "running" and engine.step_remaining() == 0
    policy.counts = True
    events = engine.observe({})
    assert [r.rep for r in _reps(events)] == [last.rep] and engine.status == "completed"
