"""Frame sources against the coach's clock: the newest frame only, stale ones dropped; a camera
that stops giving pictures; the session going on with the timer alone when it does."""

from __future__ import annotations

import pytest

from psoas.coach.events import CameraSwitched
from psoas.coach.memory import ManualClock
from psoas.coach.sources import CameraUnavailable, EstimatedFrames, ReplayFrames, _webcam_images
from psoas.pose.frame import PoseFrame
from psoas.session.events import SessionEnded


def _estimated(n: int, fps: float = 30.0) -> tuple[EstimatedFrames, list[tuple[object, float]]]:
    seen: list[tuple[object, float]] = []

    def estimate(image: object, at: float) -> PoseFrame:
        seen.append((image, at))
        return PoseFrame.empty(at)

    return EstimatedFrames(((i / fps, i) for i in range(n)), estimate, lambda: None), seen


def test_only_the_newest_picture_is_estimated_the_stale_ones_are_dropped() -> None:
    source, seen = _estimated(90)
    assert [f.t for f in source.due(100.0)] == [100.0]  # the first picture, stamped on the clock
    assert source.due(100.01) == []  # the next one is not due yet
    frames = source.due(100.5)  # the estimator was busy for half a second: 15 pictures are due
    assert [image for image, _ in seen] == [0, 15] and frames[0].t == pytest.approx(100.5)
    assert source.dropped == 14
    source.due(200.0)
    assert source.ended and seen[-1][0] == 89 and source.dropped == 14 + 73


def test_a_landmark_file_keeps_frames_within_half_a_second_of_the_newest() -> None:
    frames = [PoseFrame.empty(i / 30) for i in range(90)]
    replay = ReplayFrames(frames, keep_s=0.5)
    assert len(replay.due(10.0)) == 1
    due = replay.due(11.0)  # a second behind: the last half second of it is analysed, in order
    assert len(due) == 16 and due[-1].t == pytest.approx(11.0) and due[0].t == pytest.approx(10.5)


def test_a_camera_that_stops_giving_pictures_is_unavailable() -> None:
    class Capture:
        def __init__(self) -> None:
            self.reads = 0

        def read(self) -> tuple[bool, object]:
            self.reads += 1
            return (self.reads <= 3, "picture" if self.reads <= 3 else None)

    images = _webcam_images(Capture(), lambda: 5.0, 0)
    assert [next(images) for _ in range(3)] == [(5.0, "picture")] * 3
    with pytest.raises(CameraUnavailable, match="camera 0 stopped giving pictures"):
        next(images)


def test_a_camera_failing_mid_session_leaves_the_timer_alone(make_coach) -> None:
    from psoas.cli.session_commands import _feeder

    coach, store, _, clock, events = make_coach("glute_bridge", camera=True)
    coach.prepare()
    coach.start()

    class Failing:
        ended = False

        def due(self, now: float) -> list[PoseFrame]:
            raise CameraUnavailable("camera 0 stopped giving pictures")

        def close(self) -> None:
            return None

    feed = _feeder(coach, Failing())
    feed()
    (switched,) = [e for e in events if isinstance(e, CameraSwitched)]
    assert (
        not switched.on and switched.reason == "Camera: camera 0 stopped giving pictures; going on with the timer alone"
    )
    while coach.state != "ended":
        clock.tick(0.5)
        feed()  # no second try at the camera
        coach.poll()
    assert [e.status for e in events if isinstance(e, SessionEnded)] == ["completed"]
    reps = store.sessions.get(coach.session_id).reps
    assert len(reps) == 5 and not any(r.camera for r in reps)  # done on the timer, not confirmed


def test_a_played_file_that_ends_stops_the_session(make_coach) -> None:
    from psoas.cli.session_commands import _feeder

    coach, *_, events = make_coach("cobra", camera=True)
    coach.prepare()
    coach.start()
    clock = coach.clock
    assert isinstance(clock, ManualClock)
    feed = _feeder(coach, ReplayFrames([PoseFrame.empty(0.0), PoseFrame.empty(1.0)]))
    for _ in range(3):
        feed()
        clock.tick(1.0)
    assert coach.state == "ended" and coach.status == "stopped"
