"""Accuracy of the pose analysis on the synthetic suite and on real data in ../shared/data.

    python benchmarks/accuracy.py [--per-exercise N] [--seed S]

Prints per-frame exercise accuracy, rep count exact / off-by-one rates, hold-time error
(median, 95th percentile), fault precision / recall / F1, side accuracy; on the real data:
per-frame recognition of the yoga cobra rows, false holds on the other yoga poses, and the
photos (hold-phase photos recognised, negatives mistaken). Real data is skipped with a
message when ../shared is absent.
"""

from __future__ import annotations

import argparse
import csv
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO / ".." / "shared" / "data"
sys.path.insert(0, str(REPO / "src"))

from psoas.pose.engine import Analyzer  # noqa: E402
from psoas.pose.synthetic import generate, suite  # noqa: E402


def _overlap(a0, a1, b0, b1):
    return max(0.0, min(a1, b1) - max(a0, b0))


def synthetic(per_exercise: int, seed: int) -> None:
    print(f"== synthetic suite: {per_exercise} noisy sequences per exercise, seed {seed}")
    frames_ok = frames_all = 0
    exact = obo = n = 0
    side_ok = side_n = 0
    hold_err: list[float] = []
    by_ease: dict[str, list[float]] = {}
    end_on = [0, 0]  # cobra filmed from the head or feet end (|yaw| >= 40): exact counts, cases
    tp = fp = fn = 0
    per_code = Counter()
    by_ex = Counter()
    t0 = time.perf_counter()
    for spec, case_seed in suite(seed, per_exercise, noisy=True):
        frames, truth = generate(spec, case_seed)
        analyzer = Analyzer()
        for frame in frames:
            result = analyzer.update(frame)
            if frame.present:
                frames_all += 1
                frames_ok += result.exercise == truth.exercise
        analysis = analyzer.finish()
        reps = [r for s in analysis.segments if s.exercise == truth.exercise for r in s.reps]
        n += 1
        diff = abs(len(reps) - len(truth.reps))
        exact += diff == 0
        obo += diff <= 1
        by_ex[(truth.exercise, diff == 0)] += 1
        if abs(spec.yaw_deg) >= 40:
            end_on[0] += diff == 0
            end_on[1] += 1
        if truth.side is not None:
            sides = [s.side for s in analysis.segments if s.exercise == truth.exercise]
            side_n += 1
            side_ok += bool(sides) and all(s == truth.side for s in sides)
        used = set()
        for g in truth.reps:
            best, best_ov = None, 0.0
            for i, r in enumerate(reps):
                ov = _overlap(g.start_s, g.end_s, r.start_s, r.end_s)
                if i not in used and ov > best_ov:
                    best, best_ov = i, ov
            if best is None:
                fn += len(g.faults)
                continue
            used.add(best)
            r = reps[best]
            hold_err.append(abs(r.hold_s - g.hold_s))
            by_ease.setdefault(spec.ease, []).append(abs(r.hold_s - g.hold_s))
            pred, true = set(r.faults), set(g.faults)
            tp += len(pred & true)
            fp += len(pred - true)
            fn += len(true - pred)
            for c in pred - true:
                per_code[("fp", c)] += 1
            for c in true - pred:
                per_code[("fn", c)] += 1
        for i, r in enumerate(reps):
            if i not in used:
                fp += len(r.faults)
    elapsed = time.perf_counter() - t0
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    hold_err.sort()
    p95 = hold_err[min(len(hold_err) - 1, int(0.95 * len(hold_err)))] if hold_err else float("nan")
    print(
        f"per-frame exercise accuracy      {frames_ok / max(frames_all, 1):.3f}  ({frames_ok}/{frames_all} frames with a person)"  # noqa: E501
    )
    print(f"rep count exact                  {exact / n:.3f}  ({exact}/{n})   target >= 0.95")
    print(f"rep count off-by-one             {obo / n:.3f}  ({obo}/{n})   target 1.00")
    for ex in ("cobra", "kneeling_hip_stretch", "glute_bridge"):
        ok, bad = by_ex[(ex, True)], by_ex[(ex, False)]
        print(f"   exact, {ex:22s}  {ok}/{ok + bad}")
    print(
        f"hold error median / p95 (s)      {statistics.median(hold_err):.2f} / {p95:.2f}  over {len(hold_err)} matched reps   target median <= 0.3"  # noqa: E501
    )
    print(f"   exact, cobra filmed along the body (|yaw| 40-75 deg)  {end_on[0]}/{end_on[1]}")
    for ease, errs in sorted(by_ease.items()):
        print(f"   hold error median, {ease:8s} moves  {statistics.median(errs):.2f} s  ({len(errs)} reps)")
    print(
        f"fault precision / recall / F1    {precision:.3f} / {recall:.3f} / {f1:.3f}  (tp {tp}, fp {fp}, fn {fn})   target F1 >= 0.9"  # noqa: E501
    )
    if per_code:
        print(
            "   misses and false alarms by code: "
            + ", ".join(f"{k[0]} {k[1]}: {v}" for k, v in sorted(per_code.items()))
        )
    print(f"kneeling side correct            {side_ok}/{side_n}")
    print(f"({elapsed:.1f} s)")


def yoga() -> None:
    print("== real landmarks: ../shared/data/keypoints/yoga_*.csv (each row a separate frame)")
    folder = SHARED / "keypoints"
    if not folder.is_dir():
        print("skipped: ../shared/data/keypoints not found")
        return
    from psoas.pose.aspect import estimate_aspect
    from psoas.pose.readers import read_csv

    other_hold = other_n = 0
    for path in sorted(folder.glob("yoga_*.csv")):
        pose = path.stem.removeprefix("yoga_")
        aspect = estimate_aspect(read_csv(path, aspect=1.0))
        print(f"   {path.name}: picture aspect estimated from body proportions {aspect:.3f}")
        counts: Counter = Counter()
        for frame in read_csv(path):
            analyzer = Analyzer(still=True)
            r = analyzer.update(frame)
            counts[(r.exercise, r.phase)] += 1
        total = sum(counts.values())
        if pose == "cobra":
            cobra = sum(v for (e, _), v in counts.items() if e == "cobra")
            held = counts[("cobra", "hold")]
            print(
                f"cobra rows recognised as cobra   {cobra / total:.3f}  ({cobra}/{total}; as cobra hold {held})   target >= 0.95"  # noqa: E501
            )
        else:
            holds = sum(v for (e, ph), v in counts.items() if ph == "hold")
            other_hold += holds
            other_n += total
            named = sum(v for (e, _), v in counts.items() if e is not None)
            print(f"{pose:8s} rows called a hold        {holds / total:.3f}  ({holds}/{total}; any exercise {named})")
    print(
        f"other poses called a hold        {other_hold / max(other_n, 1):.3f}  ({other_hold}/{other_n})   target <= 0.03"  # noqa: E501
    )


# Words the labels use for a panel's phase: the hold position ("up" for the bridge top, "deep"
# for a stretch pressed forward) versus the start position ("down", "shallow").
HOLD_WORDS = ("up", "deep")


def _phase_of(notes: str, part: str) -> str | None:
    m = re.search(rf"{part}=(\w+)", notes)
    if m:
        return "hold" if m.group(1) in HOLD_WORDS else "rest"
    m = re.search(r"phase: (\w+)", notes)
    if m:
        return "hold" if m.group(1) == "up" else "rest"
    return None


def photos() -> None:
    print("== real photos: ../shared/data/images (MediaPipe, static image mode)")
    folder = SHARED / "images"
    if not (folder / "labels.csv").is_file():
        print("skipped: ../shared/data/images not found")
        return
    import cv2

    from psoas.pose.mediapipe_adapter import PoseEstimator

    rows = list(csv.DictReader((folder / "labels.csv").open(encoding="utf-8")))
    hold_ok = hold_n = pos_ok = pos_n = neg_named = neg_hold = neg_n = 0
    lines = []
    with PoseEstimator(still=True) as estimate:
        for row in rows:
            image = cv2.imread(str(folder / row["file"]))
            h, w = image.shape[:2]
            parts = {"single": [("single", image)],
                     "stacked_2": [("top", image[: h // 2]), ("bottom", image[h // 2 :])],
                     "side_by_side_2": [("left", image[:, : w // 2]), ("right", image[:, w // 2 :])]}[row["layout"]]  # fmt: skip  # noqa: E501
            for part, picture in parts:
                analyzer = Analyzer(still=True)
                r = analyzer.update(estimate(picture, 0.0))
                label = row["label"]
                tag = f"{row['file']}:{part}"
                if label == "negative":
                    neg_n += 1
                    neg_named += r.exercise is not None
                    neg_hold += r.phase == "hold"
                    if r.exercise is not None:
                        lines.append(f"   negative called {r.exercise} {r.phase}: {tag}")
                    continue
                pos_n += 1
                pos_ok += r.exercise == label
                phase = _phase_of(row["notes"], part)
                if phase is None and label in ("cobra", "kneeling_hip_stretch"):
                    phase = "hold"  # single photos of these show the held stretch
                if phase == "hold":
                    hold_n += 1
                    hold_ok += r.exercise == label
                if r.exercise != label:
                    lines.append(f"   {label} missed (got {r.exercise} {r.phase}): {tag}")
    print(f"hold-phase photos recognised     {hold_ok}/{hold_n}   target all")
    print(f"all exercise photos recognised   {pos_ok}/{pos_n}")
    print(f"negatives called an exercise     {neg_named}/{neg_n}  (called a hold: {neg_hold})")
    for line in lines:
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-exercise", type=int, default=30)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-photos", action="store_true", help="skip the MediaPipe photo pass")
    args = parser.parse_args()
    synthetic(args.per_exercise, args.seed)
    yoga()
    if not args.no_photos:
        photos()


if __name__ == "__main__":
    main()
