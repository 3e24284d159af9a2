"""The code stays lint-clean (ruff, configured in pyproject.toml), so CI catches regressions."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing() -> None:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed (python3 dev.py test installs it)")
    result = subprocess.run(
        [ruff, "check", "--output-format", "concise", "src", "tests", "benchmarks", "dev.py"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
