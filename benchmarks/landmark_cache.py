"""Caches MediaPipe landmarks of ../shared/data photos and videos under tmp/landmarks/ (gitignored),
so recognition can be measured again without rerunning the estimator.

    python benchmarks/landmark_cache.py      # fills the cache (only what is missing)

Photos: one entry per picture part (a two-phase picture is split as labels.csv says).
Videos: every frame, estimated in video (tracking) mode, with its timestamp and world landmarks.
"""

from __future__ import annotations

import csv
import re
import sys

import numpy as np
from dev_data import REPO, SHARED, photo_rows

sys.path.insert(0, str(REPO / "src"))

from psoas.pose.frame import PoseFrame  # noqa: E402


def estimator_key() -> str:
    """Names the estimator that made the landmarks (package version and model), so a new
    estimator fills a cache of its own instead of reading the old one's landmarks."""
    try:
        from importlib.metadata import version

        mp = version("mediapipe")
    except Exception:  # noqa: BLE001 - no mediapipe: only an existing cache can be read
        mp = "none"
    from psoas.pose import mediapipe_adapter

    model = getattr(mediapipe_adapter, "DEFAULT_MODEL", None) or getattr(mediapipe_adapter, "MODEL", None) or "full"
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", f"mediapipe-{mp}-{model}")


CACHE = REPO / "tmp" / "landmarks" / estimator_key()
# Part of the name of every cache made with psoas.pose.still.estimate_still's second passes;
# change it when those passes change, so the caches are made again (v2: the negative picture).
RETRY_VERSION = "_v2"


def picture_parts(image, layout: str):
    h, w = image.shape[:2]
    return {
        "single": [("single", image)],
        "stacked_2": [("top", image[: h // 2]), ("bottom", image[h // 2 :])],
        "side_by_side_2": [("left", image[:, : w // 2]), ("right", image[:, w // 2 :])],
    }[layout]


PACK = 133  # 33 x (x, y, z, visibility), then the aspect
PACK_WORLD = PACK + 99  # the same, then 33 x (x, y, z) world landmarks in metres (NaN: none given)


def _pack(frame: PoseFrame, world: bool = False) -> np.ndarray:
    out = np.full(PACK_WORLD if world else PACK, np.nan)
    out[132] = frame.aspect
    if frame.present:
        out[:132] = frame.to_flat()
        if world and frame.world is not None:
            out[PACK:] = frame.world.reshape(-1)
    return out


def _unpack(row: np.ndarray, t: float = 0.0) -> PoseFrame:
    """A frame from a packed row of either length (world landmarks only in the longer one)."""
    if np.isnan(row[0]):
        return PoseFrame.empty(t, float(row[132]))
    frame = PoseFrame.from_flat(t, row[:132], float(row[132]))
    if row.size == PACK_WORLD and not np.isnan(row[PACK]):
        frame = PoseFrame(t, frame.xyz, frame.visibility, frame.aspect, row[PACK:].reshape(33, 3))
    return frame


def photo_frames(
    retry: bool = False, mirror: bool = False, model: str | None = None, world: bool = False
) -> dict[str, PoseFrame]:
    """{"file:part": frame} from the cache, filling it first if needed. `retry`: with the second
    pass on a bordered picture where nobody was found (psoas.pose.still), as `psoas analyze` does.
    `mirror`: estimated on the picture mirrored left to right (with the retry), landmarks mapped
    back to the picture as it is (psoas.pose.still.unmirror). `model`: another pose model than
    the default (with the retry), e.g. the other models of psoas.pose.still.look_again.
    `world`: the frames carry MediaPipe's world landmarks too (a cache file of its own,
    "<name>_world.npz", rows of PACK_WORLD numbers; None where the estimator gave none, as after
    the bordered second pass, psoas.pose.still.unborder)."""
    name = "images_mirror" if mirror else "images_retry" if retry else "images"
    if model is not None:
        name, retry = f"images_{model}_retry", True
    if retry or mirror:
        name += RETRY_VERSION
    path = CACHE / (f"{name}_world.npz" if world else f"{name}.npz")
    rows = photo_rows()
    if not path.is_file():
        import cv2

        from psoas.pose.mediapipe_adapter import PoseEstimator
        from psoas.pose.still import estimate_still, unmirror

        data = {}
        with PoseEstimator(still=True, model=model) as estimate:
            for row in rows:
                image = cv2.imread(str(SHARED / "images" / row["file"]))
                for part, picture in picture_parts(image, row["layout"]):
                    if mirror:
                        frame = unmirror(estimate_still(estimate, picture[:, ::-1].copy()))
                    else:
                        frame = estimate_still(estimate, picture) if retry else estimate(picture, 0.0)
                    data[f"{row['file']}:{part}"] = _pack(frame, world)
        CACHE.mkdir(parents=True, exist_ok=True)
        np.savez(path, **data)
    loaded = np.load(path)
    return {key: _unpack(loaded[key]) for key in loaded.files}


def video_rows() -> list[dict]:
    path = SHARED / "videos" / "labels.csv"
    return list(csv.DictReader(path.open(encoding="utf-8"))) if path.is_file() else []


def video_frames(name: str) -> list[PoseFrame]:
    """Every frame of a clip with its world landmarks, as `psoas analyze` reads it."""
    path = CACHE / f"video_{name}_world.npy"
    if not path.is_file():
        from psoas.pose.media import VideoSource
        from psoas.pose.mediapipe_adapter import PoseEstimator

        source = VideoSource(SHARED / "videos" / name)
        rows = []
        with PoseEstimator(still=False) as estimate:
            for t, image in source:
                rows.append(np.concatenate([[t], _pack(estimate(image, t), world=True)]))
        source.close()
        CACHE.mkdir(parents=True, exist_ok=True)
        np.save(path, np.array(rows))
    return [_unpack(row[1:], float(row[0])) for row in np.load(path)]


if __name__ == "__main__":
    print(f"cache: {CACHE}")
    print(f"{len(photo_frames())} picture parts cached")
    print(f"{len(photo_frames(retry=True))} picture parts cached with the second pass")
    print(f"{len(photo_frames(mirror=True))} picture parts cached mirrored")
    print(f"{len(photo_frames(retry=True, world=True))} picture parts cached with world landmarks (second pass)")
    for model in ("heavy",):  # psoas.pose.still.LOOK_AGAIN_MODELS
        print(f"{len(photo_frames(model=model))} picture parts cached with the {model} model")
    for row in video_rows():
        print(f"{row['file']}: {len(video_frames(row['file']))} frames cached")
