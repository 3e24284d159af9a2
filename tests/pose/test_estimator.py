"""The pose estimator: bundled models, MediaPipe Tasks PoseLandmarker in image, video and live mode,
and the newest-frame worker that keeps a live camera from queueing up."""

from __future__ import annotations

import hashlib
import json
import threading
import zipfile
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from psoas.errors import UserError
from psoas.pose import mediapipe_adapter as adapter
from psoas.pose.frame import PoseFrame
from psoas.pose.mediapipe_adapter import NewestFrameWorker, PoseEstimator, from_tasks

MODELS_DIR = Path(adapter.__file__).parent / "models"
WAIT = 30.0  # generous upper bound for a thread hand-over; a correct worker takes microseconds


def test_every_model_is_bundled_as_its_manifest_says() -> None:
    manifest = json.loads((MODELS_DIR / "manifest.json").read_text())
    assert sorted(manifest["bundles"]) == sorted(adapter.model_file(m) for m in adapter.MODELS)
    assert (MODELS_DIR / "LICENSE").read_text().lstrip().startswith("Apache License")
    for name, entry in manifest["bundles"].items():
        data = (MODELS_DIR / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], f"{name} is not the bundle the manifest names"
        with zipfile.ZipFile(MODELS_DIR / name) as bundle:
            assert sorted(bundle.namelist()) == ["pose_detector.tflite", "pose_landmarks_detector.tflite"]
            for member, info in entry["models"].items():
                assert hashlib.sha256(bundle.read(member)).hexdigest() == info["sha256"]
                assert info["source"] and info["source_sha256"] != info["sha256"]  # metadata was written


def test_unknown_model_is_a_user_error() -> None:
    with pytest.raises(UserError, match="--model tiny: choose one of lite, full, heavy"):
        PoseEstimator(model="tiny")
    with pytest.raises(ValueError, match="mode"):
        PoseEstimator(mode="stream")


def test_default_models_are_bundled() -> None:
    for mode in adapter.MODES:
        assert adapter.default_model(mode) in adapter.MODELS
    assert adapter.DEFAULT_MODEL in adapter.MODELS


def _point(x: float, y: float, z: float, visibility: float | None = None) -> SimpleNamespace:
    return SimpleNamespace(x=x, y=y, z=z, visibility=visibility, presence=None)


def test_from_tasks_converts_landmarks_and_world() -> None:
    landmarks = [_point(i / 33, 1 - i / 33, -0.1, 0.9) for i in range(33)]
    world = [_point(0.01 * i, -0.02 * i, 0.0) for i in range(33)]
    frame = from_tasks(landmarks, world, 1.25, 4 / 3)
    assert frame.t == 1.25 and frame.aspect == pytest.approx(4 / 3)
    assert frame.xyz[10].tolist() == pytest.approx([10 / 33, 23 / 33, -0.1]) and frame.visibility[3] == 0.9
    assert frame.world[10].tolist() == pytest.approx([0.1, -0.2, 0.0])
    no_visibility = from_tasks([_point(0.5, 0.5, 0.0)] * 33, None, 0.0, 1.0)
    assert no_visibility.world is None and (no_visibility.visibility == 0.0).all()
    assert not from_tasks(None, None, 2.0, 1.5).present
    with pytest.raises(ValueError, match="33"):
        from_tasks(landmarks[:30], None, 0.0, 1.0)


class _FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        self.now += 0.5
        return self.now


class _BlockingEstimator:
    """Takes each frame and waits until the test lets it finish, so the test decides what the
    camera delivers while the estimator is busy."""

    def __init__(self) -> None:
        self.started = threading.Semaphore(0)
        self.release = threading.Semaphore(0)
        self.seen: list[tuple[str, float]] = []

    def __call__(self, image: str, t: float) -> PoseFrame:
        self.seen.append((image, t))
        self.started.release()
        assert self.release.acquire(timeout=WAIT)
        return PoseFrame.empty(t)


def test_newest_frame_wins_while_the_estimator_is_busy() -> None:
    estimate = _BlockingEstimator()
    results: list[float] = []
    clock = _FakeClock()
    with NewestFrameWorker(estimate, on_result=lambda f: results.append(f.t), clock=clock) as worker:
        assert worker.latest() is None
        worker.submit("frame 1")  # stamped by the clock: 100.5
        assert estimate.started.acquire(timeout=WAIT)  # the worker holds frame 1
        for name in ("frame 2", "frame 3", "frame 4"):
            worker.submit(name)  # never blocks; each replaces the one waiting
        estimate.release.release()  # frame 1 done -> the worker takes the newest only
        assert estimate.started.acquire(timeout=WAIT)
        estimate.release.release()
        assert worker.wait_idle(timeout=WAIT)
        assert [name for name, _ in estimate.seen] == ["frame 1", "frame 4"]
        assert results == [100.5, 102.0] and worker.latest().t == 102.0
        assert (worker.submitted, worker.estimated, worker.dropped) == (4, 2, 2)
        worker.submit("frame 5", t=7.0)  # a camera's own timestamp is kept
        assert estimate.started.acquire(timeout=WAIT)
        estimate.release.release()
        assert worker.wait_idle(timeout=WAIT) and worker.latest().t == 7.0
    with pytest.raises(RuntimeError, match="closed"):
        worker.submit("late")


def test_a_frame_still_waiting_at_close_is_dropped_not_estimated() -> None:
    estimate = _BlockingEstimator()
    worker = NewestFrameWorker(estimate, clock=_FakeClock())
    worker.submit("a")
    assert estimate.started.acquire(timeout=WAIT)
    worker.submit("b")
    closing = threading.Thread(target=worker.close)
    closing.start()
    estimate.release.release()
    closing.join(timeout=WAIT)
    assert not closing.is_alive()
    assert [name for name, _ in estimate.seen] == ["a"] and worker.dropped == 1


def test_an_estimator_error_reaches_the_caller() -> None:
    def broken(image: object, t: float) -> PoseFrame:
        raise ValueError("bad frame")

    worker = NewestFrameWorker(broken, clock=_FakeClock())
    worker.submit("x")
    assert worker.wait_idle(timeout=WAIT)
    with pytest.raises(ValueError, match="bad frame"):
        worker.close()


def test_video_timestamps_increase_even_when_frame_times_repeat() -> None:
    estimator = PoseEstimator.__new__(PoseEstimator)  # the stamping only, no model loaded
    estimator._last_ms = -1
    stamps = [estimator._timestamp_ms(t) for t in (0.0, 0.0333, 0.0333, 0.03334, 0.1)]
    assert stamps == [0, 33, 34, 35, 100]


@pytest.mark.slow
@pytest.mark.parametrize("model", adapter.MODELS)
def test_every_model_runs_in_every_mode(model: str) -> None:
    blank = np.full((120, 160, 3), 90, np.uint8)
    for mode in adapter.MODES:
        with PoseEstimator(mode=mode, model=model) as estimate:
            frames = [estimate(blank, t) for t in (0.0, 0.04, 0.08)]
        assert [f.t for f in frames] == [0.0, 0.04, 0.08]
        assert not any(f.present for f in frames) and frames[0].aspect == pytest.approx(160 / 120)


@pytest.mark.slow
def test_live_worker_runs_the_real_estimator() -> None:
    clock = _FakeClock()
    estimator, worker = adapter.live_worker(model="lite", clock=clock)
    try:
        for _ in range(3):
            worker.submit(np.zeros((96, 128, 3), np.uint8))
        assert worker.wait_idle(timeout=WAIT)
    finally:
        worker.close()
        estimator.close()
    assert worker.estimated + worker.dropped == 3 and worker.latest() is not None
    assert worker.latest().t == 101.5  # the last frame is never the one dropped


def _photo(shared: Path, name: str):
    import cv2

    path = shared / "data" / "images" / name
    if not path.is_file():
        pytest.skip(f"{name} is not in ../shared")
    return cv2.imread(str(path))


@pytest.mark.slow
def test_world_landmarks_are_metres_around_the_hips(shared: Path) -> None:
    image = _photo(shared, "cobra/ws_bhujangasana_43.jpg")
    with PoseEstimator(mode="image", model="full") as estimate:
        frame = estimate(image, 0.0)
    assert frame.present and frame.world is not None
    hips = frame.world[[23, 24]].mean(axis=0)
    assert np.linalg.norm(hips) < 0.05  # origin halfway between the hips (5 cm: model noise)
    torso = np.linalg.norm(frame.world[[11, 12]].mean(axis=0) - hips)
    assert 0.3 < torso < 0.8  # shoulders to hips of an adult, in metres (not image units)


def test_prefetched_keeps_order_and_raises_the_producers_error_in_place() -> None:
    from psoas.pose.media import prefetched

    assert list(prefetched(range(50))) == list(range(50))

    def broken():
        yield 1
        yield 2
        raise UserError("clip.mp4: the video stops after 2 of 9 frames")

    got = []
    with pytest.raises(UserError, match="stops after 2"):
        for item in prefetched(broken()):
            got.append(item)
    assert got == [1, 2]


def test_closing_prefetched_early_stops_its_thread() -> None:
    from psoas.pose.media import prefetched

    produced = []

    def endless():
        n = 0
        while True:
            produced.append(n)
            yield n
            n += 1

    frames = prefetched(endless(), depth=2)
    assert next(frames) == 0
    frames.close()  # joins the producer
    assert not any(t.name == "psoas-decode" and t.is_alive() for t in threading.enumerate())
    assert len(produced) <= 4  # the one handed over, two waiting, one blocked on the full queue
