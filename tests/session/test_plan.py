"""The plan turns every shape of dose into the right timeline."""

from __future__ import annotations

import pytest

from psoas.library import Dose, Tempo, get_exercise, load_library
from psoas.session.plan import plan_exercise, plan_session

TEMPO = Tempo(up_s=2, down_s=3, source="test tempo source")


def dose(**changes) -> Dose:
    base = dict(hold_s=10, reps=3, per_side=False, rest_s=5, source="test dose source")
    return Dose(**{**base, **changes})


@pytest.mark.parametrize(
    ("shape", "the_dose", "kinds"),
    [
        ("one side, rest between reps", dose(reps=2), ["get_ready", "hold", "rest", "hold"]),
        ("single rep: no rest", dose(reps=1), ["get_ready", "hold"]),
        ("no rest configured", dose(reps=2, rest_s=0), ["get_ready", "hold", "hold"]),
        (
            "per side: switch between sides",
            dose(reps=2, per_side=True),
            ["get_ready", "hold", "rest", "hold", "switch_sides", "hold", "rest", "hold"],
        ),
        (
            "tempo: up, hold, down",
            dose(reps=2, tempo=TEMPO),
            ["get_ready", "move_up", "hold", "move_down", "rest", "move_up", "hold", "move_down"],
        ),
        (
            "per side with tempo",
            dose(reps=1, per_side=True, tempo=TEMPO),
            ["get_ready", "move_up", "hold", "move_down", "switch_sides", "move_up", "hold", "move_down"],
        ),
    ],
)
def test_dose_shapes(shape: str, the_dose: Dose, kinds: list[str]) -> None:
    plan = plan_exercise(get_exercise("kneeling_hip_stretch"), the_dose, get_ready_s=7)
    assert [s.kind for s in plan.steps] == kinds, shape
    holds = [s for s in plan.steps if s.kind == "hold"]
    assert all(s.duration_s == the_dose.hold_s for s in holds)
    assert len(holds) == the_dose.reps * (2 if the_dose.per_side else 1)
    assert plan.steps[0].duration_s == 7


def test_per_side_starts_with_first_side_and_counts_reps_per_side() -> None:
    exercise = get_exercise("kneeling_hip_stretch")
    plan = plan_exercise(exercise)
    holds = [(s.side, s.rep) for s in plan.steps if s.kind == "hold"]
    first, other = exercise.first_side, "right" if exercise.first_side == "left" else "left"
    reps = exercise.dose.reps
    assert holds == [(first, r) for r in range(1, reps + 1)] + [(other, r) for r in range(1, reps + 1)]
    switch = [s for s in plan.steps if s.kind == "switch_sides"]
    assert len(switch) == 1 and switch[0].side == other and switch[0].duration_s == exercise.switch_s
    # which knee goes down and which foot forward, at the start and at the switch
    assert plan.steps[0].label().endswith(f"{first} knee down, {other} foot forward")
    assert switch[0].label().endswith(f"{other} knee down, {first} foot forward")
    assert all(not s.side_setup for s in plan.steps if s.kind not in ("get_ready", "switch_sides"))


def test_tempo_durations_come_from_the_dose() -> None:
    plan = plan_exercise(get_exercise("glute_bridge"), dose(tempo=TEMPO))
    assert {s.duration_s for s in plan.steps if s.kind == "move_up"} == {2}
    assert {s.duration_s for s in plan.steps if s.kind == "move_down"} == {3}


def test_session_plan_total_and_custom_doses() -> None:
    library = load_library()
    plan = plan_session(library, doses={"cobra": dose(hold_s=20, reps=2)})
    cobra = plan.exercises[0]
    assert [s.duration_s for s in cobra.steps if s.kind == "hold"] == [20, 20]
    assert plan.total_s == pytest.approx(sum(s.duration_s for s in plan.steps))
    assert [p.exercise.id for p in plan.exercises] == [e.id for e in library]
