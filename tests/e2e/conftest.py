from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """Environment for a real `psoas` process with its own empty data folder."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PSOAS_")}
    environ.update(PSOAS_HOME=str(tmp_path / "home"), NO_COLOR="1", TERM="xterm", COLUMNS="80", LINES="40")
    return environ
