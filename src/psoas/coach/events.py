"""Events of the coach itself, beside the session engine's and the pose engine's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Literal

from psoas.events import EventBase

if TYPE_CHECKING:  # the pose engine (numpy) is loaded only by sessions that use the camera
    from psoas.pose.events import PoseEvent
    from psoas.session.events import Event as SessionEvent

Tone = Literal["plain", "advice", "warning", "cue"]


@dataclass(frozen=True)
class Said(EventBase):
    """Something to tell the user in words: the gate's notes, today's advice, a camera notice."""

    name: ClassVar[str] = "said"
    at: float
    text: str
    tone: Tone = "plain"


@dataclass(frozen=True)
class CheckedIn(EventBase):
    """A pain rating, 0-10 (None: not given), before or after the session."""

    name: ClassVar[str] = "checked_in"
    at: float
    when: Literal["before", "after"]
    pain: int | None


@dataclass(frozen=True)
class Cue(EventBase):
    """A coaching cue from the camera: a lasting fault, the wrong side or exercise, not seen."""

    name: ClassVar[str] = "cue"
    at: float
    kind: str  # fault | side | exercise | unseen | position
    text: str
    code: str = ""  # the fault code, for kind "fault"


@dataclass(frozen=True)
class CameraSeen(EventBase):
    """What the camera sees now, for the camera line of a view (sent when it changes)."""

    name: ClassVar[str] = "camera_seen"
    at: float
    visible: bool
    exercise: str | None
    phase: str | None  # rest | moving | hold
    side: str | None
    hold_s: float


@dataclass(frozen=True)
class RepConfirmed(EventBase):
    """The camera saw a rep of the session: the hold done and the return to rest."""

    name: ClassVar[str] = "rep_confirmed"
    at: float
    exercise_id: str
    side: str | None
    rep: int
    hold_s: float  # the hold the camera measured
    faults: tuple[str, ...]


@dataclass(frozen=True)
class CameraSwitched(EventBase):
    """The camera's part switched off (timer alone) or back on (`on`); `reason` in words."""

    name: ClassVar[str] = "camera_switched"
    at: float
    on: bool
    reason: str = ""


CoachEvent = Said | CheckedIn | Cue | CameraSeen | RepConfirmed | CameraSwitched
if TYPE_CHECKING:
    AnyEvent = SessionEvent | PoseEvent | CoachEvent
