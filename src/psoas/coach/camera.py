"""The camera's part in a session: a step policy driven by what the pose engine sees, and the
watch that turns pose events into cues, the camera line and confirmed reps.

Times are the coach's clock. Each limit below has its reason beside it.
"""

from __future__ import annotations

from typing import Any

from psoas.coach.events import CameraSeen, Cue, RepConfirmed
from psoas.coach.texts import UNSEEN, WRONG_EXERCISE, WRONG_SIDE
from psoas.pose.counter import ENTER
from psoas.pose.events import ExerciseSeen, FaultCleared, FaultStarted, PersonFound, PersonLost, RepCounted, SideSeen
from psoas.pose.result import FrameResult
from psoas.session.events import RepCompleted, SessionEnded, StepStarted, Waiting
from psoas.session.plan import Step
from psoas.session.policy import GO, Verdict

# Out of the hold this long before its countdown pauses: adjusting the position or a wobble
# takes about a second; longer, the person has come out of the stretch.
GRACE_S = 1.5
# Unseen this long before "I can't see you": long enough to walk back to the mat and lie down
# in view, short enough that a person who is out of the picture hears it within a few seconds.
UNSEEN_S = 4.0
# Another exercise or side must be seen this long before it is said: recognition settles within
# about a second (score smoothing and hysteresis), and moving between positions passes through
# postures that look briefly like another exercise.
WRONG_S = 2.0
# A form fault must last this long to be cued: the fault debounce already needs about half a
# second of majority; a second more keeps a passing fault on the way into the hold unsaid.
FAULT_S = 1.0
# The same cue is not repeated within this time: about one rep with its rest.
COOLDOWN_S = 20.0


class CameraPolicy:
    """Steps follow the camera: get ready ends once the start position is seen, a lift once the
    hold is seen, the hold's countdown runs while it is held (pausing after GRACE_S out of it),
    lowering and rest end once the person is back at rest. A rep counts once its hold is
    completed and the person is seen back at rest after it. `enabled` False: the timer alone."""

    def __init__(self) -> None:
        self.enabled = True
        self.visible = False
        self.exercise: str | None = None
        self.phase: str | None = None
        self.side: str | None = None  # the side the pose engine settled on (SideSeen)
        self.hold_s = 0.0
        self.rising = False  # on the way up: past the counter's ENTER level, or holding
        self._step: Step | None = None
        self._out_since: float | None = None
        self._held = False  # the hold was seen during this step
        self._rested = False  # back at rest (or a rep counted) during this step
        self._rep_step: Step | None = None  # the latest hold step started
        self._back = False  # seen back at rest since the hold of `_rep_step` was last seen

    def _right(self, step: Step) -> bool:
        if self.exercise != step.exercise_id:
            return False
        return step.side is None or self.side == step.side

    def step_started(self, step: Step, now: float) -> None:
        self._step = step
        self._held = False
        self._out_since = None
        self._rested = self._step_is_right_and("rest", step)
        if step.kind == "hold":
            self._rep_step, self._back = step, False

    def rep_counts(self, step: Step, now: float) -> bool:
        if not self.enabled:
            return True  # the timer's rule: the hold's time is up
        return step == self._rep_step and self._back

    def _step_is_right_and(self, phase: str, step: Step) -> bool:
        return self._right(step) and self.phase == phase

    def observe(self, observation: object, now: float) -> None:
        if not isinstance(observation, FrameResult):
            return
        result = observation
        for event in result.events:
            if isinstance(event, PersonFound):
                self.visible = True
            elif isinstance(event, PersonLost):
                self.visible = False
            elif isinstance(event, ExerciseSeen):
                self.side = None
            elif isinstance(event, SideSeen):
                self.side = event.side
            elif isinstance(event, RepCounted) and event.complete:
                self._rested = True
                if self._rep_step is not None and event.exercise == self._rep_step.exercise_id:
                    self._back = True
        self.exercise, self.phase, self.hold_s = result.exercise, result.phase, result.hold_s
        if self._rep_step is not None and self.exercise == self._rep_step.exercise_id:
            if self.phase == "hold":
                self._back = False
            elif self.phase == "rest":
                self._back = True
        # A jitter across the rest level is not a start: on the way up means past ENTER.
        self.rising = self.phase == "hold" or (self.phase == "moving" and (result.progress or 0.0) >= ENTER)
        step = self._step
        if step is None:
            return
        if self._right(step) and self.phase == "hold":
            self._held, self._out_since = True, None
        elif self._out_since is None:
            self._out_since = now
        if self._right(step) and self.phase == "rest":
            self._rested = True

    def verdict(self, step: Step, elapsed_s: float, now: float) -> Verdict:
        if not self.enabled:
            return GO
        right = self._right(step)
        moving = right and self.rising
        if step.kind in ("get_ready", "switch_sides"):
            if moving and self._rested:  # already on the way up: follow the person
                return Verdict(end_now=True)
            return Verdict(may_end=right, waiting_for="position")
        if step.kind == "move_up":
            if right and self.phase == "hold":
                return Verdict(end_now=True)
            return Verdict(may_end=False, waiting_for="hold_position")
        if step.kind == "hold":
            if right and self.phase == "hold":
                return GO
            if self._held and self._out_since is not None and now - self._out_since <= GRACE_S:
                return GO
            return Verdict(runs=False, waiting_for="back_into_position" if self._held else "hold_position")
        if step.kind == "move_down":
            return Verdict(end_now=True) if self._rested else Verdict(may_end=False, waiting_for="rest")
        # rest: over once back at rest and the time is up, or at once when already going up again
        if self._rested and moving and self.phase == "hold":
            return Verdict(end_now=True)
        return Verdict(may_end=self._rested, waiting_for="rest")


class Watch:
    """Subscriber to the session stream and reader of the pose results: says the cues (each
    once per COOLDOWN_S), keeps the camera line, measures the session's reps and confirms them
    (`confirm`, asked by the coach for each rep counted)."""

    def __init__(self, policy: CameraPolicy, names: dict[str, str]) -> None:
        self.policy = policy
        self.names = names  # exercise id -> display name
        self.step: Step | None = None
        self.running = True
        self._rep_step: Step | None = None  # the latest hold step: the rep being measured
        self._measured: list[RepCounted] = []  # the camera's reps of it (a hold broken and resumed: several)
        self._longest_s = 0.0  # its longest hold seen so far (for a rest the pose counter did not count)
        self._faults: dict[str, tuple[float, str, str]] = {}  # code -> (since, exercise, message)
        self._unseen_since: float | None = None
        self._wrong_since: dict[str, float] = {}
        self._said: dict[tuple[str, str], float] = {}
        self._shown: tuple[Any, ...] | None = None
        self.last_seen: CameraSeen | None = None
        self.last_cue: Cue | None = None
        self.waiting_for = ""

    def __call__(self, event: object) -> None:
        if isinstance(event, StepStarted):
            self.step = event.step
            self._wrong_since.clear()
            if event.step.kind == "hold":
                self._rep_step, self._measured, self._longest_s = event.step, [], 0.0
        elif isinstance(event, Waiting):
            self.waiting_for = event.waiting_for
        elif isinstance(event, RepCounted) and event.complete and self._rep_step is not None:
            if event.exercise == self._rep_step.exercise_id:
                self._measured.append(event)
        elif isinstance(event, SessionEnded):
            self.running = False

    def confirm(self, rep: RepCompleted, now: float) -> RepConfirmed | None:
        """The camera's word on a rep the session just counted: with the camera on, the rep
        counted because its hold was completed and the person seen back at rest (the step
        policy's rule), so it is confirmed, with the hold measured and the faults seen in it."""
        measured, longest = self._measured, self._longest_s
        self._measured, self._longest_s = [], 0.0
        if not self.policy.enabled:
            return None  # counted on the timer alone
        held = sum(r.hold_s for r in measured) if measured else longest
        faults = tuple(dict.fromkeys(code for r in measured for code in r.faults))
        return RepConfirmed(now, rep.exercise_id, rep.side, rep.rep, held, faults)

    def update(self, result: FrameResult, now: float) -> list[object]:
        out: list[object] = []
        if self._rep_step is not None and result.exercise == self._rep_step.exercise_id:
            self._longest_s = max(self._longest_s, result.hold_s)
        for event in result.events:
            if isinstance(event, FaultStarted):
                self._faults[event.code] = (now, event.exercise, event.message)
            elif isinstance(event, FaultCleared):
                self._faults.pop(event.code, None)
        if self._unseen_since is None and not self.policy.visible:
            self._unseen_since = now
        elif self.policy.visible:
            self._unseen_since = None
        if self.policy.enabled and self.running and self.step is not None:
            out += self._cues(result, now, self.step)
        seen = CameraSeen(now, self.policy.visible, result.exercise, result.phase, self.policy.side,
                          round(result.hold_s))  # fmt: skip
        shown = (seen.visible, seen.exercise, seen.phase, seen.side, seen.hold_s)
        if shown != self._shown:
            self._shown = shown
            self.last_seen = seen
            out.append(seen)
        for said in out:
            if isinstance(said, Cue):
                self.last_cue = said
        return out

    def _cue(self, now: float, kind: str, text: str, code: str = "") -> list[object]:
        key = (kind, code or text)
        if now - self._said.get(key, -COOLDOWN_S - 1) < COOLDOWN_S:
            return []
        self._said[key] = now
        return [Cue(now, kind, text, code)]

    def _lasting(self, key: str, now: float, condition: bool) -> bool:
        if not condition:
            self._wrong_since.pop(key, None)
            return False
        return now - self._wrong_since.setdefault(key, now) >= WRONG_S

    def _cues(self, result: FrameResult, now: float, step: Step) -> list[object]:
        if self._unseen_since is not None and now - self._unseen_since >= UNSEEN_S:
            return self._cue(now, "unseen", UNSEEN)
        out: list[object] = []
        seen = result.exercise
        wanted = self.names.get(step.exercise_id, step.exercise_id)
        if self._lasting("exercise", now, seen is not None and seen != step.exercise_id):
            assert seen is not None
            text = WRONG_EXERCISE.format(seen=self.names.get(seen, seen), wanted=wanted)
            out += self._cue(now, "exercise", text, seen)
        side = self.policy.side
        wrong_side = step.side is not None and seen == step.exercise_id and side is not None and side != step.side
        if self._lasting("side", now, wrong_side):
            setup = step.side_setup or f"the {step.side} side"
            out += self._cue(now, "side", WRONG_SIDE.format(seen=side, wanted=step.side, setup=setup), str(side))
        if step.kind not in ("move_up", "hold", "move_down"):
            return out  # form is judged in the movement and the hold, not while setting up
        for code, (since, exercise, message) in self._faults.items():
            if exercise == step.exercise_id and now - since >= FAULT_S:
                out += self._cue(now, "fault", message, code)
        return out
