"""Fixtures for the front ends: fake audio tools on PATH, a screened unattended `psoas start`."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest


@pytest.fixture
def fake_tool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """`fake_tool(name, stderr="", exit_code=0)`: an executable `name` first on PATH that logs each
    run's arguments to `<name>.log`, prints `stderr` to stderr and exits with `exit_code`."""
    folder = tmp_path / "fake-bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")

    def make(name: str, stderr: str = "", exit_code: int = 0) -> Path:
        log = folder / f"{name}.log"
        script = folder / name
        script.write_text(
            "#!/bin/sh\n"
            f'echo "$*" >> "{log}"\n'
            + "".join(f"echo '{line}' >&2\n" for line in stderr.splitlines())
            + f"exit {exit_code}\n"
        )
        script.chmod(script.stat().st_mode | stat.S_IXUSR)
        return log

    return make


@pytest.fixture
def start_screened(run, tmp_path: Path):  # noqa: ANN001, ANN201
    """`start_screened(*args)`: `psoas start ARGS` unattended after a screening with no red flags,
    answering 'no' to the pre-session check on the command line where start asks for it there."""
    from psoas.safety import load_screening

    answers = {q.id: "no" for q in load_screening().questions if q.kind != "session_check"}
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers))
    assert run("screen", "--answers", str(path)).code == 0
    check = ["--session-check", "no"] if "--session-check" in run("start", "--help").out else []

    def start(*args: str):  # noqa: ANN202
        return run("start", *args, *check)

    return start
