"""The three bundled pose models (Lite, Full, Heavy) side by side, to choose the defaults.

    python benchmarks/models.py [--video-frames N]

On the photos of ../shared/data/images (a two-phase picture split as labels.csv says), for each
model in IMAGE mode: person found, the exercise recognised on exercise photos, negatives called an
exercise, and ms per photo. Then ms per frame in VIDEO mode on a 640x480 video made from a real
photo (shifted a little each frame), and on the clips of ../shared/data/videos when present.
All models run in the same process, interleaved per photo, so they see the same machine state.
Skipped with a message without ../shared.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
import time
from pathlib import Path

from dev_data import EXERCISES, REPO, SHARED, photo_rows

sys.path.insert(0, str(REPO / "src"))

from psoas.pose.mediapipe_adapter import DEFAULT_MODELS, MODELS, PoseEstimator  # noqa: E402


def parts(image, layout: str) -> list:
    h, w = image.shape[:2]
    if layout == "stacked_2":
        return [image[: h // 2], image[h // 2 :]]
    if layout == "side_by_side_2":
        return [image[:, : w // 2], image[:, w // 2 :]]
    return [image]


def photos() -> dict[str, dict]:
    import cv2

    from psoas.pose.engine import Analyzer

    pictures = []
    for row in photo_rows():
        image = cv2.imread(str(SHARED / "images" / row["file"]))
        pictures.extend((row["label"], part) for part in parts(image, row["layout"]))
    estimators = {model: PoseEstimator(mode="image", model=model) for model in MODELS}
    stats = {model: {"found": 0, "ok": 0, "pos": 0, "neg_named": 0, "neg": 0, "ms": []} for model in MODELS}
    try:
        for label, picture in pictures:
            for model, estimate in estimators.items():
                t0 = time.perf_counter()
                frame = estimate(picture, 0.0)
                stats[model]["ms"].append(1000 * (time.perf_counter() - t0))
                exercise = Analyzer(still=True).update(frame).exercise
                s = stats[model]
                s["found"] += frame.present
                if label in EXERCISES:
                    s["pos"] += 1
                    s["ok"] += exercise == label
                else:
                    s["neg"] += 1
                    s["neg_named"] += exercise is not None
    finally:
        for estimate in estimators.values():
            estimate.close()
    n = len(pictures)
    print(f"== photos: {n} picture parts of {len(photo_rows())} photos, IMAGE mode")
    print(f"{'model':6s} {'person found':>14s} {'exercise recognised':>20s} {'negatives named':>16s} {'ms/photo':>9s}")
    for model, s in stats.items():
        print(
            f"{model:6s} {_pct(s['found'], n):>14s} {_pct(s['ok'], s['pos']):>20s}"
            f" {_pct(s['neg_named'], s['neg']):>16s} {statistics.median(s['ms']):9.1f}"
        )
    return stats


def _pct(a: int, b: int) -> str:
    return f"{a}/{b} {100 * a / b:3.0f}%" if b else "-"


def make_video(path: Path, n: int) -> None:
    import cv2
    import numpy as np

    base = cv2.resize(cv2.imread(str(SHARED / "images" / "kneeling_hip_stretch" / "fedb_kneeling_hip_flexor_1.jpg")),
                      (640, 480))  # fmt: skip
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 30.0, (640, 480))
    for i in range(n):
        shift = np.float32([[1, 0, 3 * np.sin(i / 5)], [0, 1, 2 * np.cos(i / 7)]])
        writer.write(cv2.warpAffine(base, shift, (640, 480), borderMode=cv2.BORDER_REPLICATE))
    writer.release()


def video_ms(path: Path) -> dict[str, tuple[float, float, int]]:
    """{model: (ms per frame, share of frames with a person, frames)} in VIDEO mode."""
    from psoas.pose.media import VideoSource

    source = VideoSource(path)
    frames = list(source)
    source.close()
    out = {}
    for model in MODELS:
        with PoseEstimator(mode="video", model=model) as estimate:
            estimate(frames[0][1], frames[0][0])  # warm up outside the timing
            t0 = time.perf_counter()
            found = sum(estimate(image, t + 1.0).present for t, image in frames)
            out[model] = (1000 * (time.perf_counter() - t0) / len(frames), found / len(frames), len(frames))
    return out


def videos(n: int) -> None:
    print(f"== video: VIDEO mode, ms per frame (decoding not included), {n} frames 640x480 from a photo")
    clips = [("made from a photo", None)]
    labels = SHARED / "videos" / "labels.csv"
    if labels.is_file():
        clips += [(row["file"], SHARED / "videos" / row["file"]) for row in csv.DictReader(labels.open())]
    with tempfile.TemporaryDirectory() as folder:
        for name, path in clips:
            if path is None:
                path = Path(folder) / "bench.mp4"
                make_video(path, n)
            figures = video_ms(path)
            cells = "  ".join(f"{m} {ms:6.1f} ms ({100 * share:3.0f}% person)" for m, (ms, share, _) in figures.items())
            print(f"{name[:40]:40s} {cells}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--video-frames", type=int, default=90)
    args = parser.parse_args()
    if not photo_rows():
        print("skipped: ../shared/data/images not found")
        return
    print(f"defaults now: {DEFAULT_MODELS}")
    photos()
    videos(args.video_frames)


if __name__ == "__main__":
    main()
