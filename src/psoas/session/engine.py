"""The session state machine. Pure: time comes from an injected clock, output is events.

Usage: engine = SessionEngine(plan, clock); events = engine.start(); then call
engine.poll() often (and pause/resume/skip/stop/hurt on user input, observe on what the
camera sees); each call returns the events that happened. Time spent paused does not count
toward any step.

A step policy (psoas.session.policy) says what ends a step. The default, TimerPolicy, ends each
step on the clock. Another policy may hold a step's countdown (Waiting ... Going: the held time
does not count either), keep a finished countdown waiting at zero, or end a step at once.

A rep is the hold step's: once its countdown completes, the policy says when the rep counts
(`rep_counts`). The timer counts it at once; the camera once the person is back at rest, so a
completed hold stays pending meanwhile (through lowering and rest), is counted the moment the
policy says so, and is not counted if the session is stopped first or the next hold completes.
The session's last step does not end while its rep is still to be counted.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Literal

from psoas.session.events import (
    Event,
    ExerciseEnded,
    ExerciseStarted,
    Going,
    Paused,
    RepCompleted,
    Resumed,
    SessionEnded,
    SessionStarted,
    SessionStatus,
    StepEnded,
    StepStarted,
    Tick,
    Waiting,
)
from psoas.session.plan import SessionPlan, Step
from psoas.session.policy import StepPolicy, TimerPolicy, Verdict

State = Literal["ready", "running", "paused", "ended"]


class SessionEngine:
    def __init__(self, plan: SessionPlan, clock: Callable[[], float], policy: StepPolicy | None = None) -> None:
        self.plan = plan
        self.policy: StepPolicy = policy or TimerPolicy()
        self.steps: tuple[Step, ...] = plan.steps
        self._exercise_order = [p.exercise.id for p in plan.exercises]
        self._clock = clock
        self.state: State = "ready"
        self.status: SessionStatus | None = None
        self.index = -1
        self._paused_total = 0.0
        self._paused_at: float | None = None
        self._step_start_active = 0.0  # active time (clock minus pauses) when the step began
        self._held_total = 0.0  # active time the current step's countdown was held by the policy
        self._held_since: float | None = None  # active time the countdown has been held since
        self._last_tick: int | None = None
        self.reps_done = 0
        self._pending: Step | None = None  # a hold completed whose rep the policy has not yet counted

    # --- queries for renderers -------------------------------------------------------
    @property
    def current_step(self) -> Step | None:
        return self.steps[self.index] if 0 <= self.index < len(self.steps) else None

    def _active_now(self) -> float:
        now = self._paused_at if self._paused_at is not None else self._clock()
        return now - self._paused_total

    @property
    def waiting(self) -> bool:
        """The current step's countdown is held by the step policy."""
        return self._held_since is not None

    def _elapsed(self, active: float) -> float:
        held = self._held_total + (active - self._held_since if self._held_since is not None else 0.0)
        return active - self._step_start_active - held

    def step_elapsed(self) -> float:
        step = self.current_step
        if step is None:
            return 0.0
        return min(step.duration_s, max(0.0, self._elapsed(self._active_now())))

    def step_remaining(self) -> float:
        step = self.current_step
        return 0.0 if step is None else step.duration_s - self.step_elapsed()

    def progress(self) -> float:
        """Fraction of the session's planned time behind us (skipped steps count as done)."""
        total = self.plan.total_s or 1.0
        if self.status == "completed":
            return 1.0
        done = sum(s.duration_s for s in self.steps[: max(self.index, 0)])
        return min(1.0, (done + self.step_elapsed()) / total)

    # --- commands ---------------------------------------------------------------------
    def start(self) -> list[Event]:
        if self.state != "ready":
            return []
        self.state = "running"
        now = self._clock()
        events: list[Event] = [SessionStarted(now, tuple(self._exercise_order), len(self.steps), self.plan.total_s)]
        if not self.steps:
            return events + self._end("completed", now)
        self._step_start_active = self._active_now()
        return events + self._enter(0, now)

    def poll(self) -> list[Event]:
        if self.state != "running":
            return []
        events: list[Event] = []
        while self.state == "running":
            events += self._settle(self._clock())
            step = self.steps[self.index]
            active = self._active_now()
            verdict = self.policy.verdict(step, min(step.duration_s, self._elapsed(active)), self._clock())
            if self.index == len(self.steps) - 1 and self._rep_open(step):
                # the session ends only once its last rep is counted: the countdown waits at zero
                verdict = Verdict(runs=verdict.runs, may_end=False, waiting_for=verdict.waiting_for or "rest")
            if verdict.end_now:
                events += self._finish_step(active + self._paused_total, skipped=False, step_end_active=active)
                continue
            if self._held_since is not None:
                left = self._elapsed(active) < step.duration_s
                if (verdict.runs and left) or (verdict.may_end and not left):  # at zero: nothing to run
                    events += self._release(active)
                    continue  # it may also be over now
                break
            step_end_active = self._step_start_active + self._held_total + step.duration_s
            if active >= step_end_active:
                if not verdict.may_end:  # the countdown waits at zero
                    events += self._hold(step_end_active, verdict.waiting_for or "position")
                    break
                # Completed: stamp events at the moment the step ended, even when polled late.
                at = step_end_active + self._paused_total
                events += self._finish_step(at, skipped=False, step_end_active=step_end_active)
                continue
            if not verdict.runs:
                events += self._hold(active, verdict.waiting_for or "position")
            break
        if self.state == "running":
            events += self._maybe_tick()
        return events

    def observe(self, observation: object) -> list[Event]:
        """What the camera sees now, for the step policy; returns what follows from it."""
        if self.state != "running":
            return []
        self.policy.observe(observation, self._clock())
        return self.poll()

    def _rep_open(self, step: Step) -> bool:
        """A rep of this session is still to be counted: one pending, or the step's own."""
        if self._pending is not None:
            return True
        return step.counts_as_rep and not self.policy.rep_counts(step, self._clock())

    def _settle(self, at: float) -> list[Event]:
        """The pending rep, counted if the policy says it counts now."""
        step = self._pending
        if step is None or not self.policy.rep_counts(step, self._clock()):
            return []
        self._pending = None
        self.reps_done += 1
        return [RepCompleted(at, step.exercise_id, step.side, step.rep, step.duration_s)]

    def _hold(self, at_active: float, waiting_for: str) -> list[Event]:
        self._held_since = at_active
        return [Waiting(at_active + self._paused_total, self.steps[self.index], waiting_for)]

    def _release(self, active: float) -> list[Event]:
        assert self._held_since is not None
        waited = active - self._held_since
        self._held_total += waited
        self._held_since = None
        return [Going(active + self._paused_total, self.steps[self.index], waited)]

    def toggle_pause(self) -> list[Event]:
        return self.resume() if self.state == "paused" else self.pause()

    def pause(self) -> list[Event]:
        if self.state != "running":
            return []
        events = self.poll()  # settle anything that finished before the key press
        if self.state != "running":
            return events
        self._paused_at = self._clock()
        self.state = "paused"
        return events + [Paused(self._paused_at)]

    def resume(self) -> list[Event]:
        if self.state != "paused" or self._paused_at is None:
            return []
        now = self._clock()
        paused_s = now - self._paused_at
        self._paused_total += paused_s
        self._paused_at = None
        self.state = "running"
        return [Resumed(now, paused_s)]

    def skip(self) -> list[Event]:
        """Skip the current step (a skipped hold is not counted as a rep)."""
        events = self.resume() if self.state == "paused" else self.poll()
        if self.state != "running":
            return events
        now = self._clock()
        return events + self._finish_step(now, skipped=True, step_end_active=self._active_now())

    def stop(self) -> list[Event]:
        """The user quits: what was done is kept, the session is `stopped`."""
        return self._interrupt("stopped")

    def hurt(self) -> list[Event]:
        """'This hurts': end the exercise and the session, status `hurt`."""
        return self._interrupt("hurt")

    # --- internals --------------------------------------------------------------------
    def _interrupt(self, status: SessionStatus) -> list[Event]:
        if self.state in ("ready", "ended"):
            return []
        events = self.poll() if self.state == "running" else []
        if self.state == "ended":
            return events
        now = self._clock()
        step = self.steps[self.index]
        events.append(StepEnded(now, step, self.index, skipped=True))
        events.append(ExerciseEnded(now, step.exercise_id))
        return events + self._end(status, now)

    def _finish_step(self, at: float, skipped: bool, step_end_active: float) -> list[Event]:
        step = self.steps[self.index]
        events: list[Event] = [StepEnded(at, step, self.index, skipped)]
        if step.counts_as_rep and not skipped:
            self._pending = step  # replaces one never counted: its return to rest was not seen
            events += self._settle(at)
        next_index = self.index + 1
        leaving_exercise = next_index >= len(self.steps) or self.steps[next_index].exercise_id != step.exercise_id
        if leaving_exercise:
            events.append(ExerciseEnded(at, step.exercise_id))
        if next_index >= len(self.steps):
            # reaching the end by skipping every rep is not a session done (no streak for it)
            has_reps = any(s.counts_as_rep for s in self.steps)
            return events + self._end("completed" if self.reps_done or not has_reps else "stopped", at)
        self._step_start_active = step_end_active
        return events + self._enter(next_index, at)

    def _enter(self, index: int, at: float) -> list[Event]:
        previous = self.steps[self.index] if self.index >= 0 else None
        self.index = index
        step = self.steps[index]
        self._last_tick = None
        self._held_total, self._held_since = 0.0, None
        self.policy.step_started(step, self._clock())
        events: list[Event] = []
        if previous is None or previous.exercise_id != step.exercise_id:
            position = self._exercise_order.index(step.exercise_id)
            events.append(
                ExerciseStarted(at, step.exercise_id, step.exercise_name, position, len(self._exercise_order))
            )
        next_step = self.steps[index + 1] if index + 1 < len(self.steps) else None
        events.append(StepStarted(at, step, index, next_step))
        return events

    def _maybe_tick(self) -> list[Event]:
        step = self.steps[self.index]
        remaining = math.ceil(self.step_remaining() - 1e-9)
        if remaining <= 0 or remaining == self._last_tick:
            return []
        self._last_tick = remaining
        return [Tick(self._clock(), step, remaining)]

    def _end(self, status: SessionStatus, at: float) -> list[Event]:
        self._pending = None  # a hold whose rep was not counted in time is not a rep
        self.state = "ended"
        self.status = status
        return [SessionEnded(at, status)]
