"""The second pass for a photo where nobody was found: a bordered picture, landmarks mapped back."""

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
