"""Small helpers the commands share: JSON to stdout, a Rich console that respects NO_COLOR."""

from __future__ import annotations

import functools
import gc
import json
import math
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import Any


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a one-shot command reads and writes a long history.

    Ten years of sessions are some 50,000 reps: building their records, dicts and text allocates
    millions of objects, and each collection the allocations trigger walks every object alive so
    far. That walking was a third of `psoas export`'s CPU time at 3,650 sessions (benchmarks/scale.py).
    The records hold no reference cycles, and the command ends soon after, so nothing is kept
    that a collection would have freed."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def with_collector_paused(command: Callable[..., Any]) -> Callable[..., Any]:
    """A command that runs with the cycle collector paused (collector_paused): for the one-shot
    commands that read the whole history, not for long-running ones such as start or serve."""

    @functools.wraps(command)  # Typer reads the options from the wrapped function's signature
    def run(*args: Any, **kwargs: Any) -> Any:
        with collector_paused():
            return command(*args, **kwargs)

    return run


def print_json(data: Any) -> None:
    sys.stdout.write(json_text(data) + "\n")


class _Unsupported(Exception):
    pass


# From Python 3.13 on, json's C encoder writes indented JSON itself (7 times this writer's speed).
_C_INDENTS = sys.version_info >= (3, 13) and c_make_encoder is not None


def json_text(data: Any) -> str:
    """Exactly `json.dumps(data, indent=2, ensure_ascii=False)`, fast on every Python.

    Before 3.13, json falls back to its pure-Python encoder when asked to indent, and its
    generator chain was the largest cost of `export` and `history --json` on a long history.
    There this writer appends strings to one list instead (about twice as fast); anything beyond
    plain JSON types goes to json.dumps itself."""
    if _C_INDENTS:
        return json.dumps(data, indent=2, ensure_ascii=False)
    try:
        return _IndentedWriter().text(data)
    except (_Unsupported, RecursionError):
        return json.dumps(data, indent=2, ensure_ascii=False)


def _float_text(value: float) -> str:
    return float.__repr__(value) if math.isfinite(value) else json.dumps(value)


# Exact types only: a subclass (an IntEnum, say) takes the general path below.
_SCALARS: dict[type, Callable[[Any], str]] = {
    str: encode_basestring,
    int: int.__repr__,
    float: _float_text,
    bool: lambda value: "true" if value else "false",
    type(None): lambda _value: "null",
}


class _IndentedWriter:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def text(self, data: Any) -> str:
        self.write(data, "\n")
        return "".join(self.parts)

    def write(self, value: Any, newline: str) -> None:
        """`newline` is a line break followed by the indentation of the current level."""
        append = self.parts.append
        scalar = _SCALARS.get(type(value))
        if scalar is not None:
            append(scalar(value))
        elif isinstance(value, dict):
            if not value:
                append("{}")
                return
            inner = newline + "  "
            separator = "{" + inner
            for key, item in value.items():
                if type(key) is not str:
                    raise _Unsupported  # json turns numbers, booleans and None into key strings
                scalar = _SCALARS.get(type(item))
                if scalar is not None:  # most values: no call of write() for them
                    append(separator + encode_basestring(key) + ": " + scalar(item))
                else:
                    append(separator + encode_basestring(key) + ": ")
                    self.write(item, inner)
                separator = "," + inner
            append(newline + "}")
        elif isinstance(value, list | tuple):
            if not value:
                append("[]")
                return
            inner = newline + "  "
            separator = "[" + inner
            for item in value:
                scalar = _SCALARS.get(type(item))
                if scalar is not None:
                    append(separator + scalar(item))
                else:
                    append(separator)
                    self.write(item, inner)
                separator = "," + inner
            append(newline + "]")
        elif isinstance(value, str | int | float):  # subclasses: as json.dumps writes them
            if isinstance(value, str):
                append(encode_basestring(value))
            elif value is True or value is False:
                append("true" if value else "false")
            elif isinstance(value, int):
                append(int.__repr__(value))
            else:
                append(_float_text(value))
        else:
            raise _Unsupported


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
