"""The coach with a camera, under a fake clock, fed generated pose streams: each case checks the
events and the stored rows."""

from __future__ import annotations

from coach_kit import play

from psoas.coach.camera import COOLDOWN_S, UNSEEN_S
from psoas.coach.events import CameraSwitched, Cue, RepConfirmed
from psoas.coach.texts import UNSEEN
from psoas.pose.frame import PoseFrame
from psoas.pose.synthetic import Spec, generate
from psoas.session.events import Going, RepCompleted, StepStarted, Waiting


def camera_coach(make_coach, *ids: str):  # noqa: ANN001, ANN202
    coach, store, prompts, clock, events = make_coach(*ids, camera=True)
    coach.prepare()
    coach.start()
    return coach, store, clock, events


def of(events, kind) -> list:  # noqa: ANN001
    return [e for e in events if isinstance(e, kind)]


def test_a_bridge_session_follows_the_person_rep_by_rep(make_coach) -> None:
    coach, store, clock, events = camera_coach(make_coach, "glute_bridge")
    frames, _ = generate(Spec("glute_bridge", reps=5, hold_s=4, lead_s=11, rest_s=2), seed=1)
    play(coach, clock, frames)
    record = coach.finish()
    assert record.status == "completed" and len(record.reps) == 5
    confirmed = of(events, RepConfirmed)
    assert [c.rep for c in confirmed] == [1, 2, 3, 4, 5]
    assert all(3.0 <= c.hold_s <= 5.0 for c in confirmed)  # the measured hold, about the 4 s held
    stored = store.sessions.get(coach.session_id).reps
    assert [(r.rep, r.hold_s, r.camera) for r in stored] == [(i, 3.0, True) for i in range(1, 6)]  # the dose's 3 s
    assert [r.camera_hold_s for r in stored] == [c.hold_s for c in confirmed]
    (entry,) = record.exercises()
    assert (entry["reps_done"], entry["camera_reps"], entry["faults"]) == (5, 5, [])


def test_a_hold_broken_pauses_after_the_grace_and_resumes(make_coach) -> None:
    # Cobra's dose holds 15 s; the person holds 9 s, rests 4 s, then holds 9 s again.
    coach, store, clock, events = camera_coach(make_coach, "cobra")
    frames, _ = generate(Spec("cobra", reps=2, hold_s=9, lead_s=11, rest_s=4, move_s=1.0), seed=3)
    play(coach, clock, frames)
    coach.command("stop")
    (rep,) = of(events, RepCompleted)
    waits = [w for w in of(events, Waiting) if w.step.kind == "hold" and w.at < rep.at]  # the first hold
    assert [w.waiting_for for w in waits] == ["hold_position", "back_into_position"]
    (going_back,) = [g for g in of(events, Going) if g.at > waits[1].at]
    assert going_back.waited_s > 3.0  # the rest between the two holds did not count
    assert rep.hold_s == 15.0 and rep.at > going_back.at
    (confirmed,) = of(events, RepConfirmed)
    (stored,) = store.sessions.get(coach.session_id).reps
    assert (stored.rep, stored.hold_s, stored.camera) == (1, 15.0, True)
    assert stored.camera_hold_s == confirmed.hold_s > 15.0  # both holds, with the rest between them


def test_the_wrong_side_is_said_with_the_side_to_put_down(make_coach) -> None:
    coach, store, clock, events = camera_coach(make_coach, "kneeling_hip_stretch")  # left hip first
    frames, _ = generate(Spec("kneeling_hip_stretch", reps=1, hold_s=12, lead_s=11, side="right"), seed=1)
    play(coach, clock, frames)
    coach.command("stop")
    cues = [c for c in of(events, Cue) if c.kind == "side"]
    assert cues and "left knee down" in cues[0].text and "right side" in cues[0].text
    assert of(events, RepCompleted) == [] and store.sessions.get(coach.session_id).reps == ()


def test_another_exercise_is_named_and_the_wanted_one_said(make_coach) -> None:
    coach, store, clock, events = camera_coach(make_coach, "cobra")
    frames, _ = generate(Spec("glute_bridge", reps=3, hold_s=4, lead_s=3), seed=2)
    play(coach, clock, frames)
    coach.command("stop")
    texts = {c.text for c in of(events, Cue) if c.kind == "exercise"}
    assert texts == {"That looks like the Glute Bridge; now: Cobra"}
    assert of(events, RepCompleted) == [] and store.sessions.get(coach.session_id).reps == ()


def test_a_person_lost_is_told_once_and_the_session_goes_on_when_found(make_coach) -> None:
    coach, store, clock, events = camera_coach(make_coach, "glute_bridge")
    frames, _ = generate(Spec("glute_bridge", reps=1, hold_s=4, lead_s=14), seed=4)
    t0 = frames[0].t
    gone = [PoseFrame.empty(f.t, f.aspect) if t0 + 2 <= f.t < t0 + 8 else f for f in frames]
    play(coach, clock, gone)
    unseen = [c for c in of(events, Cue) if c.kind == "unseen"]
    assert [c.text for c in unseen] == [UNSEEN] and 1000 + 2 + UNSEEN_S <= unseen[0].at < 1000 + 8
    assert len(of(events, RepConfirmed)) == 1
    assert [(r.rep, r.camera) for r in store.sessions.get(coach.session_id).reps] == [(1, True)]


def test_a_lasting_fault_gives_exactly_one_cue(make_coach) -> None:
    coach, store, clock, events = camera_coach(make_coach, "glute_bridge")
    sag = "glute_bridge.hips_sagging"
    frames, _ = generate(Spec("glute_bridge", reps=3, hold_s=4, lead_s=11, rest_s=2, faults={0: sag, 1: sag}), seed=5)
    play(coach, clock, frames)
    cues = [c for c in of(events, Cue) if c.kind == "fault"]
    assert [c.code for c in cues] == [sag]  # reps 1 and 2 both sag, well within the cool-down
    assert cues[0].at - 1000 < COOLDOWN_S
    confirmed = of(events, RepConfirmed)
    assert sag in confirmed[0].faults and confirmed[-1].faults == ()
    stored = store.sessions.get(coach.session_id).reps
    assert sag in stored[0].faults and sag in stored[1].faults and stored[2].faults == ()
    assert all(r.camera for r in stored) and sag in coach.finish().exercises()[0]["faults"]


def test_stop_and_this_hurts_in_the_middle_of_a_hold(make_coach) -> None:
    for command, status in (("stop", "stopped"), ("hurt", "hurt")):
        coach, store, clock, events = camera_coach(make_coach, "cobra")
        frames, _ = generate(Spec("cobra", reps=1, hold_s=20, lead_s=11), seed=6)
        in_hold = [f for f in frames if f.t < 11 + 1.5 + 8]
        play(coach, clock, in_hold)
        assert coach.require_engine().current_step.kind == "hold" and not coach.require_engine().waiting
        coach.command(command)
        record = coach.finish()
        assert record.status == status and record.reps == ()
        assert of(events, RepCompleted) == []


def test_c_switches_to_the_timer_alone_and_back(make_coach) -> None:
    coach, store, clock, events = camera_coach(make_coach, "cobra")
    clock.tick(12)
    coach.poll()
    assert coach.require_engine().waiting  # nobody in view: get ready waits for the position
    coach.command("camera")
    assert coach.camera_line().startswith("Camera off") and not coach.require_engine().waiting
    clock.tick(16)
    coach.poll()
    assert len(of(events, RepCompleted)) == 1  # the timer alone ran the first hold
    coach.command("camera")
    assert [e.on for e in of(events, CameraSwitched)] == [False, True]
    assert [s.step.kind for s in of(events, StepStarted)][:2] == ["get_ready", "hold"]


def test_a_start_position_jittering_at_the_rest_level_does_not_end_get_ready() -> None:
    # A lying person whose smoothed progress wanders across the rest level (rest, moving, rest...):
    # not yet on the way up, so "get ready" runs its time; past ENTER it ends at once.
    from psoas.coach.camera import CameraPolicy
    from psoas.pose.counter import ENTER
    from psoas.pose.result import FrameResult
    from psoas.session.plan import Step

    policy = CameraPolicy()
    step = Step("get_ready", "glute_bridge", "Glute Bridge", 10.0)
    policy.step_started(step, 0.0)
    for i in range(60):
        phase, progress = ("rest", 0.28) if i % 3 else ("moving", 0.36)
        policy.observe(FrameResult(i / 30, "glute_bridge", phase, 0.9, progress=progress), i / 30)
        assert not policy.verdict(step, i / 30, i / 30).end_now
    policy.observe(FrameResult(2.0, "glute_bridge", "moving", 0.9, progress=ENTER + 0.05), 2.0)
    assert policy.verdict(step, 2.0, 2.0).end_now


def test_the_same_fault_is_cued_again_after_the_cool_down(make_coach) -> None:
    coach, store, clock, events = camera_coach(make_coach, "glute_bridge")
    sag = "glute_bridge.hips_sagging"
    frames, truth = generate(Spec("glute_bridge", reps=5, hold_s=4, lead_s=11, rest_s=2, faults={0: sag, 4: sag}),
                             seed=5)  # fmt: skip
    assert truth.reps[4].start_s - truth.reps[0].end_s > COOLDOWN_S
    play(coach, clock, frames)
    cues = [c for c in of(events, Cue) if c.kind == "fault"]
    assert [c.code for c in cues] == [sag, sag] and cues[1].at - cues[0].at > COOLDOWN_S
    stored = store.sessions.get(coach.session_id).reps
    assert [sag in r.faults for r in stored] == [True, False, False, False, True]


# --- a rep counts once the hold is completed and the person is back at rest -------------------


def _bridge_rep(seed: int = 7) -> list:
    """One bridge held 8 s (the dose holds 3 s), then lowered, then at rest."""
    frames, _ = generate(Spec("glute_bridge", reps=1, hold_s=8, lead_s=11), seed=seed)
    return frames


def _at_rest_from(frames) -> float:  # noqa: ANN001
    """When the pose engine sees the person back at rest after the rep (frame time)."""
    from psoas.pose.engine import Analyzer

    analyzer = Analyzer(keep_frames=False)
    ended = [f.t for f in frames if any(e.name == "rep_counted" for e in analyzer.update(f).events)]
    return ended[0]


def test_a_hold_completed_then_a_stop_before_the_rest_is_no_rep(make_coach) -> None:
    frames = _bridge_rep()
    rest = _at_rest_from(frames)
    lowering = [f for f in frames if f.t < rest - 0.5]  # held, then on the way down
    for command, status in (("stop", "stopped"), ("hurt", "hurt")):
        coach, store, clock, events = camera_coach(make_coach, "glute_bridge")
        play(coach, clock, lowering)
        (hold,) = [e for e in of(events, StepStarted) if e.step.kind == "hold"]
        assert coach.require_engine().current_step.kind == "move_down"  # the hold's time was up
        assert coach.require_engine().step_elapsed() > 0 and hold.at < clock.now - 3.0
        coach.command(command)
        record = coach.finish()
        assert record.status == status and record.reps == ()
        assert of(events, RepCompleted) == [] and of(events, RepConfirmed) == []
        assert coach.require_engine().reps_done == 0


def test_a_hold_completed_and_the_rest_seen_is_one_rep_confirmed(make_coach) -> None:
    frames = _bridge_rep()
    rest_at = 1000 + _at_rest_from(frames) - frames[0].t
    coach, store, clock, events = camera_coach(make_coach, "glute_bridge")
    play(coach, clock, frames)
    coach.command("stop")
    (rep,) = of(events, RepCompleted)
    (confirmed,) = of(events, RepConfirmed)
    assert rep.at == confirmed.at == rest_at  # counted when the rest was seen, not at the hold's end
    assert events.index(confirmed) == events.index(rep) + 1  # the rep, then the camera's word on it
    assert 7.0 <= confirmed.hold_s <= 9.0 and rep.hold_s == 3.0  # measured 8 s; the dose's 3 s
    (stored,) = store.sessions.get(coach.session_id).reps
    assert (stored.rep, stored.hold_s, stored.camera, stored.camera_hold_s) == (1, 3.0, True, confirmed.hold_s)
    assert coach.require_engine().reps_done == 1


def test_the_camera_switched_off_mid_rep_leaves_the_timer_rule(make_coach) -> None:
    frames = _bridge_rep()
    rest = _at_rest_from(frames)
    for off_at in (11 + 1.5 + 1.0, rest - 0.5):  # in the hold; after it, on the way down
        coach, store, clock, events = camera_coach(make_coach, "glute_bridge")
        play(coach, clock, [f for f in frames if f.t < off_at])
        assert of(events, RepCompleted) == []
        coach.command("camera")
        switched = clock.now
        clock.tick(3)
        coach.poll()
        (rep,) = of(events, RepCompleted)
        hold = [e for e in of(events, StepStarted) if e.step.kind == "hold"][0]
        if hold.at + 3.0 > switched:  # off before the hold's time was up: counted when it is
            assert rep.at == hold.at + 3.0
        else:  # off with the hold done, the rest not yet seen: counted at the switch
            assert rep.at == switched and off_at > 11 + 1.5 + 3.0
        (stored,) = store.sessions.get(coach.session_id).reps
        assert (stored.rep, stored.hold_s, stored.camera) == (1, 3.0, False)
        assert of(events, RepConfirmed) == []


def test_the_last_hold_waits_for_the_rest_before_the_session_ends(make_coach) -> None:
    # Cobra ends on its third hold: the session is completed once the person is back down.
    coach, store, clock, events = camera_coach(make_coach, "cobra")
    frames, _ = generate(Spec("cobra", reps=3, hold_s=17, lead_s=11, rest_s=10, move_s=1.0), seed=3)
    play(coach, clock, frames)
    record = coach.finish()
    assert record.status == "completed"
    assert [(r.rep, r.camera) for r in record.reps] == [(1, True), (2, True), (3, True)]
    last_wait = [w for w in of(events, Waiting) if w.step.rep == 3 and w.step.kind == "hold"][-1]
    assert last_wait.waiting_for == "rest"
    assert of(events, RepCompleted)[-1].at > last_wait.at
