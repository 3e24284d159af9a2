"""Where the camera's pose frames come from, played against the coach's clock.

A source's `due(now)` returns the frames to analyse now, oldest first, restamped on the coach's
clock; frames that fell behind are dropped, so lag never builds up. `ended` is True once a
played file has no more frames. Nothing is ever stored: images go to the pose estimator and
only their landmarks go on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

from psoas.errors import UserError
from psoas.pose.frame import PoseFrame

# A played landmark file may fall behind by this much stream time before older frames are
# dropped: analysing a landmark frame takes well under a millisecond, so this only matters
# when the machine stalls; half a second keeps the smoothing and the counter continuous.
KEEP_S = 0.5


class CameraUnavailable(Exception):
    """No camera, or one that cannot be opened or read; the message is one line."""


class FrameSource(Protocol):
    @property
    def ended(self) -> bool: ...

    def due(self, now: float) -> list[PoseFrame]: ...

    def close(self) -> None: ...


class _Played:
    """Items with their own times (seconds from the file's start), due against the clock."""

    def __init__(self, items: Iterable[tuple[float, Any]]) -> None:
        self._items: Iterator[tuple[float, Any]] = iter(items)
        self._next: tuple[float, Any] | None = None
        self._origin: float | None = None
        self._t0 = 0.0
        self.ended = False

    def take(self, now: float) -> list[tuple[float, Any]]:
        """(clock time, item) of every item due by `now`."""
        out = []
        while not self.ended:
            if self._next is None:
                self._next = next(self._items, None)
                if self._next is None:
                    self.ended = True
                    break
                if self._origin is None:
                    self._origin, self._t0 = now, self._next[0]
            assert self._origin is not None
            at = self._origin + (self._next[0] - self._t0)
            if at > now:
                break
            out.append((at, self._next[1]))
            self._next = None
        return out


class ReplayFrames:
    """Pose frames (a landmark file) played in real time."""

    def __init__(self, frames: Iterable[PoseFrame], keep_s: float = KEEP_S) -> None:
        self._played = _Played((f.t, f) for f in frames)
        self.keep_s = keep_s

    @property
    def ended(self) -> bool:
        return self._played.ended

    def due(self, now: float) -> list[PoseFrame]:
        due = self._played.take(now)
        if not due:
            return []
        newest = due[-1][0]
        return [replace(frame, t=at) for at, frame in due if newest - at <= self.keep_s]

    def close(self) -> None:
        return None


class EstimatedFrames:
    """Images (a video file or a camera) through a pose estimator: only the newest image due
    is estimated, the ones before it are dropped unseen."""

    def __init__(self, images: Iterable[tuple[float, Any]], estimate: Callable[[Any, float], PoseFrame],
                 close: Callable[[], None]) -> None:  # fmt: skip
        self._played = _Played(images)
        self._estimate = estimate
        self._close = close
        self.dropped = 0

    @property
    def ended(self) -> bool:
        return self._played.ended

    def due(self, now: float) -> list[PoseFrame]:
        due = self._played.take(now)
        if not due:
            return []
        self.dropped += len(due) - 1
        at, image = due[-1]
        return [self._estimate(image, at)]

    def close(self) -> None:
        self._close()


def _webcam_images(capture: Any, clock: Callable[[], float], index: int) -> Iterator[tuple[float, Any]]:
    failures = 0
    while True:
        ok, image = capture.read()
        if not ok or image is None:
            failures += 1
            if failures >= 10:  # a third of a second of nothing from a camera that worked: it is gone
                raise CameraUnavailable(f"camera {index} stopped giving pictures")
            continue
        failures = 0
        yield clock(), image


def open_source(spec: str, clock: Callable[[], float]) -> FrameSource:
    """`spec`: a camera index (0 = the first webcam) or a path to a video or a landmark file.
    Raises UserError for a bad file and CameraUnavailable for a camera that cannot be used."""
    if spec.isdigit():
        return _open_webcam(int(spec), clock)
    path = Path(spec)
    if not path.exists():
        raise UserError(f"--camera {spec}: no such file (give a camera number such as 0, a video or a landmark file)")
    from psoas.pose.media import kind_of

    kind = kind_of(path)
    if kind == "landmarks":
        from psoas.pose.readers import read_landmarks

        return ReplayFrames(read_landmarks(path))
    if kind == "image":
        raise UserError(f"--camera {path.name}: a photo cannot drive a session; give a video or a landmark file")
    if kind == "unknown-text":
        raise UserError(f"--camera {path.name}: neither a video nor a landmark file")
    from psoas.pose.media import VideoSource
    from psoas.pose.mediapipe_adapter import PoseEstimator

    video = VideoSource(path)
    estimator = PoseEstimator(mode="video")

    def close() -> None:
        video.close()
        estimator.close()

    return EstimatedFrames(video, estimator, close)


def _open_webcam(index: int, clock: Callable[[], float]) -> FrameSource:
    import os

    os.environ.setdefault("OPENCV_LOG_LEVEL", "ERROR")  # OpenCV's own complaints stay off the screen
    os.environ.setdefault("OPENCV_VIDEOIO_PRIORITY_OBSENSOR", "0")
    import cv2

    capture = cv2.VideoCapture(index)
    if not capture.isOpened():
        capture.release()
        raise CameraUnavailable(f"no camera found at {index}")
    capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # the newest picture, not a queue of old ones
    ok, _ = capture.read()
    if not ok:
        capture.release()
        raise CameraUnavailable(f"camera {index} opened but gives no pictures")
    from psoas.pose.mediapipe_adapter import PoseEstimator

    estimator = PoseEstimator(mode="live")

    def close() -> None:
        capture.release()
        estimator.close()

    source = EstimatedFrames(_webcam_images(capture, clock, index), estimator, close)
    return source
