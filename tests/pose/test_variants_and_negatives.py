"""Every common variant of each exercise and every close look-alike, through the generator: the
variant is recognised as its exercise with exactly the faults that name how it differs; the poses
that are none of the exercises give no exercise at all. And a rep's hold agrees with its frames."""

import pytest

from psoas.pose.engine import Analyzer
from psoas.pose.synthetic import LOOK_ALIKES, NEGATIVES, VARIANTS, Spec, generate

CASES = [(exercise, name) for exercise, variants in VARIANTS.items() for name in variants]


def run(frames):
    analyzer = Analyzer()
    results = [analyzer.update(f) for f in frames]
    return results, analyzer.finish()


@pytest.mark.parametrize(("exercise", "variant"), CASES)
def test_variant_is_its_exercise_with_the_faults_that_name_the_difference(exercise, variant):
    spec = Spec(exercise, reps=2, hold_s=4, variant=(variant,), side="right", yaw_deg=12, pitch_deg=8, noise=0.004)
    frames, truth = generate(spec, 21)
    results, analysis = run(frames)
    assert [s.exercise for s in analysis.segments] == [exercise]
    reps = analysis.segments[0].reps
    assert len(reps) == 2
    expected = set(VARIANTS[exercise][variant])
    assert set(truth.reps[0].faults) == expected
    for rep in reps:
        assert set(rep.faults) == expected, variant
    if variant in LOOK_ALIKES:  # a look-alike is never a clean hold
        assert expected and all(rep.faults for rep in reps)
    seen = [r for r, f in zip(results, frames, strict=True) if f.present]
    assert sum(r.exercise == exercise for r in seen) / len(seen) > 0.9


@pytest.mark.parametrize("pose", sorted(NEGATIVES))
def test_poses_that_are_none_of_the_exercises_give_no_exercise(pose):
    frames, truth = generate(Spec(pose, reps=1, hold_s=6, yaw_deg=-15, pitch_deg=10, noise=0.004), 5)
    assert truth.exercise is None and not truth.reps
    results, analysis = run(frames)
    assert analysis.segments == []
    assert all(r.phase != "hold" for r in results)


@pytest.mark.parametrize(("pose", "start"), [("childs_pose", "tabletop"), ("downward_dog", "plank"),
                                             ("cow", "cat"), ("arms_raised", "standing")])  # fmt: skip
def test_moving_between_other_poses_gives_no_exercise(pose, start):
    frames, _ = generate(Spec(pose, reps=2, hold_s=4, start_pose=start, noise=0.004), 6)
    assert run(frames)[1].segments == []


def test_unknown_variant_is_refused():
    with pytest.raises(ValueError, match="sphinx"):
        generate(Spec("glute_bridge", variant=("sphinx",)))


def _hold_frames_span(results, rep):
    ts = [r.t for r in results if r.phase == "hold" and rep.start_s <= r.t <= rep.end_s]
    return ts[-1] - ts[0]


@pytest.mark.parametrize("exercise", ["cobra", "kneeling_hip_stretch", "glute_bridge"])
@pytest.mark.parametrize(("move_s", "ease"), [(0.04, "linear"), (1.5, "cosine"), (1.2, "minjerk")])
def test_a_reps_hold_agrees_with_its_own_frames(exercise, move_s, ease):
    # move_s 0.04: a hard cut, as in a video built from a start photo and a hold photo
    spec = Spec(exercise, reps=3, hold_s=5.0, move_s=move_s, ease=ease, rest_s=4, noise=0.003, side="left")
    frames, truth = generate(spec, 2)
    results, analysis = run(frames)
    reps = [r for s in analysis.segments for r in s.reps]
    assert len(reps) == 3
    for rep, true in zip(reps, truth.reps, strict=True):
        assert rep.hold_s == pytest.approx(_hold_frames_span(results, rep), abs=0.3)
        assert rep.hold_s == pytest.approx(true.hold_s, abs=0.6)
        assert rep.complete


def test_last_rep_left_before_the_end_is_complete():
    # the recording goes on well after the last hold was left (the person moves out of view
    # before reaching the rest position): that rep had its way back down
    frames, _ = generate(Spec("cobra", reps=2, hold_s=4, noise=0.003, lead_s=1.0), 3)
    last_hold = max(f.t for f in frames)
    cut = [f for f in frames if f.t < last_hold - 1.3]  # stop during the last lowering
    _, analysis = run(cut)
    reps = [r for s in analysis.segments for r in s.reps]
    assert len(reps) == 2 and reps[-1].complete
    # ... while a recording that stops inside the hold ends before the way back down
    inside = [f for f in frames if f.t < last_hold - 3.0]
    reps = [r for s in run(inside)[1].segments for r in s.reps]
    assert len(reps) == 2 and not reps[-1].complete


@pytest.mark.parametrize(("w", "h"), [(225, 225), (640, 480), (1920, 1080), (300, 900)])
def test_overlay_text_scales_with_the_picture(w, h):
    import cv2

    from psoas.pose.annotate import MIN_FONT, TEXT_SHARE, Annotator

    texts = ["Kneeling hip stretch (left hip)", "hold", "Sit up tall: stack your shoulders over your hips.",
             "Lower your back knee to the mat (on a cushion if you like)."]  # fmt: skip
    layout = Annotator().text_layout(w, h, texts)
    font, fs, thick, lines = layout.font, layout.fs, layout.thick, layout.lines
    th = cv2.getTextSize("Ag", font, fs, thick)[0][1]
    # the text leaves most of the picture free; where even the smallest legible size needs more, a
    # photo gets it below the picture and a video frame short titles (test_annotate_text.py)
    assert layout.block <= TEXT_SHARE * h or fs == MIN_FONT
    assert all(cv2.getTextSize(t, font, fs, thick)[0][0] <= w - 20 for t, _ in lines)  # nothing runs off
    assert th >= 8 and all(b < t for (_, b), (t, _) in zip(layout.boxes, layout.boxes[1:], strict=False))
    big = Annotator().text_layout(2 * w, 2 * h, texts).fs
    assert big > fs  # a bigger picture gets bigger text


def test_a_raised_leg_does_not_tilt_the_bridge_floor_line():
    # The shoulder->ankle line stands in for the floor; in a single-leg bridge only the planted
    # foot is on it, so the hips' lift reads the same as in the two-legged bridge.
    from psoas.pose.features import compute
    from psoas.pose.recognize import score_all

    def angles(variant):
        frames, _ = generate(Spec("glute_bridge", reps=1, hold_s=2, variant=variant, noise=0.0), 3)
        return [score_all(compute(f), second=False)["glute_bridge"].angle for f in frames if f.present]

    two, one = angles(()), angles(("single_leg",))
    assert len(two) == len(one)
    assert max(abs(a - b) for a, b in zip(two, one, strict=True)) < 1.0
