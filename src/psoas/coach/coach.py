"""The coach: one session from the safety gate to the record, for every front end.

    coach = Coach(store, prompts, clock, options)
    coach.subscribe(view)                 # the terminal, the plain log, the voice, a WebSocket...
    coach.prepare()                       # gate (may raise Refused), today's plan, pain before, record
    coach.start()
    while coach.state != "ended":         # a loop (psoas.coach.loop) feeds it:
        coach.command("pause")            #   user commands,
        coach.frame(pose_frame)           #   pose frames (the camera),
        coach.poll()                      #   and the passing of time
    record = coach.finish()               # pain after; the stored session

Every call returns the events it caused, and every subscriber gets each of them, in order.
The coach records the session itself (a SessionRecorder on the same stream). I/O goes only
through its ports: the store, the prompts and the clock (psoas.coach.ports).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from psoas.coach.events import CheckedIn, Said, Tone
from psoas.coach.gate import run_gate
from psoas.coach.ports import Clock, Now, Prompts, SessionStore
from psoas.errors import UserError
from psoas.safety import Answer, Screening
from psoas.session.engine import SessionEngine
from psoas.session.events import RepCompleted, SessionStatus
from psoas.session.plan import SessionPlan, plan_session
from psoas.session.policy import StepPolicy

if TYPE_CHECKING:
    from psoas.coach.events import AnyEvent

    Subscriber = Callable[[AnyEvent], None]
PAIN_QUESTION = "Pain in your back or hips {when}, 0 (none) to 10 (worst)? Enter to skip: "
CUE_SHOWN_S = 8.0  # a cue stays on the screen this long: time to read a sentence twice
PAIN_RETRY = "Please type a whole number from 0 to 10, or press Enter to skip."


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class CoachOptions:
    exercises: Sequence[Any]  # library Exercises, in the order asked for
    interactive: bool = False  # a person can answer questions (a terminal, a browser)
    check_answer: Answer | None = None  # the pre-session check, answered beforehand (--session-check)
    checkin: bool = True  # ask the pain ratings (when interactive and not given)
    pain_before: int | None = None
    pain_after: int | None = None
    camera: bool = False  # pose frames drive the steps (CameraPolicy) and give cues


def ask_pain(ask: Callable[[str], str], say: Callable[[str], None], when: str) -> int | None:
    """The 0-10 check-in; Enter (or no answer at all) skips. Re-asks until the answer is valid."""
    while True:
        try:
            answer = ask(PAIN_QUESTION.format(when=when)).strip()
        except EOFError:
            return None
        if not answer:
            return None
        if answer.isdigit() and 0 <= int(answer) <= 10:
            return int(answer)
        say(PAIN_RETRY)


from psoas.session.runner import COMMANDS  # noqa: E402


class Coach:
    def __init__(
        self,
        store: SessionStore,
        prompts: Prompts,
        clock: Clock,
        options: CoachOptions,
        *,
        now: Now = _utc_now,
        screening: Screening | None = None,
        policy: StepPolicy | None = None,
    ) -> None:
        self.store = store
        self.prompts = prompts
        self.clock = clock
        self.options = options
        self._now = now
        self._screening = screening
        self._policy = policy
        self._subscribers: list[Subscriber] = []
        self.plan: SessionPlan | None = None
        self.engine: SessionEngine | None = None
        self.session_id: int | None = None
        self._analyzer: Any = None
        self.watch: Any = None  # psoas.coach.camera.Watch, in a camera session

    # --- the stream -------------------------------------------------------------------
    def subscribe(self, subscriber: Subscriber) -> None:
        self._subscribers.append(subscriber)

    def emit(self, events: Sequence[AnyEvent]) -> list[AnyEvent]:
        events = list(events)
        for event in events:
            for subscriber in list(self._subscribers):
                subscriber(event)
        return events

    def _session(self, events: Sequence[AnyEvent]) -> list[AnyEvent]:
        """The session engine's events, each rep the camera saw followed by its confirmation."""
        if self.watch is None:
            return self.emit(events)
        out: list[AnyEvent] = []
        for event in events:
            out += self.emit([event])
            if isinstance(event, RepCompleted):
                confirmed = self.watch.confirm(event, self.clock())
                if confirmed is not None:
                    out += self.emit([confirmed])
        return out

    def say(self, text: str, tone: Tone = "plain") -> None:
        self.emit([Said(self.clock(), text, tone)])

    # --- before the session -----------------------------------------------------------
    def prepare(self) -> SessionPlan:
        """The safety gate (raises Refused: nothing recorded), today's pain-gated doses and
        their advice, the pain rating before, then the session's record is opened.

        The one-question safety check is asked before every interactive session, even without
        the pain check-ins: it is what keeps red flags out."""
        from psoas.progress.progression import build_plan
        from psoas.store.recorder import SessionRecorder

        options = self.options
        try:
            decision = run_gate(
                self.store, options.exercises, interactive=options.interactive, check_answer=options.check_answer,
                ask=self.prompts.ask, say=self.say, now=self._now(), screening=self._screening,
            )  # fmt: skip
        except EOFError:
            raise UserError("safety questions not answered; no session started") from None
        today = build_plan(self.store.sessions.all(), decision.exercises, self._now())
        for text in today.advice:
            self.say(text, "advice")
        plan = plan_session(decision.exercises, doses=today.doses())
        pain = options.pain_before
        if pain is None and options.interactive and options.checkin:
            pain = ask_pain(self.prompts.ask, self.say, "right now")
        doses_used = {p.exercise.id: p.dose.model_dump(exclude={"source"}) for p in plan.exercises}
        self.session_id = self.store.sessions.begin(pain, plan={"doses": doses_used})
        self.emit([CheckedIn(self.clock(), "before", pain)])
        self.plan = plan
        policy = self._policy
        if options.camera:
            from psoas.coach.camera import CameraPolicy, Watch
            from psoas.pose.engine import Analyzer

            camera = policy if isinstance(policy, CameraPolicy) else CameraPolicy()
            policy = camera
            self._analyzer = Analyzer(keep_frames=False)
            from psoas.library import load_library

            self.watch = Watch(camera, {e.id: e.name for e in load_library()})
            self._subscribers.insert(0, self.watch)
        self.engine = SessionEngine(plan, self.clock, policy)
        self._subscribers.insert(0, SessionRecorder(self.store.sessions, self.session_id))
        return plan

    # --- the session --------------------------------------------------------------------
    def require_engine(self) -> SessionEngine:
        if self.engine is None:
            raise RuntimeError("prepare() the coach first")
        return self.engine

    @property
    def state(self) -> str:
        return self.require_engine().state

    @property
    def status(self) -> SessionStatus | None:
        return self.require_engine().status

    def start(self) -> list[AnyEvent]:
        return self._session(self.require_engine().start())

    def poll(self) -> list[AnyEvent]:
        return self._session(self.require_engine().poll())

    def command(self, name: str) -> list[AnyEvent]:
        """pause, resume, toggle_pause, skip, stop, hurt ("this hurts"), or camera (switch to
        the timer alone and back, in a camera session)."""
        if name == "camera":
            return self.switch_camera()
        if name not in COMMANDS:
            raise ValueError(f"unknown command {name!r}")
        return self._session(getattr(self.require_engine(), name)())

    # --- the camera ---------------------------------------------------------------------
    @property
    def camera_on(self) -> bool:
        return self.watch is not None and self.watch.policy.enabled

    def frame(self, frame: Any) -> list[AnyEvent]:
        """One PoseFrame from the camera: the pose engine's events, the cues, then the steps."""
        engine = self.require_engine()
        if self._analyzer is None or engine.state == "ended":
            return []
        result = self._analyzer.update(frame)
        events = self.emit(result.events)
        events += self.emit(self.watch.update(result, self.clock()))
        return events + self._session(engine.observe(result))

    def switch_camera(self, on: bool | None = None, reason: str = "") -> list[AnyEvent]:
        """The camera's part off (timer alone) or on again; a camera that failed is switched off."""
        from psoas.coach.events import CameraSwitched
        from psoas.coach.texts import CAMERA_OFF, CAMERA_ON

        if self.watch is None:
            return []
        policy = self.watch.policy
        policy.enabled = (not policy.enabled) if on is None else on
        text = CAMERA_ON if policy.enabled else reason or CAMERA_OFF
        events = self.emit([CameraSwitched(self.clock(), policy.enabled, text)])
        return events + self.poll()

    def camera_line(self) -> str | None:
        """What the camera sees now, in a line (None without a camera)."""
        from psoas.coach.texts import PHASES

        if self.watch is None:
            return None
        if not self.watch.policy.enabled:
            return "Camera off (timer only; c: camera on)"
        seen = self.watch.last_seen
        if seen is None or not seen.visible:
            return "Camera: nobody in view"
        if seen.exercise is None:
            return "Camera: no exercise recognised"
        name = self.watch.names.get(seen.exercise, seen.exercise)
        parts = [name, PHASES.get(seen.phase or "", "")]
        if seen.side:
            parts.append(f"{seen.side} side")
        if seen.phase == "hold":
            parts.append(f"{seen.hold_s} s")
        return "Camera: " + ", ".join(p for p in parts if p)

    def camera_lines(self) -> list[str] | None:
        """For a view's camera block: [what a held countdown waits for, what the camera sees, the
        latest cue while it is fresh], "" where there is none; None without a camera."""
        if self.watch is None:
            return None
        cue = self.watch.last_cue
        fresh = cue is not None and self.clock() - cue.at < CUE_SHOWN_S and self.watch.policy.enabled
        return [self.waiting_text() or "", self.camera_line() or "", cue.text if cue is not None and fresh else ""]

    def waiting_text(self) -> str | None:
        """What a held countdown waits for, in words (None when it runs)."""
        from psoas.coach.texts import waiting_text

        engine = self.require_engine()
        step = engine.current_step
        if not engine.waiting or step is None or self.watch is None:
            return None
        return waiting_text(self.watch.waiting_for, step.exercise_name)

    # --- after -------------------------------------------------------------------------
    def finish(self) -> Any:
        """The pain rating after (asked when interactive), then the stored session record."""
        assert self.session_id is not None
        pain = self.options.pain_after
        if pain is None and self.options.interactive and self.options.checkin:
            pain = ask_pain(self.prompts.ask, self.say, "now, after the session")
        if pain is not None:
            self.store.sessions.set_pain_after(self.session_id, pain)
        self.emit([CheckedIn(self.clock(), "after", pain)])
        return self.store.sessions.get(self.session_id)
