"""`psoas analyze` on every photo of ../shared/data/images under two Pythons: the exercise each names.

    python benchmarks/python_versions.py --python .venv/bin/python --python .venv-3.13/bin/python [--model full]

Each interpreter runs psoas's own analyze path (psoas.pose.run.analyze_path, what `psoas analyze`
runs) on every photo; then the names are compared with each other and with the labels: the same
name, the second right where the first was wrong (better), the second wrong where the first was
right (worse). Skipped with a message without ../shared.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

from dev_data import EXERCISES, REPO, SHARED, photo_rows


def names(model: str) -> dict:
    """Runs in each interpreter: {file: exercise named or None}, and the Python version."""
    sys.path.insert(0, str(REPO / "src"))
    from psoas.pose.run import analyze_path

    out = {}
    for row in photo_rows():
        _, analysis = analyze_path(SHARED / "images" / row["file"], model=model)
        out[row["file"]] = analysis.segments[0].exercise if analysis.segments else None
    return {"python": sys.version.split()[0], "names": out}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", action="append", default=[], help="an interpreter with psoas (give two)")
    parser.add_argument("--model", default="full")
    parser.add_argument("--names", action="store_true", help=argparse.SUPPRESS)  # the per-interpreter part
    args = parser.parse_args()
    if args.names:
        print(json.dumps(names(args.model)))
        return 0
    if not photo_rows():
        print("skipped: ../shared/data/images not found")
        return 0
    if len(args.python) != 2:
        parser.error("give --python twice: the first and the second interpreter")
    results = []
    for python in args.python:
        proc = subprocess.run([python, __file__, "--names", "--model", args.model],
                              capture_output=True, text=True, check=True)  # fmt: skip
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    (a, b), files = [r["names"] for r in results], [row["file"] for row in photo_rows()]
    truth = {row["file"]: (row["label"] if row["label"] in EXERCISES else None) for row in photo_rows()}
    print(f"psoas analyze --model {args.model} on {len(files)} photos: "
          f"Python {results[0]['python']} (first) vs {results[1]['python']} (second)")  # fmt: skip
    for label, r in zip(("first", "second"), (a, b), strict=True):
        right = sum(r[f] == truth[f] for f in files)
        print(f"  {label:6s} names the labelled exercise (or none for a negative): {right}")
    same = sum(a[f] == b[f] for f in files)
    better = sum(a[f] != b[f] and b[f] == truth[f] for f in files)
    worse = sum(a[f] != b[f] and a[f] == truth[f] for f in files)
    print(f"  same name {same}, second better {better}, second worse {worse}, "
          f"both wrong differently {len(files) - same - better - worse}")  # fmt: skip
    for f in files:
        if a[f] != b[f]:
            print(f"    {f}: label {truth[f]}, first {a[f]}, second {b[f]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
