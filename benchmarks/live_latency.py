"""Latency of the live camera coach (psoas start --camera).

    python benchmarks/live_latency.py [--seconds S]

A 640x480 video at 30 fps (made from a real photo in ../shared/data/images, as benchmarks/speed.py
does; a drawn figure without ../shared) is played as if live through the same source the command
uses (psoas.coach.sources: only the newest frame due is estimated, stale ones are dropped) into a
coach running a camera session. For each frame analysed: capture-to-event latency, from the moment
the frame was due (its capture time on a live camera) to the moment the coach has handed its
events to the subscribers. Prints the median and 95th percentile (target: p95 <= 150 ms), the
frames processed per second and the frames dropped, and, in the same run, bare MediaPipe
inference per frame on the same pictures (the floor the latency cannot go under).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))


def coach_for_camera():  # noqa: ANN201
    from datetime import UTC, datetime

    from psoas.coach.coach import Coach, CoachOptions
    from psoas.coach.memory import MemoryStore, ScriptedPrompts
    from psoas.library import get_exercise
    from psoas.safety import load_screening
    from psoas.safety.screening import evaluate

    store = MemoryStore()
    answers = {q.id: "no" for q in load_screening().questions if q.kind != "session_check"}
    store.screenings.add("full", answers, evaluate(answers).stored(), taken_at=datetime.now(UTC))
    options = CoachOptions([get_exercise("kneeling_hip_stretch")], check_answer="no", camera=True)
    coach = Coach(store, ScriptedPrompts(), time.monotonic, options)
    coach.prepare()
    coach.start()
    return coach


def live(video: Path) -> tuple[list[float], int, int, float]:
    from psoas.coach.sources import open_source

    coach = coach_for_camera()
    seen: list[int] = []
    coach.subscribe(lambda event: seen.append(1))
    source = open_source(str(video), time.monotonic)
    latencies: list[float] = []
    t0 = time.monotonic()
    try:
        while not source.ended:
            for frame in source.due(time.monotonic()):
                coach.frame(frame)
                latencies.append(time.monotonic() - frame.t)
            time.sleep(0.002)  # the command's loop reads keys between frames
    finally:
        dropped = getattr(source, "dropped", 0)
        source.close()
    return latencies, dropped, len(seen), time.monotonic() - t0


def bare(video: Path) -> float:
    """Seconds per frame of decoding and estimating every frame, nothing else."""
    from psoas.pose.media import VideoSource
    from psoas.pose.mediapipe_adapter import PoseEstimator

    frames = 0
    source = VideoSource(video)
    with PoseEstimator(mode="video") as estimate:
        t0 = time.perf_counter()
        for t, image in source:
            estimate(image, t)
            frames += 1
        elapsed = time.perf_counter() - t0
    source.close()
    return elapsed / frames


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="length of the played video")
    args = parser.parse_args()
    from speed import make_video

    with tempfile.TemporaryDirectory() as folder:
        video = Path(folder) / "live.mp4"
        what = make_video(video, int(args.seconds * 30))
        print(f"source: 640x480 video at 30 fps, {args.seconds:g} s, from a {what}, played as if live")
        latencies, dropped, events, wall = live(video)
        per_frame = bare(video)
    ms = sorted(x * 1000 for x in latencies)
    p50 = statistics.median(ms)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    print(f"frames analysed: {len(ms)} in {wall:.1f} s = {len(ms) / wall:.1f} per second; dropped as stale: {dropped}")
    print(f"capture-to-event latency: median {p50:.1f} ms, 95th percentile {p95:.1f} ms (target <= 150 ms)")
    print(f"bare MediaPipe decode + inference, same run: {per_frame * 1000:.1f} ms per frame")
    print(f"ratio p95 latency / bare inference: {p95 / (per_frame * 1000):.2f}; events on the stream: {events}")


if __name__ == "__main__":
    main()
