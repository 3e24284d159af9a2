#!/usr/bin/env python3
"""Build psoas's pose model bundles: pose_landmarker_{lite,full,heavy}.task in src/psoas/pose/models/.

MediaPipe Tasks' PoseLandmarker (mediapipe 1.2.x, what psoas runs) reads a `.task` bundle whose two
TFLite models carry TFLite metadata. The BlazePose models psoas can get without a network beyond the
package registries carry none, so this script writes it once and packs the bundles, which psoas ships
as package data. Nothing is downloaded at run time.

Sources (Apache-2.0, both from MediaPipe's authors):
  - the person detector, pose_detection.tflite, from the mediapipe 0.10.21 wheel (PyPI);
  - the landmark models pose_landmark_{lite,full,heavy}.tflite from the npm package @mediapipe/pose
    (the Full model there is byte-identical to the one in the 0.10.21 wheel; the manifest says so).

Normalisation (checked against MediaPipe's original graphs, mediapipe/modules/...):
  - pose_detection_cpu.pbtxt feeds the detector a 224x224 RGB tensor in [-1, 1]
    (output_tensor_float_range min -1 max 1): mean 127.5, std 127.5;
  - pose_landmark_by_roi_cpu.pbtxt feeds the landmark model a 256x256 RGB tensor in [0, 1]
    (min 0 max 1): mean 0, std 255. The two differ; a bundle with one range for both finds fewer
    people and puts the landmarks off.

The metadata writer needs mediapipe 0.10.21 (in 1.2.x its native module is missing), so this runs
in a separate environment, not in psoas's own. To recreate it (Python 3.11 or 3.12; 0.10.21 has no
wheel for 3.13+):

    python3.11 -m venv /work/venvs/mp-legacy
    /work/venvs/mp-legacy/bin/pip install absl-py==2.5.1 attrs==26.1.0 flatbuffers==25.12.19 \\
        protobuf==4.25.9 numpy==1.26.4 opencv-contrib-python-headless==4.10.0.84 matplotlib==3.11.2
    /work/venvs/mp-legacy/bin/pip install --no-deps mediapipe==0.10.21
    (cd /tmp && npm pack @mediapipe/pose@0.5.1675469404)   # -> mediapipe-pose-0.5.1675469404.tgz

(--no-deps: 0.10.21 declares jax, sounddevice and the non-headless OpenCV, which the writer does not use.)
Then, from the repository root:

    /work/venvs/mp-legacy/bin/python tools/build_pose_models.py --npm /tmp/mediapipe-pose-0.5.1675469404.tgz

It writes the three bundles, manifest.json (sources, versions, sha256 of every input and output) and
LICENSE (Apache-2.0, from the mediapipe wheel) into src/psoas/pose/models/. The output is
reproducible: the same inputs give byte-identical bundles (the zip entries get a fixed date).
`--check` builds into a temporary folder and compares with the manifest instead of writing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tarfile
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "psoas" / "pose" / "models"
MEDIAPIPE_VERSION = "0.10.21"
NPM_PACKAGE = "@mediapipe/pose"
NPM_VERSION = "0.5.1675469404"
VARIANTS = ("lite", "full", "heavy")
# Names PoseLandmarker looks for inside a bundle.
DETECTOR_NAME = "pose_detector.tflite"
LANDMARKS_NAME = "pose_landmarks_detector.tflite"
# (mean, std) per model: value = (pixel - mean) / std. See the docstring for where each comes from.
DETECTOR_NORM = (127.5, 127.5)  # [-1, 1]
LANDMARKS_NORM = (0.0, 255.0)  # [0, 1]
# Outputs, in the models' own order (names from the TFLite graphs: Identity, Identity_1, ...).
DETECTOR_OUTPUTS = ("box and keypoint regressors (2254 anchors x 12)", "person scores (2254 anchors)")
LANDMARKS_OUTPUTS = (
    "landmarks (39 x 5: x, y, z, visibility, presence; in the 256x256 input)",
    "segmentation mask",
    "heatmap",
    "world landmarks (39 x 3, metres, hip-centred)",
    "pose presence flag",
)
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed entry date: reproducible bundles


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_npm(path: Path) -> dict[str, bytes]:
    """{file name: bytes} of the landmark models in the @mediapipe/pose package (.tgz or unpacked)."""
    wanted = {f"pose_landmark_{v}.tflite" for v in VARIANTS}
    found: dict[str, bytes] = {}
    if path.is_dir():
        package_json = json.loads((path / "package.json").read_text())
        for name in wanted:
            found[name] = (path / name).read_bytes()
    else:
        with tarfile.open(path) as tar:
            package_json = json.loads(_member(tar, "package/package.json"))
            for name in wanted:
                found[name] = _member(tar, f"package/{name}")
    if (package_json.get("name"), package_json.get("version")) != (NPM_PACKAGE, NPM_VERSION):
        sys.exit(f"{path}: expected {NPM_PACKAGE} {NPM_VERSION}, got {package_json.get('name')} "
                 f"{package_json.get('version')}")  # fmt: skip
    if package_json.get("license") != "Apache-2.0":
        sys.exit(f"{path}: the package's licence is {package_json.get('license')!r}, not Apache-2.0")
    return found


def _member(tar: tarfile.TarFile, name: str) -> bytes:
    handle = tar.extractfile(name)
    if handle is None:
        sys.exit(f"{name} missing from the npm package")
    return handle.read()


def mediapipe_files() -> tuple[bytes, bytes, bytes]:
    """(pose_detection.tflite, pose_landmark_full.tflite, LICENSE) from the installed 0.10.21 wheel."""
    from importlib.metadata import distribution

    import mediapipe

    if mediapipe.__version__ != MEDIAPIPE_VERSION:
        sys.exit(f"needs mediapipe {MEDIAPIPE_VERSION} (its metadata writer); this is {mediapipe.__version__}")
    root = Path(mediapipe.__file__).parent
    detector = (root / "modules" / "pose_detection" / "pose_detection.tflite").read_bytes()
    full = (root / "modules" / "pose_landmark" / "pose_landmark_full.tflite").read_bytes()
    licence = next((f for f in distribution("mediapipe").files or [] if f.name == "LICENSE"), None)
    if licence is None:
        sys.exit("the mediapipe wheel has no LICENSE file")
    text = Path(licence.locate()).read_bytes()
    if b"Apache License" not in text[:200]:
        sys.exit("the mediapipe wheel's LICENSE is not the Apache License")
    return detector, full, text


def with_metadata(model: bytes, name: str, description: str, norm: tuple[float, float], outputs) -> bytes:
    """The model with TFLite metadata: general info, one RGB image input normalised (x - mean) / std,
    one feature output per output tensor."""
    from mediapipe.tasks.python.metadata.metadata_writers import metadata_writer, writer_utils

    names = writer_utils.get_output_tensor_names(model)
    if len(names) != len(outputs):
        sys.exit(f"{name}: expected {len(outputs)} outputs, the model has {len(names)} ({names})")
    writer = metadata_writer.MetadataWriter.create(bytearray(model))
    writer.add_general_info(name, description)
    mean, std = norm
    writer.add_image_input(norm_mean=[mean], norm_std=[std])
    for tensor, what in zip(names, outputs, strict=True):
        writer.add_feature_output(name=tensor, description=what)
    content, _ = writer.populate()
    return bytes(content)


@contextmanager
def fixed_zip_date():
    """create_model_asset_bundle stamps entries with the current time; a fixed one makes the
    bundle's bytes depend on its contents only."""
    original = zipfile.ZipInfo.__init__

    def init(self, filename="NoName", date_time=ZIP_DATE):  # noqa: ANN001, ANN202
        original(self, filename, ZIP_DATE)

    zipfile.ZipInfo.__init__ = init  # type: ignore[method-assign]
    try:
        yield
    finally:
        zipfile.ZipInfo.__init__ = original  # type: ignore[method-assign]


def bundle(models: dict[str, bytes], path: Path) -> None:
    from mediapipe.tasks.python.metadata.metadata_writers import model_asset_bundle_utils

    with fixed_zip_date():
        model_asset_bundle_utils.create_model_asset_bundle(models, str(path))
    with zipfile.ZipFile(path) as zf:  # read back: what PoseLandmarker will open
        for name, data in models.items():
            if zf.read(name) != data:
                sys.exit(f"{path.name}: {name} differs after packing")


def build(npm: Path, out: Path) -> dict:
    detector_src, wheel_full, licence = mediapipe_files()
    landmarks_src = read_npm(npm)
    detector = with_metadata(
        detector_src, "pose_detector", "BlazePose person detector (MediaPipe), RGB 224x224 in [-1, 1]",
        DETECTOR_NORM, DETECTOR_OUTPUTS,
    )  # fmt: skip
    wheel_source = f"PyPI mediapipe {MEDIAPIPE_VERSION} wheel"
    manifest: dict = {
        "about": "Pose model bundles for MediaPipe Tasks PoseLandmarker, built by tools/build_pose_models.py",
        "licence": "Apache-2.0 (LICENSE, from the mediapipe wheel); models by the MediaPipe authors (Google)",
        "built_with": f"mediapipe {MEDIAPIPE_VERSION} metadata_writer + model_asset_bundle_utils",
        "bundles": {},
    }
    out.mkdir(parents=True, exist_ok=True)
    for variant in VARIANTS:
        source_name = f"pose_landmark_{variant}.tflite"
        source = landmarks_src[source_name]
        landmarks = with_metadata(
            source, "pose_landmarks_detector",
            f"BlazePose GHUM 3D landmarks, {variant} (MediaPipe), RGB 256x256 in [0, 1]",
            LANDMARKS_NORM, LANDMARKS_OUTPUTS,
        )  # fmt: skip
        path = out / f"pose_landmarker_{variant}.task"
        bundle({DETECTOR_NAME: detector, LANDMARKS_NAME: landmarks}, path)
        data = path.read_bytes()
        manifest["bundles"][path.name] = {
            "sha256": sha256(data),
            "bytes": len(data),
            "models": {
                DETECTOR_NAME: {
                    "source": f"{wheel_source}: mediapipe/modules/pose_detection/pose_detection.tflite",
                    "source_sha256": sha256(detector_src),
                    "sha256": sha256(detector),
                    "input": "RGB 224x224, (pixel - 127.5) / 127.5",
                },
                LANDMARKS_NAME: {
                    "source": f"npm {NPM_PACKAGE} {NPM_VERSION}: {source_name}",
                    "source_sha256": sha256(source),
                    "sha256": sha256(landmarks),
                    "input": "RGB 256x256, pixel / 255",
                    **(
                        {"same_as": f"{wheel_source}: mediapipe/modules/pose_landmark/pose_landmark_full.tflite"}
                        if source == wheel_full
                        else {}
                    ),  # fmt: skip
                },
            },
        }
    (out / "LICENSE").write_bytes(licence)
    manifest["licence_sha256"] = sha256(licence)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--npm", type=Path, required=True, help=f"{NPM_PACKAGE} {NPM_VERSION}: the .tgz or unpacked")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="build in a temporary folder, compare with --out")
    args = parser.parse_args()
    if not args.check:
        manifest = build(args.npm, args.out)
        for name, entry in manifest["bundles"].items():
            print(f"{name}  {entry['bytes']:>10} bytes  sha256 {entry['sha256']}")
        return 0
    with tempfile.TemporaryDirectory() as folder:
        fresh = build(args.npm, Path(folder))
        recorded = json.loads((args.out / "manifest.json").read_text())
        same = fresh == recorded and all(
            (Path(folder) / name).read_bytes() == (args.out / name).read_bytes() for name in fresh["bundles"]
        )
    print("bundles match the manifest" if same else "bundles DIFFER from the manifest")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
