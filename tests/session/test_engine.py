"""The session state machine under a fake clock."""

from __future__ import annotations

from collections import Counter

from psoas.library import load_library
from psoas.session.engine import SessionEngine
from psoas.session.events import (
    ExerciseStarted,
    Paused,
    RepCompleted,
    Resumed,
    SessionEnded,
    StepEnded,
    StepStarted,
    Tick,
)
from psoas.session.plan import plan_session


def run_to_end(engine: SessionEngine, clock, step: float = 0.25) -> list:
    events = []
    guard = 0
    while engine.state != "ended":
        clock.tick(step)
        events += engine.poll()
        guard += 1
        assert guard < 100_000
    return events


def reps_by_exercise_side(events) -> Counter:
    return Counter((e.exercise_id, e.side) for e in events if isinstance(e, RepCompleted))


def test_full_routine_records_every_dosed_rep(clock) -> None:
    library = load_library()
    plan = plan_session(library)
    engine = SessionEngine(plan, clock)
    events = engine.start() + run_to_end(engine, clock)

    expected = Counter()
    for exercise in library:
        for side in ("left", "right") if exercise.dose.per_side else (None,):
            expected[(exercise.id, side)] = exercise.dose.reps
    assert reps_by_exercise_side(events) == expected
    assert [e.exercise_id for e in events if isinstance(e, ExerciseStarted)] == [e.id for e in library]
    assert events[-1] == SessionEnded(events[-1].at, "completed")
    assert engine.status == "completed"
    # Time is exact: the session ends exactly when the plan says, whatever the poll rate.
    assert events[-1].at - 1000.0 == plan.total_s


def test_late_polls_still_stamp_events_at_step_ends(clock) -> None:
    plan = plan_session(load_library()[:1])
    engine = SessionEngine(plan, clock)
    engine.start()
    clock.tick(plan.total_s + 50)  # one very late poll catches up every step
    events = engine.poll()
    ends = [e.at for e in events if isinstance(e, StepEnded)]
    expected, t = [], 1000.0
    for step in plan.steps:
        t += step.duration_s
        expected.append(t)
    assert ends == expected


def test_pause_freezes_the_countdown_and_resume_continues(clock) -> None:
    engine = SessionEngine(plan_session(load_library()[:1]), clock)
    engine.start()
    clock.tick(3)
    engine.poll()
    remaining = engine.step_remaining()
    assert isinstance(engine.pause()[-1], Paused)
    clock.tick(60)
    assert engine.poll() == []
    assert engine.step_remaining() == remaining
    resumed = engine.resume()
    assert isinstance(resumed[0], Resumed) and resumed[0].paused_s == 60
    clock.tick(1)
    engine.poll()
    assert engine.step_remaining() == remaining - 1


def test_toggle_pause_twice_is_running_again(clock) -> None:
    engine = SessionEngine(plan_session(load_library()[:1]), clock)
    engine.start()
    engine.toggle_pause()
    assert engine.state == "paused"
    engine.toggle_pause()
    assert engine.state == "running"


def test_skip_moves_on_without_counting_the_skipped_hold(clock) -> None:
    cobra = load_library()[0]
    engine = SessionEngine(plan_session([cobra]), clock)
    engine.start()
    skipped_ready = engine.skip()  # skip the get-ready
    assert any(isinstance(e, StepEnded) and e.skipped and e.step.kind == "get_ready" for e in skipped_ready)
    assert engine.current_step.kind == "hold"
    clock.tick(1)
    skipped_hold = engine.skip()
    assert not any(isinstance(e, RepCompleted) for e in skipped_hold)
    events = run_to_end(engine, clock)
    reps = [e.rep for e in events if isinstance(e, RepCompleted)]
    assert reps == list(range(2, cobra.dose.reps + 1))
    assert engine.status == "completed"


def test_skipping_every_step_is_not_a_completed_session(clock) -> None:
    engine = SessionEngine(plan_session(load_library()), clock)
    events = engine.start()
    while engine.state != "ended":
        clock.tick(0.1)
        events += engine.skip()
    assert not any(isinstance(e, RepCompleted) for e in events)
    assert engine.status == "stopped" and isinstance(events[-1], SessionEnded) and events[-1].status == "stopped"


def test_skip_while_paused_resumes(clock) -> None:
    engine = SessionEngine(plan_session(load_library()[:1]), clock)
    engine.start()
    engine.pause()
    engine.skip()
    assert engine.state == "running"
    assert engine.index == 1


def test_stop_keeps_what_was_done(clock) -> None:
    engine = SessionEngine(plan_session(load_library()), clock)
    events = engine.start()
    while sum(isinstance(e, RepCompleted) for e in events) < 2:
        clock.tick(0.5)
        events += engine.poll()
    events += engine.stop()
    assert engine.state == "ended" and engine.status == "stopped"
    assert isinstance(events[-1], SessionEnded) and events[-1].status == "stopped"
    assert sum(isinstance(e, RepCompleted) for e in events) == 2
    clock.tick(100)
    assert engine.poll() == [] and engine.stop() == []


def test_hurt_ends_the_exercise_and_the_session(clock) -> None:
    engine = SessionEngine(plan_session(load_library()), clock)
    engine.start()
    clock.tick(12)
    engine.poll()
    events = engine.hurt()
    kinds = [type(e).__name__ for e in events]
    assert kinds[-2:] == ["ExerciseEnded", "SessionEnded"]
    assert events[-1].status == "hurt" and engine.status == "hurt"


def test_ticks_count_down_whole_seconds(clock) -> None:
    cobra = load_library()[0]
    engine = SessionEngine(plan_session([cobra], get_ready_s=3), clock)
    engine.start()
    ticks = []
    for _ in range(12):
        ticks += [e.remaining_s for e in engine.poll() if isinstance(e, Tick) and e.step.kind == "get_ready"]
        clock.tick(0.25)
    assert ticks == [3, 2, 1]


def test_step_started_previews_the_next_step(clock) -> None:
    engine = SessionEngine(plan_session(load_library()), clock)
    events = engine.start() + run_to_end(engine, clock, step=1.0)
    started = [e for e in events if isinstance(e, StepStarted)]
    for current, following in zip(started, started[1:], strict=False):
        assert current.next_step == following.step
    assert started[-1].next_step is None
    assert engine.progress() == 1.0


def test_progress_after_an_early_stop_is_what_was_done(clock) -> None:
    engine = SessionEngine(plan_session(load_library()), clock)
    engine.start()
    clock.tick(20)
    engine.poll()
    before = engine.progress()
    engine.stop()
    assert 0 < engine.progress() == before < 0.5
