"""MediaPipe Tasks PoseLandmarker at the edge: converts its results to PoseFrame. Imports mediapipe lazily.

One estimator on every Python psoas supports (3.11-3.14): mediapipe 1.2.x, `vision.PoseLandmarker`,
reading the BlazePose bundles psoas ships in psoas/pose/models/ (built by tools/build_pose_models.py;
nothing is downloaded at run time). Three modes:

- "image": each picture on its own (photos);
- "video": frames of one recording with their real timestamps, tracked from frame to frame;
- "live": a camera; `NewestFrameWorker` runs it so that the newest frame wins and no queue builds up.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from psoas.errors import UserError
from psoas.pose.frame import NUM_LANDMARKS, PoseFrame

MODELS = ("lite", "full", "heavy")
# Chosen by measurement (benchmarks/models.py; table in docs/analyze.md).
DEFAULT_MODELS = {"image": "full", "video": "full", "live": "full"}
DEFAULT_MODEL = DEFAULT_MODELS["video"]
MODES = ("image", "video", "live")
# MediaPipe's own defaults, as the legacy solutions.pose used them: a person counts when the
# detector and the landmark model are each at least even odds sure.
MIN_CONFIDENCE = 0.5


def model_file(model: str) -> str:
    """The bundle's file name; UserError for an unknown model."""
    if model not in MODELS:
        raise UserError(f"--model {model}: choose one of {', '.join(MODELS)}")
    return f"pose_landmarker_{model}.task"


def default_model(mode: str) -> str:
    return DEFAULT_MODELS[mode]


def _model_asset(model: str) -> dict[str, Any]:
    """BaseOptions arguments for a bundled model: its path when it is a plain file (as installed),
    else its bytes (a zipped install)."""
    resource = resources.files("psoas.pose").joinpath("models", model_file(model))
    if isinstance(resource, Path):
        if not resource.is_file():
            raise UserError(
                f"the pose model {resource.name} is missing from this install (psoas/pose/models/); reinstall psoas"
            )
        return {"model_asset_path": str(resource)}
    return {"model_asset_buffer": resource.read_bytes()}  # pragma: no cover - zipped installs


def from_tasks(landmarks, world, t: float, aspect: float) -> PoseFrame:
    """A PoseFrame from one person's PoseLandmarker result: `landmarks` (normalised image
    coordinates with visibility) and `world` (metres, origin between the hips), either list of 33
    landmarks; `landmarks` None when nobody was found, `world` None when not given."""
    if landmarks is None:
        return PoseFrame.empty(t, aspect)
    if len(landmarks) != NUM_LANDMARKS:
        raise ValueError(f"expected 33 pose landmarks, got {len(landmarks)}")
    xyz = [(p.x, p.y, p.z) for p in landmarks]
    visibility = [0.0 if p.visibility is None else p.visibility for p in landmarks]
    world_xyz = None
    if world is not None and len(world) == NUM_LANDMARKS:
        world_xyz = [(p.x, p.y, p.z) for p in world]
    import numpy as np

    return PoseFrame(
        t=t, xyz=np.array(xyz), visibility=np.array(visibility), aspect=aspect,
        world=None if world_xyz is None else np.array(world_xyz),
    )  # fmt: skip


@contextmanager
def quiet_native_stderr() -> Iterator[None]:
    """Silence what MediaPipe's C++ side writes straight to file descriptor 2 (TFLite and absl
    start-up notes such as "Created TensorFlow Lite XNNPACK delegate"): users should only see
    psoas's own messages. Python's own errors are raised after the descriptor is restored."""
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


class PoseEstimator:
    """BlazePose on BGR images (as OpenCV gives them). Use as a context manager.

    `mode` is "image", "video" or "live" (default: "image" when `still`, else "video"); `model`
    is lite, full or heavy (default: the measured default for the mode). In video and live mode
    `t` is the frame's real time in seconds and must not go back; frames closer together than a
    millisecond are stamped one millisecond apart (MediaPipe needs increasing timestamps).

    MediaPipe's threads log set-up notes also after a call returns, so descriptor 2 stays
    silenced from start to `close`. psoas reports its own errors after that."""

    def __init__(self, still: bool = False, model: str | None = None, mode: str | None = None) -> None:
        mode = mode or ("image" if still else "video")
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
        self.mode = mode
        self.model = model or default_model(mode)
        asset = _model_asset(self.model)
        self._last_ms = -1
        self._quiet = ExitStack()
        self._quiet.enter_context(quiet_native_stderr())
        try:
            import cv2
            import mediapipe as mp
            from mediapipe.tasks.python import vision
            from mediapipe.tasks.python.core.base_options import BaseOptions

            self._cv2 = cv2
            self._image = mp.Image
            self._srgb = mp.ImageFormat.SRGB
            options = vision.PoseLandmarkerOptions(
                base_options=BaseOptions(**asset),
                running_mode=vision.RunningMode.IMAGE if mode == "image" else vision.RunningMode.VIDEO,
                num_poses=1,
                min_pose_detection_confidence=MIN_CONFIDENCE,
                min_pose_presence_confidence=MIN_CONFIDENCE,
                min_tracking_confidence=MIN_CONFIDENCE,
            )
            self._landmarker = vision.PoseLandmarker.create_from_options(options)
        except ImportError:  # pragma: no cover - depends on the install
            self._quiet.close()
            raise UserError(
                "pose estimation needs mediapipe 1.2 (pip install --no-deps mediapipe; see requirements-pose.txt)"
            ) from None
        except BaseException:
            self._quiet.close()
            raise

    def _timestamp_ms(self, t: float) -> int:
        ms = max(round(t * 1000.0), self._last_ms + 1)
        self._last_ms = ms
        return ms

    def __call__(self, image_bgr, t: float) -> PoseFrame:
        h, w = image_bgr.shape[:2]
        rgb = self._cv2.cvtColor(image_bgr, self._cv2.COLOR_BGR2RGB)
        picture = self._image(image_format=self._srgb, data=rgb)
        if self.mode == "image":
            result = self._landmarker.detect(picture)
        else:
            result = self._landmarker.detect_for_video(picture, self._timestamp_ms(t))
        people = result.pose_landmarks
        worlds = result.pose_world_landmarks
        return from_tasks(people[0] if people else None, worlds[0] if worlds else None, t, w / h)

    def close(self) -> None:
        try:
            self._landmarker.close()
        finally:
            self._quiet.close()

    def __enter__(self) -> PoseEstimator:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class NewestFrameWorker:
    """Runs `estimate(image, t)` on a background thread, always on the newest frame submitted.

    A frame submitted while the estimator is busy waits in a single slot; a newer one replaces it
    (the older is dropped and counted). So a slow estimator lags the camera by at most the frame in
    hand, never by a growing queue. Each result goes to `on_result` (on the worker thread) and is
    kept as `latest()`. `clock` stamps frames submitted without a time (seconds, increasing).
    Use as a context manager, or call `close()`.
    """

    def __init__(
        self,
        estimate: Callable[[Any, float], PoseFrame],
        on_result: Callable[[PoseFrame], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._estimate = estimate
        self._on_result = on_result
        self._clock = clock
        self._lock = threading.Condition()
        self._pending: tuple[Any, float] | None = None
        self._latest: PoseFrame | None = None
        self._closed = False
        self._busy = False
        self._error: BaseException | None = None
        self.submitted = self.estimated = self.dropped = 0
        self._thread = threading.Thread(target=self._run, name="psoas-pose", daemon=True)
        self._thread.start()

    def submit(self, image, t: float | None = None) -> None:
        """Hand over a frame (never blocks); it replaces a frame still waiting."""
        stamp = self._clock() if t is None else t
        with self._lock:
            if self._error is not None:
                error, self._error = self._error, None
                raise error
            if self._closed:
                raise RuntimeError("the worker is closed")
            if self._pending is not None:
                self.dropped += 1
            self._pending = (image, stamp)
            self.submitted += 1
            self._lock.notify()

    def latest(self) -> PoseFrame | None:
        """The most recent result, None before the first."""
        with self._lock:
            return self._latest

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until no frame is waiting or being estimated; False on timeout."""
        with self._lock:
            return self._lock.wait_for(lambda: self._pending is None and not self._busy, timeout)

    def _run(self) -> None:
        while True:
            with self._lock:
                self._lock.wait_for(lambda: self._pending is not None or self._closed)
                if self._pending is None:  # closed, nothing left
                    return
                image, t = self._pending
                self._pending = None
                self._busy = True
            try:
                frame = self._estimate(image, t)
                if self._on_result is not None:
                    self._on_result(frame)
            except BaseException as error:  # noqa: BLE001 - handed to the submitting thread
                with self._lock:
                    self._error = error
                    self._busy = False
                    self._closed = True
                    self._lock.notify_all()
                return
            with self._lock:
                self._latest = frame
                self.estimated += 1
                self._busy = False
                self._lock.notify_all()

    def close(self) -> None:
        """Stop after the frame in hand; a frame still waiting is dropped."""
        with self._lock:
            if self._pending is not None:
                self._pending = None
                self.dropped += 1
            self._closed = True
            self._lock.notify_all()
        self._thread.join()
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def __enter__(self) -> NewestFrameWorker:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def live_worker(
    on_result: Callable[[PoseFrame], None] | None = None,
    model: str | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> tuple[PoseEstimator, NewestFrameWorker]:
    """A live-camera estimator and the newest-frame worker that runs it. Close the worker first,
    then the estimator."""
    estimator = PoseEstimator(mode="live", model=model)
    return estimator, NewestFrameWorker(estimator, on_result=on_result, clock=clock)
