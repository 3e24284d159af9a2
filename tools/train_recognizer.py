"""Trains the learned second opinion on which exercise a pose is (psoas.pose.classifier).

    python tools/train_recognizer.py [--manifest tools/recognizer_manifest.toml] [--out PATH]

Reads the data the manifest lists (the synthetic generator, and ../shared/data's photo
landmarks from benchmarks/landmark_cache.py and its landmark files when present), trains a
one-hidden-layer network with numpy alone and writes its weights as JSON (default:
src/psoas/pose/classifier_weights.json). It prints how many samples each source gave, never a
figure measured on its own training data: benchmarks/accuracy.py measures the network
leave-one-source-out (trained without a source, tested on it).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tomllib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO / ".." / "shared" / "data"
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from psoas.pose.classifier import CLASSES, WEIGHTS_FILE, Network, measure_names, vector, world_geometry  # noqa: E402
from psoas.pose.features import compute  # noqa: E402
from psoas.pose.frame import PoseFrame  # noqa: E402
from psoas.pose.recognize import score_all  # noqa: E402

MANIFEST = REPO / "tools" / "recognizer_manifest.toml"
OUT = REPO / "src" / "psoas" / "pose" / WEIGHTS_FILE
SYNTHETIC = "synthetic"
PHOTO_CLASSES = {"negative": "none"}


def load_manifest(path: Path = MANIFEST) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def extra_frames(path: Path) -> Iterator[PoseFrame]:
    """Frames of a keypoints/extra_*.csv file: row number, frame name, then 33 x (x, y, z,
    visibility) with x and y in pixels of an (about) 1280x720 picture and visibility x 100."""
    width, height = 1280.0, 720.0
    with path.open(encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        for i, cells in enumerate(reader):
            v = np.array([float(c) for c in cells[2:134]]).reshape(33, 4)
            v[:, 0] /= width
            v[:, 1] /= height
            v[:, 2] /= width
            v[:, 3] /= 100.0
            yield PoseFrame.from_flat(i / 30.0, v.reshape(-1), width / height)


def keypoint_frames(path: Path) -> Iterator[PoseFrame]:
    if path.name.startswith("extra_"):
        return extra_frames(path)
    from psoas.pose.readers import read_csv

    return read_csv(path)


class Samples:
    """Raw input rows (and their world_geometry inputs) with their class, source and weight."""

    def __init__(self) -> None:
        self.rows: list[list[float]] = []
        self.world_rows: list[list[float]] = []
        self.labels: list[int] = []
        self.sources: list[str] = []
        self.weights: list[float] = []
        self.names: list[str] | None = None

    def add(self, frame: PoseFrame, label: str, source: str, weight: float = 1.0) -> None:
        if not frame.present:
            return
        f = compute(frame)
        postures = score_all(f, second=False)
        if self.names is None:
            self.names = measure_names(postures)
        self.rows.append(vector(f, postures, self.names))
        self.world_rows.append(world_geometry(f))
        self.labels.append(CLASSES.index(label))
        self.sources.append(source)
        self.weights.append(weight)

    def arrays(self, keep=None, world: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(inputs, classes, weights) of the samples whose source `keep` keeps; with `world`,
        each row ends with its world_geometry inputs (as classifier.vector builds them)."""
        idx = [i for i, s in enumerate(self.sources) if keep is None or keep(s)]
        x = np.array([self.rows[i] + (self.world_rows[i] if world else []) for i in idx], dtype=np.float64)
        y = np.array([self.labels[i] for i in idx], dtype=np.int64)
        w = np.array([self.weights[i] for i in idx], dtype=np.float64)
        return x, y, w


def synthetic_samples(samples: Samples, cfg: dict) -> None:
    from psoas.pose.synthetic import generate, negative_suite, suite

    cases = suite(cfg["seed"], cfg["per_exercise"], noisy=True, per_variant=cfg["per_variant"])
    cases += negative_suite(cfg["seed"], cfg["negatives_per_pose"])
    for spec, case_seed in cases:
        frames, truth = generate(spec, case_seed)
        label = truth.exercise or "none"
        next_t = 0.0
        for frame in frames:
            if frame.t >= next_t and frame.present:
                samples.add(frame, label, SYNTHETIC)
                next_t = frame.t + cfg["every_s"]


def photo_source(row: dict) -> str:
    """A photo's source: the owner of its repository (as benchmarks/accuracy.py groups them)."""
    return row["source_repo"].split("/")[0]


def shared_samples(samples: Samples, cfg: dict, weight: float) -> None:
    if not (SHARED / cfg["photos"]).is_file():
        return
    from dev_data import photo_rows
    from landmark_cache import photo_frames

    frames = photo_frames(retry=True, world=True)
    for row in photo_rows():
        label = PHOTO_CLASSES.get(row["label"], row["label"])
        for key in [k for k in frames if k.startswith(row["file"] + ":")]:
            samples.add(frames[key], label, photo_source(row), weight)
    for entry in cfg.get("keypoints", []):
        path = SHARED / entry["file"]
        if path.is_file():
            for frame in keypoint_frames(path):
                samples.add(frame, entry["label"], entry["source"], weight)


def build(manifest: dict) -> Samples:
    samples = Samples()
    synthetic_samples(samples, manifest["synthetic"])
    shared_samples(samples, manifest["shared"], manifest["training"]["real_weight"])
    return samples


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, cfg: dict, names: list[str], world_inputs: int = 0) -> dict:
    """Weights of a network trained on (x, y) with sample weights w, classes balanced; full-batch
    Adam on the weighted cross-entropy plus weight decay. `world_inputs`: how many of the last
    inputs are world_geometry's (0: none)."""
    rng = np.random.default_rng(cfg["seed"])
    mean = x.mean(axis=0)
    std = x.std(axis=0)
    std[std < 1e-6] = 1.0
    net = Network({"mean": mean, "std": std, "w1": np.zeros((1, 1)), "b1": [0.0], "w2": np.zeros((1, 1)),
                   "b2": [0.0], "classes": CLASSES, "measures": names})  # fmt: skip
    xs = net.standardise(x)
    n, d = xs.shape
    k, h = len(CLASSES), cfg["hidden"]
    counts = np.bincount(y, weights=w, minlength=k)
    sw = w * (counts.sum() / (k * np.maximum(counts, 1e-9)))[y]
    sw /= sw.sum()
    onehot = np.eye(k)[y]
    params = [rng.normal(0, 1 / np.sqrt(d), (d, h)), np.zeros(h), rng.normal(0, 1 / np.sqrt(h), (h, k)), np.zeros(k)]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    lr, decay = cfg["learning_rate"], cfg["weight_decay"]
    for step in range(1, cfg["epochs"] + 1):
        w1, b1, w2, b2 = params
        a = np.tanh(xs @ w1 + b1)
        z = a @ w2 + b2
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        gz = (p - onehot) * sw[:, None]
        ga = gz @ w2.T * (1 - a * a)
        grads = [xs.T @ ga + decay * w1, ga.sum(axis=0), a.T @ gz + decay * w2, gz.sum(axis=0)]
        for i, g in enumerate(grads):
            m[i] = 0.9 * m[i] + 0.1 * g
            v[i] = 0.999 * v[i] + 0.001 * g * g
            params[i] = params[i] - lr * (m[i] / (1 - 0.9**step)) / (np.sqrt(v[i] / (1 - 0.999**step)) + 1e-8)
    w1, b1, w2, b2 = params
    return {"classes": list(CLASSES), "measures": names, "geometry_inputs": d - len(names) - world_inputs,
            "world_inputs": world_inputs,
            "mean": mean.tolist(), "std": std.tolist(), "w1": w1.tolist(), "b1": b1.tolist(),
            "w2": w2.tolist(), "b2": b2.tolist()}  # fmt: skip


def _rounded(data: dict) -> dict:
    def r(v):
        if isinstance(v, list):
            return [r(x) for x in v]
        return float(f"{v:.5g}") if isinstance(v, float) else v

    return {key: r(value) for key, value in data.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", type=Path, default=MANIFEST)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    manifest = load_manifest(args.manifest)
    samples = build(manifest)
    counts = Counter(zip(samples.sources, (CLASSES[i] for i in samples.labels), strict=True))
    for (source, label), count in sorted(counts.items()):
        print(f"   {source:22s} {label:22s} {count}")
    world = bool(manifest["training"].get("world", False))
    x, y, w = samples.arrays(world=world)
    assert samples.names is not None
    world_inputs = len(samples.world_rows[0]) if world else 0
    data = _rounded(fit(x, y, w, manifest["training"], samples.names, world_inputs))
    data["trained_on"] = sorted(set(samples.sources))
    args.out.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(y)} samples, {x.shape[1]} inputs; weights written to {args.out} ({args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
