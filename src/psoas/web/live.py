"""The WebSocket /ws: the page's line to the coach during a guided session.

The coach (psoas.coach) runs the session; this module only carries it. Messages are JSON objects
with a "type".

From the page:
    {"type": "start", "check": "no", "pain_before": 3, "speed": 1}
        check: the pre-session check's answer (yes | no | not_sure), or null when the gate says
        none is needed; pain_before: 0-10 or null (skipped). The coach's CoachOptions take them
        as check_answer and pain_before.
    {"type": "command", "name": "pause"}
        pause | resume | toggle_pause | skip | stop | hurt: the coach's commands.
    {"type": "pain_after", "pain": 2}
        0-10 or null, after the session (CoachOptions.pain_after, then coach.finish()).

From the server:
    {"type": "hello", "live": true}              on connecting; live: a session can be run here
    {"type": "event", "event": {...}}            every coach event, as event.to_json()
    {"type": "ended", "session": {...}}          the stored session (SessionRecord.to_json())
    {"type": "error", "message": "..."}          one line; the socket stays open

A `LiveHost` (given to create_app) runs the sessions: `await host.run(channel, start)` with the
start message, sending events through the channel and reading commands from it. When the page
goes away, `channel.receive()` returns None: the host then stops the session (saved as
`stopped` with the reps done).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

if TYPE_CHECKING:
    from starlette.websockets import WebSocket

# The coach's commands (psoas.coach.coach.COMMANDS), named here so the socket checks them itself.
Command = Literal["pause", "resume", "toggle_pause", "skip", "stop", "hurt"]
Pain = Annotated[int, Field(ge=0, le=10)]
MAX_MESSAGE = 4096  # bytes: the page's messages are a few dozen; anything longer is not from it


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Start(_Message):
    type: Literal["start"]
    check: Literal["yes", "no", "not_sure"] | None = None
    pain_before: Pain | None = None
    speed: float = Field(default=1.0, gt=0, le=100)


class CommandMessage(_Message):
    type: Literal["command"]
    name: Command


class PainAfter(_Message):
    type: Literal["pain_after"]
    pain: Pain | None = None


ClientMessage = Annotated[Start | CommandMessage | PainAfter, Field(discriminator="type")]
_CLIENT: TypeAdapter[Start | CommandMessage | PainAfter] = TypeAdapter(ClientMessage)


def parse_message(text: str) -> Start | CommandMessage | PainAfter:
    """A page message, or ValueError with a one-line reason."""
    if len(text.encode()) > MAX_MESSAGE:
        raise ValueError(f"message too long (at most {MAX_MESSAGE} bytes)")
    try:
        return _CLIENT.validate_json(text)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ValueError(f"bad message: {where + ': ' if where else ''}{first['msg']}") from None


class Channel:
    """One page's socket, as the coach's host sees it."""

    def __init__(self, websocket: WebSocket) -> None:
        self.websocket = websocket
        self.closed = False

    async def send(self, message: dict[str, Any]) -> None:
        if not self.closed:
            await self.websocket.send_json(message)

    async def send_event(self, event: Any) -> None:
        """A coach event (anything with to_json())."""
        await self.send({"type": "event", "event": event.to_json()})

    async def error(self, message: str) -> None:
        await self.send({"type": "error", "message": message})

    async def receive(self) -> Start | CommandMessage | PainAfter | None:
        """The next valid message from the page; None once the page has gone. A bad message is
        answered with an error and skipped."""
        from starlette.websockets import WebSocketDisconnect

        while not self.closed:
            try:
                text = await self.websocket.receive_text()
            except (WebSocketDisconnect, RuntimeError):
                self.closed = True
                return None
            try:
                return parse_message(text)
            except ValueError as error:
                await self.error(str(error))
        return None


class LiveHost(Protocol):
    """Runs one guided session for one page (the coach's web adapter)."""

    async def run(self, channel: Channel, start: Start) -> None: ...


NOT_YET = "The guided session is not available on the page yet; run it in a terminal with: psoas start"


async def serve_socket(websocket: WebSocket, host: LiveHost | None) -> None:
    """The /ws endpoint: hello, then sessions one after another until the page goes."""
    await websocket.accept()
    channel = Channel(websocket)
    await channel.send({"type": "hello", "live": host is not None})
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
        else:
            await channel.error("no session is running; start one first")
