"""Pain-gated progression over simulated histories built through the store (injected clock)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from builders import DOSES, START, session
from psoas.library import load_library
from psoas.progress.progression import build_plan, hurt_exercise
from psoas.progress.schema import load_progression

RULES = load_progression().rules
ADVICE = load_progression().advice
LIBRARY = list(load_library())
N = RULES.advance_after_days
RISE = RULES.step_back_rise


def plan_for(store, days_after_start: float = 60):  # noqa: ANN001, ANN201
    return build_plan(store.sessions.all(), LIBRARY, START + timedelta(days=days_after_start))


def steps(exercise_id: str):  # noqa: ANN201
    return load_progression().steps_for(exercise_id)


def entry(plan, exercise_id: str):  # noqa: ANN001, ANN201
    return next(p for p in plan.exercises if p.exercise.id == exercise_id)


def add(store, *records) -> None:  # noqa: ANN001
    for record in records:
        store.sessions.add(record)


def test_no_history_gives_the_seed_doses(store):
    plan = plan_for(store, 0)
    for exercise in LIBRARY:
        got = entry(plan, exercise.id)
        assert (got.dose.hold_s, got.dose.reps, got.dose.per_side) == (
            exercise.dose.hold_s,
            exercise.dose.reps,
            exercise.dose.per_side,
        )
        assert got.step == steps(exercise.id).start_index
        assert got.changes == []


def test_steady_sessions_advance_every_exercise_one_step(store):
    add(store, *(session(d, 3, 3) for d in range(N)))
    plan = plan_for(store, N)
    for exercise in LIBRARY:
        got = entry(plan, exercise.id)
        start = steps(exercise.id).start_index
        assert got.step == start + 1, exercise.id
        expected = steps(exercise.id).steps[start + 1]
        assert (got.dose.hold_s, got.dose.reps) == (expected.hold_s, expected.reps)
        assert got.changes[-1].kind == "advance" and "Advanced" in got.reason


def test_one_day_short_does_not_advance_and_same_day_sessions_count_once(store):
    add(store, *(session(d, 2, 1) for d in range(N - 1)))
    add(store, session(N - 2, 2, 1, start=START + timedelta(hours=3)))  # a second session that day
    got = entry(plan_for(store, N), "cobra")
    assert got.step == steps("cobra").start_index
    assert got.days_at_step == N - 1
    assert f"{N - 1} of {N} days" in got.reason


def test_sessions_without_pain_answers_do_not_advance(store):
    assert RULES.require_pain_to_advance
    add(store, *(session(d) for d in range(N + 2)))
    assert entry(plan_for(store), "cobra").step == steps("cobra").start_index


def test_a_small_rise_neither_advances_nor_steps_back(store):
    add(store, *(session(d, 3, 3 + RISE - 1) for d in range(N + 2)))
    got = entry(plan_for(store), "cobra")
    assert got.step == steps("cobra").start_index and got.changes == []


def test_a_rise_of_two_steps_back_and_says_so(store):
    add(store, *(session(d, 3, 3) for d in range(N)))
    add(store, session(N, 3, 3 + RISE))
    got = entry(plan_for(store, N + 1), "cobra")
    assert got.step == steps("cobra").start_index
    assert [c.kind for c in got.changes] == ["advance", "step_back"]
    assert f"pain rose by {RISE} points" in got.reason and "Stepped back" in got.reason


def test_a_rise_since_the_last_session_also_steps_back(store):
    add(store, session(0, 2, 2), session(1, 2 + RISE, 2 + RISE))
    got = entry(plan_for(store, 2), "cobra")
    assert got.step == steps("cobra").start_index - 1
    assert got.changes[-1].reason.startswith(f"pain rose by {RISE}")


def test_a_this_hurts_stop_steps_back_only_the_exercise_in_progress(store):
    add(store, *(session(d, 3, 3) for d in range(N)))
    cobra_reps = DOSES["cobra"][1]
    add(store, session(N, 3, None, status="hurt", reps_done=cobra_reps + 1))  # hurt during the kneeling stretch
    plan = plan_for(store, N + 1)
    assert entry(plan, "kneeling_hip_stretch").step == steps("kneeling_hip_stretch").start_index
    assert "this hurts" in entry(plan, "kneeling_hip_stretch").reason
    assert entry(plan, "cobra").step == steps("cobra").start_index + 1


def test_hurt_right_after_an_exercise_is_finished_blames_the_next_one():
    record = session(0, status="hurt", reps_done=DOSES["cobra"][1])
    assert hurt_exercise(record) == "kneeling_hip_stretch"
    assert hurt_exercise(session(0, status="hurt", reps_done=0)) == "cobra"


def test_steps_stop_at_the_bottom_and_the_top(store):
    add(store, *(session(d, 4, 4 + RISE) for d in range(6)))
    assert entry(plan_for(store, 7), "kneeling_hip_stretch").step == 0
    store2_days = N * (len(steps("glute_bridge").steps) + 2)
    add(store, *(session(10 + d, 1, 0) for d in range(store2_days)))
    top = entry(plan_for(store, 10 + store2_days), "glute_bridge")
    assert top.step == len(steps("glute_bridge").steps) - 1
    assert top.next_dose is None and "Top step" in top.reason


def test_worsening_over_two_weeks_advises_a_clinician(store):
    add(store, *(session(d, 2 + (d * 3) // 13, 2) for d in range(14)))
    plan = plan_for(store, 14)
    assert plan.advice == [ADVICE.worsening_message.format(points=ADVICE.worsening_points)]


def test_no_improvement_after_four_weeks_advises_a_clinician(store):
    add(store, *(session(d, 5, 5) for d in range(0, ADVICE.no_improvement_days + 1, 2)))
    assert plan_for(store, ADVICE.no_improvement_days + 1).advice == [ADVICE.no_improvement_message]


@pytest.mark.parametrize(
    ("days", "pain"),
    [
        (ADVICE.no_improvement_days - 3, lambda d: 5),  # not four weeks yet
        (30, lambda d: 6 - d // 6),  # improving
        (30, lambda d: 1),  # hardly any pain to begin with
    ],
)
def test_no_advice_when_it_is_not_due(store, days, pain):
    add(store, *(session(d, pain(d), pain(d)) for d in range(0, days, 2)))
    assert plan_for(store, days).advice == []


def test_plan_json_and_start_uses_todays_doses(run, store, clear_screening):
    add(store, *(session(d, 3, 3, start=datetime.now(UTC) - timedelta(days=N + 1)) for d in range(N)))
    result = run("plan", "--json")
    assert result.code == 0
    data = json.loads(result.out)
    cobra = next(e for e in data["exercises"] if e["id"] == "cobra")
    expected = steps("cobra").steps[steps("cobra").start_index + 1]
    assert (cobra["dose"]["hold_s"], cobra["dose"]["reps"], cobra["step"]) == (
        expected.hold_s,
        expected.reps,
        steps("cobra").start_index + 2,
    )
    assert cobra["changes"][0]["kind"] == "advance"

    started = run("start", "--speed", "2000", "--no-checkin", "--only", "cobra", "--session-check", "no")
    assert started.code == 0, started.err
    newest = store.sessions.all()[0]
    assert newest.plan["doses"]["cobra"]["hold_s"] == expected.hold_s
    assert len(newest.reps) == expected.reps
    assert all(r.hold_s == pytest.approx(expected.hold_s) for r in newest.reps)


def test_plan_text_shows_doses_reasons_and_advice(run, store):
    today = datetime.now(UTC)
    add(store, *(session(d, 2 + (d * 3) // 13, 2, start=today - timedelta(days=14)) for d in range(14)))
    result = run("plan")
    assert result.code == 0
    text = " ".join(result.out.split())
    assert "Cobra: " in text and "Step " in text
    assert ADVICE.worsening_message.format(points=ADVICE.worsening_points) in text
    assert "No safety screening on record" in text


def test_pain_creeping_up_across_sessions_holds_every_dose(store):
    """Each session alone shows no rise of 2, but pain climbs 2 -> 4 over two weeks: no advance."""
    pains = [2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4]
    add(store, *(session(d, p, p) for d, p in enumerate(pains)))
    plan = plan_for(store, len(pains))
    assert plan.advice == [ADVICE.worsening_message.format(points=ADVICE.worsening_points)]
    advances = [c for p in plan.exercises for c in p.changes if c.kind == "advance"]
    # The first five steady days may advance once; nothing after pain started climbing.
    assert all(c.day <= (START + timedelta(days=4)).date() for c in advances)


def test_weeks_without_improvement_hold_every_dose(store):
    add(store, *(session(d, 5, 5) for d in range(0, 2 * ADVICE.no_improvement_days, 2)))
    plan = plan_for(store, 2 * ADVICE.no_improvement_days)
    assert plan.advice == [ADVICE.no_improvement_message]
    late = START + timedelta(days=ADVICE.no_improvement_days)
    assert not [c for p in plan.exercises for c in p.changes if c.kind == "advance" and c.day > late.date()]
