"""Live events of the pose engine, emitted from `Analyzer.update` as they happen.

Times (`at`) are the frame times of the pose stream. `SegmentEnded` carries a finished stretch
of one exercise exactly as `psoas analyze` reports it; `Analysis` is the fold of those.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from psoas.events import EventBase
from psoas.pose.result import Analysis, FaultEvent, FrameResult, Segment


@dataclass(frozen=True)
class PersonFound(EventBase):
    """A usable body is in view again (or for the first time)."""

    name: ClassVar[str] = "person_found"
    at: float


@dataclass(frozen=True)
class PersonLost(EventBase):
    """No usable body for a moment (`at` is the first frame without one); `reason` in words."""

    name: ClassVar[str] = "person_lost"
    at: float
    reason: str


@dataclass(frozen=True)
class ExerciseSeen(EventBase):
    """The recognised exercise is now `exercise` (`previous`: the one before, if any)."""

    name: ClassVar[str] = "exercise_seen"
    at: float
    exercise: str
    previous: str | None


@dataclass(frozen=True)
class ExerciseLost(EventBase):
    """`exercise` is no longer recognised (unsure, or the person left for longer than a gap)."""

    name: ClassVar[str] = "exercise_lost"
    at: float
    exercise: str


@dataclass(frozen=True)
class SideSeen(EventBase):
    """The side the current exercise is done on (kneeling stretch: the back-leg, stretched side)."""

    name: ClassVar[str] = "side_seen"
    at: float
    exercise: str
    side: str


@dataclass(frozen=True)
class HoldStarted(EventBase):
    name: ClassVar[str] = "hold_started"
    at: float
    exercise: str
    side: str | None


@dataclass(frozen=True)
class HoldEnded(EventBase):
    name: ClassVar[str] = "hold_ended"
    at: float
    exercise: str
    side: str | None
    held_s: float


@dataclass(frozen=True)
class RepCounted(EventBase):
    """A rep finished: into the position and back to rest. `count`: reps in this segment so far."""

    name: ClassVar[str] = "rep_counted"
    at: float
    exercise: str
    side: str | None
    count: int
    start_s: float
    end_s: float
    hold_s: float
    faults: tuple[str, ...]
    complete: bool = True


@dataclass(frozen=True)
class FaultStarted(EventBase):
    name: ClassVar[str] = "fault_started"
    at: float
    exercise: str
    code: str
    message: str


@dataclass(frozen=True)
class FaultCleared(EventBase):
    name: ClassVar[str] = "fault_cleared"
    at: float
    exercise: str
    code: str


@dataclass(frozen=True)
class SegmentEnded(EventBase):
    """One exercise's stretch of the stream is over, as the analysis reports it."""

    name: ClassVar[str] = "segment_ended"
    at: float
    segment: Segment
    faults: tuple[FaultEvent, ...]


PoseEvent = (
    PersonFound
    | PersonLost
    | ExerciseSeen
    | ExerciseLost
    | SideSeen
    | HoldStarted
    | HoldEnded
    | RepCounted
    | FaultStarted
    | FaultCleared
    | SegmentEnded
)


class AnalysisFold:
    """Subscriber that folds the live events into what `Analysis` reports: the finished segments
    and their fault intervals. Memory grows with segments, not frames (per-frame results are kept
    only with `keep_frames`, for `psoas analyze --frames`)."""

    def __init__(self, keep_frames: bool = False) -> None:
        self.keep_frames = keep_frames
        self.segments: list[Segment] = []
        self.faults: list[FaultEvent] = []
        self.frames: list[FrameResult] = []

    def __call__(self, event: PoseEvent) -> None:
        if isinstance(event, SegmentEnded):
            self.segments.append(event.segment)
            self.faults.extend(event.faults)

    def frame(self, result: FrameResult) -> None:
        if self.keep_frames:
            self.frames.append(result)

    def analysis(self, frames: int, frames_with_person: int, duration_s: float) -> Analysis:
        faults = sorted(self.faults, key=lambda f: (f.start_s, f.code))
        return Analysis(frames, frames_with_person, duration_s, list(self.segments), faults, list(self.frames))
