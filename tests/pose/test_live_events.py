"""The pose engine's live events from `update`, and `Analysis` as their fold."""

from __future__ import annotations

from psoas.pose.engine import Analyzer
from psoas.pose.events import (
    ExerciseLost,
    ExerciseSeen,
    FaultCleared,
    FaultStarted,
    HoldEnded,
    HoldStarted,
    PersonFound,
    PersonLost,
    RepCounted,
    SegmentEnded,
    SideSeen,
)
from psoas.pose.frame import PoseFrame
from psoas.pose.synthetic import Spec, generate

KNEEL_FAULT = "kneeling_hip_stretch.torso_leaning"


def run(frames, **options):
    events = []
    analyzer = Analyzer(subscribers=[events.append], **options)
    per_frame = [e for frame in frames for e in analyzer.update(frame).events]
    return analyzer, analyzer.finish(), events, per_frame


def kinds(events, kind):
    return [e for e in events if isinstance(e, kind)]


def test_a_stream_gives_exercise_side_holds_reps_and_faults_as_they_happen():
    frames, truth = generate(Spec("kneeling_hip_stretch", reps=2, hold_s=4, side="right", faults={1: KNEEL_FAULT}), 3)
    _, analysis, events, per_frame = run(frames)
    assert per_frame == events[: len(per_frame)]  # update returns the same events the subscribers get
    assert isinstance(events[0], PersonFound)
    assert kinds(events, ExerciseSeen)[0].exercise == "kneeling_hip_stretch"
    assert [e.side for e in kinds(events, SideSeen)] == ["right"]
    starts, ends, reps = kinds(events, HoldStarted), kinds(events, HoldEnded), kinds(events, RepCounted)
    assert len(starts) == len(ends) == len(reps) == 2
    for start, end, rep, true in zip(starts, ends, reps, truth.reps, strict=True):
        assert true.hold_start_s - 1 < start.at < true.hold_end_s < end.at + 1  # live, near the truth
        assert end.at < rep.at and rep.complete
    assert [r.count for r in reps] == [1, 2]
    assert reps[0].faults == () and reps[1].faults == (KNEEL_FAULT,)
    (started,) = kinds(events, FaultStarted)
    (cleared,) = kinds(events, FaultCleared)
    assert started.code == cleared.code == KNEEL_FAULT and truth.reps[1].start_s < started.at < cleared.at
    (segment,) = kinds(events, SegmentEnded)
    assert segment.segment == analysis.segments[0] and list(segment.faults) == analysis.faults
    assert isinstance(events[-1], ExerciseLost)


def test_the_fold_reports_the_same_analysis_without_keeping_frames():
    frames, _ = generate(Spec("glute_bridge", reps=3, hold_s=3, noise=0.004, drop_rate=0.03), seed=8)
    flat, lean, _, _ = run(frames, keep_frames=False)
    _, full, _, _ = run(frames, keep_frames=True)
    assert flat.frames == [] and lean.frames_detail == [] and len(full.frames_detail) == len(frames)
    assert lean.to_dict("x", "landmarks", False) == full.to_dict("x", "landmarks", False)
    assert len(lean.segments[0].reps) == 3


def test_person_lost_after_a_moment_and_found_again():
    frames, _ = generate(Spec("cobra", reps=1, hold_s=3, lead_s=2.0), seed=2)
    t_gap = frames[30].t
    # one empty frame is a blip; a second of empty frames is a person gone
    blip = [PoseFrame.empty(f.t) if i == 10 else f for i, f in enumerate(frames)]
    gone = [PoseFrame.empty(f.t) if t_gap <= f.t < t_gap + 1.0 else f for f in frames]
    assert kinds(run(blip)[2], PersonLost) == []
    lost, found = kinds(run(gone)[2], PersonLost), kinds(run(gone)[2], PersonFound)
    assert [e.at for e in lost] == [t_gap] and lost[0].reason == "nobody in view"
    assert len(found) == 2 and found[1].at >= t_gap + 1.0


def test_every_event_has_a_name_and_json():
    frames, _ = generate(Spec("glute_bridge", reps=1, hold_s=3, faults={0: "glute_bridge.hips_sagging"}), seed=4)
    _, _, events, _ = run(frames)
    names = {e.name for e in events}
    assert {"person_found", "exercise_seen", "hold_started", "rep_counted", "segment_ended"} <= names
    for event in events:
        data = event.to_json()
        assert data["event"] == event.name and data["at"] == round(event.at, 3)
