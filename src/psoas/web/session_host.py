"""The coach on the page: one guided session for each /ws start message (a psoas.web.live.LiveHost).

The coach (psoas.coach.Coach) runs the session, the same as under `psoas start`: the safety gate
with the page's pre-session check, today's plan and advice, pain before, the engine, every rep
saved by its recorder as it happens, pain after. This module only carries it:

    page --start--> coach.prepare(), coach.start()
    page --command/frame/camera--> coach.command(name) / coach.frame(PoseFrame) / coach.switch_camera(on)
    time --> coach.poll()
    coach events --> {"type": "event", "event": event.to_json(), "say": ..., "chime": ..., "progress": ...}
    session over --> page --pain_after--> coach.finish() --> {"type": "ended", "session": {...}}

Each session runs in its own task, not in the socket's: when the page's socket goes
(channel.receive() is None) the session carries on, detached, for RECONNECT_GRACE_S. The page's
next socket is told so in its hello ("running": true) and sends {"type": "resume"}: the session
takes that socket, answers {"type": "resumed", "state": ..., "reps": ...} and the current
exercise, step and countdown again, and goes on (pain after included). Nobody back within the
grace: the session is stopped and saved `stopped` with what was done, pain after not given. The
server stopping under it stops it the same way, at once. While the page is away a running session
is paused (so a tab closed for good adds no reps nobody did) and it goes on when the page is back.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from psoas.coach.ports import Clock, Now, SessionStore
from psoas.errors import Refused, UserError
from psoas.web.live import CameraMessage, Channel, CommandMessage, FrameMessage, PainAfter, Resume, Start

if TYPE_CHECKING:
    from psoas.coach.coach import Coach
    from psoas.pose.frame import PoseFrame

    ParseFrame = Callable[[dict[str, Any]], PoseFrame]

# The loop wakes at least this often (real seconds) while a step runs, paused or waiting: the
# countdown's whole seconds reach the page within a tenth of a second, as in the terminal.
MAX_WAIT_S = 0.1
SESSION_FAILED = "Internal error in the session; what was done is saved (details on psoas serve's terminal)."
# How long a session waits for its page after the socket went. The page tries again after 0.5,
# 1, 2 and 4 s, then every 5 s (camera.js LiveSocket): 30 s is seven tries, enough for a network
# blip, a laptop waking or Wi-Fi changing. The session is paused meanwhile; longer, a tab closed
# for good would leave an open session (shown as stopped) for longer.
RECONNECT_GRACE_S = 30.0
BAD_FRAME = "bad camera frame: "
# The server stopping: each session gets this long (real seconds) to stop and save itself.
CLOSE_S = 2.0
NOTHING_TO_RESUME = "The session had ended while the page was away: it was saved as stopped with what was done."
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
    frame message into a PoseFrame (default: psoas.web.landmarks.parse_frame); `grace_s` how
    long a session waits for its page to come back, measured on `monotonic` (real seconds)."""

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
        grace_s: float = RECONNECT_GRACE_S,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.now = now
        self.exercises = exercises or _library
        self.time_scale = time_scale
        self.max_wait_s = max_wait_s
        self.parse_frame: ParseFrame = parse_frame or _default_parse_frame
        self.log = log or (lambda text: print(f"psoas serve: {text}", file=sys.stderr, flush=True))
        self.grace_s = grace_s
        self.monotonic = monotonic
        self.sessions: list[_Session] = []  # running, attached to a page or waiting for one

    async def run(self, channel: Channel, start: Start) -> None:
        """One session, from this page's start; returns when it is over or the page has gone
        (the session then waits for the page's next socket)."""
        try:
            session = _Session(self, start)
        except Exception as error:  # the store cannot be opened, say: one line, the page stays
            self.log(f"the guided session could not start: {type(error).__name__}: {error}")
            await channel.error(SESSION_FAILED)
            return
        self.sessions.append(session)
        session.attach(channel)
        session.task = asyncio.ensure_future(session.run())
        await session.carry(channel)

    async def waiting(self) -> bool:
        """Whether a session waits for a page to come back (one whose grace is over is ended
        first, so the answer holds)."""
        for session in list(self.sessions):
            if session.channel is None and session.expired():
                await session.end()
        return any(s.channel is None for s in self.sessions)

    async def resume(self, channel: Channel, message: Resume | None = None) -> None:
        """The page's {"type": "resume"} on a new socket: the session waiting for a page (the
        latest) takes this socket; returns as run() does."""
        if not await self.waiting():
            await channel.send({"type": "resumed", "running": False, "message": NOTHING_TO_RESUME})
            return
        session = [s for s in self.sessions if s.channel is None][-1]
        session.attach(channel, again=True)
        await session.carry(channel)

    async def pain_after(self, session_id: int, pain: int | None) -> str | None:
        """Pain after from elsewhere than the session's socket (the page's POST /api/pain-after):
        "taken" when a session here had ended and waited for it (it is saved with it now),
        "running" when that session still runs, None when no session here has that id."""
        for session in list(self.sessions):
            if session.coach.session_id != session_id or session.coach.engine is None:
                continue
            if session.coach.state != "ended":
                return "running"
            session.coach.options.pain_after = pain
            await session.end()  # it finishes now, with this answer
            return "taken"
        return None

    async def close(self) -> None:
        """The server stops: every session is stopped and saved as it stands."""
        for session in list(self.sessions):
            await session.end()


def _library() -> list[Any]:
    from psoas.library import load_library

    return list(load_library())


class _Session:
    """One session on one page."""

    def __init__(self, host: SessionHost, start: Start) -> None:
        from psoas.coach.coach import Coach, CoachOptions

        self.host = host
        self.channel: Channel | None = None  # None: the page has gone, the session waits for it
        self.released = asyncio.Event()  # the session is over, or the page it had went
        self.wake = asyncio.Event()  # a page came back, or the server stops
        self.gone_at: float | None = None  # host.monotonic() when the page went
        self.closing = False
        self.paused_for_page = False  # paused because the page went; resumed when it comes back
        self.task: asyncio.Future[None] | None = None
        self.pending: list[dict[str, Any] | tuple[Any, dict[str, Any]]] = []  # for a page come back
        self.view: dict[str, tuple[Any, dict[str, Any]]] = {}  # the last event of each kind a view shows
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

    # --- the page's socket ------------------------------------------------------------
    def attach(self, channel: Channel, again: bool = False) -> None:
        """This socket carries the session from now on; `again`: a page come back, which is told
        where the session is before anything else."""
        self.channel = channel
        self.gone_at = None
        self.released = asyncio.Event()
        if self.paused_for_page:
            self.paused_for_page = False
            if self.coach.engine is not None and self.coach.state == "paused":
                self._unshown(self.coach.command("resume"))
        if again:
            self.pending = self.snapshot()
        self.wake.set()

    async def carry(self, channel: Channel) -> None:
        """The socket's side: wait while this socket carries the session. The socket's handler
        cancelled (the connection torn down) is the page gone, at once."""
        try:
            await self.released.wait()
        except asyncio.CancelledError:
            if self.channel is channel:
                self.detach()
            raise

    def detach(self) -> None:
        """The page went. A running session pauses until it is back: with nobody watching the
        page, the timer would count steps as done that nobody may be doing (a closed tab)."""
        self.channel = None
        self.gone_at = self.host.monotonic()
        self.released.set()
        if self.coach.engine is not None and self.coach.state == "running":
            self._unshown(self.coach.command("pause"))
            self.paused_for_page = True

    def _unshown(self, events: list[Any]) -> None:
        """Events of the host's own pause while the page is away: kept from every page (the page
        come back is told where the session is by the resumed snapshot)."""
        for event in events:
            if event in self.outbox:
                self.outbox.remove(event)

    def expired(self) -> bool:
        """The server stops, or the page has been gone for the whole grace."""
        gone = self.channel is None and self.gone_at is not None
        return self.closing or (gone and self.host.monotonic() - (self.gone_at or 0.0) >= self.host.grace_s)

    async def end(self) -> None:
        """Stop and save now (the grace is over, or the server stops), and wait for it."""
        self.closing = True
        self.wake.set()
        if self.task is not None and not self.task.done():
            await asyncio.wait([self.task], timeout=CLOSE_S)

    async def send(self, message: dict[str, Any]) -> None:
        if self.channel is not None:
            await self.channel.send(message)

    async def next_message(self, timeout: float) -> object:
        """The page's next message; _NOTHING when none came within `timeout` (or the page went:
        the session then waits for it, detached); _GONE once the grace is over."""
        if self.expired():
            return _GONE
        channel = self.channel
        if channel is None:
            self.wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), timeout)
            return _NOTHING
        message: object
        try:
            message = await channel.receive(timeout)
        except TimeoutError:
            message = None if channel.closed else _NOTHING
        if message is None:
            if self.channel is channel:  # not already gone, nor come back on another socket
                self.detach()
            return _NOTHING
        return message

    def snapshot(self) -> list[dict[str, Any] | tuple[Any, dict[str, Any]]]:
        """Where the session is, for a page come back: the state and the reps done, then the
        current exercise, step, countdown and what it waits for (no voice, no chime again)."""
        from psoas.session.events import Tick

        engine = self.coach.require_engine()
        state = engine.state
        quiet = {"say": None, "chime": None}
        out: list[dict[str, Any] | tuple[Any, dict[str, Any]]] = [
            {"type": "resumed", "running": True, "state": state, "reps": engine.reps_done,
             "session": self.coach.session_id, "progress": round(engine.progress(), 4)}
        ]  # fmt: skip
        if state == "ended":
            if "session_ended" in self.view:
                event, extra = self.view["session_ended"]
                out.append((event, {**extra, **quiet}))
            return out
        for name in ("exercise_started", "step_started"):
            if name in self.view:
                event, extra = self.view[name]
                out.append((event, {**extra, **quiet}))
        step = engine.current_step
        if step is not None:
            remaining = max(0, math.ceil(engine.step_remaining() - 1e-9))
            out.append((Tick(self.coach.clock(), step, remaining), {**quiet, "progress": round(engine.progress(), 4)}))
        if engine.waiting and "waiting" in self.view:
            event, extra = self.view["waiting"]
            out.append((event, {**extra, **quiet}))
        return out

    async def flush(self) -> None:
        """Every event the coach has sent since, in order, with the words and sounds for it
        (after where the session is, for a page come back). Without a page, only kept in view."""
        from psoas.ui.sound import cue_for

        while self.pending and self.channel is not None:
            item = self.pending.pop(0)
            if isinstance(item, dict):
                await self.channel.send(item)
            else:
                await self.channel.send_event(item[0], **item[1])
        while self.outbox:
            event = self.outbox.pop(0)
            extra: dict[str, Any] = {"say": cue_for(event), "chime": chime_for(event), **self.progress(event)}
            name = getattr(event, "name", "")
            if name == "session_started":
                extra["session"] = self.coach.session_id  # for pain after by POST, should the socket be gone
            if name in ("exercise_started", "step_started", "waiting", "session_ended"):
                self.view[name] = (event, extra)
            elif name == "going":
                self.view.pop("waiting", None)
            if self.channel is not None:
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
                await self.send({"type": "refused", "message": str(error)})
                return
            coach.start()
            await self.flush()
            gone = await self.drive()
            if not gone:
                gone = await self.ask_pain_after()
            record = coach.finish()
            await self.flush()
            await self.send({"type": "ended", "session": record.to_json(), **ended_words(record)})
        except Exception as error:  # a bug: said in one line; the session is kept as it stands
            self.host.log(f"the guided session failed: {type(error).__name__}: {error}")
            if self.channel is not None:
                await self.channel.error(SESSION_FAILED)
        finally:
            if coach.engine is not None and coach.state != "ended":  # the server, a bug or a cancel went
                coach.command("stop")
            if self in self.host.sessions:
                self.host.sessions.remove(self)
            self.released.set()

    def wait_s(self) -> float:
        engine = self.coach.require_engine()
        if engine.state == "paused" or engine.waiting:
            return self.host.max_wait_s
        # Wake in time for the end of the current step, in real seconds.
        return min(self.host.max_wait_s, max(0.0005, engine.step_remaining() / self.speed))

    async def drive(self) -> bool:
        """Run until the session ends; True when the page did not come back in time (the session
        is stopped). While the page is away the session goes on; with the camera, nothing is seen."""
        coach = self.coach
        while coach.state != "ended":
            message = await self.next_message(self.wait_s())
            if message is _GONE:
                coach.command("stop")
                await self.flush()
                return True
            if message is not _NOTHING:
                await self.handle(message)
            elif self.channel is None and coach.camera_on:
                self.unseen()
            coach.poll()
            await self.flush()
        return False

    def unseen(self) -> None:
        """No page, no frames: the camera sees nobody (a held countdown waits, as for a person
        out of view)."""
        from psoas.pose.frame import PoseFrame

        self.coach.frame(PoseFrame.empty(self.coach.clock()))

    async def handle(self, message: object) -> None:
        coach = self.coach
        if isinstance(message, CommandMessage):
            coach.command(message.name)
        elif isinstance(message, FrameMessage):
            await self.frame(message.data)
        elif isinstance(message, CameraMessage):
            coach.switch_camera(message.on)
        elif isinstance(message, Start):
            await self.error("a session is already running; stop it first")
        elif isinstance(message, PainAfter):
            await self.error("the session is still running; pain after comes at its end")
        elif isinstance(message, Resume):
            await self.error("this page already has the session")

    async def error(self, text: str) -> None:
        if self.channel is not None:
            await self.channel.error(text)

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
        except (ValueError, TypeError, KeyError) as error:  # parse_frame says "bad camera frame: ..." itself
            text = str(error).splitlines()[0] if str(error) else type(error).__name__
            await self.error(text if text.startswith(BAD_FRAME) else f"{BAD_FRAME}{text}")
            return
        self.coach.frame(replace(frame, t=self.coach.clock()))

    async def ask_pain_after(self) -> bool:
        """The page's pain rating after (from a page come back too); True when the page did not
        come back in time."""
        while True:
            message = await self.next_message(self.host.max_wait_s)
            if message is _GONE:
                return True
            if isinstance(message, PainAfter):
                self.coach.options.pain_after = message.pain
                return False
            if isinstance(message, Start):
                await self.error("answer the pain question (or skip it) before the next session")
            await self.flush()  # where the session is, for a page come back
            # commands, frames and the camera switch after the end change nothing


_NOTHING = object()  # no message in time: only the clock moved
_GONE = object()  # the page did not come back within the grace, or the server stops


def ended_words(record: Any) -> dict[str, Any]:
    """The stored session in words, for the page ("text"), and the advice after "this hurts"."""
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
