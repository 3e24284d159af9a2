"""MediaPipe BlazePose at the edge: converts its results to PoseFrame. Imports mediapipe lazily.

mediapipe==0.10.21 with model_complexity=1 (the Full model shipped in the wheel; 0 and 2
download at run time). It stamps frames as 30 fps internally; our timestamps are our own.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import numpy as np

from psoas.errors import UserError
from psoas.pose.frame import NUM_LANDMARKS, PoseFrame


def from_mediapipe(landmarks, t: float, aspect: float) -> PoseFrame:
    """A PoseFrame from `results.pose_landmarks` (None when nobody was found)."""
    if landmarks is None:
        return PoseFrame.empty(t, aspect)
    points = landmarks.landmark
    if len(points) != NUM_LANDMARKS:
        raise ValueError(f"expected 33 pose landmarks, got {len(points)}")
    arr = np.array([(p.x, p.y, p.z, p.visibility) for p in points], dtype=np.float64)
    return PoseFrame(t=t, xyz=arr[:, :3], visibility=arr[:, 3], aspect=aspect)


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

    MediaPipe's graph threads log set-up notes when they get to it, also after `process`
    returns, so descriptor 2 stays silenced from start to `close` (which joins those threads).
    psoas reports its own errors after that."""

    def __init__(self, still: bool = False) -> None:
        self._quiet = ExitStack()
        self._quiet.enter_context(quiet_native_stderr())
        try:
            import cv2
            import mediapipe as mp

            self._cv2 = cv2
            self._pose = mp.solutions.pose.Pose(
                static_image_mode=still, model_complexity=1, smooth_landmarks=not still,
                min_detection_confidence=0.5, min_tracking_confidence=0.5,
            )  # fmt: skip
        except ImportError:  # pragma: no cover - depends on the install
            self._quiet.close()
            raise UserError(
                "pose estimation needs mediapipe 0.10.21: pip install --no-deps mediapipe==0.10.21 "
                "(see requirements-pose.txt)"
            ) from None
        except BaseException:
            self._quiet.close()
            raise

    def __call__(self, image_bgr, t: float) -> PoseFrame:
        h, w = image_bgr.shape[:2]
        rgb = self._cv2.cvtColor(image_bgr, self._cv2.COLOR_BGR2RGB)
        rgb.flags.writeable = False
        results = self._pose.process(rgb)
        return from_mediapipe(results.pose_landmarks, t, w / h)

    def close(self) -> None:
        try:
            self._pose.close()
        finally:
            self._quiet.close()

    def __enter__(self) -> PoseEstimator:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
