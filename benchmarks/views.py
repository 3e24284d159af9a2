"""Camera views: how far from side-on, and from how high, each variant and look-alike is still
judged right. The generator (psoas.pose.synthetic) films the held position of every variant of
every exercise from each camera yaw (degrees round from side-on; + and - are towards the head
or the feet, depending on which way the person faces) and pitch (degrees looking down), with
no landmark noise, and the still-photo judgement (psoas.pose.engine.Analyzer(still=True)) is
compared with the truth.

    python benchmarks/views.py [--yaw-max 60] [--pitch 0 15 30 45]

Per variant it prints the views where the exercise is named, the views where it is named with
faults other than the variant's own ("false faults", e.g. "back knee lifted" when it is on the
mat), and for a look-alike the views where it is a clean hold (its difference not named).
Each wrong view is listed as p<pitch>y<yaw>. Needs no ../shared.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from psoas.pose.engine import Analyzer  # noqa: E402
from psoas.pose.synthetic import LOOK_ALIKES, VARIANTS, Spec, generate  # noqa: E402


def hold_frame(exercise: str, variant: tuple[str, ...], yaw: float, pitch: float, facing: int):
    side = "left" if exercise == "kneeling_hip_stretch" else None
    spec = Spec(exercise, reps=1, hold_s=2, noise=0.0, yaw_deg=yaw, pitch_deg=pitch, facing=facing,
                variant=variant, side=side)  # fmt: skip
    frames, truth = generate(spec, 3)
    holds = [f for f, (_, _, phase) in zip(frames, truth.labels, strict=True) if phase == "hold"]
    return holds[len(holds) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--yaw-max", type=int, default=60)
    parser.add_argument("--pitch", type=int, nargs="+", default=[0, 15, 30, 45])
    args = parser.parse_args()
    yaws = range(0, args.yaw_max + 1, 15)
    views = [(p, y, facing) for p in args.pitch for y in yaws for facing in (1, -1) if y or facing == 1]
    print(f"== views: pitch {args.pitch}, yaw 0..{args.yaw_max} in 15 degree steps, facing either way "
          f"({len(views)} views per variant)")  # fmt: skip
    totals = {"named": 0, "false": 0, "clean look-alike": 0, "views": 0}
    for exercise, variants in VARIANTS.items():
        for name in ("", *variants):
            expected = set(variants.get(name, ())) if name else set()
            named, false, clean = [], [], []
            for pitch, yaw, facing in views:
                result = Analyzer(still=True).update(hold_frame(exercise, (name,) if name else (), yaw, pitch, facing))
                where = f"p{pitch}y{yaw * facing}"
                if result.exercise != exercise:
                    continue
                named.append(where)
                if set(result.faults) - expected:
                    false.append(where)
                if name in LOOK_ALIKES and not result.faults and result.phase == "hold":
                    clean.append(where)
            totals["views"] += len(views)
            totals["named"] += len(named)
            totals["false"] += len(false)
            totals["clean look-alike"] += len(clean)
            line = f"{exercise:21} {name or 'as instructed':16} named {len(named):2}/{len(views)}"
            line += f"  false faults {len(false):2}" + (f" {' '.join(false)}" if false else "")
            if name in LOOK_ALIKES:
                line += f"  clean holds {len(clean)}" + (f" {' '.join(clean)}" if clean else "")
            print(line)
    print(f"all variants: named {totals['named']}/{totals['views']}, named with a false fault {totals['false']}, "
          f"look-alikes as a clean hold {totals['clean look-alike']}")  # fmt: skip


if __name__ == "__main__":
    main()
