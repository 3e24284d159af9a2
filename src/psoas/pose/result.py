"""What the analysis reports, and its JSON form (the contract other tools read)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from psoas.pose.events import PoseEvent


def _r(x: float, nd: int = 3) -> float:
    return round(float(x), nd)


@dataclass
class FrameResult:
    t: float
    exercise: str | None
    phase: str | None  # rest | moving | hold | None
    confidence: float
    faults: list[str] = field(default_factory=list)
    side: str | None = None
    reps: int = 0
    hold_s: float = 0.0  # time in the current hold so far
    progress: float | None = None
    quality: str = ""  # why the frame was not usable, if it was not
    events: list[PoseEvent] = field(default_factory=list)  # the live events this frame gave

    def to_dict(self) -> dict:
        return {"t": _r(self.t), "exercise": self.exercise, "phase": self.phase,
                "confidence": _r(self.confidence), "faults": list(self.faults)}  # fmt: skip


@dataclass
class RepResult:
    start_s: float
    end_s: float
    hold_s: float
    faults: list[str]
    complete: bool = True

    def to_dict(self) -> dict:
        return {"start_s": _r(self.start_s), "end_s": _r(self.end_s), "hold_s": _r(self.hold_s, 2),
                "faults": list(self.faults)}  # fmt: skip


@dataclass
class Segment:
    exercise: str
    side: str | None
    start_s: float
    end_s: float
    reps: list[RepResult]

    def to_dict(self) -> dict:
        return {"exercise": self.exercise, "side": self.side, "start_s": _r(self.start_s),
                "end_s": _r(self.end_s), "reps": [r.to_dict() for r in self.reps]}  # fmt: skip


@dataclass
class FaultEvent:
    code: str
    exercise: str
    start_s: float
    end_s: float
    message: str

    def to_dict(self) -> dict:
        return {"code": self.code, "exercise": self.exercise, "start_s": _r(self.start_s),
                "end_s": _r(self.end_s), "message": self.message}  # fmt: skip


@dataclass
class Analysis:
    """The whole stream's analysis (`psoas analyze`): the fold of the engine's SegmentEnded events.
    `frames_detail` is empty unless the engine was asked to keep every frame's result."""

    frames: int
    frames_with_person: int
    duration_s: float
    segments: list[Segment]
    faults: list[FaultEvent]
    frames_detail: list[FrameResult]

    def to_dict(self, source: str, kind: str, include_frames: bool) -> dict:
        out = {
            "source": source, "kind": kind, "frames": self.frames,
            "frames_with_person": self.frames_with_person, "duration_s": _r(self.duration_s),
            "segments": [s.to_dict() for s in self.segments],
            "faults": [f.to_dict() for f in self.faults],
        }  # fmt: skip
        if include_frames:
            out["frames_detail"] = [f.to_dict() for f in self.frames_detail]
        return out
