"""Start-up stays light: no heavy library for help, no Alembic on a store that is already current.

Timings are in benchmarks/startup.py; these tests check which modules get imported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import version

HEAVY = ["mediapipe", "cv2", "matplotlib", "fastapi", "sqlalchemy", "alembic", "numpy", "pydantic"]


def _imported_by(args: list[str], modules: list[str], env: dict[str, str] | None = None) -> tuple[list[str], str]:
    """Run `psoas ARGS` in a fresh interpreter; which of `modules` it imported, and its stdout."""
    code = (
        "import sys, json\n"
        "from psoas.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit as exit_:\n    assert not exit_.code, exit_.code\n"
        f"print(json.dumps([m for m in {modules!r} if m in sys.modules]))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    *out, imported = result.stdout.strip().splitlines()
    return json.loads(imported), "\n".join(out)


def test_help_imports_nothing_heavy() -> None:
    imported, out = _imported_by(["--help"], HEAVY)
    assert imported == []
    assert "start" in out and "history" in out and "backup" in out and "restore" in out


def test_alembic_is_imported_only_when_the_schema_is_out_of_date(tmp_path) -> None:
    env = {**os.environ, "PSOAS_HOME": str(tmp_path / "home")}
    env.pop("PSOAS_DATABASE_URL", None)
    watched = ["alembic", "mako", "sqlalchemy"]
    first, _ = _imported_by(["history", "--json"], watched, env)
    assert first == watched  # a new store is created through the migrations
    again, out = _imported_by(["history", "--json"], watched, env)
    assert again == [] and json.loads(out) == []  # current: read with sqlite3, no SQLAlchemy or Alembic


def test_version_prints_the_installed_version(run_cli) -> None:
    result = run_cli("--version")
    assert result.code == 0 and result.out == f"psoas {version('psoas')}\n"


def test_version_falls_back_to_the_package_version_in_a_source_tree(run_cli, monkeypatch) -> None:
    from importlib.metadata import PackageNotFoundError

    import psoas

    def not_installed(name: str) -> str:
        raise PackageNotFoundError(name)

    monkeypatch.setattr("importlib.metadata.version", not_installed)
    monkeypatch.setattr(psoas, "__version__", "9.8.7")
    assert run_cli("--version").out == "psoas 9.8.7\n"
