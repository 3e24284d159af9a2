from __future__ import annotations

import io
from dataclasses import dataclass

import pytest

from psoas.cli import main


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(psoas_home, capsys, monkeypatch):
    """Run `psoas ARGS...` in-process through the real entry point; returns code, stdout, stderr."""

    def run(*args: str, stdin: str = "") -> Result:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        capsys.readouterr()
        try:
            main(list(args))
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run
