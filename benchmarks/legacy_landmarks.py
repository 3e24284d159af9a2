"""Legacy MediaPipe (0.10.21 `solutions.pose`, Full) against psoas's estimator (Tasks PoseLandmarker
on the bundled models) on the photos of ../shared/data/images.

    python benchmarks/legacy_landmarks.py [--legacy-python PATH]

The legacy estimator runs in a separate environment with mediapipe 0.10.21 (Python 3.11 or 3.12;
tools/build_pose_models.py says how to make it): PATH is its python, default $PSOAS_LEGACY_PYTHON.
Without it the comparison is skipped with a message. This process runs psoas's own estimator
(whatever Python it is: run it with .venv-3.13/bin/python for the 3.13 figures).

Prints, on whole photos as `psoas analyze` reads them:
- person found by each;
- landmark difference where both found a person: distance in the image plane (x, y normalised to
  the picture), median and 95th percentile over all 33 landmarks, and over landmarks both call
  visible (visibility >= 0.5);
- the exercise `psoas analyze` names (same engine on each estimator's landmarks) against the label:
  same name as legacy, new right where legacy was wrong, new wrong where legacy was right.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from dev_data import EXERCISES, REPO, SHARED, photo_rows


def dump_legacy(out: Path) -> None:
    """Runs in the legacy environment: {file: {"landmarks": [[x, y, z, v] x 33] | None, "aspect": w/h}}."""
    import cv2
    import mediapipe as mp

    result = {}
    with mp.solutions.pose.Pose(static_image_mode=True, model_complexity=1, min_detection_confidence=0.5) as pose:
        for row in photo_rows():
            image = cv2.imread(str(SHARED / "images" / row["file"]))
            h, w = image.shape[:2]
            found = pose.process(cv2.cvtColor(image, cv2.COLOR_BGR2RGB)).pose_landmarks
            points = None if found is None else [[p.x, p.y, p.z, p.visibility] for p in found.landmark]
            result[row["file"]] = {"landmarks": points, "aspect": w / h}
    out.write_text(json.dumps({"mediapipe": mp.__version__, "photos": result}))


def legacy_frames(python: str) -> tuple[str, dict]:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "legacy.json"
        subprocess.run([python, __file__, "--dump", str(out)], check=True, stderr=subprocess.DEVNULL)
        data = json.loads(out.read_text())
    return data["mediapipe"], data["photos"]


def named(frame) -> str | None:
    """The exercise `psoas analyze` names for a photo with this frame (psoas.pose.run._image's steps)."""
    from psoas.pose.engine import Analyzer

    analyzer = Analyzer(still=True)
    analyzer.update(frame)
    segments = analyzer.finish().segments
    return segments[0].exercise if segments else None


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def compare(python: str) -> None:
    sys.path.insert(0, str(REPO / "src"))
    import cv2
    import numpy as np

    from psoas.pose.frame import PoseFrame
    from psoas.pose.mediapipe_adapter import DEFAULT_MODELS, PoseEstimator

    version, legacy = legacy_frames(python)
    rows = photo_rows()
    models = ["full"] + ([DEFAULT_MODELS["image"]] if DEFAULT_MODELS["image"] != "full" else [])
    print(f"legacy: mediapipe {version} solutions.pose Full; new: Tasks PoseLandmarker {', '.join(models)}, "
          f"Python {sys.version.split()[0]}; {len(rows)} photos")  # fmt: skip
    old = {}
    for row in rows:
        entry = legacy[row["file"]]
        old[row["file"]] = (
            PoseFrame.from_flat(0.0, np.array(entry["landmarks"]).reshape(-1), entry["aspect"])
            if entry["landmarks"] is not None
            else PoseFrame.empty(0.0, entry["aspect"])
        )
    truth = {row["file"]: (row["label"] if row["label"] in EXERCISES else None) for row in rows}
    old_names = {f: named(frame) for f, frame in old.items()}
    print(f"{'':28s} person found   exercise named right")
    print(f"{'legacy 0.10.21 Full':28s} {_count(sum(f.present for f in old.values()), len(rows)):14s} "
          f"{_count(sum(old_names[f] == truth[f] for f in old), len(rows))}")  # fmt: skip
    for model in models:
        new = {}
        with PoseEstimator(mode="image", model=model) as estimate:
            for row in rows:
                new[row["file"]] = estimate(cv2.imread(str(SHARED / "images" / row["file"])), 0.0)
        names = {f: named(frame) for f, frame in new.items()}
        print(f"{'new ' + model:28s} {_count(sum(f.present for f in new.values()), len(rows)):14s} "
              f"{_count(sum(names[f] == truth[f] for f in new), len(rows))}")  # fmt: skip
        both = [f for f in new if new[f].present and old[f].present]
        dist, dist_visible = [], []
        for f in both:
            d = np.linalg.norm(new[f].xyz[:, :2] - old[f].xyz[:, :2], axis=1)
            dist.extend(d.tolist())
            seen = (new[f].visibility >= 0.5) & (old[f].visibility >= 0.5)
            dist_visible.extend(d[seen].tolist())
        only_new = sum(new[f].present and not old[f].present for f in new)
        only_old = sum(old[f].present and not new[f].present for f in new)
        print(f"   landmarks ({len(both)} photos with a person in both; found only by new {only_new}, only by"
              f" legacy {only_old})")  # fmt: skip
        print(f"   difference, all landmarks      median {np.median(dist):.4f}  p95 {_percentile(dist, 0.95):.4f}"
              f"  (normalised image units)")  # fmt: skip
        print(f"   difference, visible in both    median {np.median(dist_visible):.4f}  "
              f"p95 {_percentile(dist_visible, 0.95):.4f}")  # fmt: skip
        same = sum(names[f] == old_names[f] for f in rows_files(rows))
        better = sum(names[f] != old_names[f] and names[f] == truth[f] for f in rows_files(rows))
        worse = sum(names[f] != old_names[f] and old_names[f] == truth[f] for f in rows_files(rows))
        other = len(rows) - same - better - worse
        print(f"   psoas analyze names: same as legacy {same}, better (new right, legacy wrong) {better}, "
              f"worse (legacy right, new wrong) {worse}, both wrong differently {other}")  # fmt: skip
        for f in rows_files(rows):
            if names[f] != old_names[f]:
                print(f"      {f}: label {truth[f]}, legacy {old_names[f]}, new {names[f]}")


def rows_files(rows: list[dict]) -> list[str]:
    return [row["file"] for row in rows]


def _count(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.0f}%)" if b else "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--legacy-python", default=os.environ.get("PSOAS_LEGACY_PYTHON"))
    parser.add_argument("--dump", type=Path, help=argparse.SUPPRESS)  # run inside the legacy environment
    args = parser.parse_args()
    if args.dump:
        dump_legacy(args.dump)
        return 0
    if not photo_rows():
        print("skipped: ../shared/data/images not found")
        return 0
    python = args.legacy_python
    check = "import mediapipe as mp, sys; sys.exit(mp.__version__ != '0.10.21')"
    try:
        usable = bool(python) and subprocess.run([python, "-c", check], capture_output=True).returncode == 0
    except OSError:
        usable = False
    if not usable:
        print(
            "skipped: mediapipe 0.10.21 is not available (give its environment's python with --legacy-python "
            "or PSOAS_LEGACY_PYTHON; tools/build_pose_models.py says how to make one on Python 3.11 or 3.12)"
        )
        return 0
    compare(python)
    return 0


if __name__ == "__main__":
    sys.exit(main())
