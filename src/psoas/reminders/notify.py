"""Where reminders go: a desktop notification (notify-send) or, failing that, the terminal."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable

from psoas.reminders import load_texts

Say = Callable[[str], None]


class TerminalNotifier:
    def __init__(self, say: Say, bell: Callable[[], None] | None = None) -> None:
        self._say = say
        self._bell = bell

    def __call__(self, title: str, message: str, stamp: str = "") -> None:
        if self._bell:
            self._bell()
        self._say(f"{stamp + ' ' if stamp else ''}{title}: {message}")


class DesktopNotifier:
    """notify-send; if it is missing or fails, says so once and uses the terminal."""

    def __init__(
        self,
        fallback: TerminalNotifier,
        say: Say,
        which: Callable[[str], str | None] = shutil.which,
        run: Callable[..., object] = subprocess.run,
    ) -> None:
        self._fallback = fallback
        self._say = say
        self._run = run
        self.command = which("notify-send")
        if self.command is None:
            say(load_texts().no_desktop)

    @property
    def available(self) -> bool:
        return self.command is not None

    def __call__(self, title: str, message: str, stamp: str = "") -> None:
        if self.command is not None:
            try:
                self._run(
                    [self.command, "--app-name=psoas", title, message],
                    check=True,
                    timeout=10,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                self._say(f"{stamp + ' ' if stamp else ''}{title} (sent as a desktop notification)")
                return
            except (OSError, subprocess.SubprocessError) as error:
                self._say(load_texts().desktop_failed.format(error=type(error).__name__))
                self.command = None
        self._fallback(title, message, stamp)
