"""Each stream processor on hand-built sequences."""

import numpy as np
import pytest

from psoas.pose.counter import RepCounter, hold_span
from psoas.pose.filters import Debounce, MajorityDebounce, OneEuroFilter, QualityGate, SideChooser
from psoas.pose.frame import LEFT, PoseFrame
from psoas.pose.synthetic import Spec, generate


def test_one_euro_removes_jitter_and_follows_steps():
    rng = np.random.default_rng(1)
    f = OneEuroFilter(min_cutoff=0.8, beta=0.02)
    out = [f.update(i / 30, 10 + rng.normal(0, 1)) for i in range(90)]
    assert np.std(out[30:]) < 0.5  # raw std is 1
    out = [f.update(3 + i / 30, 30.0) for i in range(60)]
    assert out[-1] == pytest.approx(30.0, abs=0.5)
    assert out[2] < 29  # it does lag a little, as a low-pass filter must


def test_one_euro_ignores_repeated_time():
    f = OneEuroFilter()
    f.update(0.0, 1.0)
    assert f.update(0.0, 100.0) == 1.0


def _frame(vis=0.9, t=0.0, scale=1.0):
    frames, _ = generate(Spec("kneeling_hip_stretch", reps=1, hold_s=1, noise=0.0), seed=2)
    base = frames[0]
    xyz = (base.xyz - 0.5) * scale + 0.5
    return PoseFrame(t, xyz, np.full(33, vis), base.aspect)


def test_quality_gate_hysteresis_and_size():
    gate = QualityGate()
    assert not gate.update(_frame(vis=0.4))  # below 0.5 to enter
    assert gate.update(_frame(vis=0.6))
    assert gate.update(_frame(vis=0.4))  # stays open above 0.3
    assert not gate.update(_frame(vis=0.2))
    assert not QualityGate().update(_frame(scale=0.2))  # too small in the picture
    assert not QualityGate().update(PoseFrame.empty(0.0))


def test_quality_gate_rejects_bone_jumps():
    gate = QualityGate()
    for i in range(10):
        assert gate.update(_frame(t=i / 30))
    broken = _frame(t=0.5)
    xyz = broken.xyz.copy()
    xyz[25:29, 1] = 0.05  # knees and ankles flung to the top of the picture
    assert not gate.update(PoseFrame(0.5, xyz, broken.visibility, broken.aspect))


def test_side_chooser_needs_a_clear_margin():
    chooser = SideChooser(window_s=0.5, margin=0.1)
    vis = np.full(33, 0.9)
    for i in range(10):
        chooser.update(PoseFrame(i / 30, np.full((33, 3), 0.5), vis))
    left_first = chooser.side
    assert left_first == "left"  # ties go left
    v = vis.copy()
    for idx in LEFT.values():
        v[idx] = 0.85  # slightly worse: no switch
    for i in range(30):
        chooser.update(PoseFrame(1 + i / 30, np.full((33, 3), 0.5), v))
    assert chooser.side == "left"
    for idx in LEFT.values():
        v[idx] = 0.4
    for i in range(60):
        chooser.update(PoseFrame(3 + i / 30, np.full((33, 3), 0.5), v))
    assert chooser.side == "right"


def test_debounce_backdates_and_ignores_blips():
    d = Debounce(on_s=0.3, off_s=0.3)
    ts = [i / 10 for i in range(30)]
    cond = [False] * 5 + [True] * 10 + [False] * 15  # true 0.5..1.4
    for t, c in zip(ts, cond, strict=True):
        d.update(t, c)
    assert d.finish() == [(0.5, pytest.approx(1.4))]
    blip = Debounce(on_s=0.3, off_s=0.3)
    for t, c in zip(ts, [False] * 10 + [True] * 2 + [False] * 18, strict=True):
        blip.update(t, c)
    assert blip.finish() == []


def test_majority_debounce_survives_noise():
    rng = np.random.default_rng(0)
    d = MajorityDebounce(window_s=0.8, ratio=0.6)
    for i in range(120):
        t = i / 30
        d.update(t, (1.0 <= t < 3.0 and rng.random() < 0.8) or rng.random() < 0.1)
    spans = d.finish()
    assert len(spans) == 1 and spans[0][0] == pytest.approx(1.0, abs=0.3) and spans[0][1] == pytest.approx(3.0, abs=0.4)


def _trapezoid(reps, hold, move=1.0, rest=1.5, fps=30, noise=0.0, seed=0):
    rng = np.random.default_rng(seed)
    t, out = 0.0, []
    period = 2 * move + hold + rest
    total = reps * period + rest
    while t < total:
        k = t - rest
        phase = k % period if k >= 0 and k < reps * period else -1
        if phase < 0 or phase >= 2 * move + hold:
            p = 0.0
        elif phase < move:
            p = (1 - np.cos(np.pi * phase / move)) / 2
        elif phase < move + hold:
            p = 1.0
        else:
            p = (1 + np.cos(np.pi * (phase - move - hold) / move)) / 2
        out.append((t, p + rng.normal(0, noise)))
        t += 1 / fps
    return out


@pytest.mark.parametrize(("reps", "hold"), [(1, 3.0), (3, 10.0), (5, 2.0)])
def test_rep_counter_counts_and_times_holds(reps, hold):
    counter = RepCounter()
    events = [e for t, p in _trapezoid(reps, hold, noise=0.02) for _, e in [counter.update(t, p)] if e]
    assert len(events) == reps == counter.count
    for rep in events:
        assert rep.hold_s == pytest.approx(hold, abs=0.3)


def test_live_phase_stays_hold_through_a_wobbling_hold():
    # A deep stretch held with a wobble of +-0.15 around 1.7: the live phase (shown on screen)
    # must not flicker between hold and moving.
    counter = RepCounter()
    rng = np.random.default_rng(4)
    phases = []
    for t, p in _trapezoid(2, 6.0, noise=0.0):
        phase, _ = counter.update(t, 1.7 * p + (rng.uniform(-0.15, 0.15) if p > 0.99 else 0.0))
        phases.append(phase)
    changes = [b for a, b in zip(phases, phases[1:], strict=False) if a != b]
    assert changes == ["moving", "hold", "moving", "rest"] * 2
    assert counter.count == 2


def test_rep_counter_hysteresis_ignores_wobble_at_threshold():
    counter = RepCounter()
    for i in range(200):  # hovering around the enter threshold never returns to rest
        counter.update(i / 30, 0.7 + 0.05 * np.sin(i))
    assert counter.count == 0
    assert counter.finish() is not None or counter.count == 0


def test_hold_span_on_clean_ramp():
    samples = _trapezoid(1, 4.0, move=1.5)
    start, end, top = hold_span(samples)
    assert end - start == pytest.approx(4.0, abs=0.15) and top == pytest.approx(1.0)


def test_still_counter_reports_phase_only():
    c = RepCounter(still=True)
    assert c.update(0, 1.2)[0] == "hold" and c.update(0, 0.5)[0] == "moving" and c.update(0, 0.1)[0] == "rest"
    assert c.count == 0
