"""Sounds and speech for the session: a chime at every hold's start and end, optional voice cues.

Both are event subscribers. Audio goes through real system tools (paplay/aplay/afplay for the
chime, espeak-ng/espeak/say/spd-say for speech), started in the background so timing never waits.
When a tool fails (exits non-zero, cannot start, or reports that there is no audio device, as
espeak-ng does while still exiting 0), that is said once in one line and the session goes on
without it. Nothing here ever writes to stdout: a terminal bell is the caller's choice.
"""

from __future__ import annotations

import math
import shutil
import struct
import subprocess
import sys
import tempfile
import wave
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import IO

from psoas.coach.events import CameraSwitched, Cue
from psoas.coach.texts import waiting_text
from psoas.session.events import Event, ExerciseStarted, SessionEnded, StepEnded, StepStarted, Tick, Waiting

PLAYERS = (("paplay",), ("aplay", "-q"), ("afplay",))
SPEAKERS = ("espeak-ng", "espeak", "say", "spd-say")
VOICE_HINT = (
    "voice: no text-to-speech engine found; going on without voice "
    "(install espeak-ng: sudo apt install espeak-ng on Debian/Ubuntu; macOS has `say`)"
)
NO_PLAYER = "chime: no sound player found (paplay, aplay or afplay); going on without the chime"
# What audio tools print when there is no sound card or sound server (ALSA, PulseAudio, espeak-ng).
NO_DEVICE_SIGNS = (
    "cannot find card",
    "unknown pcm",
    "audio open error",
    "no such device",
    "connection refused",
    "connection failure",
    "pa_context_connect",
    "cannot open audio",
    "failed to open audio",
)

Notify = Callable[[str], None]


def to_stderr(text: str) -> None:
    print(text, file=sys.stderr, flush=True)  # looked up now: a live view redirects stderr above itself


def failure_reason(tool: str, exit_code: int, errors: str) -> str | None:
    """Why an audio command that ended with `exit_code` and printed `errors` failed, or None."""
    if any(sign in errors.lower() for sign in NO_DEVICE_SIGNS):
        return "no audio device found"
    if exit_code > 0:
        first = next((line.strip() for line in errors.splitlines() if line.strip()), "")
        return f"{tool} failed (exit {exit_code}{': ' + first[:80] if first else ''})"
    return None  # 0, or stopped by a signal (a newer cue interrupts an older one)


def _close_files(running: list[tuple[subprocess.Popen, IO[bytes], str]]) -> None:
    for process, errors, _ in running:
        process.poll()
        errors.close()


class BackgroundAudio:
    """Starts audio commands without waiting for them; checks the finished ones for failure.

    After the first failure it says once `"{what}: {reason}; {then}"` and starts nothing more."""

    def __init__(self, what: str, then: str, notify: Notify, popen: Callable[..., subprocess.Popen] = subprocess.Popen):
        self._what, self._then = what, then
        self._notify = notify
        self._popen = popen
        self._running: list[tuple[subprocess.Popen, IO[bytes], str]] = []
        self.failed = False
        # error files of commands never checked are closed when this object goes (or at exit)
        weakref.finalize(self, _close_files, self._running)

    def start(self, command: list[str]) -> subprocess.Popen | None:
        self.check()
        if self.failed:
            return None
        errors = tempfile.TemporaryFile()  # a file, not a pipe: a chatty tool can never block on it
        try:
            process = self._popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors)
        except OSError as error:
            errors.close()
            self._fail(f"{command[0]} could not start ({error.strerror or error})")
            return None
        self._running.append((process, errors, command[0]))
        return process

    def check(self) -> None:
        """Look at the commands that have ended (cheap: call it on every event)."""
        still = []
        for process, errors, tool in self._running:
            code = process.poll()
            if code is None:
                still.append((process, errors, tool))
                continue
            errors.seek(0)
            text = errors.read().decode(errors="replace")
            errors.close()
            reason = failure_reason(tool, code, text)
            if reason and not self.failed:
                self._fail(reason)
        self._running[:] = still  # the same list: the finalizer holds it

    def wait(self, timeout: float) -> None:
        """Let the running commands finish (stopping any still going after `timeout`), then check them."""
        for process, _, _ in self._running:
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.terminate()
                process.wait()
        self.check()

    def _fail(self, reason: str) -> None:
        self.failed = True
        for process, _, _ in self._running:
            if process.poll() is None:
                process.terminate()
        self._notify(f"{self._what}: {reason}; {self._then}")


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
    """Marks each hold's start (high tone) and end (low tone) through a sound player.

    With no player, or once the player fails, `bell` rings instead when given (the caller gives
    one only for a terminal); otherwise there is no chime, and that is said once."""

    def __init__(
        self,
        bell: Callable[[], None] | None = None,
        which: Callable[[str], str | None] = shutil.which,
        notify: Notify = to_stderr,
        popen: Callable[..., subprocess.Popen] = subprocess.Popen,
    ):
        self._bell = bell
        self._notify = notify
        self._player = next((cmd for cmd in PLAYERS if which(cmd[0])), None)
        then = "using the terminal bell" if bell else "going on without the chime"
        self._audio = BackgroundAudio("chime", then, notify, popen)
        self._told_no_player = False
        self._files: dict[str, Path] = {}

    def _play(self, tone: str) -> None:
        if self._player is not None and not self._audio.failed:
            if tone not in self._files:
                folder = Path(tempfile.gettempdir())
                self._files[tone] = write_chime(folder / f"psoas-{tone}.wav", 880.0 if tone == "start" else 587.0)
            if self._audio.start([*self._player, str(self._files[tone])]) is not None:
                return
        if self._bell:
            self._bell()
        elif self._player is None and not self._told_no_player:
            self._told_no_player = True
            self._notify(NO_PLAYER)

    def __call__(self, event: Event | object) -> None:
        self._audio.check()
        if isinstance(event, StepStarted) and event.step.kind == "hold":
            self._play("start")
        elif isinstance(event, StepEnded) and event.step.kind == "hold" and not event.skipped:
            self._play("end")

    def close(self) -> None:
        """Let the last tone finish and tell if it failed."""
        self._audio.wait(timeout=2)


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else text + "."


def cue_for(event: Event | object) -> str | None:
    """What the voice says for an event, or None."""
    match event:
        case Cue(text=text):
            return _sentence(text)
        case Waiting(step=step, waiting_for=why):
            return _sentence(waiting_text(why, step.exercise_name))
        case CameraSwitched(reason=reason):
            return _sentence(reason.split(" (")[0])
        case ExerciseStarted(exercise_name=name, index=i, count=n):
            return f"Exercise {i + 1} of {n}: {name}."
        case StepStarted(step=step) if step.kind == "get_ready":
            # the exercise was just named; an exercise done per side says how to set up the first
            return f"{step.side.capitalize()} hip first: {step.side_setup}." if step.side and step.side_setup else None
        case StepStarted(step=step):
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
    """Speaks cues through a real TTS engine; with `record_to`, writes each cue to a WAV instead.

    No engine, or an engine that fails (see BackgroundAudio), is said once through `notify`;
    the session goes on silently."""

    def __init__(
        self,
        notify: Notify,
        which: Callable[[str], str | None] = shutil.which,
        record_to: Path | None = None,
        speed_wpm: int = 160,
        popen: Callable[..., subprocess.Popen] = subprocess.Popen,
    ) -> None:
        self.engine = next((name for name in SPEAKERS if which(name)), None)
        self._record_to = record_to
        self._speed = speed_wpm
        self._spoken = 0
        self._audio = BackgroundAudio("voice", "going on without voice", notify, popen)
        self._process: subprocess.Popen | None = None
        self._said: tuple[str, float | None] = ("", None)
        if self.engine is None:
            notify(VOICE_HINT)

    @property
    def failed(self) -> bool:
        return self._audio.failed

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

    def say(self, text: str, at: float | None = None) -> None:
        """Speak `text`; `at` is the session moment it belongs to (cues of one moment go together)."""
        self._audio.check()
        if self.engine is None or self._audio.failed:
            return
        # A newer cue interrupts an unfinished one, so speech never lags behind the timer;
        # one of the same moment (the exercise's name, then its set-up) is added to it instead.
        if self._process is not None and self._process.poll() is None and self._record_to is None:
            said, said_at = self._said
            if at is not None and at == said_at:
                text = f"{said} {text}"
            self._process.terminate()
        self._said = (text, at)
        self._process = self._audio.start(self.command(text))
        self._spoken += 1
        if self._process is not None and self._record_to is not None:
            self._process.wait()
            self._audio.check()

    def __call__(self, event: Event | object) -> None:
        text = cue_for(event)
        if text:
            self.say(text, getattr(event, "at", None))
        else:
            self._audio.check()

    def close(self) -> None:
        """Let the last cue finish (e.g. 'Session complete') before the program exits."""
        self._audio.wait(timeout=5)
