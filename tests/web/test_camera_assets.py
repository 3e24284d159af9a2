"""What the page's camera loads, all from psoas itself: the vendored @mediapipe/tasks-vision (as the
lockfile pins it, with its licence), the same .task bundles the Python side runs, a CSP that lets
WebAssembly run and nothing else in."""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
VENDOR = REPO / "src" / "psoas" / "web" / "static" / "vendor" / "tasks-vision"
MODELS = REPO / "src" / "psoas" / "pose" / "models"
CAMERA_JS = REPO / "src" / "psoas" / "web" / "static" / "js" / "camera.js"
POSE_WORKER = CAMERA_JS.with_name("pose-worker.js")


def _manifest() -> dict:
    return json.loads((VENDOR / "manifest.json").read_text())


def test_the_vendored_files_are_the_locked_package_with_its_licence() -> None:
    manifest = _manifest()
    lock = json.loads((REPO / "package-lock.json").read_text())["packages"]
    package = json.loads((REPO / "package.json").read_text())
    locked = lock["node_modules/@mediapipe/tasks-vision"]
    assert package["dependencies"]["@mediapipe/tasks-vision"] == locked["version"] == manifest["version"]
    assert manifest["integrity"] == locked["integrity"] and manifest["licence"].startswith(locked["license"])
    assert "Apache License" in (VENDOR / "LICENSE").read_text()[:200]
    names = sorted(p.name for p in VENDOR.iterdir() if p.name != "manifest.json")
    assert names == sorted(manifest["files"])
    for name, entry in manifest["files"].items():
        data = (VENDOR / name).read_bytes()
        assert len(data) == entry["bytes"] and hashlib.sha256(data).hexdigest() == entry["sha256"], name
    assert (VENDOR / "vision_wasm_internal.wasm").read_bytes()[:4] == b"\0asm"


def test_the_package_ships_them() -> None:
    data = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["psoas"]
    assert "web/static/vendor/tasks-vision/*" in data and "pose/models/*.task" in data


def test_the_page_loads_nothing_from_elsewhere() -> None:
    text = CAMERA_JS.read_text()
    assert not re.search(r"https?://", text), "camera.js names another site"
    assert "/static/vendor/tasks-vision" in text and "/models/pose_landmarker_" in text
    assert "/static/js/pose-worker.js" in text
    worker = POSE_WORKER.read_text()
    assert not re.search(r"https?://", worker), "pose-worker.js names another site"
    assert "/static/vendor/tasks-vision" in worker


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/static/vendor/tasks-vision/vision_bundle.mjs", "text/javascript"),
        ("/static/vendor/tasks-vision/vision_wasm_internal.js", "text/javascript"),
        ("/static/vendor/tasks-vision/vision_wasm_internal.wasm", "application/wasm"),
        ("/static/js/camera.js", "text/javascript"),
        ("/static/js/pose-worker.js", "text/javascript"),
        ("/static/camera.css", "text/css"),
    ],
)
def test_the_camera_files_are_served_with_their_types(client, path: str, kind: str) -> None:  # noqa: ANN001
    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith(kind)
    assert response.headers["x-content-type-options"] == "nosniff"  # the type is what the browser goes by


def test_the_models_are_the_python_sides_bundles(client) -> None:  # noqa: ANN001
    manifest = json.loads((MODELS / "manifest.json").read_text())["bundles"]
    assert set(manifest) == {f"pose_landmarker_{m}.task" for m in ("lite", "full", "heavy")}
    response = client.get("/models/pose_landmarker_full.task")
    assert response.status_code == 200
    assert hashlib.sha256(response.content).hexdigest() == manifest["pose_landmarker_full.task"]["sha256"]


@pytest.mark.parametrize("name", ["manifest.json", "LICENSE", "..%2Fframe.py", "pose_landmarker_huge.task", ""])
def test_nothing_else_is_served_from_the_models(client, name: str) -> None:  # noqa: ANN001
    assert client.get(f"/models/{name}").status_code == 404


def test_the_models_need_the_sign_in_like_everything_else(anonymous) -> None:  # noqa: ANN001
    assert anonymous.get("/models/pose_landmarker_lite.task").status_code == 401
    assert anonymous.get("/static/vendor/tasks-vision/vision_wasm_internal.wasm").status_code == 401


def test_the_csp_lets_webassembly_run_and_still_no_eval_nor_other_sites(client) -> None:  # noqa: ANN001
    policy = client.get("/").headers["content-security-policy"]
    rules = {part.split()[0]: part.split()[1:] for part in policy.split("; ")}
    assert rules["script-src"] == ["'self'", "'wasm-unsafe-eval'"]  # WebAssembly, not eval()
    assert "'unsafe-eval'" not in policy and "'unsafe-inline'" not in policy
    assert rules["connect-src"][0] == "'self'" and rules["default-src"] == ["'none'"]
    assert rules["worker-src"] == ["'self'"]  # the pose model's Worker, from this server only


def test_the_pose_worker_gets_the_same_policy(client) -> None:  # noqa: ANN001
    # A Worker keeps the policy its own script came with: WebAssembly, same-origin imports and
    # fetches, and the library's telemetry refused there as on the page.
    page = client.get("/").headers["content-security-policy"]
    worker = client.get("/static/js/pose-worker.js").headers["content-security-policy"]
    assert worker == page
