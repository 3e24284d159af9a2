"""What kind of input a path is, and OpenCV readers for photos and videos (cv2 imported lazily)."""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Generator, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from psoas.errors import UserError
from psoas.pose.readers import LANDMARK_SUFFIXES, decodes_as_text, head_bytes

T = TypeVar("T")

VIDEO_SUFFIXES = {".mp4", ".mov", ".avi", ".webm", ".mkv", ".m4v", ".mpg", ".mpeg", ".wmv"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff"}
# A video whose container gives a frame count is truncated when more frames than these are missing
# (some containers' counts are estimated from duration x fps, off by a frame or so).
MISSING_FRAMES_OK = 2
MISSING_SHARE_OK = 0.05
# Containers that store every frame in an index give an exact count; the others (webm, mkv,
# mpeg...) only an estimate from duration x frame rate, which a variable frame rate (phones)
# throws off: for those only a video that stops before half its estimated length is refused.
EXACT_COUNT_SUFFIXES = {".mp4", ".mov", ".m4v", ".avi"}
MISSING_SHARE_OK_ESTIMATED = 0.5


def kind_of(path: Path) -> str:
    """'image', 'video' or 'landmarks' (by name first, then by content); UserError if none."""
    if not path.exists():
        raise UserError(f"{path}: no such file; check the path")
    if path.is_dir():
        raise UserError(f"{path}: is a folder; give a photo, a video or a landmark file")
    suffix = path.suffix.lower()
    if suffix in LANDMARK_SUFFIXES:
        return "landmarks"
    if suffix in IMAGE_SUFFIXES:
        return "image"
    head = head_bytes(path)  # the first 4 KB only: a video may be gigabytes
    if head.strip() and decodes_as_text(head):
        first = head.decode("utf-8-sig", "replace").lstrip().splitlines()[0]
        return "landmarks" if first.startswith("{") or "," in first else "unknown-text"
    return "video"


def read_image(path: Path):
    import cv2
    import numpy as np

    data = np.fromfile(str(path), dtype=np.uint8)
    image = cv2.imdecode(data, cv2.IMREAD_COLOR) if data.size else None
    if image is None:
        raise UserError(f"{path.name}: not a readable image; give a jpg, png or webp photo")
    return image


class VideoSource:
    """Frames of a video with their real timestamps (CAP_PROP_POS_MSEC)."""

    def __init__(self, path: Path) -> None:
        os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")  # keep FFmpeg's own complaints off stderr
        os.environ.setdefault("OPENCV_LOG_LEVEL", "ERROR")
        import cv2

        self._cv2 = cv2
        self.path = path
        self.cap = cv2.VideoCapture(str(path))
        if not self.cap.isOpened():
            self.cap.release()
            what = "a video that cannot be read (truncated or an unsupported format?)"
            if path.suffix.lower() not in VIDEO_SUFFIXES:
                what = "neither a photo, a video OpenCV can read, nor a landmark file"
            raise UserError(f"{path.name}: {what}; check the file or convert it to mp4")
        self.fps = self.cap.get(cv2.CAP_PROP_FPS) or 30.0
        if not (0 < self.fps < 1000):
            self.fps = 30.0
        self.width = int(self.cap.get(cv2.CAP_PROP_FRAME_WIDTH))
        self.height = int(self.cap.get(cv2.CAP_PROP_FRAME_HEIGHT))
        self.expected = int(self.cap.get(cv2.CAP_PROP_FRAME_COUNT))

    def __iter__(self) -> Iterator[tuple[float, Any]]:
        cv2 = self._cv2
        index = 0
        last_t = -1.0
        while True:
            ok, image = self.cap.read()
            if not ok or image is None:
                break
            t = self.cap.get(cv2.CAP_PROP_POS_MSEC) / 1000.0
            if t <= last_t or (t == 0.0 and index > 0):
                t = max(last_t + 1.0 / self.fps, index / self.fps)  # container without usable times
            last_t = t
            index += 1
            yield t, image
        self.count = index
        if index == 0:
            raise UserError(f"{self.path.name}: the video has no readable frames (truncated or unsupported)")
        exact = self.path.suffix.lower() in EXACT_COUNT_SUFFIXES
        share = MISSING_SHARE_OK if exact else MISSING_SHARE_OK_ESTIMATED
        if self.expected > 0 and self.expected - index > max(MISSING_FRAMES_OK, share * self.expected):
            raise UserError(
                f"{self.path.name}: the video stops after {index} of {self.expected} frames (truncated?); re-export it"
            )

    def close(self) -> None:
        self.cap.release()


_DONE = object()


def prefetched(items: Iterable[T], depth: int = 2) -> Generator[T, None, None]:
    """The items of `items` in order, produced by a background thread up to `depth` ahead.

    Video decoding then overlaps pose inference (MediaPipe's native call releases the GIL), so
    `psoas analyze` is not slower than decoding and inference one after the other. An error of
    the producer is raised here, at its place in the sequence; closing this generator early stops
    the thread before returning (the video can then be released safely)."""
    slots: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                while not stop.is_set():
                    try:
                        slots.put((item, None), timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            outcome: tuple = (_DONE, None)
        except BaseException as error:  # noqa: BLE001 - raised again in the consumer
            outcome = (_DONE, error)
        while not stop.is_set():
            try:
                slots.put(outcome, timeout=0.1)
                return
            except queue.Full:
                continue

    worker = threading.Thread(target=produce, name="psoas-decode", daemon=True)
    worker.start()
    try:
        while True:
            item, error = slots.get()
            if item is _DONE:
                if error is not None:
                    raise error
                return
            yield item
    finally:
        stop.set()
        worker.join()
