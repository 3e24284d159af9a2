#!/usr/bin/env python3
"""Copy the page's front-end packages from npm into the package: src/psoas/web/static/vendor/.

The page runs MediaPipe's PoseLandmarker itself (`@mediapipe/tasks-vision`, pinned in package.json
and package-lock.json at the repository root). psoas serves every file the page needs from the
installed package, so the copied files are committed: a fresh machine gets them with psoas itself
and never runs npm. This step is only for a new version of the package:

    npm ci --ignore-scripts          # node_modules/ exactly as the lockfile says
    python3 tools/build_web_assets.py

(or `npm run build`, which runs the second line). `--check` compares the committed files with
node_modules/ and the manifest instead of writing (exit 1 on a difference).

What is copied, into vendor/tasks-vision/:
  - vision_bundle.mjs: the ES module (FilesetResolver, PoseLandmarker, DrawingUtils);
  - vision_wasm_internal.js and .wasm: the WebAssembly runtime with SIMD. The no-SIMD build is
    left out on purpose: a browser without WebAssembly SIMD is told so and gets the timer-only
    session (every browser of the last years has SIMD; the no-SIMD runtime would be 12 MB more);
  - LICENSE: Apache-2.0, the package's licence (package.json says so; the npm package ships no
    licence file, so the text is the one beside the pose models, from MediaPipe's own wheel);
  - manifest.json: the package, its version and lockfile integrity, each file's bytes and sha256.
The source maps and the CommonJS builds are not needed by the page.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = "@mediapipe/tasks-vision"
SOURCE = REPO / "node_modules" / "@mediapipe" / "tasks-vision"
OUT = REPO / "src" / "psoas" / "web" / "static" / "vendor" / "tasks-vision"
LICENCE = REPO / "src" / "psoas" / "pose" / "models" / "LICENSE"
FILES = {  # name in vendor/ -> path in the npm package
    "vision_bundle.mjs": "vision_bundle.mjs",
    "vision_wasm_internal.js": "wasm/vision_wasm_internal.js",
    "vision_wasm_internal.wasm": "wasm/vision_wasm_internal.wasm",
}
# The runtime is about 13 MB; much more would be another build (or the wrong file) and belongs in
# a review, not silently in the package.
MAX_BYTES = 20 * 1024 * 1024


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _locked() -> dict:
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    entry = lock["packages"].get(f"node_modules/{PACKAGE}")
    if entry is None:
        raise SystemExit(f"package-lock.json has no {PACKAGE}")
    return entry


def manifest() -> dict:
    locked = _locked()
    installed = json.loads((SOURCE / "package.json").read_text(encoding="utf-8"))
    if installed["version"] != locked["version"]:
        raise SystemExit(
            f"node_modules has {PACKAGE} {installed['version']}, the lockfile {locked['version']}: run npm ci"
        )
    files = {}
    for name, inside in FILES.items():
        path = SOURCE / inside
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SystemExit(f"{inside} is {size} bytes (more than {MAX_BYTES}): check the package")
        files[name] = {"from": inside, "bytes": size, "sha256": _sha256(path)}
    files["LICENSE"] = {"from": "src/psoas/pose/models/LICENSE", "bytes": LICENCE.stat().st_size,
                        "sha256": _sha256(LICENCE)}  # fmt: skip
    return {
        "about": "Copied from npm by tools/build_web_assets.py; served by psoas serve, never fetched from elsewhere",
        "package": PACKAGE,
        "version": locked["version"],
        "integrity": locked["integrity"],
        "licence": f"{installed['license']} (LICENSE)",
        "files": files,
    }


def build() -> None:
    wanted = manifest()
    OUT.mkdir(parents=True, exist_ok=True)
    for name, inside in FILES.items():
        shutil.copyfile(SOURCE / inside, OUT / name)
    shutil.copyfile(LICENCE, OUT / "LICENSE")
    (OUT / "manifest.json").write_text(json.dumps(wanted, indent=2) + "\n", encoding="utf-8")
    total = sum(f["bytes"] for f in wanted["files"].values())
    where = OUT.relative_to(REPO)
    print(f"{PACKAGE} {wanted['version']}: {len(wanted['files'])} files, {total / 1e6:.1f} MB -> {where}")


def check() -> int:
    wanted = manifest()
    committed = json.loads((OUT / "manifest.json").read_text(encoding="utf-8"))
    problems = []
    if committed != wanted:
        problems.append("manifest.json differs from node_modules (run this script without --check)")
    for name, entry in committed["files"].items():
        path = OUT / name
        if not path.exists() or _sha256(path) != entry["sha256"]:
            problems.append(f"{name} differs from its manifest entry")
    for line in problems:
        print(line, file=sys.stderr)
    if not problems:
        print(f"{PACKAGE} {wanted['version']}: the committed files match node_modules")
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args()
    if not SOURCE.is_dir():
        print(f"no {SOURCE.relative_to(REPO)}: run `npm ci --ignore-scripts` first", file=sys.stderr)
        return 2
    if args.check:
        return check()
    build()
    return 0


if __name__ == "__main__":
    sys.exit(main())
