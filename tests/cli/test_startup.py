"""`psoas --help` stays light: no heavy library is imported to show help."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ["mediapipe", "cv2", "matplotlib", "fastapi", "sqlalchemy", "alembic", "numpy", "pydantic"]


def test_help_imports_nothing_heavy() -> None:
    code = (
        "import sys, json\n"
        "from psoas.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert json.loads(out.strip().splitlines()[-1]) == []
    assert "start" in out and "history" in out
