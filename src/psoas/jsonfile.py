"""Read a user-supplied JSON file, turning every failure into a one-line UserError."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from psoas.errors import UserError


def read_json(path: Path, what: str) -> Any:
    """Parse `path`; `what` names the file in messages (e.g. "answers file")."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"{what} not found: {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"cannot read {what} {path}: {error}") from None
    except json.JSONDecodeError as error:
        raise UserError(f"{what} {path} is not valid JSON: {error.msg} at line {error.lineno}") from None
