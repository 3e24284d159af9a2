"""The pose analysis engine: fed one PoseFrame at a time, numpy/plain Python only.

    analyzer = Analyzer(subscribers=[print])  # subscribers get every live event as it happens
    for frame in source:
        result = analyzer.update(frame)     # FrameResult: exercise, phase, reps, hold timer, faults,
                                            # and result.events: this frame's live events
    analysis = analyzer.finish()            # segments, reps with holds, fault intervals

Live events (psoas.pose.events): person found/lost, exercise seen/lost, side seen, hold
started/ended, rep counted, fault started/cleared, segment ended. `Analysis` is the fold of the
segment-ended events (AnalysisFold), so memory does not grow with the number of frames unless
`keep_frames` asks for every frame's result (psoas analyze --frames).

Pipeline per frame: quality gate -> features -> side choice -> per-exercise posture scores
-> smoothed scores with hysteresis (exercise or unsure) -> segment -> one-euro smoothed
progress -> rep/hold counter -> form rules -> debounced fault intervals.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from operator import itemgetter

from psoas.pose.counter import Rep, RepCounter
from psoas.pose.events import (
    AnalysisFold,
    ExerciseLost,
    ExerciseSeen,
    FaultCleared,
    FaultStarted,
    HoldEnded,
    HoldStarted,
    PersonFound,
    PersonLost,
    PoseEvent,
    RepCounted,
    SegmentEnded,
    SideSeen,
)
from psoas.pose.faults import FormRules
from psoas.pose.features import compute
from psoas.pose.filters import Debounce, MajorityDebounce, OneEuroFilter, QualityGate, SideChooser
from psoas.pose.frame import PoseFrame
from psoas.pose.recognize import EXERCISES, progress_range, score_all
from psoas.pose.result import Analysis, FaultEvent, FrameResult, RepResult, Segment

SCORE_TAU_S = 0.3  # smoothing of the per-exercise scores
ENTER_SCORE = 0.5  # a label needs this smoothed score ...
MARGIN = 0.15  # ... and this lead over the runner-up (else: unsure)
KEEP_SCORE = 0.35  # the current label stays while its score is above this
GAP_S = 1.5  # a segment survives this long without its exercise (dropouts, wobbles)
SIDE_SWITCH_S = 1.5  # a new kneeling side must last this long to start a new segment
MIN_SEGMENT_S = 1.0  # shorter segments without a rep are dropped as noise
FILTER = {"min_cutoff": 0.8, "beta": 0.02}  # one-euro on the progress angle (degrees)
# A usable body missing this long is "lost": one bad frame (a blur, a mislabelled limb) is not.
# Half a second is about the time a person takes to step or lean out of the picture.
LOST_S = 0.5

Subscriber = Callable[[PoseEvent], None]


class _SegmentState:
    def __init__(self, exercise: str, t: float, still: bool) -> None:
        self.exercise = exercise
        self.start = self.last = t
        self.filter = OneEuroFilter(**FILTER)
        self.counter = RepCounter(still=still)
        self.rules = FormRules(exercise)
        self.debounce = {
            code: Debounce(on_s=0.0, off_s=0.0) if still else MajorityDebounce() for code in self.rules.codes
        }
        # Rules with a `stalled_s` param also fire outside a hold: staying that long in the start
        # position with the rule's condition met is a stretch attempted without the key movement
        # (a half-kneel held without pressing the hips forward).
        self.stalled = {
            code: Debounce(on_s=params["stalled_s"], off_s=0.5)
            for code, _, params in self.rules.rules
            if "stalled_s" in params and not still
        }
        self.sides: Counter[str] = Counter()
        self.side_pending: tuple[str, float] | None = None
        # what the live events have said so far
        self.said_side: str | None = None
        self.hold_since: float | None = None
        self.faults_on: list[str] = []

    @property
    def side(self) -> str | None:
        return self.sides.most_common(1)[0][0] if self.sides else None


def _merge(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


class Analyzer:
    """Stream processor over pose frames. `still=True` analyses a single photo: no smoothing,
    no timing, phase from thresholds."""

    def __init__(self, still: bool = False, keep_frames: bool = True, subscribers: Iterable[Subscriber] = ()) -> None:
        self.still = still
        self.gate = QualityGate(bone_tolerance=math.inf if still else 0.6)
        self.sides = SideChooser()
        self.scores = dict.fromkeys(EXERCISES, 0.0)
        self.label: str | None = None
        self.current: _SegmentState | None = None
        self.fold = AnalysisFold(keep_frames)
        self._subscribers: list[Subscriber] = [self.fold, *subscribers]
        self._events: list[PoseEvent] = []
        self._seen = False  # a usable body in view, as the live events last said
        self._unusable_since: float | None = None
        self._said_label: str | None = None
        self.n_frames = self.n_person = 0
        self._t0: float | None = None
        self._t_prev: float | None = None
        self._dts: list[float] = []

    def subscribe(self, subscriber: Subscriber) -> None:
        self._subscribers.append(subscriber)

    @property
    def frames(self) -> list[FrameResult]:
        """Every frame's result so far (empty unless `keep_frames`)."""
        return self.fold.frames

    def _emit(self, event: PoseEvent) -> None:
        self._events.append(event)

    def _flush(self) -> list[PoseEvent]:
        events, self._events = self._events, []
        for event in events:
            for subscriber in self._subscribers:
                subscriber(event)
        return events

    # -- per frame -------------------------------------------------------------------------
    def update(self, frame: PoseFrame) -> FrameResult:
        t = frame.t
        self.n_frames += 1
        if self._t0 is None:
            self._t0 = t
        dt = 0.0 if self._t_prev is None else max(t - self._t_prev, 0.0)
        if self._t_prev is not None and len(self._dts) < 1000:
            self._dts.append(dt)
        self._t_prev = t
        if frame.present:
            self.n_person += 1
        lists = frame.lists() if frame.present else None  # converted once, read by every step
        ok = self.gate.update(frame, lists)
        self._person(t, ok)
        postures = None
        if ok:
            feats = compute(frame, lists)
            near = self.sides.update(frame, lists[1])  # type: ignore[index]
            postures = score_all(feats, near)
        a = 1.0 if self.still else 1.0 - math.exp(-dt / SCORE_TAU_S) if dt > 0 else 1.0
        scores = self.scores
        for e in EXERCISES:
            raw = postures[e].score if postures is not None else 0.0
            scores[e] += a * (raw - scores[e])
        self.label = self._decide() if ok else (self.label if self._in_gap(t) else None)
        seg = self._segment_for(t, postures)
        self._label_events(t)
        if ok and postures is not None and self.label is not None and seg is not None:
            posture = postures[self.label]
            seg.last = t
            if posture.side is not None:
                seg.sides[posture.side] += 1
            angle = posture.angle if self.still else seg.filter.update(t, posture.angle)
            rest, hold = progress_range(self.label)
            progress = (angle - rest) / (hold - rest)
            phase, done = seg.counter.update(t, progress)
            held = phase == "hold" and seg.counter.steady
            raw_faults = seg.rules.check(feats, posture, None if held else seg.rules.always)
            active = [c for c, d in seg.debounce.items() if d.update(t, c in raw_faults)]
            if seg.stalled:
                outside = seg.rules.check(feats, posture, seg.stalled) if not seg.counter.up else []
                active += [c for c, d in seg.stalled.items() if d.update(t, c in outside) and c not in active]
            if posture.side is not None and seg.side != seg.said_side and seg.side is not None:
                seg.said_side = seg.side
                self._emit(SideSeen(t, seg.exercise, seg.side))
            self._hold_events(seg, t, phase == "hold")
            self._fault_events(seg, t, active)
            if done is not None:
                self._rep_event(seg, done)
            result = FrameResult(
                t=t, exercise=self.label, phase=phase, confidence=self.scores[self.label], faults=active,
                side=posture.side, reps=seg.counter.count, hold_s=seg.counter.hold_elapsed, progress=progress,
            )  # fmt: skip
        else:
            confidence = 1.0 - max(scores.values()) if ok else 0.0
            result = FrameResult(t=t, exercise=None, phase=None, confidence=confidence, quality=self.gate.reason)
            if seg is not None:
                for d in (*seg.debounce.values(), *seg.stalled.values()):
                    d.update(t, False)
                result.reps = seg.counter.count
                on = [c for c, d in seg.debounce.items() if d.active]
                self._fault_events(seg, t, on + [c for c, d in seg.stalled.items() if d.active and c not in on])
        self.fold.frame(result)
        result.events = self._flush()
        return result

    # -- live events -----------------------------------------------------------------------
    def _person(self, t: float, ok: bool) -> None:
        if ok:
            self._unusable_since = None
            if not self._seen:
                self._seen = True
                self._emit(PersonFound(t))
            return
        if self._unusable_since is None:
            self._unusable_since = t
        if self._seen and (self.still or t - self._unusable_since >= LOST_S):
            self._seen = False
            self._emit(PersonLost(self._unusable_since, self.gate.reason))

    def _label_events(self, t: float) -> None:
        if self.label == self._said_label:
            return
        previous, self._said_label = self._said_label, self.label
        if self.label is None:
            assert previous is not None
            self._emit(ExerciseLost(t, previous))
        else:
            self._emit(ExerciseSeen(t, self.label, previous))

    def _hold_events(self, seg: _SegmentState, t: float, holding: bool) -> None:
        if holding and seg.hold_since is None:
            seg.hold_since = t
            self._emit(HoldStarted(t, seg.exercise, seg.said_side))
        elif not holding and seg.hold_since is not None:
            self._emit(HoldEnded(t, seg.exercise, seg.said_side, t - seg.hold_since))
            seg.hold_since = None

    def _fault_events(self, seg: _SegmentState, t: float, active: list[str]) -> None:
        if active == seg.faults_on:
            return
        for code in seg.faults_on:
            if code not in active:
                self._emit(FaultCleared(t, seg.exercise, code))
        for code in active:
            if code not in seg.faults_on:
                self._emit(FaultStarted(t, seg.exercise, code, seg.rules.messages[code]))
        seg.faults_on = list(active)

    def _rep_event(self, seg: _SegmentState, rep: Rep) -> None:
        # the faults seen in its hold so far: intervals closed, or still going
        codes = tuple(
            code
            for code, d in seg.debounce.items()
            if d.active or any(a <= rep.end_s and b >= rep.start_s for a, b in d.intervals)
        )
        self._emit(
            RepCounted(rep.end_s, seg.exercise, seg.said_side, seg.counter.count, rep.start_s, rep.end_s,
                       rep.hold_s, codes, rep.complete)
        )  # fmt: skip

    def _decide(self) -> str | None:
        ranked = sorted(self.scores.items(), key=itemgetter(1), reverse=True)
        (best, s1), (_, s2) = ranked[0], ranked[1]
        if self.label is not None and self.scores[self.label] >= KEEP_SCORE and self.scores[self.label] >= s1 - MARGIN:
            return self.label
        if s1 >= ENTER_SCORE and s1 - s2 >= MARGIN:
            return best
        return None

    def _in_gap(self, t: float) -> bool:
        return self.current is not None and t - self.current.last <= GAP_S and not self.still

    def _segment_for(self, t: float, postures) -> _SegmentState | None:
        cur = self.current
        if cur is not None and (self.label not in (None, cur.exercise) or t - cur.last > GAP_S):
            self._close()
            cur = None
        if cur is not None and self.label == cur.exercise and postures is not None:
            side = postures[cur.exercise].side
            if side is not None and cur.sides and side != cur.side and cur.sides.total() > 30:
                if cur.side_pending is None or cur.side_pending[0] != side:
                    cur.side_pending = (side, t)
                elif t - cur.side_pending[1] >= SIDE_SWITCH_S:
                    self._close()
                    cur = None
            else:
                cur.side_pending = None
        if cur is None and self.label is not None:
            cur = self.current = _SegmentState(self.label, t, self.still)
        return cur

    def _close(self) -> None:
        seg, self.current = self.current, None
        if seg is None:
            return
        t = seg.last
        self._hold_events(seg, t, False)
        self._fault_events(seg, t, [])
        unfinished = seg.counter.finish()
        if unfinished is not None:
            self._rep_event(seg, unfinished)
        if not self.still and seg.counter.count == 0 and seg.last - seg.start < MIN_SEGMENT_S:
            return  # too short to be more than noise
        in_hold = {code: d.finish() for code, d in seg.debounce.items()}
        stalled = {code: d.finish() for code, d in seg.stalled.items()}
        intervals = {code: _merge(spans + stalled.get(code, [])) for code, spans in in_hold.items()}
        reps = []
        for rep in seg.counter.reps:
            # a rep carries the faults seen in its hold; a stalled start position is no rep's
            codes = [c for c, spans in in_hold.items() if any(a <= rep.end_s and b >= rep.start_s for a, b in spans)]
            reps.append(RepResult(rep.start_s, rep.end_s, rep.hold_s, codes, rep.complete))
        side = seg.side if seg.exercise == "kneeling_hip_stretch" else None
        faults = tuple(
            FaultEvent(code, seg.exercise, a, b, seg.rules.messages[code])
            for code, spans in intervals.items()
            for a, b in spans
        )
        self._emit(SegmentEnded(t, Segment(seg.exercise, side, seg.start, seg.last, reps), faults))

    # -- at the end ------------------------------------------------------------------------
    def finish(self) -> Analysis:
        """Close what is open (its events go to the subscribers) and return the whole analysis."""
        self._close()
        if self._said_label is not None:
            self._emit(ExerciseLost(self._t_prev if self._t_prev is not None else 0.0, self._said_label))
            self._said_label = None
        self._flush()
        duration = 0.0
        if self._t0 is not None and self._t_prev is not None:
            step = sorted(self._dts)[len(self._dts) // 2] if self._dts else 0.0
            duration = self._t_prev - self._t0 + (0.0 if self.still else step)
        return self.fold.analysis(self.n_frames, self.n_person, duration)
