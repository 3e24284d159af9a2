"""Where the benchmarks find ../shared/data, and its photo labels (standard library only, so the
legacy-MediaPipe environment of legacy_landmarks.py can import it too)."""

from __future__ import annotations

import csv
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO / ".." / "shared" / "data"
EXERCISES = ("cobra", "kneeling_hip_stretch", "glute_bridge")  # as psoas.pose.recognize.EXERCISES


def photo_rows() -> list[dict]:
    """The rows of ../shared/data/images/labels.csv (none when ../shared is absent)."""
    path = SHARED / "images" / "labels.csv"
    return list(csv.DictReader(path.open(encoding="utf-8"))) if path.is_file() else []
