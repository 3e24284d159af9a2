"""Single-key input from a terminal, without waiting for Enter (POSIX termios)."""

from __future__ import annotations

import os
import select
import sys
from types import TracebackType


class TerminalKeys:
    """Context manager: puts the terminal in cbreak mode and reads one key with a timeout."""

    def __init__(self, stream=None) -> None:  # noqa: ANN001 - a text stream with fileno()
        self._stream = stream or sys.stdin
        self._fd = self._stream.fileno()
        self._saved: list | None = None

    def __enter__(self) -> TerminalKeys:
        import termios
        import tty

        self._saved = termios.tcgetattr(self._fd)
        tty.setcbreak(self._fd, termios.TCSANOW)  # not TCSAFLUSH: a key pressed just before is kept
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        import termios

        if self._saved is not None:
            termios.tcsetattr(self._fd, termios.TCSADRAIN, self._saved)

    def read(self, timeout: float) -> str | None:
        ready, _, _ = select.select([self._fd], [], [], max(0.0, timeout))
        if not ready:
            return None
        data = os.read(self._fd, 1)
        return data.decode(errors="ignore") or None


class NoKeys:
    """Unattended runs: no keys ever arrive; waiting is plain sleeping."""

    def __init__(self, sleep) -> None:  # noqa: ANN001 - Callable[[float], None]
        self._sleep = sleep

    def __enter__(self) -> NoKeys:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def read(self, timeout: float) -> str | None:
        self._sleep(timeout)
        return None
