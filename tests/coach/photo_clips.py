"""Videos built from a pair of photos of one person, as anyone would make a test clip: the start
position, then the held position, five times, at an ordinary webcam's rate and size.

The pair: free-exercise-db's Pelvic Tilt Into Bridge in ../shared (start and end frame of one
person): lying on the back with the knees bent, and at the top of the bridge. The other bridge
pairs there show no lying start (Butt Lift Bridge's first photo has the hips half up) or hide
the hips (a barbell across them), see /work/notes/STATUS.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

BRIDGE_PAIR = tuple(f"glute_bridge/fedb_pelvic_tilt_into_bridge_{n}.jpg" for n in (0, 1))


def photo_clip(
    shared: Path,
    path: Path,
    *,
    pair: Sequence[str] = BRIDGE_PAIR,
    size: tuple[int, int] = (640, 480),
    fps: int = 30,
    lead_s: float = 2.0,
    hold_s: float = 4.0,
    rests_s: Sequence[float] = (3.0, 2.5, 3.5, 2.0),
    tail_s: float = 2.0,
    fade_s: float = 0.0,
) -> Path:
    """An mp4: the first photo `lead_s`, then for each of len(rests_s) + 1 reps the second photo
    `hold_s` and the first again (`rests_s`, then `tail_s` after the last). `fade_s` > 0 blends
    the two over that long at each change (a smooth move) instead of a hard cut. The photos keep
    their shape: letterboxed in black, not stretched."""
    import cv2
    import numpy as np

    width, height = size

    def framed(name: str) -> np.ndarray:
        image = cv2.imread(str(shared / "data" / "images" / name))
        assert image is not None, name
        scale = min(width / image.shape[1], height / image.shape[0])
        small = cv2.resize(image, (int(image.shape[1] * scale), int(image.shape[0] * scale)))
        canvas = np.zeros((height, width, 3), dtype=np.uint8)
        y, x = (height - small.shape[0]) // 2, (width - small.shape[1]) // 2
        canvas[y : y + small.shape[0], x : x + small.shape[1]] = small
        return canvas

    start, held = framed(pair[0]), framed(pair[1])
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (width, height))

    def still(image: np.ndarray, seconds: float) -> None:
        for _ in range(round(seconds * fps)):
            writer.write(image)

    def fade(a: np.ndarray, b: np.ndarray) -> None:
        n = round(fade_s * fps)
        for i in range(1, n + 1):
            writer.write(cv2.addWeighted(a, 1 - i / (n + 1), b, i / (n + 1), 0))

    still(start, lead_s)
    for rest in (*rests_s, tail_s):
        fade(start, held)
        still(held, hold_s)
        fade(held, start)
        still(start, rest)
    writer.release()
    return path
