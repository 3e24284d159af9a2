"""Shared fixtures: a fake clock, an isolated data folder, a screening on record, a path to ../shared."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from builders import FakeNow, cli_runner, full_answers

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
def run_cli(psoas_home, capsys, monkeypatch):  # noqa: ANN001, ANN201
    """`run_cli(*args, stdin="")`: `psoas ARGS` through the real entry point, in-process."""
    return cli_runner(capsys, monkeypatch)


@pytest.fixture
def run(run_cli):  # noqa: ANN001, ANN201
    """Short name for run_cli."""
    return run_cli


@pytest.fixture
def screen_answers(run_cli, tmp_path):  # noqa: ANN001, ANN201
    """`screen_answers(**answers)`: `psoas screen --answers FILE` through the real entry point, every
    question answered 'no' except the ones given; returns the command's Result."""

    def answer(**overrides: str):  # noqa: ANN202
        path = tmp_path / "screening-answers.json"
        path.write_text(json.dumps(full_answers(**overrides)))
        return run_cli("screen", "--answers", str(path))

    return answer


@pytest.fixture
def clear_screening(screen_answers) -> None:  # noqa: ANN001
    """A screening with no red flags on record (taken now), as `psoas screen --answers` records it:
    an unattended `psoas start` refuses without one."""
    result = screen_answers()
    assert result.code == 0, result.err


@pytest.fixture
def fake_now() -> FakeNow:
    return FakeNow()


@pytest.fixture
def store(psoas_home, fake_now):  # noqa: ANN001, ANN201
    """The same database the CLI uses in this test (PSOAS_HOME), with an injected clock."""
    from psoas.store import open_store

    opened = open_store(f"sqlite:///{psoas_home / 'psoas.db'}", now=fake_now)
    yield opened
    opened.close()


@pytest.fixture
def shared() -> Path:
    """The project's shared development data, or a clean skip on machines without it."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present (only on development machines)")
    return SHARED
