"""The WebSocket /ws: the page's line to the coach during a guided session.

The coach (psoas.coach) runs the session; this module only carries it. Messages are JSON objects
with a "type".

From the page:
    {"type": "start", "check": "no", "pain_before": 3, "speed": 1, "camera": false}
        check: the pre-session check's answer (yes | no | not_sure), or null when the gate says
        none is needed; pain_before: 0-10 or null (skipped). The coach's CoachOptions take them
        as check_answer and pain_before. speed: the session's clock runs this many times faster
        (demos, tests); camera: the page sends pose frames (the coach's camera policy).
    {"type": "command", "name": "pause"}
        pause | resume | toggle_pause | skip | stop | hurt: the coach's commands.
    {"type": "pain_after", "pain": 2}
        0-10 or null, after the session (CoachOptions.pain_after, then coach.finish()).
    {"type": "frame", ...}
        the page's camera: one pose frame's landmarks (read by psoas.web.landmarks.parse_frame),
        for a session started with "camera": true; up to MAX_FRAME_MESSAGE bytes.
    {"type": "camera", "on": false}
        the camera's part off (the timer alone) or on again.
    {"type": "resume"}
        after a hello with "running": true: this socket takes the session that waits for its page.

From the server:
    {"type": "hello", "live": true, "running": false}
                                                 on connecting; live: a session can be run here;
                                                 running: a session waits for its page to come
                                                 back (its socket dropped): send resume
    {"type": "resumed", "running": true, "state": "running", "reps": 3, "session": 7, "progress": 0.4}
                                                 the answer to resume: where the session is (state:
                                                 running | paused | ended, awaiting pain after),
                                                 then its current exercise, step and countdown as
                                                 events; "running": false (with "message") when
                                                 none waits any more
    {"type": "event", "event": {...}, "say": "...", "chime": "start"}
                                                 every coach event, as event.to_json(); "say": what
                                                 the voice says for it, "chime": start | end (a
                                                 hold's), "progress": 0-1 of the session's time
    {"type": "refused", "message": "..."}        the safety gate said no: no session, nothing recorded
    {"type": "ended", "session": {...}, "text": "..."}
                                                 the stored session (SessionRecord.to_json()), in words
    {"type": "error", "message": "..."}          one line; the socket stays open

A `LiveHost` (given to create_app; psoas.web.session_host.SessionHost in `psoas serve`) runs the
sessions: `await host.run(channel, start)` with the start message, sending events through the
channel and reading commands from it (`await channel.receive(timeout)`). When the page goes
away, `channel.receive()` returns None. A host that keeps the session for the page's next socket
(SessionHost: for a grace, then `stopped` with the reps done) also has `async waiting() -> bool`
(said in hello) and `async resume(channel, message)`; both are optional.
"""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING, Annotated, Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

if TYPE_CHECKING:
    from starlette.websockets import WebSocket

# The coach's commands (psoas.coach.coach.COMMANDS), named here so the socket checks them itself.
Command = Literal["pause", "resume", "toggle_pause", "skip", "stop", "hurt"]
Pain = Annotated[int, Field(ge=0, le=10)]
MAX_MESSAGE = 4096  # bytes: the page's messages are a few dozen; anything longer is not from it
# A camera frame: 33 landmarks of 4 numbers and 33 world landmarks of 3, at most about 24
# characters a number as JSON, with a key per number if the page names them: under 16 KiB.
MAX_FRAME_MESSAGE = 32 * 1024


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Start(_Message):
    type: Literal["start"]
    check: Literal["yes", "no", "not_sure"] | None = None
    pain_before: Pain | None = None
    # As `psoas start --speed`: slower than a tenth, a 30 s hold lasts over 5 minutes; faster
    # than 100 times, the page's countdown shows nothing but its end.
    speed: float = Field(default=1.0, ge=0.1, le=100)
    camera: bool = False


class CommandMessage(_Message):
    type: Literal["command"]
    name: Command


class PainAfter(_Message):
    type: Literal["pain_after"]
    pain: Pain | None = None


class CameraMessage(_Message):
    type: Literal["camera"]
    on: bool


class Resume(_Message):
    type: Literal["resume"]


class FrameMessage(_Message):
    """A camera frame as the page sent it; psoas.web.landmarks.parse_frame reads `data`."""

    type: Literal["frame"]
    data: dict[str, Any]


Message = Start | CommandMessage | PainAfter | CameraMessage | Resume
ClientMessage = Annotated[Message, Field(discriminator="type")]
_CLIENT: TypeAdapter[Message] = TypeAdapter(ClientMessage)
AnyMessage = Message | FrameMessage


def parse_message(text: str) -> AnyMessage:
    """A page message, or ValueError with a one-line reason. Only a camera frame may be longer
    than MAX_MESSAGE."""
    size = len(text.encode())
    if size > MAX_FRAME_MESSAGE:
        raise ValueError(f"message too long (at most {MAX_MESSAGE} bytes; a camera frame {MAX_FRAME_MESSAGE})")
    try:
        data = json.loads(text)
    except ValueError:
        raise ValueError("bad message: not JSON") from None
    if isinstance(data, dict) and data.get("type") == "frame":
        return FrameMessage(type="frame", data=data)
    if size > MAX_MESSAGE:
        raise ValueError(f"message too long (at most {MAX_MESSAGE} bytes)")
    try:
        return _CLIENT.validate_python(data, strict=False)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ValueError(f"bad message: {where + ': ' if where else ''}{first['msg']}") from None


class Channel:
    """One page's socket, as the coach's host sees it.

    One reader task takes the page's messages as they come, so that a host can wait for the next
    one with a timeout (the session's clock goes on meanwhile) without ever losing one."""

    def __init__(self, websocket: WebSocket) -> None:
        self.websocket = websocket
        self.closed = False  # the page has gone
        self._inbox: asyncio.Queue[AnyMessage | None] = asyncio.Queue()
        self._reader: asyncio.Task[None] | None = None

    async def send(self, message: dict[str, Any]) -> None:
        if self.closed:
            return
        try:
            await self.websocket.send_json(message)
        except Exception:  # the page went while we spoke: the next receive() says so
            self.closed = True

    async def send_event(self, event: Any, **extra: Any) -> None:
        """A coach event (anything with to_json()), with what a view needs beside it."""
        await self.send({"type": "event", "event": event.to_json(), **extra})

    async def error(self, message: str) -> None:
        await self.send({"type": "error", "message": message})

    async def _read(self) -> None:
        from starlette.websockets import WebSocketDisconnect

        while True:
            try:
                text = await self.websocket.receive_text()
            except WebSocketDisconnect:
                break
            except Exception:  # the connection torn down under it (RuntimeError, the streams closed): gone too
                break
            try:
                message = parse_message(text)
            except ValueError as error:
                await self.error(str(error))
                continue
            self._inbox.put_nowait(message)
        self.closed = True
        self._inbox.put_nowait(None)

    async def receive(self, timeout: float | None = None) -> AnyMessage | None:
        """The next valid message from the page; None once the page has gone. A bad message is
        answered with an error and skipped. With `timeout` (seconds), TimeoutError when nothing
        came in that time."""
        if self._reader is None:
            self._reader = asyncio.ensure_future(self._read())
        if self.closed and self._inbox.empty():
            return None
        if timeout is None:
            return await self._inbox.get()
        return await asyncio.wait_for(self._inbox.get(), timeout)

    def close(self) -> None:
        """The socket's handler is done: whoever still reads this channel hears the page gone."""
        if self._reader is not None:
            self._reader.cancel()
        if not self.closed:
            self.closed = True
            self._inbox.put_nowait(None)


class LiveHost(Protocol):
    """Runs one guided session for one page (the coach's web adapter)."""

    async def run(self, channel: Channel, start: Start) -> None: ...


NO_RESUME = "no session waits for this page; start one"
NOT_YET = "The guided session is not available on the page yet; run it in a terminal with: psoas start"


async def serve_socket(websocket: WebSocket, host: LiveHost | None) -> None:
    """The /ws endpoint: hello, then sessions one after another until the page goes."""
    await websocket.accept()
    channel = Channel(websocket)
    waiting = getattr(host, "waiting", None)
    running = bool(await waiting()) if waiting is not None else False
    await channel.send({"type": "hello", "live": host is not None, "running": running})
    try:
        while True:
            message = await channel.receive()
            if message is None:
                return
            if isinstance(message, Start):
                if host is None:
                    await channel.error(NOT_YET)
                    continue
                await host.run(channel, message)
                if channel.closed:
                    return
            elif isinstance(message, Resume):
                resume = getattr(host, "resume", None)
                if resume is None:
                    await channel.error(NO_RESUME)
                    continue
                await resume(channel, message)
                if channel.closed:
                    return
            elif isinstance(message, FrameMessage | CameraMessage):
                continue  # the camera runs before and after a session too: nothing to do with it
            else:
                await channel.error("no session is running; start one first")
    finally:
        channel.close()
