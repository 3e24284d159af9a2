"""Start-up cost of `psoas --help` beside bare `python -c pass`, measured in the same run.

.venv/bin/python benchmarks/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def best_and_median(command: list[str], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    cases = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "psoas --help": [sys.executable, "-m", "psoas", "--help"],
        "psoas exercises --json": [sys.executable, "-m", "psoas", "exercises", "--json"],
    }
    results = {name: best_and_median(command, runs) for name, command in cases.items()}
    reference = results["python -c pass"][1]
    print(f"{'command':<26}{'best ms':>10}{'median ms':>11}{'x python':>10}")
    for name, (best, median) in results.items():
        print(f"{name:<26}{best * 1000:>10.1f}{median * 1000:>11.1f}{median / reference:>10.1f}")


if __name__ == "__main__":
    main()
