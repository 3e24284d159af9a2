"""The canonical pose frame: 33 MediaPipe-ordered landmarks, visibility, a timestamp and, when the
estimator gives them, world landmarks in metres."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

NUM_LANDMARKS = 33
LANDMARK_NAMES = (
    "nose", "left_eye_inner", "left_eye", "left_eye_outer", "right_eye_inner", "right_eye",
    "right_eye_outer", "left_ear", "right_ear", "mouth_left", "mouth_right",
    "left_shoulder", "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist",
    "left_pinky", "right_pinky", "left_index", "right_index", "left_thumb", "right_thumb",
    "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle",
    "left_heel", "right_heel", "left_foot_index", "right_foot_index",
)  # fmt: skip
IDX = {name: i for i, name in enumerate(LANDMARK_NAMES)}
NOSE = 0
# Per body side: (shoulder, elbow, wrist, hip, knee, ankle, heel, foot_index, ear)
LEFT = {"shoulder": 11, "elbow": 13, "wrist": 15, "hip": 23, "knee": 25, "ankle": 27,
        "heel": 29, "foot": 31, "ear": 7}  # fmt: skip
RIGHT = {"shoulder": 12, "elbow": 14, "wrist": 16, "hip": 24, "knee": 26, "ankle": 28,
         "heel": 30, "foot": 32, "ear": 8}  # fmt: skip
SIDES = {"left": LEFT, "right": RIGHT}
# Landmark permutation that swaps every left landmark with its right twin.
SWAP_LR = np.array([0, 4, 5, 6, 1, 2, 3, 8, 7, 10, 9] + [i + (1 if i % 2 else -1) for i in range(11, 33)])
# Skeleton edges for drawing (MediaPipe's body connections without the face mesh).
EDGES = (
    (11, 12), (11, 13), (13, 15), (12, 14), (14, 16), (11, 23), (12, 24), (23, 24),
    (23, 25), (25, 27), (27, 29), (29, 31), (27, 31), (24, 26), (26, 28), (28, 30), (30, 32), (28, 32),
    (0, 7), (0, 8),
)  # fmt: skip


@dataclass(frozen=True, eq=False)
class PoseFrame:
    """One moment of one person, or nobody (`xyz is None`).

    xyz: (33, 3) float array, x and y normalised to the image width and height (y down),
    z relative depth as MediaPipe gives it. visibility: (33,) in [0, 1]. t: seconds.
    aspect: image width / height, so that x * aspect and y share one unit.
    world: (33, 3) float array or None: MediaPipe's world landmarks, in metres, origin halfway
    between the hips, y down (the estimator's 3D body, independent of the camera's distance).
    """

    t: float
    xyz: np.ndarray | None = None
    visibility: np.ndarray | None = None
    aspect: float = 1.0
    world: np.ndarray | None = None

    def __post_init__(self) -> None:
        if not math.isfinite(self.t):
            raise ValueError(f"frame time must be a finite number, got {self.t!r}")
        if not (math.isfinite(self.aspect) and self.aspect > 0):
            raise ValueError(f"aspect must be a positive number, got {self.aspect!r}")
        if self.xyz is None:
            if self.visibility is not None or self.world is not None:
                raise ValueError("visibility or world landmarks given without landmarks")
            return
        xyz = np.asarray(self.xyz, dtype=np.float64)
        if xyz.shape != (NUM_LANDMARKS, 3):
            raise ValueError(f"landmarks must have shape (33, 3), got {xyz.shape}")
        vis = np.ones(NUM_LANDMARKS) if self.visibility is None else np.asarray(self.visibility, dtype=np.float64)
        if vis.shape != (NUM_LANDMARKS,):
            raise ValueError(f"visibility must have shape (33,), got {vis.shape}")
        if not (np.isfinite(xyz).all() and np.isfinite(vis).all()):
            raise ValueError("landmarks and visibility must be finite numbers")
        object.__setattr__(self, "xyz", xyz)
        object.__setattr__(self, "visibility", np.clip(vis, 0.0, 1.0))
        if self.world is not None:
            world = np.asarray(self.world, dtype=np.float64)
            if world.shape != (NUM_LANDMARKS, 3):
                raise ValueError(f"world landmarks must have shape (33, 3), got {world.shape}")
            if not np.isfinite(world).all():
                raise ValueError("world landmarks must be finite numbers")
            object.__setattr__(self, "world", world)

    @property
    def present(self) -> bool:
        return self.xyz is not None

    @classmethod
    def empty(cls, t: float, aspect: float = 1.0) -> PoseFrame:
        return cls(t=t, aspect=aspect)

    @classmethod
    def from_flat(cls, t: float, values, aspect: float = 1.0) -> PoseFrame:
        """From 132 numbers: 33 x (x, y, z, visibility), MediaPipe order."""
        arr = np.asarray(values, dtype=np.float64)
        if arr.shape != (NUM_LANDMARKS * 4,):
            raise ValueError(f"expected 132 numbers (33 landmarks x 4), got {arr.size}")
        arr = arr.reshape(NUM_LANDMARKS, 4)
        return cls(t=t, xyz=arr[:, :3], visibility=arr[:, 3], aspect=aspect)

    def to_flat(self) -> np.ndarray:
        if self.xyz is None or self.visibility is None:
            raise ValueError("an empty frame has no landmarks")
        return np.concatenate([self.xyz, self.visibility[:, None]], axis=1).reshape(-1)

    def lists(self) -> tuple[list, list]:
        """(xyz, visibility) as plain Python lists. The engine converts each frame once and hands
        the lists to every per-frame step: float arithmetic on a few landmarks is much faster on
        Python floats than on numpy scalars or tiny arrays."""
        if self.xyz is None or self.visibility is None:
            raise ValueError("an empty frame has no landmarks")
        return self.xyz.tolist(), self.visibility.tolist()

    def points(self) -> np.ndarray:
        """(33, 2) isotropic image-plane points with y pointing UP (x * aspect, -y)."""
        if self.xyz is None:
            raise ValueError("an empty frame has no landmarks")
        out = np.empty((NUM_LANDMARKS, 2))
        out[:, 0] = self.xyz[:, 0] * self.aspect
        out[:, 1] = -self.xyz[:, 1]
        return out

    def swapped(self) -> PoseFrame:
        """The same frame with left and right landmark labels exchanged."""
        if self.xyz is None or self.visibility is None:
            return self
        world = None if self.world is None else self.world[SWAP_LR]
        return PoseFrame(self.t, self.xyz[SWAP_LR], self.visibility[SWAP_LR], self.aspect, world)

    def with_aspect(self, aspect: float) -> PoseFrame:
        """The same frame (world landmarks included) for a picture of another aspect."""
        return PoseFrame(self.t, self.xyz, self.visibility, aspect, self.world)
