"""Photo variations: does a judgement hold when the same picture is taken a little differently?

Pictures nobody here has seen differ from ../shared/data/images in ways a camera or a web page
adds: mirrored, the camera turned a little, fewer pixels, heavy JPEG compression, dim light, no
colour. Each picture part of ../shared/data/images is changed in each of these ways and judged
as `psoas analyze` judges a photo (psoas.pose.still: the second passes where nobody is found,
Heavy looking again where no exercise is named). Per variation it prints the issue's photo
figures and how many judgements differ from the picture as it is.

    python benchmarks/photo_variations.py [--no-heavy]   # about 10 minutes on 2 cores

Needs ../shared/data/images; runs MediaPipe (no cache).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from accuracy import _photo_table  # noqa: E402
from landmark_cache import SHARED, photo_rows, picture_parts  # noqa: E402

from psoas.pose.engine import Analyzer  # noqa: E402
from psoas.pose.mediapipe_adapter import PoseEstimator  # noqa: E402
from psoas.pose.run import names_exercise  # noqa: E402
from psoas.pose.still import LOOK_AGAIN_MODELS, estimate_still, look_again  # noqa: E402


def _turned(image: np.ndarray, degrees: float) -> np.ndarray:
    h, w = image.shape[:2]
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    return cv2.warpAffine(image, turn, (w, h), borderMode=cv2.BORDER_REPLICATE)


def _jpeg(image: np.ndarray, quality: int) -> np.ndarray:
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    return cv2.imdecode(data, cv2.IMREAD_COLOR) if ok else image


def _smaller(image: np.ndarray, longest: int) -> np.ndarray:
    h, w = image.shape[:2]
    factor = longest / max(h, w)
    if factor >= 1:
        return image
    return cv2.resize(image, (round(w * factor), round(h * factor)), interpolation=cv2.INTER_AREA)


VARIATIONS = {  # name -> the changed picture (the person facing the other way is "mirrored")
    "as it is": lambda im: im,
    "mirrored": lambda im: im[:, ::-1].copy(),
    "camera turned +8 deg": lambda im: _turned(im, 8),
    "camera turned -8 deg": lambda im: _turned(im, -8),
    "longest side 240 px": lambda im: _smaller(im, 240),
    "JPEG quality 20": lambda im: _jpeg(im, 20),
    "dim (half the light)": lambda im: (im.astype(np.float32) * 0.5).astype(np.uint8),
    "no colour": lambda im: cv2.cvtColor(cv2.cvtColor(im, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR),
}


def _clean(item: dict) -> bool:
    """A negative called a hold with no fault: the mistake the issue's target counts."""
    return item["label"] == "negative" and item["phase"] == "hold" and not item["faults"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-heavy", action="store_true", help="without Heavy's second look")
    args = parser.parse_args()
    rows = photo_rows()
    if not rows:
        print(f"no pictures: {SHARED / 'images'} is missing")
        return
    others = [] if args.no_heavy else list(LOOK_AGAIN_MODELS)
    estimators = {None: PoseEstimator(still=True), **{m: PoseEstimator(still=True, model=m) for m in others}}
    baseline: dict[str, tuple] = {}
    try:
        for name, change in VARIATIONS.items():
            started = time.perf_counter()
            items = []
            for row in rows:
                image = cv2.imread(str(SHARED / "images" / row["file"]))
                for part, picture in picture_parts(image, row["layout"]):
                    changed = change(picture)

                    def estimate(model, changed=changed):
                        return estimate_still(estimators[model], changed)

                    frame = look_again(estimate(None), names_exercise, [lambda m=m: estimate(m) for m in others])
                    r = Analyzer(still=True).update(frame)
                    items.append({"key": f"{row['file']}:{part}", "label": row["label"], "present": frame.present,
                                  "exercise": r.exercise, "phase": r.phase, "faults": list(r.faults)})  # fmt: skip
            print(f"== {name} ({time.perf_counter() - started:.0f} s)")
            _photo_table(items, indent="   ")
            judged = {i["key"]: i for i in items}
            if not baseline:
                baseline = judged
                continue
            differ = [k for k in judged if judged[k]["exercise"] != baseline[k]["exercise"]]
            print(f"   exercise named differs from the picture as it is  {len(differ)}/{len(judged)}")
            # also a negative named the same exercise as before that is now a clean hold
            became_clean = [k for k in judged if k not in differ and _clean(judged[k]) and not _clean(baseline[k])]
            for key in differ + became_clean:
                now, mark = judged[key], " CLEAN HOLD" if _clean(judged[key]) else ""
                print(f"      {key} ({now['label']}): {baseline[key]['exercise']} {baseline[key]['faults']} -> "
                      f"{now['exercise']} {now['phase']} {now['faults']}{mark}")  # fmt: skip
    finally:
        for estimator in estimators.values():
            estimator.close()


if __name__ == "__main__":
    main()
