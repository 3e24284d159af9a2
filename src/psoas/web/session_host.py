"""The coach on the page: one guided session for each /ws start message (a psoas.web.live.LiveHost).

The coach (psoas.coach.Coach) runs the session, the same as under `psoas start`: the safety gate
with the page's pre-session check, today's plan and advice, pain before, the engine, every rep
saved by its recorder as it happens, pain after. This module only carries it:

    page --start--> coach.prepare(), coach.start()
    page --command/frame/camera--> coach.command(name) / coach.frame(PoseFrame) / coach.switch_camera(on)
    time --> coach.poll()
    coach events --> {"type": "event", "event": event.to_json(), "say": ..., "chime": ..., "progress": ...}
    session over --> page --pain_after--> coach.finish() --> {"type": "ended", "session": {...}}

The page going away (channel.receive() is None) stops the session: it is saved `stopped` with
what was done. So does the server stopping under it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from psoas.coach.ports import Clock, Now, SessionStore
from psoas.errors import Refused, UserError
from psoas.web.live import CameraMessage, Channel, CommandMessage, FrameMessage, PainAfter, Start

if TYPE_CHECKING:
    from psoas.coach.coach import Coach
    from psoas.pose.frame import PoseFrame

    ParseFrame = Callable[[dict[str, Any]], PoseFrame]

# The loop wakes at least this often (real seconds) while a step runs, paused or waiting: the
# countdown's whole seconds reach the page within a tenth of a second, as in the terminal.
MAX_WAIT_S = 0.1
SESSION_FAILED = "Internal error in the session; what was done is saved (details on psoas serve's terminal)."
FRAMES_MISSING = "this psoas cannot read the page's camera frames yet (psoas.web.landmarks); going on with the timer"


def _utc_now() -> datetime:
    return datetime.now(UTC)


class NoPrompts:
    """The page answers its questions before the session starts (the screening, the check, the
    pain ratings): the coach never asks one."""

    def ask(self, question: str) -> str:
        raise EOFError


def chime_for(event: object) -> str | None:
    """A hold's start or end (psoas.ui.sound.Chime's moments)."""
    from psoas.session.events import StepEnded, StepStarted

    if isinstance(event, StepStarted) and event.step.kind == "hold":
        return "start"
    if isinstance(event, StepEnded) and event.step.kind == "hold" and not event.skipped:
        return "end"
    return None


def scaled(speed: float, monotonic: Callable[[], float] = time.monotonic) -> Clock:
    """Monotonic time running `speed` times faster than real time."""
    origin = monotonic()
    return lambda: origin + (monotonic() - origin) * speed


def _default_parse_frame(message: dict[str, Any]) -> PoseFrame:
    import importlib

    landmarks = importlib.import_module("psoas.web.landmarks")  # the camera's page side (issue 13)
    frame: PoseFrame = landmarks.parse_frame(message)
    return frame


class SessionHost:
    """Runs the coach for the page. `store()` gives the store (WebConfig.store); `now` the wall
    clock; `time_scale` multiplies every session's speed (tests); `parse_frame` reads a camera
    frame message into a PoseFrame (default: psoas.web.landmarks.parse_frame)."""

    def __init__(
        self,
        store: Callable[[], SessionStore],
        now: Now = _utc_now,
        *,
        exercises: Callable[[], Sequence[Any]] | None = None,
        time_scale: float = 1.0,
        max_wait_s: float = MAX_WAIT_S,
        parse_frame: ParseFrame | None = None,
        log: Callable[[str], None] | None = None,
    ) -> None:
        self.store = store
        self.now = now
        self.exercises = exercises or _library
        self.time_scale = time_scale
        self.max_wait_s = max_wait_s
        self.parse_frame: ParseFrame = parse_frame or _default_parse_frame
        self.log = log or (lambda text: print(f"psoas serve: {text}", file=sys.stderr, flush=True))

    async def run(self, channel: Channel, start: Start) -> None:
        try:
            session = _Session(self, channel, start)
        except Exception as error:  # the store cannot be opened, say: one line, the page stays
            self.log(f"the guided session could not start: {type(error).__name__}: {error}")
            await channel.error(SESSION_FAILED)
            return
        await session.run()


def _library() -> list[Any]:
    from psoas.library import load_library

    return list(load_library())


class _Session:
    """One session on one page."""

    def __init__(self, host: SessionHost, channel: Channel, start: Start) -> None:
        from psoas.coach.coach import Coach, CoachOptions

        self.host = host
        self.channel = channel
        self.speed = start.speed * host.time_scale
        self.outbox: list[Any] = []
        self.frames_told = False
        self.done_s = 0.0  # the planned time of the steps before the current one
        options = CoachOptions(
            host.exercises(), interactive=False, check_answer=start.check, checkin=False,
            pain_before=start.pain_before, camera=start.camera,
        )  # fmt: skip
        self.coach: Coach = Coach(host.store(), NoPrompts(), scaled(self.speed), options, now=host.now)
        self.coach.subscribe(self.outbox.append)

    async def flush(self) -> None:
        """Every event the coach has sent since, in order, with the words and sounds for it."""
        from psoas.ui.sound import cue_for

        while self.outbox:
            event = self.outbox.pop(0)
            extra: dict[str, Any] = {"say": cue_for(event), "chime": chime_for(event), **self.progress(event)}
            await self.channel.send_event(event, **extra)

    def progress(self, event: object) -> dict[str, Any]:
        """How far through the session's planned time this event is (0-1), and the time left in
        words at each step's start; skipped steps count as done, as in the terminal's bar. After
        "this hurts", the advice."""
        from psoas.session.events import SessionEnded, StepStarted, Tick

        engine = self.coach.engine
        if engine is None:
            return {}
        total = engine.plan.total_s or 1.0
        if isinstance(event, StepStarted):
            self.done_s = sum(s.duration_s for s in engine.steps[: event.index])
            left = max(1, round((total - self.done_s) / 60))
            return {"progress": round(self.done_s / total, 4), "left_text": f"About {left} min left"}
        if isinstance(event, Tick):
            return {"progress": round((self.done_s + event.step.duration_s - event.remaining_s) / total, 4)}
        if isinstance(event, SessionEnded) and event.status == "completed":
            return {"progress": 1.0}
        if isinstance(event, SessionEnded) and event.status == "hurt":
            from psoas.ui.messages import hurt_advice

            return {"advice": hurt_advice()}  # what to do now, shown at once (pain after comes next)
        return {}

    async def run(self) -> None:
        coach = self.coach
        try:
            try:
                coach.prepare()
            except (Refused, UserError) as error:  # the gate said no: nothing was recorded
                await self.flush()
                await self.channel.send({"type": "refused", "message": str(error)})
                return
            coach.start()
            await self.flush()
            gone = await self.drive()
            if not gone:
                gone = await self.ask_pain_after()
            record = coach.finish()
            await self.flush()
            await self.channel.send({"type": "ended", "session": record.to_json(), **_ended_words(record)})
        except Exception as error:  # a bug: said in one line; the session is kept as it stands
            self.host.log(f"the guided session failed: {type(error).__name__}: {error}")
            await self.channel.error(SESSION_FAILED)
        finally:
            if coach.engine is not None and coach.state != "ended":  # the page, the server or a bug went
                coach.command("stop")

    def wait_s(self) -> float:
        engine = self.coach.require_engine()
        if engine.state == "paused" or engine.waiting:
            return self.host.max_wait_s
        # Wake in time for the end of the current step, in real seconds.
        return min(self.host.max_wait_s, max(0.0005, engine.step_remaining() / self.speed))

    async def drive(self) -> bool:
        """Run until the session ends; True when the page went away first (the session is stopped)."""
        coach = self.coach
        while coach.state != "ended":
            message: object
            try:
                message = await self.channel.receive(self.wait_s())
            except TimeoutError:
                message = None if self.channel.closed else _NOTHING
            if message is None:
                coach.command("stop")
                await self.flush()
                return True
            await self.handle(message)
            coach.poll()
            await self.flush()
        return False

    async def handle(self, message: object) -> None:
        coach = self.coach
        if isinstance(message, CommandMessage):
            coach.command(message.name)
        elif isinstance(message, FrameMessage):
            await self.frame(message.data)
        elif isinstance(message, CameraMessage):
            coach.switch_camera(message.on)
        elif isinstance(message, Start):
            await self.channel.error("a session is already running; stop it first")
        elif isinstance(message, PainAfter):
            await self.channel.error("the session is still running; pain after comes at its end")

    async def frame(self, data: dict[str, Any]) -> None:
        """A camera frame from the page: on the coach's clock, into the coach (a session started
        with the camera; otherwise it is not looked at)."""
        if not self.coach.camera_on:
            return
        try:
            frame = self.host.parse_frame(data)
        except ImportError:
            if not self.frames_told:
                self.frames_told = True
                self.coach.switch_camera(False, reason=FRAMES_MISSING)
            return
        except (ValueError, TypeError, KeyError) as error:
            await self.channel.error(f"bad camera frame: {error}".splitlines()[0])
            return
        self.coach.frame(replace(frame, t=self.coach.clock()))

    async def ask_pain_after(self) -> bool:
        """The page's pain rating after; True when the page went away instead."""
        while True:
            message = await self.channel.receive()
            if message is None:
                return True
            if isinstance(message, PainAfter):
                self.coach.options.pain_after = message.pain
                return False
            if isinstance(message, Start):
                await self.channel.error("answer the pain question (or skip it) before the next session")
            # commands, frames and the camera switch after the end change nothing


_NOTHING = object()  # no message in time: only the clock moved


def _ended_words(record: Any) -> dict[str, Any]:
    from psoas.cli.output import done_text
    from psoas.ui.messages import hurt_advice

    done = done_text(record.exercises()) or "nothing recorded"
    words = {
        "completed": f"Session complete: {done}. Saved.",
        "stopped": f"Session stopped and saved: {done}.",
        "hurt": f"Session ended because it hurt; saved: {done}.",
    }
    return {"text": words.get(record.status, f"Session {record.status}: {done}."),
            "advice": hurt_advice() if record.status == "hurt" else None}  # fmt: skip
