"""The second passes for a photo where nobody was found: a bordered picture, its negative, landmarks mapped back."""

import numpy as np
import pytest

from psoas.pose.frame import PoseFrame
from psoas.pose.still import NO_PERSON, estimate_still, with_border


def test_border_repeats_the_edge_and_keeps_the_picture():
    image = np.arange(2 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3)
    bordered, left, top = with_border(image)
    assert (left, top) == (2, 1) and bordered.shape == (4, 7, 3)
    assert np.array_equal(bordered[top : top + 2, left : left + 3], image)
    assert np.array_equal(bordered[0, 0], image[0, 0])  # the corner pixel repeated


def test_second_pass_maps_landmarks_back_to_the_original_picture():
    image = np.zeros((100, 200, 3), dtype=np.uint8)
    calls = []

    def estimator(picture, t):  # finds nobody in the original, a person in the bordered one
        calls.append(picture.shape)
        if picture.shape[:2] == (100, 200):
            return PoseFrame.empty(t, 2.0)
        h, w = picture.shape[:2]
        xyz = np.zeros((33, 3))
        xyz[:, 0], xyz[:, 1] = (100 + 50) / w, (50 + 50) / h  # the original (25%, 50%), border 100 x 50
        xyz[:, 2] = 0.1
        return PoseFrame(t, xyz, np.ones(33), w / h)

    frame = estimate_still(estimator, image)
    assert calls == [(100, 200, 3), (200, 400, 3)]
    assert frame.present and frame.aspect == pytest.approx(2.0)
    assert frame.xyz[0, 0] == pytest.approx(0.25) and frame.xyz[0, 1] == pytest.approx(0.5)
    assert frame.xyz[0, 2] == pytest.approx(0.2)  # depth in original picture widths


@pytest.mark.parametrize("found_when_bordered", [False, True])
def test_a_pale_figure_on_black_is_looked_for_in_the_negative_picture(found_when_bordered):
    image = np.zeros((100, 200, 3), dtype=np.uint8)
    image[40:60, 50:150] = 200  # a pale figure on black
    calls = []

    def estimator(picture, t):  # finds a person only where the ground is pale (the negative)
        bordered = picture.shape[:2] != (100, 200)
        calls.append(("bordered " if bordered else "") + ("negative" if picture[0, 0, 0] == 255 else "as it is"))
        h, w = picture.shape[:2]
        if picture[0, 0, 0] != 255 or bordered != found_when_bordered:
            return PoseFrame.empty(t, w / h)
        xyz = np.zeros((33, 3))
        xyz[:, 0] = (100 + 50) / w if bordered else 0.25  # the original (25%, 50%), border 100 x 50
        xyz[:, 1] = (50 + 50) / h if bordered else 0.5
        return PoseFrame(t, xyz, np.ones(33), w / h)

    frame = estimate_still(estimator, image)
    expected = ["as it is", "bordered as it is", "negative"] + (["bordered negative"] if found_when_bordered else [])
    assert calls == expected
    assert frame.present and frame.aspect == pytest.approx(2.0)
    assert frame.xyz[0, 0] == pytest.approx(0.25) and frame.xyz[0, 1] == pytest.approx(0.5)


def test_first_pass_found_is_kept_and_nobody_stays_nobody():
    found = PoseFrame(0.0, np.full((33, 3), 0.5), np.ones(33), 1.0)
    assert estimate_still(lambda p, t: found, np.zeros((10, 10, 3), np.uint8)) is found
    nobody = estimate_still(lambda p, t: PoseFrame.empty(t, p.shape[1] / p.shape[0]), np.zeros((10, 20, 3), np.uint8))
    assert not nobody.present and nobody.aspect == pytest.approx(2.0)
    assert "step back" in NO_PERSON and "whole body" in NO_PERSON


def test_a_frame_from_the_mirrored_picture_maps_back_with_left_and_right_exchanged():
    from psoas.pose.frame import SWAP_LR
    from psoas.pose.still import unmirror
    from psoas.pose.synthetic import Spec, generate

    frames, _ = generate(Spec("kneeling_hip_stretch", reps=1, hold_s=2, side="left"), 4)
    frame = next(f for f in frames if f.present)
    seen = frame.xyz.copy()
    seen[:, 0] = 1.0 - seen[:, 0]  # what the estimator reports on the mirrored picture
    mirrored = PoseFrame(frame.t, seen[SWAP_LR], frame.visibility[SWAP_LR], frame.aspect)
    back = unmirror(mirrored)
    assert np.allclose(back.xyz, frame.xyz) and np.allclose(back.visibility, frame.visibility)
    assert unmirror(PoseFrame.empty(0.0, 1.0)).xyz is None


def _person(x: float) -> PoseFrame:
    return PoseFrame(0.0, np.full((33, 3), x), np.ones(33), 1.0)


def test_other_models_look_only_where_the_first_names_no_exercise_and_stop_at_the_first_that_does():
    from psoas.pose.still import look_again

    looked = []

    def look(x: float):
        def seen():
            looked.append(x)
            return _person(x)

        return seen

    named = _person(0.5)
    assert look_again(named, lambda f: True, [look(0.7)]) is named and looked == []  # not looked again
    kept = look_again(named, lambda f: f.xyz[0, 0] > 0.6, [look(0.7), look(0.9)])
    assert kept.xyz[0, 0] == pytest.approx(0.7) and looked == [0.7]  # the third model is not asked
    looked.clear()
    last = look_again(named, lambda f: f.xyz[0, 0] > 0.8, [look(0.7), look(0.9)])
    assert last.xyz[0, 0] == pytest.approx(0.9) and looked == [0.7, 0.9]


def test_looks_naming_nothing_keep_the_first_unless_the_first_saw_nobody():
    from psoas.pose.still import look_again

    first = _person(0.5)
    assert look_again(first, lambda f: False, [lambda: _person(0.7), lambda: _person(0.9)]) is first
    nobody = PoseFrame.empty(0.0, 1.0)
    found = look_again(nobody, lambda f: False, [lambda: nobody, lambda: _person(0.7), lambda: _person(0.9)])
    assert found.present and found.xyz[0, 0] == pytest.approx(0.7)  # the first look that found the person
    assert not look_again(nobody, lambda f: True, [lambda: nobody]).present


def test_analyze_looks_again_with_the_other_models_only_by_default(tmp_path, monkeypatch):
    """psoas analyze on a photo: the default model's frame names no exercise, so Heavy looks
    again and sees the cobra; a --model given is used alone."""
    import cv2

    from psoas.pose import mediapipe_adapter, run
    from psoas.pose.still import LOOK_AGAIN_MODELS
    from psoas.pose.synthetic import Spec, generate

    frames, truth = generate(Spec("cobra", reps=1, hold_s=2.0), 3)
    hold = next(f for f, (_, _, phase) in zip(frames, truth.labels, strict=False) if phase == "hold")
    models = []

    class FakeEstimator:
        def __init__(self, mode=None, model=None, still=False):
            self.model = model or "full"
            models.append(self.model)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return None

        def __call__(self, image, t):  # Full sees a body in no exercise's pose, Heavy the cobra
            if self.model == "heavy":
                return PoseFrame(t, hold.xyz, hold.visibility, image.shape[1] / image.shape[0])
            return PoseFrame(t, np.full((33, 3), 0.5), np.ones(33), image.shape[1] / image.shape[0])

    monkeypatch.setattr(mediapipe_adapter, "PoseEstimator", FakeEstimator)
    photo = tmp_path / "photo.png"
    cv2.imwrite(str(photo), np.zeros((48, 64, 3), np.uint8))
    kind, analysis = run.analyze_path(photo)
    assert kind == "image" and models == ["full", *LOOK_AGAIN_MODELS] == ["full", "heavy"]
    assert [s.exercise for s in analysis.segments] == ["cobra"]
    models.clear()
    _, alone = run.analyze_path(photo, model="full")
    assert models == ["full"] and alone.segments == []


def test_world_landmarks_pass_the_border_unchanged():
    from psoas.pose.still import unborder

    world = np.arange(99, dtype=float).reshape(33, 3) / 100
    frame = PoseFrame(0.0, np.full((33, 3), 0.5), np.ones(33), 2.0, world)
    back = unborder(frame, 200, 100, 100, 50)
    assert back.world is not None and np.allclose(back.world, world)
