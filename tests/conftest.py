"""Shared fixtures: a fake clock, an isolated data folder, a path to ../shared when present."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


class FakeClock:
    """A clock the test moves by hand: `clock()` reads it, `clock.tick(s)` advances it."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def psoas_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point psoas at an empty data folder for this test."""
    home = tmp_path / "home"
    monkeypatch.setenv("PSOAS_HOME", str(home))
    monkeypatch.delenv("PSOAS_DATABASE_URL", raising=False)
    return home


@pytest.fixture
def shared() -> Path:
    """The project's shared development data, or a clean skip on machines without it."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present (only on development machines)")
    return SHARED
