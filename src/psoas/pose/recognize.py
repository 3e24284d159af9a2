"""Per-frame recognition: how well a pose fits each exercise, and how far into it it is.

Each exercise is a conjunction of plain geometric constraints (fuzzy AND = the minimum of
ramps in [0, 1]): body orientation (lying or upright), which parts touch the floor, which
knees are straight or bent, where the hands are. Anything that fits none of them well is
"no exercise"; the engine also stays unsure when two fit nearly as well.

The phase signal ("progress") is one angle per exercise, mapped so that 0 is the start
position and 1 the held stretch: cobra, the trunk raised relative to the legs; kneeling
stretch, the back thigh pressed forward of vertical; bridge, the hips raised above the
shoulders. It is not clipped, so the hold can be found near each rep's own peak.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from psoas.pose.features import Features, Leg

EXERCISES = ("cobra", "kneeling_hip_stretch", "glute_bridge")

# Degrees of each exercise's progress angle at the start position and at the held stretch.
PROGRESS_RANGE = {
    "cobra": (6.0, 22.0),
    "kneeling_hip_stretch": (3.0, 14.0),
    "glute_bridge": (2.0, 9.0),
}


@dataclass(slots=True)
class Posture:
    exercise: str
    score: float  # 0..1 fit of the pose to the exercise (any phase)
    angle: float  # the progress angle, degrees
    progress: float  # 0 at the start position, 1 at the held stretch (unclipped)
    side: str | None  # kneeling stretch: the back-leg (stretched) side
    leg: Leg  # the leg whose angles the form rules read
    front: Leg | None = None  # kneeling stretch: the front leg
    checks: tuple = ()  # (name, 0..1) per constraint, for explaining a decision


def _min(checks) -> float:
    return min(value for _, value in checks)


def ge(x: float, zero: float, full: float) -> float:
    """0 at or below `zero`, 1 at or above `full`, linear between."""
    if x >= full:
        return 1.0
    if x <= zero:
        return 0.0
    return (x - zero) / (full - zero)


def le(x: float, full: float, zero: float) -> float:
    """1 at or below `full`, 0 at or above `zero`, linear between."""
    if x <= full:
        return 1.0
    if x >= zero:
        return 0.0
    return (zero - x) / (zero - full)


def _progress(exercise: str, angle: float) -> float:
    rest, hold = PROGRESS_RANGE[exercise]
    return (angle - rest) / (hold - rest)


def legs_slope(f: Features) -> float:
    """Degrees the hips sit above the ankles, seen from the ankles (lying legs: about 0)."""
    ax = (f.left.ankle[0] + f.right.ankle[0]) / 2
    ay = (f.left.ankle[1] + f.right.ankle[1]) / 2
    hx, hy = f.mid_hip
    return math.degrees(math.atan2(hy - ay, abs(hx - ax) + 1e-9))


def near_leg(f: Features, side: str | None) -> Leg:
    if side is not None:
        return f.leg(side)
    return f.left if f.left.visibility >= f.right.visibility else f.right


def cobra(f: Features, near: str | None = None) -> Posture:
    slope = legs_slope(f)
    arch = f.torso_elev - slope  # trunk raised relative to the legs
    away = 1.0 if f.mid_hip[0] >= (f.left.ankle[0] + f.right.ankle[0]) / 2 else -1.0  # from the feet to the head
    ex, ey = (f.left.ear[0] + f.right.ear[0]) / 2, (f.left.ear[1] + f.right.ear[1]) / 2
    nose = f.points[0]
    face_away = (nose[0] - ex) * away / (math.hypot(nose[0] - ex, nose[1] - ey) + 1e-9)
    wrists_fwd = [(leg.wrist[0] - f.mid_hip[0]) * away / f.torso_len for leg in (f.left, f.right)]
    shoulder_fwd = (f.mid_shoulder[0] - f.mid_hip[0]) * away / f.torso_len
    lifted = ge(arch, 6, 14)  # 0 lying flat (start position) .. 1 chest lifted
    flat = min(
        le(min(f.left.h_shoulder, f.right.h_shoulder), 0.45, 0.6),  # lying: shoulders,
        le((f.left.h_hip + f.right.h_hip) / 2, 0.45, 0.6),  # hips
        le(max(f.left.h_knee, f.right.h_knee), 0.3, 0.45),  # and knees on the floor (not plank)
        ge(max(wrists_fwd), 0.3, 0.55),  # hands by the chest (not arms by the sides)
    )
    checks = (
        ("legs along the floor", le(abs(slope), 30, 45)),
        ("feet down", le(min(f.left.h_ankle, f.right.h_ankle), 0.5, 0.9)),
        ("legs straight", ge(max(f.left.knee_deg, f.right.knee_deg), 110, 140)),
        ("shoulders above hips", ge(f.torso_elev, -20, -5)),
        ("hips low", le((f.left.h_hip + f.right.h_hip) / 2, 1.0, 1.4)),
        ("a hand on the floor", le(min(f.left.h_wrist, f.right.h_wrist), 0.35, 0.7)),
        ("both hands down", le(max(f.left.h_wrist, f.right.h_wrist), 0.6, 1.0)),
        ("hands ahead of hips", ge(max(wrists_fwd), 0.05, 0.25)),
        ("hands under the chest", le(min(wrists_fwd) - shoulder_fwd, 0.6, 1.0)),  # not reaching ahead (superman)
        ("face not toward feet", ge(face_away, -0.6, -0.35)),
        ("chest lifted or lying flat", max(lifted, flat)),
        ("not folded back", le(arch, 100, 115)),
    )
    return Posture("cobra", _min(checks), arch, _progress("cobra", arch), None, near_leg(f, near), checks=checks)


def kneeling(f: Features, near: str | None = None) -> Posture:
    back, front = (f.left, f.right) if f.left.h_knee <= f.right.h_knee else (f.right, f.left)
    fwd = 1.0 if front.ankle[0] >= back.knee[0] else -1.0  # direction the person faces
    tx, ty = back.hip[0] - back.knee[0], back.hip[1] - back.knee[1]
    thigh_deg = math.degrees(math.atan2(tx * fwd, ty if abs(ty) > 1e-9 else 1e-9))  # + when hips forward
    sx, sy = back.ankle[0] - back.knee[0], back.ankle[1] - back.knee[1]
    shin_tilt = math.degrees(math.atan2(abs(sy), abs(sx) + 1e-9))
    checks = (
        ("trunk upright", ge(f.torso_elev, 50, 62)),  # trunk upright
        ("back knee on the floor", le(back.h_knee, 0.25, 0.45)),
        ("back shin along the floor", le(shin_tilt, 25, 45)),
        ("back foot down", le(back.h_ankle, 0.3, 0.5)),
        ("front knee up", ge(front.h_knee, 0.4, 0.6)),
        ("front foot down", le(front.h_ankle, 0.3, 0.5)),
        ("front knee bent", le(front.knee_deg, 140, 160)),
        ("front knee not folded", ge(front.knee_deg, 25, 40)),
        ("back knee bent", le(back.knee_deg, 140, 160)),
        ("hips up off the heels", ge((back.h_hip + front.h_hip) / 2, 0.5, 0.7)),
        ("back thigh not behind", ge(thigh_deg, -30, -15)),
        ("back thigh not flat", le(thigh_deg, 60, 75)),
    )
    return Posture(
        "kneeling_hip_stretch", _min(checks), thigh_deg, _progress("kneeling_hip_stretch", thigh_deg),
        back.side, back, front, checks=checks,
    )  # fmt: skip


def _bridge_leg(f: Features, leg: Leg) -> float:
    return min(
        le(leg.knee_deg, 135, 155),
        ge(leg.knee_deg, 35, 50),
        le(leg.h_ankle, 0.3, 0.5),  # foot on the floor
        ge(leg.h_knee - max(leg.h_ankle, 0.0), 0.4, 0.6),  # knee up
        ge((leg.ankle[0] - f.mid_hip[0]) * -f.head_dir / f.torso_len, -0.1, 0.2),  # feet beyond the hips
    )


def _straight_down(leg: Leg) -> float:
    return min(ge(leg.knee_deg, 150, 165), le(leg.h_knee, 0.3, 0.5))


def bridge(f: Features, near: str | None = None) -> Posture:
    # Hips raised above the floor line, seen from the shoulders. Shoulders and feet both touch
    # the floor, so the shoulder->ankle line is the floor even when the camera looks down at it.
    sx, sy = f.mid_shoulder
    ax = (f.left.ankle[0] + f.right.ankle[0]) / 2 - sx
    ay = (f.left.ankle[1] + f.right.ankle[1]) / 2 - sy
    hx, hy = f.mid_hip[0] - sx, f.mid_hip[1] - sy
    lift = math.degrees(math.atan2(ax * hy - ay * hx, ax * hx + ay * hy)) * (1.0 if ax >= 0 else -1.0)
    left, right = _bridge_leg(f, f.left), _bridge_leg(f, f.right)
    if near is None:
        leg = f.left if (left, f.left.visibility) >= (right, f.right.visibility) else f.right
    else:
        other = f.right if near == "left" else f.left
        leg = f.leg(near) if _bridge_leg(f, f.leg(near)) >= 0.5 or _bridge_leg(f, other) < 0.5 else other
    checks = (
        ("a bent leg with the foot down", max(left, right)),
        ("no leg straight on the floor", 1.0 - max(_straight_down(f.left), _straight_down(f.right))),
        ("shoulders on the floor", le(min(f.left.h_shoulder, f.right.h_shoulder), 0.35, 0.6)),
        ("hips not below shoulders", ge(lift, -35, -20)),
        ("hips not too high", le(lift, 45, 55)),
    )
    return Posture("glute_bridge", _min(checks), lift, _progress("glute_bridge", lift), None, leg, checks=checks)


RECOGNISERS = {"cobra": cobra, "kneeling_hip_stretch": kneeling, "glute_bridge": bridge}


def score_all(f: Features, near: str | None = None) -> dict[str, Posture]:
    return {name: fn(f, near) for name, fn in RECOGNISERS.items()}
