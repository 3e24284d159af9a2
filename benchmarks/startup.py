"""Start-up cost of psoas commands beside bare `python -c pass`, measured in the same run.

.venv/bin/python benchmarks/startup.py [--runs N] [--sessions N]

`psoas history --json` runs on an existing, current store (made here in a temporary PSOAS_HOME with
N sessions, then opened once so that the day's backup is already made). Target (issue 8, item 6):
its median at most 2x that of `psoas exercises --json`, which opens no database.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

TARGET = 2.0  # history --json / exercises --json


def best_and_median(command: list[str], runs: int, env: dict[str, str]) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env)
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def make_store(home: Path, sessions: int) -> None:
    """A store with `sessions` daily sessions of three reps each, written through the store's own API."""
    from psoas.store import RepRecord, SessionRecord, open_store

    store = open_store(f"sqlite:///{home / 'psoas.db'}", backups=False)
    first = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
    for day in range(sessions):
        began = first + timedelta(days=day)
        reps = tuple(RepRecord("cobra", None, n, 15.0, began + timedelta(seconds=20 * n)) for n in (1, 2, 3))
        store.sessions.add(SessionRecord(0, began, began + timedelta(minutes=2), "completed", 3, 2, reps))
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--sessions", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="psoas-startup-") as folder:
        home = Path(folder) / "home"
        make_store(home, args.sessions)
        env = {**os.environ, "PSOAS_HOME": str(home)}
        env.pop("PSOAS_DATABASE_URL", None)
        psoas = [sys.executable, "-m", "psoas"]
        # The first open of the day makes the daily backup: do it before timing.
        subprocess.run([*psoas, "history", "--json"], stdout=subprocess.DEVNULL, check=True, env=env)
        cases = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "psoas --help": [*psoas, "--help"],
            "psoas exercises --json": [*psoas, "exercises", "--json"],
            "psoas history --json": [*psoas, "history", "--json"],
        }
        results = {name: best_and_median(command, args.runs, env) for name, command in cases.items()}
    reference = results["python -c pass"][1]
    exercises = results["psoas exercises --json"][1]
    print(f"{args.runs} runs each; history on a current store of {args.sessions} sessions")
    print(f"{'command':<26}{'best ms':>10}{'median ms':>11}{'x python':>10}{'x exercises':>13}")
    for name, (best, median) in results.items():
        figures = f"{best * 1000:>10.1f}{median * 1000:>11.1f}{median / reference:>10.1f}{median / exercises:>13.2f}"
        print(f"{name:<26}{figures}")
    ratio = results["psoas history --json"][1] / exercises
    verdict = "meets" if ratio <= TARGET else "misses"
    print(f"history --json / exercises --json = {ratio:.2f} ({verdict} the target of at most {TARGET:.0f}x)")


if __name__ == "__main__":
    main()
