"""Runs the analysis on a path: picks the source (photo, video, landmark file), feeds the
engine frame by frame, and optionally writes an annotated copy. Used by `psoas analyze`."""

from __future__ import annotations

import math
import os
from pathlib import Path

from psoas.errors import UserError
from psoas.pose.engine import Analyzer
from psoas.pose.media import kind_of
from psoas.pose.result import Analysis

VIDEO_CODECS = {".mp4": "mp4v", ".m4v": "mp4v", ".mov": "mp4v", ".avi": "MJPG", ".mkv": "MJPG"}
IMAGE_OUT = {".jpg", ".jpeg", ".png", ".webp", ".bmp"}


def _listed(suffixes: list[str]) -> str:
    return ", ".join(suffixes[:-1]) + " or " + suffixes[-1]


def _check_out(out: Path | None, kind: str, source: Path) -> None:
    if out is None:
        return
    if out.exists() and os.path.samefile(out, source):  # also through ./, links and hard links
        raise UserError(f"--annotate {out.name}: that is the input file; give the annotated copy another name")
    if out.is_dir():
        raise UserError(f"--annotate {out}: is a folder; give a file name in it, e.g. {out / 'annotated.mp4'}")
    suffix = out.suffix.lower()
    if kind == "image" and suffix not in IMAGE_OUT:
        raise UserError(
            f"--annotate {out.name}: for a photo, give an image name ending in {_listed(sorted(IMAGE_OUT))}"
        )
    if kind != "image" and suffix not in VIDEO_CODECS:
        raise UserError(f"--annotate {out.name}: give a video name ending in {_listed(sorted(VIDEO_CODECS))}")
    if not out.parent.exists():
        raise UserError(f"--annotate {out}: folder {out.parent} does not exist")


MODELS = ("lite", "full", "heavy")  # as psoas.pose.mediapipe_adapter.MODELS (not imported: it is heavy)


def analyze_path(
    path: Path,
    fps: float = 30.0,
    annotate: Path | None = None,
    model: str | None = None,
    keep_frames: bool = True,
) -> tuple[str, Analysis]:
    """(kind, analysis) of a photo, video or landmark file. `model` (lite, full, heavy) is the
    pose model for photos and videos; None takes the measured default for the kind.
    `keep_frames=False` keeps no per-frame result (memory stays flat on an hour of video); a
    photo's one frame is always kept."""
    if model is not None and model not in MODELS:
        raise UserError(f"--model {model}: choose one of {', '.join(MODELS)}")
    kind = kind_of(path)
    if kind == "unknown-text":
        raise UserError(f"{path.name}: neither media nor a landmark file (CSV of 132 numbers a row, or JSON Lines)")
    if kind == "landmarks" and not (fps > 0 and math.isfinite(fps)):  # photos and videos have their own timing
        raise UserError(f"--fps must be a positive number of frames per second, got {fps}")
    _check_out(annotate, kind, path)
    if annotate is None:
        return kind, _analyze(kind, path, fps, None, model, keep_frames)
    # Written beside the target under a temporary name and moved into place only when the whole
    # input went through: a failed run leaves no half-written copy (and an existing file intact).
    partial = annotate.with_name(f".{annotate.stem}.partial{annotate.suffix}")
    try:
        analysis = _analyze(kind, path, fps, partial, model, keep_frames)
        try:
            os.replace(partial, annotate)
        except OSError as error:
            raise UserError(f"--annotate {annotate}: cannot write there ({error.strerror or error})") from None
    finally:
        partial.unlink(missing_ok=True)
    return kind, analysis


def _analyze(
    kind: str, path: Path, fps: float, annotate: Path | None, model: str | None, keep_frames: bool = True
) -> Analysis:
    if kind == "landmarks":
        return _landmarks(path, fps, annotate, keep_frames)
    if kind == "image":
        return _image(path, annotate, model)
    return _video(path, annotate, model, keep_frames)


def _landmarks(path: Path, fps: float, annotate: Path | None, keep_frames: bool = True) -> Analysis:
    from psoas.pose.readers import read_landmarks

    analyzer = Analyzer(keep_frames=keep_frames)
    writer = None
    shown = None  # (frame, result) on screen until the next frame's time
    video_t = 0.0  # time of the next video frame, from the first landmark frame
    t0 = None
    try:
        for frame in read_landmarks(path, fps=fps):
            result = analyzer.update(frame)
            if annotate is None:
                continue
            writer = writer or _Writer(annotate, ANNOTATED_FPS, 640, 480)
            t0 = frame.t if t0 is None else t0
            # The video keeps the file's own timeline (its t column, gaps included) at a fixed
            # frame rate: each landmark frame stays on screen until the next one's time.
            while shown is not None and video_t < frame.t - t0:
                writer.write(*shown, _blank())
                video_t += 1.0 / ANNOTATED_FPS
            shown = (frame, result)
        if writer is not None and shown is not None:
            writer.write(*shown, _blank())
    finally:
        if writer is not None:
            writer.close()
    return analyzer.finish()


ANNOTATED_FPS = 30.0  # frame rate of a video drawn from a landmark file


def _blank():
    import numpy as np

    return np.zeros((480, 640, 3), dtype=np.uint8)


def names_exercise(frame) -> bool:
    """Whether the rules name an exercise in a photo's frame."""
    return Analyzer(still=True).update(frame).exercise is not None


def _estimate_photo(image, model: str | None):
    from psoas.pose.mediapipe_adapter import PoseEstimator
    from psoas.pose.still import estimate_still

    with PoseEstimator(mode="image", model=model) as estimate:
        return estimate_still(estimate, image)  # second passes (a border, the negative) when nobody is found


def _image(path: Path, annotate: Path | None, model: str | None) -> Analysis:
    from functools import partial

    from psoas.pose.media import read_image
    from psoas.pose.still import LOOK_AGAIN_MODELS, look_again

    image = read_image(path)
    frame = _estimate_photo(image, model)
    if model is None:  # the default model: the other models look again where no exercise is seen
        frame = look_again(frame, names_exercise, [partial(_estimate_photo, image, m) for m in LOOK_AGAIN_MODELS])
    analyzer = Analyzer(still=True)
    result = analyzer.update(frame)
    if annotate is not None:
        import cv2

        from psoas.library import fault_messages
        from psoas.pose.annotate import Annotator

        picture = Annotator(fault_messages(), still=True).draw(image, frame, result)
        if not cv2.imwrite(str(annotate), picture):
            raise UserError(f"--annotate {annotate}: could not write the picture there")
    return analyzer.finish()


def _video(path: Path, annotate: Path | None, model: str | None, keep_frames: bool = True) -> Analysis:
    from psoas.pose.media import VideoSource, prefetched
    from psoas.pose.mediapipe_adapter import PoseEstimator

    source = VideoSource(path)
    frames = prefetched(source)  # decoding the next frame overlaps the pose estimation
    analyzer = Analyzer(keep_frames=keep_frames)
    writer = None
    try:
        with PoseEstimator(mode="video", model=model) as estimate:
            for t, image in frames:
                frame = estimate(image, t)
                result = analyzer.update(frame)
                if annotate is not None:
                    h, w = image.shape[:2]
                    writer = writer or _Writer(annotate, source.fps, w, h)
                    writer.write(frame, result, image)
    finally:
        frames.close()  # stops the decoding thread before the video is released
        source.close()
        if writer is not None:
            writer.close()
    return analyzer.finish()


class _Writer:
    def __init__(self, out: Path, fps: float, width: int, height: int) -> None:
        import cv2

        from psoas.library import fault_messages
        from psoas.pose.annotate import Annotator

        self.annotator = Annotator(fault_messages())
        fourcc = cv2.VideoWriter_fourcc(*VIDEO_CODECS[out.suffix.lower()])
        self.video = cv2.VideoWriter(str(out), fourcc, fps, (width, height))
        if not self.video.isOpened():
            raise UserError(f"--annotate {out}: could not open a video writer there")

    def write(self, frame, result, image) -> None:
        self.video.write(self.annotator.draw(image, frame, result))

    def close(self) -> None:
        self.video.release()
