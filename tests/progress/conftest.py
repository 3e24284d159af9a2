"""Fixtures for this folder: the CLI run in-process, a store on a fake clock (helpers in tests/progress)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "progress"))

from history_builders import FakeNow, cli_runner  # noqa: E402


@pytest.fixture
def run(psoas_home, capsys, monkeypatch):  # noqa: ANN001, ANN201
    return cli_runner(capsys, monkeypatch)


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
