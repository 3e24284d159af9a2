"""Questions asked at the terminal, wrapped at word boundaries to its width."""

from __future__ import annotations

import shutil
import textwrap

MIN_WIDTH = 20  # below this, wrapping would leave a word or two per line: let the terminal fold it


def wrap_prompt(text: str, width: int | None = None) -> str:
    """`text` folded at spaces to fit `width` columns (default: the terminal's, or $COLUMNS).

    One column is kept free for the cursor after the prompt; a word longer than a line is left
    whole. A trailing space (before the answer) is kept."""
    columns = width or shutil.get_terminal_size((80, 24)).columns
    lines = []
    for paragraph in text.rstrip().split("\n"):
        lines.append(
            textwrap.fill(
                paragraph,
                width=max(columns - 1, MIN_WIDTH),
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    return "\n".join(lines) + (" " if text.endswith(" ") else "")


def ask(prompt: str) -> str:
    """`input` with the prompt wrapped at word boundaries."""
    return input(wrap_prompt(prompt))
