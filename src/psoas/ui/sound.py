"""Sounds and speech for the session: a chime at every hold's start and end, optional voice cues.

Both are event subscribers. Audio goes through real system tools (paplay/aplay/afplay for the
chime, espeak-ng/espeak/say/spd-say for speech), started in the background so timing never waits.
"""

from __future__ import annotations

import math
import shutil
import struct
import subprocess
import tempfile
import wave
from collections.abc import Callable
from pathlib import Path

from psoas.session.events import Event, ExerciseStarted, SessionEnded, StepEnded, StepStarted, Tick

PLAYERS = (("paplay",), ("aplay", "-q"), ("afplay",))
SPEAKERS = ("espeak-ng", "espeak", "say", "spd-say")
VOICE_HINT = (
    "Voice cues need a text-to-speech engine and none was found: install espeak-ng "
    "(Debian/Ubuntu: sudo apt install espeak-ng; macOS has `say`). Going on without voice."
)


def write_chime(path: Path, frequency: float = 880.0, seconds: float = 0.18, rate: int = 22050) -> Path:
    """A short sine tone with a soft fade, as a 16-bit mono WAV file."""
    frames = bytearray()
    count = int(rate * seconds)
    for i in range(count):
        fade = min(1.0, i / (rate * 0.01), (count - i) / (rate * 0.04))
        frames += struct.pack("<h", int(12000 * fade * math.sin(2 * math.pi * frequency * i / rate)))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    return path


class Chime:
    """Marks each hold's start (high tone) and end (low tone). Falls back to the terminal bell."""

    def __init__(self, bell: Callable[[], None] | None = None, which: Callable[[str], str | None] = shutil.which):
        self._bell = bell
        self._player = next((cmd for cmd in PLAYERS if which(cmd[0])), None)
        self._files: dict[str, Path] = {}

    def _play(self, tone: str) -> None:
        if self._player is None:
            if self._bell:
                self._bell()
            return
        if tone not in self._files:
            folder = Path(tempfile.gettempdir())
            self._files[tone] = write_chime(folder / f"psoas-{tone}.wav", 880.0 if tone == "start" else 587.0)
        subprocess.Popen([*self._player, str(self._files[tone])], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def __call__(self, event: Event) -> None:
        if isinstance(event, StepStarted) and event.step.kind == "hold":
            self._play("start")
        elif isinstance(event, StepEnded) and event.step.kind == "hold" and not event.skipped:
            self._play("end")


def cue_for(event: Event) -> str | None:
    """What the voice says for an event, or None."""
    match event:
        case ExerciseStarted(name=name, index=i, count=n):
            return f"Exercise {i + 1} of {n}: {name}."
        case StepStarted(step=step) if step.kind != "get_ready":
            return step.label().replace(" - ", ", ") + "."
        case Tick(step=step, remaining_s=s) if step.kind == "hold" and s <= 3 and step.duration_s > 4:
            return str(s)
        case SessionEnded(status="completed"):
            return "Well done. Session complete."
        case SessionEnded(status="hurt"):
            return "Stopping. Rest, and do not push through pain."
        case SessionEnded():
            return "Session stopped. What you did is saved."
    return None


class Voice:
    """Speaks cues through a real TTS engine; with `record_to`, writes each cue to a WAV instead."""

    def __init__(
        self,
        notify: Callable[[str], None],
        which: Callable[[str], str | None] = shutil.which,
        record_to: Path | None = None,
        speed_wpm: int = 160,
    ) -> None:
        self.engine = next((name for name in SPEAKERS if which(name)), None)
        self._notify = notify
        self._record_to = record_to
        self._speed = speed_wpm
        self._spoken = 0
        self._process: subprocess.Popen | None = None
        if self.engine is None:
            notify(VOICE_HINT)

    def command(self, text: str) -> list[str]:
        assert self.engine is not None
        if self.engine in ("espeak-ng", "espeak"):
            cmd = [self.engine, "-s", str(self._speed)]
            if self._record_to is not None:
                cmd += ["-w", str(self._record_to / f"cue-{self._spoken:03d}.wav")]
            return [*cmd, text]
        if self.engine == "say":
            return ["say", text]
        return ["spd-say", text]

    def say(self, text: str) -> None:
        if self.engine is None:
            return
        # A newer cue interrupts an unfinished one, so speech never lags behind the timer.
        if self._process is not None and self._process.poll() is None and self._record_to is None:
            self._process.terminate()
        command = self.command(text)
        self._spoken += 1
        self._process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if self._record_to is not None:
            self._process.wait()

    def __call__(self, event: Event) -> None:
        text = cue_for(event)
        if text:
            self.say(text)

    def close(self) -> None:
        """Let the last cue finish (e.g. 'Session complete') before the program exits."""
        if self._process is not None:
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.terminate()
