"""Small stream processors, each with one `update` method and its own state.

OneEuroFilter smooths a signal with real timestamps; QualityGate decides whether a frame is
good enough to use; SideChooser picks the side nearer the camera; Debounce turns a noisy
per-frame condition into intervals (in for `on_s`, out for `off_s`, both backdated).
"""

from __future__ import annotations

import math
from collections import deque

from psoas.pose.features import SHOULDER_TO_TORSO
from psoas.pose.frame import LEFT, RIGHT, PoseFrame


class OneEuroFilter:
    """Casiez et al. 2012: a low-pass filter whose cutoff rises with speed."""

    def __init__(self, min_cutoff: float = 1.0, beta: float = 0.0, d_cutoff: float = 1.0) -> None:
        self.min_cutoff, self.beta, self.d_cutoff = min_cutoff, beta, d_cutoff
        self._t: float | None = None
        self._x = 0.0
        self._dx = 0.0

    @staticmethod
    def _alpha(dt: float, cutoff: float) -> float:
        tau = 1.0 / (2 * math.pi * cutoff)
        return 1.0 / (1.0 + tau / dt)

    def update(self, t: float, x: float) -> float:
        if self._t is None or t <= self._t:
            if self._t is None:
                self._x, self._dx = x, 0.0
            self._t = t if self._t is None else self._t
            return self._x
        dt = t - self._t
        self._t = t
        dx = (x - self._x) / dt
        a_d = self._alpha(dt, self.d_cutoff)
        self._dx += a_d * (dx - self._dx)
        cutoff = self.min_cutoff + self.beta * abs(self._dx)
        self._x += self._alpha(dt, cutoff) * (x - self._x)
        return self._x

    @property
    def value(self) -> float:
        return self._x


_INSIDE = (11, 12, 23, 24, 25, 26)  # shoulders, hips and knees must be in the picture
HEIGHT_PER_SCALE = 1 / 0.288  # standing height / body scale S (S >= torso = 0.288 H, Winter 2009)
_TRUNK_AND_LEG = tuple((s["shoulder"], s["hip"], s["knee"], s["ankle"]) for s in (LEFT, RIGHT))
_BONES = ((11, 23), (12, 24), (23, 25), (24, 26), (25, 27), (26, 28))


class QualityGate:
    """Is this frame usable? Visibility with hysteresis, joints in frame, body big enough,
    bone lengths consistent with the recent past.

    In the picture: shoulders, hips and knees (within `edge`). The ankles may lie outside it:
    a lying body filmed from the side often runs out of the picture at the feet, and with the
    knee in the picture MediaPipe only continues the shin past the border. Big enough: the
    body's standing height, from the view-robust body scale S (the largest of torso, thigh,
    shin and 1.1 shoulder widths, see features.py), at least `min_extent` picture heights; a
    bounding box would shrink with the body lying or seen along its length.
    """

    REFRESH = 10  # frames between updates of the median bone lengths (the costliest step)

    def __init__(self, enter_vis: float = 0.5, exit_vis: float = 0.3, min_extent: float = 0.3,
                 bone_tolerance: float = 0.6, memory: int = 45, edge: float = 0.05) -> None:  # fmt: skip
        self.enter_vis, self.exit_vis = enter_vis, exit_vis
        self.edge = edge
        self.min_extent, self.bone_tolerance = min_extent, bone_tolerance
        self._open = False
        self._bones: deque[tuple[float, ...]] = deque(maxlen=memory)
        self._ref: list[float] | None = None  # median bone lengths, refreshed every REFRESH frames
        self._since_ref = 0
        self.reason = "nobody in view"

    def update(self, frame: PoseFrame, lists: tuple[list, list] | None = None) -> bool:
        """`lists` is frame.lists() when the caller already has it."""
        if not frame.present:
            self._open, self.reason = False, "nobody in view"
            return False
        xyz, vis = lists if lists is not None else frame.lists()
        best_side = max((vis[i] + vis[j] + vis[k] + vis[m]) / 4 for i, j, k, m in _TRUNK_AND_LEG)
        threshold = self.exit_vis if self._open else self.enter_vis
        if best_side < threshold:
            self._open, self.reason = False, "body not clearly visible"
            return False
        inside = [v for i in _INSIDE for v in xyz[i][:2]]
        if min(inside) < -self.edge or max(inside) > 1.0 + self.edge:
            self._open, self.reason = False, "body not fully in the picture"
            return False
        a = frame.aspect
        bones = tuple(math.hypot((xyz[i][0] - xyz[j][0]) * a, xyz[i][1] - xyz[j][1]) for i, j in _BONES)
        torso = math.hypot(
            (xyz[11][0] + xyz[12][0] - xyz[23][0] - xyz[24][0]) * a / 2,
            (xyz[11][1] + xyz[12][1] - xyz[23][1] - xyz[24][1]) / 2,
        )
        shoulders = math.hypot((xyz[11][0] - xyz[12][0]) * a, xyz[11][1] - xyz[12][1])
        scale = max(torso, (bones[2] + bones[3]) / 2, (bones[4] + bones[5]) / 2, SHOULDER_TO_TORSO * shoulders)
        if scale * HEIGHT_PER_SCALE < self.min_extent:
            self._open, self.reason = False, "too far from the camera"
            return False
        if len(self._bones) >= 5:
            if self._ref is None or self._since_ref >= self.REFRESH:
                self._ref = [sorted(col)[len(col) // 2] for col in zip(*self._bones, strict=True)]
                self._since_ref = 0
            ref = self._ref
            bad = sum(1 for b, r in zip(bones, ref, strict=True) if r > 0 and abs(b - r) > self.bone_tolerance * r)
            if bad >= 2:
                self.reason = "implausible pose (bone lengths jumped)"
                return False
        self._bones.append(bones)
        self._since_ref += 1
        if len(self._bones) < 5:
            self._ref = None
        self._open, self.reason = True, ""
        return True


_LEFT, _RIGHT = tuple(LEFT.values()), tuple(RIGHT.values())


class SideChooser:
    """The side nearer the camera, by visibility averaged over about `window_s`,
    switching only when the other side is clearly better."""

    def __init__(self, window_s: float = 1.0, margin: float = 0.1) -> None:
        self.window_s, self.margin = window_s, margin
        self.side: str | None = None
        self._left = self._right = 0.5
        self._t: float | None = None

    def update(self, frame: PoseFrame, vis: list | None = None) -> str | None:
        """`vis` is frame.visibility as a list when the caller already has it."""
        if not frame.present:
            return self.side
        if vis is None:
            vis = frame.visibility.tolist()  # type: ignore[union-attr]
        left = sum([vis[i] for i in _LEFT]) / len(_LEFT)
        right = sum([vis[i] for i in _RIGHT]) / len(_RIGHT)
        if self._t is None:
            self._left, self._right = left, right
        else:
            a = 1.0 - math.exp(-max(frame.t - self._t, 0.0) / self.window_s)
            self._left += a * (left - self._left)
            self._right += a * (right - self._right)
        self._t = frame.t
        if self.side is None:
            self.side = "left" if self._left >= self._right else "right"
        elif self.side == "left" and self._right > self._left + self.margin:
            self.side = "right"
        elif self.side == "right" and self._left > self._right + self.margin:
            self.side = "left"
        return self.side


class MajorityDebounce:
    """A fault check on noisy landmarks: on when the condition held in at least `ratio` of
    the frames of the last `window_s`, off when it held in under half that; intervals run
    from the first to the last frame that met the condition."""

    def __init__(self, window_s: float = 0.8, ratio: float = 0.6) -> None:
        self.window_s, self.ratio = window_s, ratio
        self._window: deque[tuple[float, bool]] = deque()
        self._hits = 0
        self.active = False
        self._start: float | None = None
        self._last_true: float | None = None
        self.intervals: list[tuple[float, float]] = []

    def update(self, t: float, condition: bool) -> bool:
        self._window.append((t, condition))
        self._hits += condition
        while self._window and t - self._window[0][0] > self.window_s:
            self._hits -= self._window.popleft()[1]
        share = self._hits / len(self._window)
        full = t - self._window[0][0] >= self.window_s * 0.5
        if not self.active and full and share >= self.ratio:
            self.active = True
            self._start = next((tt for tt, c in self._window if c), t)
        elif self.active and share < self.ratio / 2:
            self._close()
        if condition and share >= self.ratio:
            self._last_true = t  # the interval ends at the last frame still in a majority
        return self.active

    def _close(self) -> None:
        if self.active and self._start is not None:
            self.intervals.append((self._start, max(self._last_true or self._start, self._start)))
        self.active = False
        self._start = None

    def finish(self) -> list[tuple[float, float]]:
        self._close()
        return self.intervals


class Debounce:
    """Turns a per-frame condition into intervals: on after `on_s` true, off after `off_s`
    false; start and end are backdated to the first true and last true frame."""

    def __init__(self, on_s: float = 0.3, off_s: float = 0.3) -> None:
        self.on_s, self.off_s = on_s, off_s
        self.active = False
        self._first_true: float | None = None
        self._last_true: float | None = None
        self.intervals: list[tuple[float, float]] = []

    def update(self, t: float, condition: bool) -> bool:
        if condition:
            if self._first_true is None:
                self._first_true = t
            self._last_true = t
            if not self.active and t - self._first_true >= self.on_s:
                self.active = True
        else:
            if self.active and self._last_true is not None and t - self._last_true >= self.off_s:
                self._close()
            elif not self.active and self._last_true is not None and t - self._last_true >= self.off_s:
                self._first_true = None
        return self.active

    def _close(self) -> None:
        if self.active and self._first_true is not None and self._last_true is not None:
            self.intervals.append((self._first_true, self._last_true))
        self.active = False
        self._first_true = self._last_true = None

    def finish(self) -> list[tuple[float, float]]:
        self._close()
        return self.intervals
