"""Rep and hold counting from a smoothed progress signal (0 = start position, 1 = stretch).

Hysteresis: a rep starts counting once progress reaches ENTER and is counted when it comes
back to rest (REST, or just above the person's own start position when it measures higher; a
wobble near either threshold neither starts nor ends a rep).

The hold is one thing, seen live and reported after: the live phase turns to "hold" once the
position is up and has stopped changing (steady), and leaves it when progress falls clearly
below the level held over the last seconds (a slow settling or easing within the hold is
not an exit; a wobble is not either). A rep's hold runs from its first to its last frame in
that phase, so `hold_s` is the span of the frames the analysis marks as `hold`, on hard
cuts (a video built from photos) as on smooth moves.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

ENTER = 0.7
REST = 0.3
HOLD_MIN = 0.75  # never call a hold below this much of the range
MAX_CORRECTION_S = 1.0
ONLINE_BAND = 0.25  # a hold starts within this much of the rep's peak so far ...
# ... and ends when progress falls this far below the level held over the last HOLD_REF_S (at
# least EXIT_BAND, or EXIT_SHARE of that level: a big stretch wobbles more). About twice the
# wobble of a held stretch after smoothing (+-0.15 of the range) and under a fifth of a move.
EXIT_BAND = 0.25
EXIT_SHARE = 0.1
HOLD_REF_S = 2.0
END_BACKDATE_S = 0.25  # a rep's hold may end this much before the last frame shown as hold
SETTLE_S = 0.15
SETTLE_BAND = 0.06
SETTLE_SHARE = 0.04
HOLD_BAND = 0.12  # a hold is within this much of the rep's peak (about 3x the smoothed jitter)
STEADY_S = 0.5  # the position is steady when progress moved less than STEADY_BAND / 2 over this long
STEADY_BAND = 0.25
# The start position as this person measures: a body's build, the camera's height and the
# landmarks' bias put it anywhere in the lower part of the range, not always below REST. Back
# within REST_MARGIN (the smoothed landmark wander, about 0.15 of the range) of the lowest level
# seen at rest is back at rest too, but nothing above half the range ever is.
REST_MARGIN = 0.15
REST_MAX = 0.5
# Frame times are compared with this tolerance: far below any frame interval (5 ms at 200 fps),
# far above the rounding of timestamps in epoch seconds (about 2e-7 s at 1.7e9 s).
TIME_EPS = 1e-4


@dataclass
class Rep:
    start_s: float
    end_s: float
    hold_start_s: float | None
    hold_end_s: float | None
    peak: float
    complete: bool = True  # False when the input ended before the return to rest
    faults: list[str] = field(default_factory=list)

    @property
    def hold_s(self) -> float:
        if self.hold_start_s is None or self.hold_end_s is None:
            return 0.0
        return max(0.0, self.hold_end_s - self.hold_start_s)


def _jitter(samples: list[tuple[float, float]], top: float) -> float:
    """Robust spread (1.4826 x MAD) of the smoothed signal on the plateau: after smoothing,
    noise shows up as a slow wander, so it is measured on the values, not on differences."""
    near = sorted(p for _, p in samples if p >= 0.8 * top)
    if len(near) < 8:
        return 0.0
    mid = near[len(near) // 2]
    dev = sorted(abs(p - mid) for p in near)
    return 1.4826 * dev[len(dev) // 2]


def hold_span(samples: list[tuple[float, float]], band: float = HOLD_BAND, on_s: float = 0.3,
              off_s: float = 1.0) -> tuple[float | None, float | None, float]:  # fmt: skip
    """(start, end, peak) of the hold within one rep's (t, progress) samples: the longest run
    within `band` of the rep's robust peak, gaps under `off_s` bridged, at least `on_s` long."""
    if not samples:
        return None, None, 0.0
    values = sorted(p for _, p in samples)
    top = values[int(0.9 * (len(values) - 1))]  # robust peak: 90th percentile
    band = max(band, 3.0 * _jitter(samples, top))
    level = max(HOLD_MIN, top - band)
    runs: list[list[float]] = []
    for t, p in samples:
        if p >= level:
            if runs and t - runs[-1][1] <= off_s:
                runs[-1][1] = t
            else:
                runs.append([t, t])
    runs = [r for r in runs if r[1] - r[0] >= on_s]
    if not runs:
        return None, None, top
    start, end = max(runs, key=lambda r: r[1] - r[0])
    # A smooth movement creeps through the last part of its range: the threshold is crossed
    # before the position is really reached. For an S-shaped (cosine or minimum-jerk) move,
    # the time still to go from the threshold to the top is fixed by the time it took from
    # half-way to the threshold; take it off each end.
    base = values[0]
    if top - base > 1e-9:
        f = min(max((level - base) / (top - base), 0.5 + 1e-3), 1.0 - 1e-3)
        s_f = math.acos(1 - 2 * f) / math.pi  # progress along the move where the threshold sits
        k = (1 - s_f) / (s_f - 0.5)
        half = base + 0.5 * (top - base)
        up = [t for t, p in samples if t <= start and p <= half]
        down = [t for t, p in samples if t >= end and p <= half]
        if up:
            start = min(start + k * (start - up[-1]), start + MAX_CORRECTION_S)
        if down:
            end = max(end - k * (down[0] - end), end - MAX_CORRECTION_S)
        if end < start:
            start = end = (start + end) / 2
    return start, end, top


class RepCounter:
    """update(t, progress) -> (phase, finished rep or None)."""

    def __init__(self, still: bool = False, min_rep_s: float = 0.8) -> None:
        self.still = still
        self.min_rep_s = min_rep_s
        self.reps: list[Rep] = []
        self._up = False
        self._rest_t: float | None = None
        self._samples: list[tuple[float, float]] = []
        self._peak = 0.0
        self._hold_since: float | None = None
        self._hold_last: float | None = None
        self._hold_firm = 0.0  # last time in the hold at the held level (not on the way down)
        self._held: deque[tuple[float, float]] = deque()  # hold samples of the last HOLD_REF_S
        self._recent: deque[tuple[float, float]] = deque()
        self._floor: float | None = None  # the lowest progress seen while not up
        self.phase: str = "rest"

    @property
    def up(self) -> bool:
        """True from reaching the stretch (ENTER) until the return to rest."""
        return self._up

    @property
    def rest_level(self) -> float:
        """Progress at or below which the person is at rest: REST, or within REST_MARGIN of the
        lowest level their start position measured, never above REST_MAX."""
        if self._floor is None:
            return REST
        return min(max(REST, self._floor + REST_MARGIN), REST_MAX)

    @property
    def steady(self) -> bool:
        """True when the position has stopped changing (form is judged on the held position,
        not on the way into or out of it)."""
        if self.still:
            return True
        if not self._recent or self._recent[-1][0] - self._recent[0][0] < STEADY_S * 0.8 - TIME_EPS:
            return False
        # The means of the window's two halves: landmark noise (a wander of about 0.15 of the
        # range even after smoothing) averages out, a movement still under way does not.
        mid = (self._recent[0][0] + self._recent[-1][0]) / 2
        first = [p for t, p in self._recent if t <= mid]
        second = [p for t, p in self._recent if t > mid]
        if not first or not second:
            return False
        return abs(sum(second) / len(second) - sum(first) / len(first)) <= STEADY_BAND / 2

    @property
    def count(self) -> int:
        return len(self.reps)

    @property
    def hold_elapsed(self) -> float:
        return 0.0 if self._hold_since is None or not self._samples else self._samples[-1][0] - self._hold_since

    def update(self, t: float, p: float) -> tuple[str, Rep | None]:
        if self.still:
            self.phase = "hold" if p >= ENTER else "rest" if p <= REST else "moving"
            return self.phase, None
        done = None
        self._recent.append((t, p))
        while t - self._recent[0][0] > STEADY_S + TIME_EPS:
            self._recent.popleft()
        if not self._up:
            self._floor = p if self._floor is None else min(self._floor, p)
        rest = self.rest_level
        if not self._up:
            if p <= rest or self._rest_t is None:
                self._rest_t = t
                self._samples = []
            self._samples.append((t, p))
            if p >= ENTER:
                self._up, self._peak = True, p
        else:
            self._samples.append((t, p))
            self._peak = max(self._peak, p)
            if p <= rest:
                done = self._close(t, complete=True)
                self._rest_t, self._samples = t, [(t, p)]
        if self._up and self._in_hold(t, p):
            if self.phase != "hold" or p >= self._level() - EXIT_BAND / 2:
                self._hold_firm = t
            self.phase = "hold"
            if self._hold_since is None:
                self._hold_since = t
            self._hold_last = t
            self._held.append((t, p))
            while t - self._held[0][0] > HOLD_REF_S:
                self._held.popleft()
        else:
            if self.phase == "hold" and self._hold_last is not None:
                # The way down began where progress last sat firmly at the held level; the
                # frames after it were still shown as the hold, at most END_BACKDATE_S.
                self._hold_last = max(self._hold_firm, self._hold_last - END_BACKDATE_S, self._hold_since or t)
            self.phase = "rest" if p <= rest else "moving"
            self._held.clear()
            if not self._up:
                self._hold_since = self._hold_last = None
        return self.phase, done

    def _level(self) -> float:
        """The level held over the last HOLD_REF_S (median)."""
        values = sorted(v for _, v in self._held)
        return values[len(values) // 2] if values else 0.0

    def _in_hold(self, t: float, p: float) -> bool:
        if self.phase == "hold" and self._held:
            level = self._level()
            return p >= max(HOLD_MIN - 0.1, level - max(EXIT_BAND, EXIT_SHARE * level))
        return p >= max(HOLD_MIN, self._peak - ONLINE_BAND) and self._settled(t)

    def _settled(self, t: float) -> bool:
        """The rise has stopped: the mean of the last SETTLE_S moved less than SETTLE_BAND (or
        SETTLE_SHARE of the level) from the mean of the SETTLE_S before. Quicker than `steady`
        (a hold starts a few frames after the top, also after a hard cut), looser about noise:
        once in the hold, only a clear fall ends it."""
        # From the newest sample at least 2 SETTLE_S old (at 10 fps: exactly 0.3 s old, whatever
        # the rounding of the frame times; at lower rates the window reaches one frame further).
        older = [i for i, (u, _) in enumerate(self._recent) if u <= t - 2 * SETTLE_S + TIME_EPS]
        if not older:
            return False
        recent = list(self._recent)[older[-1] :]
        last = [v for u, v in recent if u > t - SETTLE_S + TIME_EPS]
        before = [v for u, v in recent if u <= t - SETTLE_S + TIME_EPS]
        if not last or not before:
            return False
        now = sum(last) / len(last)
        return abs(now - sum(before) / len(before)) <= max(SETTLE_BAND, SETTLE_SHARE * now)

    def _close(self, t: float, complete: bool) -> Rep | None:
        self._up = False
        h0, h1 = self._hold_since, self._hold_last
        self._hold_since = self._hold_last = None
        self._held.clear()
        start = self._rest_t if self._rest_t is not None else self._samples[0][0]
        if t - start < self.min_rep_s:
            return None
        if not complete and h0 is None:
            return None
        peak = max(p for _, p in self._samples) if self._samples else 0.0
        rep = Rep(start, t, h0, h1, peak, complete)
        self.reps.append(rep)
        return rep

    def finish(self) -> Rep | None:
        """Close a rep still in progress when the input (or the exercise) ends; counted only if
        it was held. It is incomplete only if the hold was still going: a hold already left
        was followed by the way back down, even if it never reached the rest position."""
        if self._up and self._samples:
            return self._close(self._samples[-1][0], complete=self.phase != "hold")
        return None
