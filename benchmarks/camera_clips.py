"""The issue's camera check on several clips an outsider would build, in real time.

    python benchmarks/camera_clips.py [--only NAME] [--speed F]

Each clip is built from ../shared's photo pair of one person (lying, bridge top: tests/coach/
photo_clips.py), the bridge held 4 s (or as listed) five times, with hard cuts or a 0.5 s blend,
at 30 fps (one at 15 fps), 640x480, 1280x720 or 640x360, the rests between holds varied. For
each, in a fresh PSOAS_HOME with a clear screening, the exact command

    psoas start --only glute_bridge --camera clip.mp4 --no-checkin --session-check no < /dev/null

and then `psoas history --json`. Prints per clip: exit code, status, reps_done, camera_reps, the
camera's measured holds, and the run's wall time beside the clip's length (their ratio: about 1
when the session keeps up with real time). Needs ../shared.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO / "tests" / "coach"))

CLIPS: dict[str, dict] = {
    "640x480 cuts": {},
    "640x480 blend 0.5 s": {"fade_s": 0.5, "rests_s": (2.0, 4.0, 3.0, 5.0)},
    "1280x720 cuts": {"size": (1280, 720), "rests_s": (4.0, 2.0, 5.0, 3.0)},
    "1280x720 blend 0.5 s": {"size": (1280, 720), "fade_s": 0.5, "lead_s": 5.0, "rests_s": (3.0, 3.0, 2.0, 4.0)},
    "640x480 holds 5 s, rests 2 s": {"hold_s": 5.0, "rests_s": (2.0, 2.0, 2.0, 2.0)},
    "640x360 15 fps": {"size": (640, 360), "fps": 15, "lead_s": 3.0, "rests_s": (3.0, 3.0, 3.0, 3.0)},
}


def clip_length(spec: dict) -> float:
    rests = spec.get("rests_s", (3.0, 2.5, 3.5, 2.0))
    per_rep = spec.get("hold_s", 4.0) + 2 * spec.get("fade_s", 0.0)
    return spec.get("lead_s", 2.0) + 5 * per_rep + sum(rests) + spec.get("tail_s", 2.0)


def psoas(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "psoas", *args]
    return subprocess.run(command, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)


def run_clip(name: str, spec: dict, speed: float, folder: Path) -> None:
    from photo_clips import photo_clip

    clip = photo_clip(SHARED, folder / "clip.mp4", **spec)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PSOAS_")}
    env.update(PSOAS_HOME=str(folder / "home"), NO_COLOR="1")
    listing = psoas(env, "screen", "--list", "--json")
    answers = folder / "answers.json"
    answers.write_text(json.dumps({q["id"]: "no" for q in json.loads(listing.stdout)}))
    psoas(env, "screen", "--answers", str(answers))
    speed_args = ["--speed", f"{speed:g}"] if speed != 1 else []
    t0 = time.monotonic()
    result = psoas(env, "start", "--only", "glute_bridge", "--camera", str(clip), "--no-checkin",
                   "--session-check", "no", *speed_args)  # fmt: skip
    wall = time.monotonic() - t0
    sessions = json.loads(psoas(env, "history", "--json").stdout or "[]")
    entry = sessions[0]["exercises"][0] if sessions and sessions[0]["exercises"] else {}
    holds = [line.split("(")[1].split(" s")[0] for line in result.stdout.splitlines() if "Camera saw rep" in line]
    length = clip_length(spec) / speed
    print(
        f"{name:30s} exit {result.returncode}  {sessions[0]['status'] if sessions else '-':9s}"
        f" reps_done {entry.get('reps_done', 0)}  camera_reps {entry.get('camera_reps', 0)}"
        f"  holds {','.join(holds) or '-':24s} wall {wall:5.1f} s / clip {length:5.1f} s = {wall / length:.2f}",
        flush=True,
    )
    if result.returncode != 0:
        print("   ", result.stderr.strip().splitlines()[-1:] or "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="one clip, by a part of its name")
    parser.add_argument("--speed", type=float, default=1.0, help="play faster (default: real time)")
    args = parser.parse_args()
    if not SHARED.is_dir():
        sys.exit("needs ../shared (the photo pair)")
    for name, spec in CLIPS.items():
        if args.only and args.only not in name:
            continue
        with tempfile.TemporaryDirectory() as folder:
            run_clip(name, spec, args.speed, Path(folder))


if __name__ == "__main__":
    main()
