"""Small helpers the commands share: JSON to stdout, a Rich console that respects NO_COLOR."""

from __future__ import annotations

import json
import sys
from typing import Any


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def console(stderr: bool = False):  # noqa: ANN201 - rich imported lazily
    import sys

    from rich.console import Console

    # Rich itself honours NO_COLOR and narrow terminals. Into a pipe or file, text is not
    # wrapped at 80 columns: one message stays on one line for the tools that read it.
    stream = sys.stderr if stderr else sys.stdout
    return Console(stderr=stderr, highlight=False, soft_wrap=not stream.isatty())


def done_text(exercises: list[dict]) -> str:
    """'Cobra 3, Kneeling Hip Stretch 3L+3R, Glute Bridge 5': reps per exercise, sides by initial."""
    from psoas.library import get_exercise

    parts: dict[str, list[str]] = {}
    for entry in exercises:
        side = entry["side"][0].upper() if entry["side"] else ""
        parts.setdefault(entry["id"], []).append(f"{entry['reps_done']}{side}")
    return ", ".join(f"{get_exercise(i).name} {'+'.join(counts)}" for i, counts in parts.items())
