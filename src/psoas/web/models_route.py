"""The pose model bundles for the page's own PoseLandmarker: /models/pose_landmarker_{lite,full,heavy}.task.

The very files the Python side runs (psoas/pose/models/, built by tools/build_pose_models.py), read
from the installed package; only the names of the manifest are served. The guard around the app
(token cookie, Host) applies as to every other request.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse
from starlette.exceptions import HTTPException

router = APIRouter()
# The page uses the Full model by default: the one psoas analyze and psoas start --camera use.
DEFAULT_MODEL = "pose_landmarker_full.task"


def _folder():  # noqa: ANN202 (a Traversable)
    return resources.files("psoas.pose") / "models"


def model_names() -> frozenset[str]:
    """The bundles the manifest lists (nothing else in the folder is served)."""
    manifest = json.loads((_folder() / "manifest.json").read_text(encoding="utf-8"))
    return frozenset(manifest["bundles"])


def model_path(name: str) -> Path:
    if name not in model_names():
        raise HTTPException(404)
    path = Path(str(_folder() / name))
    if not path.is_file():
        raise HTTPException(404)
    return path


@router.get("/models/{name}")
def pose_model(name: str) -> FileResponse:
    # The bundles change only with a new psoas: a day's caching saves reading 9 MB at every visit,
    # and the browser revalidates with the ETag after that.
    return FileResponse(
        model_path(name),
        media_type="application/octet-stream",
        headers={"cache-control": "private, max-age=86400"},
    )
