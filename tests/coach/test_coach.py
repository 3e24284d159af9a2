"""The coach on its in-memory twins: gate, plan, check-ins, session and record on one stream."""

from __future__ import annotations

import pytest
from coach_kit import run_until_ended, screened_store

from builders import START, FakeNow
from psoas.coach.events import CheckedIn, Said
from psoas.errors import Refused, UserError
from psoas.library import get_exercise
from psoas.safety import load_screening
from psoas.session.events import RepCompleted, SessionEnded, SessionStarted, StepStarted


def test_an_unattended_session_runs_from_gate_to_record(make_coach) -> None:
    coach, store, prompts, clock, events = make_coach("glute_bridge")
    plan = coach.prepare()
    coach.start()
    run_until_ended(coach, clock)
    record = coach.finish()
    dose = plan.exercises[0].dose
    assert record.status == "completed" and len(record.reps) == dose.reps
    assert [r.hold_s for r in record.reps] == [dose.hold_s] * dose.reps
    assert prompts.asked == []  # unattended: nothing asked
    assert [e.pain for e in events if isinstance(e, CheckedIn)] == [None, None]
    started = [e for e in events if isinstance(e, SessionStarted)]
    assert len(started) == 1 and isinstance(events[-2], SessionEnded)
    # the pre-session check answered beforehand is on record
    assert list(store.screenings.latest("session_check").answers.values()) == ["no"]


def test_the_recorder_writes_each_rep_as_it_happens(make_coach) -> None:
    coach, store, _, clock, events = make_coach("cobra")
    coach.prepare()
    coach.start()
    while not any(isinstance(e, RepCompleted) for e in events):
        clock.tick(0.5)
        coach.poll()
    assert len(store.sessions.get(coach.session_id).reps) == 1  # written before the session ends
    coach.command("stop")
    assert coach.finish().status == "stopped"


def test_interactive_check_ins_and_the_session_check_are_asked(make_coach) -> None:
    coach, store, prompts, clock, events = make_coach(
        "glute_bridge", replies=["n", "eleven", "3", "2"], interactive=True, check_answer=None
    )
    coach.prepare()
    coach.start()
    coach.command("stop")
    record = coach.finish()
    assert (record.pain_before, record.pain_after) == (3, 2)
    check = load_screening().of_kind("session_check")[0]
    assert prompts.asked[0].startswith(check.text)
    assert "Please type a whole number" in " ".join(e.text for e in events if isinstance(e, Said))
    assert store.screenings.latest("session_check").answers == {check.id: "no"}


def test_without_checkin_only_the_safety_question_is_asked(make_coach) -> None:
    coach, _, prompts, clock, _ = make_coach("glute_bridge", replies=["n"], interactive=True, check_answer=None,
                                             checkin=False)  # fmt: skip
    coach.prepare()
    coach.start()
    coach.command("stop")
    coach.finish()
    assert len(prompts.asked) == 1


def test_a_red_flag_on_record_refuses_and_records_nothing(make_coach) -> None:
    now = FakeNow(START)
    store = screened_store(now, night_pain="yes")
    coach, store, _, _, events = make_coach("cobra", store=store)
    with pytest.raises(Refused):
        coach.prepare()
    assert store.sessions.all() == [] and coach.engine is None
    assert any(e.text == load_screening().messages.refer for e in events if isinstance(e, Said))


def test_unanswered_screening_questions_are_a_one_line_error(make_coach) -> None:
    from psoas.coach.memory import MemoryStore

    coach, store, _, _, _ = make_coach("cobra", store=MemoryStore(FakeNow(START)), interactive=True)
    with pytest.raises(UserError, match="safety questions not answered"):
        coach.prepare()


def test_this_hurts_in_the_middle_of_a_hold(make_coach) -> None:
    coach, store, _, clock, events = make_coach("cobra")
    coach.prepare()
    coach.start()
    while not any(isinstance(e, StepStarted) and e.step.kind == "hold" for e in events):
        clock.tick(0.5)
        coach.poll()
    clock.tick(2)
    coach.command("hurt")
    record = coach.finish()
    assert record.status == "hurt" and record.reps == ()


def test_every_event_on_the_stream_has_a_name_and_json(make_coach) -> None:
    coach, _, _, clock, events = make_coach("kneeling_hip_stretch")
    coach.prepare()
    coach.start()
    run_until_ended(coach, clock, step=1.0)
    coach.finish()
    names = {e.name for e in events}
    assert {"session_started", "step_started", "rep_completed", "session_ended", "checked_in"} <= names
    assert all(e.to_json()["event"] == e.name for e in events)


def test_unknown_command_is_refused(make_coach) -> None:
    coach, *_ = make_coach("cobra")
    coach.prepare()
    with pytest.raises(ValueError):
        coach.command("dance")
    assert get_exercise("cobra").name == "Cobra"
