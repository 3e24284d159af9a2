"""Start-up cost of psoas commands beside bare `python -c pass`, measured in the same run.

.venv/bin/python benchmarks/startup.py [--runs N] [--sessions N]

`psoas history --json` runs on an existing, current store (made here in a temporary PSOAS_HOME with
N sessions, then opened once so that the day's backup is already made). Target (issue 8, item 6):
its median at most 2x that of `psoas exercises --json`, which opens no database.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

TARGET = 2.0  # history --json / exercises --json


def measure(cases: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict[str, dict[str, list[float]]]:
    """Wall and CPU (user + system) seconds of each command, in interleaved rounds: a load that comes
    and goes on a shared machine then weighs on every command alike."""
    times: dict[str, dict[str, list[float]]] = {name: {"wall": [], "cpu": []} for name in cases}
    for _ in range(runs):
        for name, command in cases.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env)
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            times[name]["wall"].append(wall)
            times[name]["cpu"].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return times


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
        times = measure(cases, args.runs, env)
    median = {name: {kind: statistics.median(values) for kind, values in t.items()} for name, t in times.items()}
    reference, exercises = median["python -c pass"], median["psoas exercises --json"]
    print(f"{args.runs} interleaved runs each; history on a current store of {args.sessions} sessions (medians)")
    header = f"{'wall ms':>9}{'cpu ms':>8}{'wall x python':>15}{'wall x exercises':>18}{'cpu x exercises':>17}"
    print(f"{'command':<26}{header}")
    for name, m in median.items():
        figures = (
            f"{m['wall'] * 1000:>9.1f}{m['cpu'] * 1000:>8.1f}{m['wall'] / reference['wall']:>15.1f}"
            f"{m['wall'] / exercises['wall']:>18.2f}{m['cpu'] / exercises['cpu']:>17.2f}"
        )
        print(f"{name:<26}{figures}")
    history = median["psoas history --json"]
    for kind in ("wall", "cpu"):
        ratio = history[kind] / exercises[kind]
        verdict = "meets" if ratio <= TARGET else "misses"
        target = f"{verdict} the target of at most {TARGET:.0f}x"
        print(f"history --json / exercises --json, {kind} time = {ratio:.2f} ({target})")


if __name__ == "__main__":
    main()
