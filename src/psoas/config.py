"""Where psoas keeps its data, read from an injected environment (tests pass a dict)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "psoas"


@dataclass(frozen=True)
class Paths:
    home: Path
    database_url: str

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Paths:
        environ = os.environ if environ is None else environ
        if environ.get("PSOAS_HOME"):
            home = Path(environ["PSOAS_HOME"]).expanduser()
        else:
            from platformdirs import user_data_dir

            home = Path(user_data_dir(APP_NAME, appauthor=False))
        url = environ.get("PSOAS_DATABASE_URL") or f"sqlite:///{home / 'psoas.db'}"
        return cls(home=home, database_url=url)
