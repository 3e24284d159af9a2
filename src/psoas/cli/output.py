"""Small helpers the commands share: JSON to stdout, a Rich console that respects NO_COLOR."""

from __future__ import annotations

import json
import sys
from typing import Any


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def console(stderr: bool = False):  # noqa: ANN201 - rich imported lazily
    from rich.console import Console

    # Rich itself honours NO_COLOR and narrow or absent terminals.
    return Console(stderr=stderr, highlight=False)
