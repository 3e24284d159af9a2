"""Videos built from real pictures of one person (../shared/data), as anyone would make a test
clip: the start position, then the top position held, then back, several times, with hard cuts
or short cross-fades, and a long rest at the end. Used by tests/pose/test_photo_video_holds.py
and benchmarks/photo_videos.py.

A picture is named "images/<file>[:<part>]" (a two-phase picture split as labels.csv's layout
says: stacked_2 into top and bottom halves, side_by_side_2 into left and right) or
"videos/<file>#<frame>" (one frame of a clip). PAIRS holds, per exercise, the pairs of one person
in ../shared at rest and at the top; cobra has no prone photo there, so its pair is the first and
last frame of the cobra rise GIF, whose frames between are a real move (RISES).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

# (rest, top) of one person, checked by eye against labels.csv's notes
PAIRS: dict[str, dict[str, tuple[str, str]]] = {
    "glute_bridge": {
        "photo": ("images/glute_bridge/fedb_pelvic_tilt_into_bridge_0.jpg",
                  "images/glute_bridge/fedb_pelvic_tilt_into_bridge_1.jpg"),
        "drawing stacked": ("images/glute_bridge/physio_hip_bridge.png:top",
                            "images/glute_bridge/physio_hip_bridge.png:bottom"),
        "drawing side by side": ("images/glute_bridge/posture_glute_bridge.png:left",
                                 "images/glute_bridge/posture_glute_bridge.png:right"),
    },
    "kneeling_hip_stretch": {
        # both panels half-kneeling, back knee down; the right one pressed forward
        "drawing side by side": ("images/kneeling_hip_stretch/posture_hip_flexor_stretch.png:left",
                                 "images/kneeling_hip_stretch/posture_hip_flexor_stretch.png:right"),
    },
    "cobra": {
        "gif frames": ("videos/amhuang_static_img_GIFs_7-cobra.gif#0",
                       "videos/amhuang_static_img_GIFs_7-cobra.gif#19"),
    },
}  # fmt: skip
# A real movement between a pair: the clip's frames from rest to top (reversed for the way down).
RISES = {"videos/amhuang_static_img_GIFs_7-cobra.gif": (0, 19)}


def _layouts(data: Path) -> dict[str, str]:
    with (data / "images" / "labels.csv").open(encoding="utf-8") as f:
        return {row["file"]: row["layout"] for row in csv.DictReader(f)}


def _video_frames(path: Path) -> list:
    import cv2

    capture = cv2.VideoCapture(str(path))
    frames = []
    while True:
        ok, image = capture.read()
        if not ok:
            break
        frames.append(image)
    capture.release()
    assert frames, path
    return frames


def picture(data: Path, name: str):
    """The image (BGR array) a picture name stands for, under ../shared/data."""
    import cv2

    if name.startswith("videos/"):
        file, _, index = name.partition("#")
        return _video_frames(data / file)[int(index)]
    file, _, part = name.removeprefix("images/").partition(":")
    image = cv2.imread(str(data / "images" / file))
    assert image is not None, name
    layout = _layouts(data)[file]
    h, w = image.shape[:2]
    halves = {
        "stacked_2": {"top": image[: h // 2], "bottom": image[h // 2 :]},
        "side_by_side_2": {"left": image[:, : w // 2], "right": image[:, w // 2 :]},
    }
    if layout == "single":
        assert not part, name
        return image
    return halves[layout][part]


def rise(data: Path, rest: str, top: str) -> list | None:
    """The real frames between a pair (rest excluded, top excluded), when the pair is a clip's."""
    file = rest.partition("#")[0]
    if file not in RISES or not top.startswith(file):
        return None
    first, last = RISES[file]
    return _video_frames(data / file)[first + 1 : last]


@dataclass
class Clip:
    path: Path
    fps: int
    holds: list[tuple[float, float]] = field(default_factory=list)  # top picture shown in full
    duration_s: float = 0.0

    @property
    def frame_s(self) -> float:
        return 1.0 / self.fps


def build_clip(
    data: Path,
    path: Path,
    pair: tuple[str, str],
    *,
    size: tuple[int, int] = (640, 480),
    fps: int = 30,
    lead_s: float = 3.0,
    holds_s: Sequence[float] = (5.0, 5.0),
    rests_s: Sequence[float] = (3.0,),
    tail_s: float = 17.0,
    fade_s: float = 0.0,
    real_move: bool = False,
) -> Clip:
    """An mp4: the rest picture `lead_s`, then for each hold the top picture `holds_s[i]` and the
    rest picture again (`rests_s[i]`, `tail_s` after the last). At each change a hard cut, or
    `fade_s` > 0 a cross-fade that long, or with `real_move` the pair's own frames between (a
    clip's real rise, reversed on the way down; `fade_s` is then the time they take). Pictures
    keep their shape, letterboxed in black. The clip's `holds` are the true spans of the top
    picture (frame times from 0 at 1/fps)."""
    import cv2
    import numpy as np

    assert len(rests_s) == len(holds_s) - 1
    width, height = size

    def framed(image) -> np.ndarray:
        scale = min(width / image.shape[1], height / image.shape[0])
        small = cv2.resize(image, (int(image.shape[1] * scale), int(image.shape[0] * scale)),
                           interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)  # fmt: skip
        canvas = np.zeros((height, width, 3), dtype=np.uint8)
        y, x = (height - small.shape[0]) // 2, (width - small.shape[1]) // 2
        canvas[y : y + small.shape[0], x : x + small.shape[1]] = small
        return canvas

    rest, top = framed(picture(data, pair[0])), framed(picture(data, pair[1]))
    between = [framed(image) for image in (rise(data, *pair) or [])] if real_move else []
    if real_move:
        assert between, f"{pair} has no real move between"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (width, height))
    clip = Clip(path, fps)
    n = 0

    def show(image: np.ndarray, seconds: float) -> None:
        nonlocal n
        for _ in range(round(seconds * fps)):
            writer.write(image)
            n += 1

    def change(a: np.ndarray, b: np.ndarray, going_up: bool) -> None:
        nonlocal n
        steps = round(fade_s * fps)
        for i in range(1, steps + 1):
            if between:
                k = (i - 1) * len(between) // steps
                writer.write(between[k] if going_up else between[len(between) - 1 - k])
            else:
                writer.write(cv2.addWeighted(a, 1 - i / (steps + 1), b, i / (steps + 1), 0))
            n += 1

    show(rest, lead_s)
    for i, hold in enumerate(holds_s):
        change(rest, top, True)
        first = n
        show(top, hold)
        clip.holds.append((first / fps, (n - 1) / fps))
        change(top, rest, False)
        show(rest, rests_s[i] if i < len(rests_s) else tail_s)
    writer.release()
    clip.duration_s = n / fps
    return clip


def hold_frames(frames: Sequence[dict], start_s: float, end_s: float) -> list[float]:
    """Times of the frames marked `hold` within a rep (frames_detail of `psoas analyze --json`)."""
    return [f["t"] for f in frames if f["phase"] == "hold" and start_s - 1e-6 <= f["t"] <= end_s + 1e-6]


def frames_span(times: Sequence[float]) -> float:
    return times[-1] - times[0] if times else 0.0
