"""The page's camera frames: `{"type": "frame", ...}` over /ws, read into a PoseFrame.

The page runs MediaPipe's PoseLandmarker on its own video (psoas/web/static/js/camera.js) and
sends only what it found, never a picture:

    {"type": "frame",
     "t_ms": 12345.6,                 # the video frame's own time, milliseconds (>= 0)
     "width": 640, "height": 480,     # the picture's size in pixels
     "landmarks": [[x, y, z, visibility], ... 33],   # normalised: x, y in picture widths/heights
     "world": [[x, y, z], ... 33],                   # metres, origin between the hips, y down
     "seq": 17}                       # optional: the page's frame counter (not used by the coach)

Nobody in view: "landmarks" and "world" are null (or left out). Landmarks without world
landmarks are accepted (world null); world landmarks without landmarks are not. The order is
MediaPipe's 33 pose landmarks (psoas.pose.frame.LANDMARK_NAMES), as the Python side has them.

Every number must be finite and every list exactly as long as said; anything else is refused
with a one-line ValueError and nothing reaches the coach. Keeping time monotonic (and putting
frames on the coach's clock) is the host's job: `t` here is the frame's own time in seconds.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, Strict, ValidationError

from psoas.pose.frame import NUM_LANDMARKS, PoseFrame

# Normalised x and y: MediaPipe predicts body parts just outside the picture (a foot cut off by
# the frame's edge), within its region of interest around the person; a value more than one
# picture's size outside it is not from the estimator.
NORMALISED = Annotated[float, Strict(), Field(ge=-1.0, le=2.0, allow_inf_nan=False)]
# z is relative depth on about the same scale as x (MediaPipe: "roughly the scale of x"): a body
# is never ten picture widths deep.
DEPTH = Annotated[float, Strict(), Field(ge=-10.0, le=10.0, allow_inf_nan=False)]
VISIBILITY = Annotated[float, Strict(), Field(ge=0.0, le=1.0, allow_inf_nan=False)]
# World landmarks are metres from the point between the hips: a hand raised overhead is about
# 1.3 m from it on a tall person; 3 m leaves room for the estimator's errors and no more.
METRES = Annotated[float, Strict(), Field(ge=-3.0, le=3.0, allow_inf_nan=False)]
# A browser's video frame time: from the page's start, in milliseconds; a week is far more than
# any session (and keeps the float's millisecond precision exact).
T_MS = Annotated[float, Strict(), Field(ge=0.0, le=7 * 24 * 3600 * 1000.0, allow_inf_nan=False)]
# Webcams give up to 4K (3840 x 2160); 8192 leaves room and refuses nonsense.
PIXELS = Annotated[int, Strict(), Field(ge=1, le=8192)]

Landmark = tuple[NORMALISED, NORMALISED, DEPTH, VISIBILITY]
WorldLandmark = tuple[METRES, METRES, METRES]


class FrameMessage(BaseModel):
    """The frame message, checked; `parse_frame` turns it into a PoseFrame."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)

    type: Literal["frame"]
    t_ms: T_MS
    width: PIXELS
    height: PIXELS
    landmarks: Annotated[list[Landmark], Field(min_length=NUM_LANDMARKS, max_length=NUM_LANDMARKS)] | None = None
    world: Annotated[list[WorldLandmark], Field(min_length=NUM_LANDMARKS, max_length=NUM_LANDMARKS)] | None = None
    seq: Annotated[int, Strict(), Field(ge=0)] | None = None  # the page's frame counter (its own measures)

    def to_frame(self) -> PoseFrame:
        aspect = self.width / self.height
        t = self.t_ms / 1000.0
        if self.landmarks is None:
            return PoseFrame.empty(t, aspect)
        points = np.asarray(self.landmarks, dtype=np.float64)
        world = None if self.world is None else np.asarray(self.world, dtype=np.float64)
        return PoseFrame(t, points[:, :3], points[:, 3], aspect, world)


def _reason(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    return f"bad camera frame: {where + ': ' if where else ''}{first['msg']}"


def parse_frame(message: dict[str, Any]) -> PoseFrame:
    """The page's frame message as a PoseFrame (t in seconds of the video's own time), or
    ValueError with a one-line reason."""
    if not isinstance(message, dict):
        raise ValueError("bad camera frame: not a JSON object")
    try:
        checked = FrameMessage.model_validate(message)
    except ValidationError as error:
        raise ValueError(_reason(error)) from None
    if checked.world is not None and checked.landmarks is None:
        raise ValueError("bad camera frame: world landmarks without landmarks")
    return checked.to_frame()
