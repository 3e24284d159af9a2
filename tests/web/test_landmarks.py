"""The page's camera frame message (psoas.web.landmarks.parse_frame): what it gives the coach, and
every bad shape refused in one line."""

from __future__ import annotations

import copy
import json
import math

import numpy as np
import pytest

from psoas.pose.frame import NUM_LANDMARKS, PoseFrame
from psoas.web.landmarks import parse_frame


def message(seed: int = 0, **changes: object) -> dict:
    """A frame as camera.js sends it: landmarks across the picture, world landmarks in metres."""
    rng = np.random.default_rng(seed)
    landmarks = np.column_stack([rng.uniform(0.1, 0.9, (NUM_LANDMARKS, 2)), rng.uniform(-0.3, 0.3, NUM_LANDMARKS),
                                 rng.uniform(0, 1, NUM_LANDMARKS)])  # fmt: skip
    world = rng.uniform(-0.9, 0.9, (NUM_LANDMARKS, 3))
    out = {"type": "frame", "t_ms": 1234.5, "width": 640, "height": 480, "seq": 7,
           "landmarks": landmarks.round(5).tolist(), "world": world.round(4).tolist()}  # fmt: skip
    out.update(changes)
    return out


def test_a_frame_becomes_the_pose_frame_the_python_side_makes() -> None:
    sent = message()
    frame = parse_frame(sent)
    assert isinstance(frame, PoseFrame) and frame.present
    assert frame.t == pytest.approx(1.2345) and frame.aspect == pytest.approx(640 / 480)
    points = np.array(sent["landmarks"])
    np.testing.assert_array_equal(frame.xyz, points[:, :3])
    np.testing.assert_array_equal(frame.visibility, points[:, 3])
    np.testing.assert_array_equal(frame.world, np.array(sent["world"]))


def test_nobody_in_view_is_an_empty_frame() -> None:
    for nobody in (
        message(landmarks=None, world=None),
        {k: v for k, v in message().items() if k not in ("landmarks", "world")},
    ):
        frame = parse_frame(nobody)
        assert not frame.present and frame.world is None and frame.t == pytest.approx(1.2345)


def test_landmarks_without_world_landmarks_are_kept() -> None:
    frame = parse_frame(message(world=None))
    assert frame.present and frame.world is None


def test_the_message_straight_from_json_text() -> None:
    text = json.dumps(message(seed=3))
    assert parse_frame(json.loads(text)).present


def _with(path: tuple, value: object) -> dict:
    out = copy.deepcopy(message())
    target = out
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return out


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (_with(("landmarks",), message()["landmarks"][:32]), "landmarks: List should have at least 33 items"),
        (_with(("landmarks",), message()["landmarks"] + [[0.5, 0.5, 0, 1]]), "landmarks: List should have at most 33"),
        (_with(("world",), message()["world"][:-1]), "world: List should have at least 33 items"),
        (_with(("landmarks", 4), [0.5, 0.5, 0.0]), "landmarks.4.3: Field required"),
        (_with(("landmarks", 4), [0.5, 0.5, 0.0, 1.0, 2.0]), "landmarks.4: Tuple should have at most 4 items"),
        (_with(("world", 2), [0.1, 0.2, 0.3, 0.4]), "world.2: Tuple should have at most 3 items"),
        (_with(("landmarks", 0, 0), math.nan), "landmarks.0.0: Input should be a finite number"),
        (_with(("world", 9, 1), math.inf), "world.9.1: Input should be a finite number"),
        (_with(("t_ms",), -math.inf), "t_ms: Input should be a finite number"),
        (_with(("landmarks", 3, 1), "0.5"), "landmarks.3.1: Input should be a valid number"),
        (_with(("landmarks", 3, 3), True), "landmarks.3.3: Input should be a valid number"),
        (_with(("landmarks", 3, 3), 1.5), "landmarks.3.3: Input should be less than or equal to 1"),
        (_with(("landmarks", 3, 0), 40.0), "landmarks.3.0: Input should be less than or equal to 2"),
        (_with(("world", 0, 2), -12.0), "world.0.2: Input should be greater than or equal to -3"),
        (_with(("t_ms",), -1), "t_ms: Input should be greater than or equal to 0"),
        (_with(("width",), 0), "width: Input should be greater than or equal to 1"),
        (_with(("height",), 480.5), "height: Input should be a valid integer"),
        (_with(("width",), 10**9), "width: Input should be less than or equal to 8192"),
        (_with(("landmarks",), "many"), "landmarks: Input should be a valid list"),
        (_with(("type",), "frames"), "type: Input should be 'frame'"),
        (_with(("image",), "data:image/png;base64,AAAA"), "image: Extra inputs are not permitted"),
        (message(landmarks=None), "world landmarks without landmarks"),
        ({k: v for k, v in message().items() if k != "t_ms"}, "t_ms: Field required"),
    ],
)
def test_a_bad_frame_is_refused_in_one_line(bad: dict, reason: str) -> None:
    with pytest.raises(ValueError) as error:
        parse_frame(bad)
    text = str(error.value)
    assert text.startswith("bad camera frame: ") and reason in text and "\n" not in text


def test_not_an_object_is_refused() -> None:
    for bad in ([1, 2], "frame", None):
        with pytest.raises(ValueError, match="bad camera frame: not a JSON object"):
            parse_frame(bad)  # type: ignore[arg-type]


def test_a_frame_as_the_page_rounds_it_is_small() -> None:
    """camera.js rounds to 5 decimals (normalised) and 4 (metres): the host's frame limit leaves room."""
    from psoas.web import live

    worst = message(landmarks=[[-0.12345, -0.12345, -0.12345, 0.1234]] * 33, world=[[-1.2345] * 3] * 33,
                    t_ms=604_799_999.999, seq=10**9)  # fmt: skip
    size = len(json.dumps(worst, separators=(",", ":")).encode())
    assert size < getattr(live, "MAX_FRAME_MESSAGE", 32 * 1024) / 4, size
