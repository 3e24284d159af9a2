"""The rep counter at the edges: frame times in epoch seconds at exactly 10 fps, and a start
position that measures above REST."""

from __future__ import annotations

import math

import pytest

from psoas.pose.counter import REST, REST_MAX, RepCounter


def _bridge(rest: float, top: float, reps: int, fps: float, t0: float, hold: float = 3.0) -> list[tuple[float, float]]:
    """`reps` holds of `hold` s at `top`, 1 s moves (cosine) and 2 s at `rest` before each; frame
    i at t0 + i / fps, as a camera stamps it."""
    period = 1 + hold + 1 + 2
    out = []
    for i in range(round((reps * period + 2) * fps)):
        k = i / fps
        phase = k % period - 2 if k < reps * period else -1
        if phase < 0:
            s = 0.0
        elif phase < 1:
            s = (1 - math.cos(math.pi * phase)) / 2
        elif phase < 1 + hold:
            s = 1.0
        elif phase < 2 + hold:
            s = (1 + math.cos(math.pi * (phase - 1 - hold))) / 2
        else:
            s = 0.0
        out.append((t0 + i / fps, rest + (top - rest) * s))
    return out


@pytest.mark.parametrize("t0", [0.0, 1.7e9, 1_764_771_234.56])
def test_holds_are_seen_at_exactly_10_fps_whatever_the_clock(t0: float) -> None:
    counter = RepCounter()
    phases = []
    for t, p in _bridge(0.0, 1.0, reps=2, fps=10, t0=t0):
        phase, _ = counter.update(t, p)
        phases.append(phase)
    assert phases.count("hold") >= 2 * 25  # each 3 s hold seen as one within a few frames of its start
    assert counter.count == 2
    assert all(rep.hold_s == pytest.approx(3.0, abs=0.4) for rep in counter.reps)


def test_the_position_is_steady_in_the_hold_at_10_fps_in_epoch_seconds() -> None:
    counter = RepCounter()
    steady = []
    for t, p in _bridge(0.0, 1.0, reps=1, fps=10, t0=1.7e9):
        phase, _ = counter.update(t, p)
        steady.append(phase == "hold" and counter.steady)
    assert sum(steady) >= 20  # form is judged on at least 2 s of the 3 s hold


def test_a_start_position_measuring_above_rest_still_ends_each_rep() -> None:
    # A body whose start position measures 0.35 of the range (landmark bias, build, camera
    # height), a little above REST: each return to it is a return to rest.
    assert 0.35 > REST
    counter = RepCounter()
    phases = []
    for t, p in _bridge(0.35, 3.0, reps=3, fps=30, t0=0.0):
        phase, _ = counter.update(t, p)
        phases.append(phase)
    assert counter.count == 3 and all(rep.hold_s == pytest.approx(3.0, abs=0.4) for rep in counter.reps)
    assert phases[0] == "rest" and phases[-1] == "rest"


def test_a_position_above_half_the_range_is_never_rest() -> None:
    # Hips lowered only half-way between holds: one long rep, not three.
    counter = RepCounter()
    for t, p in _bridge(REST_MAX + 0.1, 1.5, reps=3, fps=30, t0=0.0):
        phase, _ = counter.update(t, p)
        assert phase != "rest" or t < 0.1
    assert counter.count == 0
    assert counter.rest_level == REST_MAX
