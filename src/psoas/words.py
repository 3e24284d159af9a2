"""Counted words in messages: "1 session", "2 sessions", "1 rep", "2.5 reps"."""

from __future__ import annotations


def number(value: float) -> str:
    """A count as text: whole numbers without a decimal point, others with one decimal."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def plural(count: float, word: str, many: str | None = None) -> str:
    """`count` and `word`, the word in the plural unless the count is exactly one."""
    return f"{number(count)} {word if count == 1 else (many or word + 's')}"
