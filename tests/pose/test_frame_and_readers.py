import json

import numpy as np
import pytest

from psoas.errors import UserError
from psoas.pose.frame import PoseFrame
from psoas.pose.readers import LandmarkFileError, read_csv, read_jsonl, read_landmarks, write_csv, write_jsonl


def _flat(seed=0):
    rng = np.random.default_rng(seed)
    arr = np.concatenate([rng.uniform(0, 1, (33, 3)), rng.uniform(0.5, 1, (33, 1))], axis=1)
    return arr.reshape(-1)


def test_frame_checks_shapes():
    with pytest.raises(ValueError, match="33, 3"):
        PoseFrame(0.0, np.zeros((32, 3)), np.ones(32))
    with pytest.raises(ValueError, match="visibility"):
        PoseFrame(0.0, np.zeros((33, 3)), np.ones(30))
    with pytest.raises(ValueError, match="finite"):
        PoseFrame(float("nan"))
    assert not PoseFrame.empty(1.0).present


def test_frame_round_trip_and_swap():
    values = _flat()
    frame = PoseFrame.from_flat(0.5, values, aspect=4 / 3)
    assert np.allclose(frame.to_flat(), values)
    swapped = frame.swapped()
    assert np.allclose(swapped.xyz[11], frame.xyz[12]) and np.allclose(swapped.xyz[0], frame.xyz[0])
    assert np.allclose(swapped.swapped().xyz, frame.xyz)
    pts = frame.points()
    assert pts[5, 0] == pytest.approx(frame.xyz[5, 0] * 4 / 3) and pts[5, 1] == pytest.approx(-frame.xyz[5, 1])


def _write_rows(path, rows, header=None):
    lines = ([",".join(header)] if header else []) + [",".join(f"{v:.6f}" for v in row) for row in rows]
    path.write_text("\n".join(lines) + "\n")


@pytest.mark.parametrize(
    ("header", "with_t", "reason"),
    [
        (None, False, "bare rows, times from --fps"),
        ([str(i) for i in range(132)], False, "PosePilot header of column numbers"),
        (["t"] + [f"v{i}" for i in range(132)], True, "named header with t"),
        (None, True, "no header, leading t column"),
    ],
)
def test_csv_variants(tmp_path, header, with_t, reason):
    rows = [([0.1 * i] if with_t else []) + list(_flat(i)) for i in range(3)]
    path = tmp_path / "a.csv"
    _write_rows(path, rows, header)
    frames = list(read_csv(path, fps=10))
    assert len(frames) == 3, reason
    assert [f.t for f in frames] == pytest.approx([0.0, 0.1, 0.2])
    assert np.allclose(frames[1].to_flat(), _flat(1), atol=1e-5)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("1,2,3\n", "has 3 values"),
        ("", "no landmark rows"),
        (",".join(["0.5"] * 132) + "\n" + ",".join(["0.5"] * 131 + ["x"]) + "\n", "not a finite number"),
        ("\n".join(["1.0," + ",".join(["0.5"] * 132), "0.5," + ",".join(["0.5"] * 132)]) + "\n", "backwards"),
    ],
)
def test_csv_broken(tmp_path, content, message):
    path = tmp_path / "b.csv"
    path.write_text(content)
    with pytest.raises(LandmarkFileError, match=message):
        list(read_csv(path))


def test_jsonl_good_and_empty_frames(tmp_path):
    path = tmp_path / "a.jsonl"
    lm = _flat().reshape(33, 4).tolist()
    path.write_text(json.dumps({"t": 0.0, "landmarks": lm}) + "\n" + json.dumps({"t": 0.04, "landmarks": None}) + "\n")
    frames = list(read_jsonl(path))
    assert frames[0].present and not frames[1].present and frames[1].t == 0.04


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"t": 0}', '"t" and "landmarks"'),
        ('{"t": "a", "landmarks": []}', "must be a number"),
        ('{"t": 0, "landmarks": [[0, 0, 0, 1]]}', "has 1 landmarks"),
        ('{"t": 0, "landmarks": ' + json.dumps([[0, 0]] * 33) + "}", "each landmark"),
    ],
)
def test_jsonl_broken(tmp_path, line, message):
    path = tmp_path / "b.jsonl"
    path.write_text(line + "\n")
    with pytest.raises(LandmarkFileError, match=message):
        list(read_jsonl(path))


def test_writers_round_trip(tmp_path):
    frames = [PoseFrame.from_flat(i / 30, _flat(i)) for i in range(4)] + [PoseFrame.empty(0.2)]
    write_jsonl(frames, tmp_path / "x.jsonl")
    write_csv(frames, tmp_path / "x.csv")
    back_j = list(read_landmarks(tmp_path / "x.jsonl"))
    back_c = list(read_landmarks(tmp_path / "x.csv"))
    assert len(back_j) == 5 and len(back_c) == 4
    assert np.allclose(back_c[2].to_flat(), frames[2].to_flat(), atol=1e-5)
    assert issubclass(LandmarkFileError, UserError)


def test_real_yoga_file_reads(shared_data):
    frames = list(read_csv(shared_data / "keypoints" / "yoga_cobra.csv"))
    assert len(frames) > 100 and all(f.present for f in frames)


def _world(seed=0):
    """33 world landmarks: metres, around the hips (origin), as MediaPipe gives them."""
    return np.random.default_rng(seed).uniform(-0.9, 0.9, (33, 3))


def test_frame_carries_world_landmarks():
    world = _world()
    frame = PoseFrame(0.1, _flat().reshape(33, 4)[:, :3], np.ones(33), 1.5, world)
    assert np.array_equal(frame.world, world)
    assert PoseFrame.from_flat(0.0, _flat()).world is None  # optional: landmark files often have none
    swapped = frame.swapped()
    assert np.array_equal(swapped.world[11], world[12]) and np.array_equal(swapped.world[0], world[0])
    moved = frame.with_aspect(0.75)
    assert moved.aspect == 0.75 and np.array_equal(moved.world, world) and np.array_equal(moved.xyz, frame.xyz)
    with pytest.raises(ValueError, match="world landmarks must have shape"):
        PoseFrame(0.0, np.zeros((33, 3)), None, 1.0, np.zeros((32, 3)))
    with pytest.raises(ValueError, match="world landmarks must be finite"):
        PoseFrame(0.0, np.zeros((33, 3)), None, 1.0, np.full((33, 3), np.inf))
    with pytest.raises(ValueError, match="without landmarks"):
        PoseFrame(0.0, None, None, 1.0, world)


def test_jsonl_world_landmarks_round_trip(tmp_path):
    with_world = PoseFrame(0.0, _flat(1).reshape(33, 4)[:, :3], _flat(1).reshape(33, 4)[:, 3], 4 / 3, _world(1))
    without = PoseFrame.from_flat(1 / 30, _flat(2), aspect=4 / 3)
    path = tmp_path / "w.jsonl"
    write_jsonl([with_world, without, PoseFrame.empty(2 / 30, 4 / 3)], path)
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert len(lines[0]["world"]) == 33 and all(len(p) == 3 for p in lines[0]["world"])
    assert "world" not in lines[1] and "world" not in lines[2]
    back = list(read_jsonl(path))
    assert np.allclose(back[0].world, with_world.world, atol=1e-6) and back[0].aspect == pytest.approx(4 / 3)
    assert back[1].world is None and not back[2].present


@pytest.mark.parametrize(
    "world",
    [[[0, 0, 0]] * 32, [[0, 0]] * 33, [[0, 0, "x"]] * 33, [[0, 0, True]] * 33, "far"],
    ids=["32 landmarks", "2 values", "text", "bool", "not a list"],
)
def test_jsonl_broken_world(tmp_path, world):
    path = tmp_path / "w.jsonl"
    landmarks = _flat().reshape(33, 4).tolist()
    path.write_text(json.dumps({"t": 0, "landmarks": landmarks, "world": world}) + "\n")
    with pytest.raises(LandmarkFileError, match='line 1: "world" must be 33 landmarks of \\[x, y, z\\]'):
        list(read_jsonl(path))
