"""How the commands grow with the history: stores of 10, 1,000 and 3,650 daily sessions.

Each store is built through the real `psoas import` (an export file in the documented format,
imported into a temporary PSOAS_HOME). Every command is then timed as a subprocess and printed
as a ratio to its time on the 10-session store, measured in the same run. Target: every ratio
at 3,650 sessions at most 3.

.venv/bin/python benchmarks/scale.py [--runs N] [--sizes 10,1000,3650]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

# The routine at its starting doses: (hold s, reps, per side).
DOSES = {"cobra": (15.0, 3, False), "kneeling_hip_stretch": (10.0, 3, True), "glute_bridge": (3.0, 5, False)}
REST_S = 10.0


def synthetic_session(index: int, began: datetime, rng: random.Random, pain: int) -> dict:
    """One session as `psoas export` writes it: every planned rep done, most days with pain answers."""
    reps, t = [], began
    for exercise_id, (hold, count, per_side) in DOSES.items():
        for side in ("left", "right") if per_side else (None,):
            for rep in range(1, count + 1):
                t += timedelta(seconds=hold + REST_S)
                reps.append({
                    "exercise_id": exercise_id,
                    "side": side,
                    "rep": rep,
                    "hold_s": hold,
                    "completed_at": t.isoformat(),
                })  # fmt: skip
    answered = rng.random() < 0.8
    after = max(0, min(10, pain + rng.choice((-1, 0, 0, 1)))) if answered else None
    status = "completed" if rng.random() < 0.95 else "stopped"
    if status == "stopped":
        reps = reps[: rng.randrange(len(reps))]
    doses = {i: {"hold_s": h, "reps": c, "per_side": p, "rest_s": REST_S} for i, (h, c, p) in DOSES.items()}
    return {
        "id": index + 1,
        "started_at": began.isoformat(),
        "ended_at": t.isoformat(),
        "status": status,
        "pain_before": pain if answered else None,
        "pain_after": after,
        "exercises": [],  # export writes a summary here; import reads the reps
        "reps": reps,
        "plan": {"doses": doses},
    }


def export_file(count: int, folder: Path, seed: int = 1) -> Path:
    """An export of `count` daily sessions ending yesterday, pain wandering between 0 and 10."""
    rng = random.Random(seed)
    first = (datetime.now(UTC) - timedelta(days=count)).replace(hour=7, minute=30, second=0, microsecond=0)
    pain, sessions = 4, []
    for index in range(count):
        pain = max(0, min(10, pain + rng.choice((-1, 0, 0, 0, 1))))
        sessions.append(synthetic_session(index, first + timedelta(days=index), rng, pain))
    data = {"format": "psoas-export", "version": 1, "sessions": sessions, "screenings": [], "settings": {}}
    path = folder / f"export-{count}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def psoas(args: list[str], home: Path, cwd: Path) -> tuple[float, float]:
    """Run one psoas command; its wall time and CPU time (user + system) in seconds."""
    env = {**os.environ, "PSOAS_HOME": str(home)}
    env.pop("PSOAS_DATABASE_URL", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "psoas", *args],
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


COMMANDS = {
    "history --json": ["history", "--json"],
    "plan --json": ["plan", "--json"],
    "export": ["export"],
    "report --out r.png": ["report", "--out", "r.png"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="runs per command and size (the best is kept)")
    parser.add_argument("--sizes", default="10,1000,3650", help="session counts; the first is the reference")
    options = parser.parse_args()
    sizes = [int(n) for n in options.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="psoas-scale-") as temp:
        root = Path(temp)
        homes = {}
        for size in sizes:
            homes[size] = root / f"home-{size}"
            wall, _ = psoas(["import", str(export_file(size, root))], homes[size], root)
            print(f"built {size:>5} sessions through psoas import in {wall:.2f} s")
        # Rounds interleave sizes and commands, so a busy moment on the machine hits them all alike.
        walls: dict[tuple[str, int], list[float]] = {}
        cpus: dict[tuple[str, int], list[float]] = {}
        for _ in range(options.runs):
            for size in sizes:
                for name, args in COMMANDS.items():
                    wall, cpu = psoas(args, homes[size], root)
                    walls.setdefault((name, size), []).append(wall)
                    cpus.setdefault((name, size), []).append(cpu)
    reference = sizes[0]
    for title, table in (("wall time", walls), ("CPU time (user + system)", cpus)):
        best = {key: min(values) for key, values in table.items()}
        print()
        print(f"{title}, best of {options.runs} run(s); ratio = time / time with {reference} sessions")
        print(f"{'command':<22}" + "".join(f"{f'{n} s':>12}{'ratio':>7}" for n in sizes))
        for name in COMMANDS:
            cells = "".join(
                f"{best[(name, size)]:>12.3f}{best[(name, size)] / best[(name, reference)]:>7.2f}" for size in sizes
            )
            print(f"{name:<22}{cells}")
    worst = max(min(walls[(name, sizes[-1])]) / min(walls[(name, reference)]) for name in COMMANDS)
    print(f"\nlargest wall-time ratio at {sizes[-1]} sessions: {worst:.2f} (target: at most 3)")


if __name__ == "__main__":
    main()
