"""mypy on the package, from pyproject.toml's [tool.mypy]: zero errors."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_package_type_checks() -> None:
    if importlib.util.find_spec("mypy") is None:
        pytest.fail("mypy is not installed: python3 dev.py test installs requirements-dev.txt")
    cache = Path(tempfile.gettempdir()) / "psoas-mypy-cache"  # outside the work tree, kept between runs
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", "--cache-dir", str(cache)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
