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

from psoas.pose.features import Features, Leg, angle_deg

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


SEEN = 0.5  # landmarks with a lower MediaPipe visibility are its guesses (hidden or out of view)


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
    """Degrees the hips sit above the ankles, seen from the ankles (lying legs: about 0). Read
    from the ankles MediaPipe sees when it sees only one: the other is a guess."""
    seen = [leg.ankle for leg, i in ((f.left, 27), (f.right, 28)) if f.visibility[i] >= SEEN]
    ax, ay = seen[0] if len(seen) == 1 else f.mid_ankle
    hx, hy = f.mid_hip
    return math.degrees(math.atan2(hy - ay, abs(hx - ax) + 1e-9))


def near_leg(f: Features, side: str | None) -> Leg:
    if side is not None:
        return f.leg(side)
    return f.left if f.left.visibility >= f.right.visibility else f.right


def floor_line(f: Features, a, b):
    """Height function (in S) above the image line through floor contacts a and b, positive on
    the side the shoulders are on. Robust to camera roll and to a camera looking down at an angle."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    n = math.hypot(dx, dy)
    if n < 1e-9:
        return lambda p: (p[1] - a[1]) / f.scale
    nx, ny = -dy / n, dx / n
    if ny < 0:
        nx, ny = -nx, -ny
    return lambda p: ((p[0] - a[0]) * nx + (p[1] - a[1]) * ny) / f.scale


def _mid2(a, b):
    return ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)


def toe_turn(leg: Leg) -> float:
    """Degrees the foot turns away from the line of the shin: small when the toes point on, as
    with the tops of the feet on the floor; about 90 when they point up (sitting, standing)."""
    return angle_deg(leg.foot, leg.ankle, (2 * leg.ankle[0] - leg.knee[0], 2 * leg.ankle[1] - leg.knee[1]))


def cobra(f: Features, near: str | None = None) -> Posture:
    slope = legs_slope(f)
    arch = f.torso_elev - slope  # trunk raised relative to the legs
    away = 1.0 if f.mid_hip[0] >= f.mid_ankle[0] else -1.0  # from the feet to the head
    ex, ey = f.mid_ear
    nose = f.points[0]
    face_away = (nose[0] - ex) * away / (math.hypot(nose[0] - ex, nose[1] - ey) + 1e-9)
    wrists_fwd = [(leg.wrist[0] - f.mid_hip[0]) * away / f.torso_len for leg in (f.left, f.right)]
    shoulder_fwd = (f.mid_shoulder[0] - f.mid_hip[0]) * away / f.torso_len
    # Hands and feet rest on the floor: the image line through the middle of the hands and the
    # middle of the feet is the floor under the body's midline, also when the camera looks down at
    # an angle. Left and right points sit off that line by the sideways tilt the hips show.
    feet = (f.left.foot_low, f.right.foot_low)
    hands = _mid2(f.left.wrist, f.right.wrist)
    seen_feet = [i for i, ankle in ((0, 27), (1, 28)) if f.visibility[ankle] >= SEEN]
    if len(seen_feet) == 1:  # the other foot is a guess: the line through the seen one, moved to the midline
        through = floor_line(f, feet[seen_feet[0]], hands)
        shift = (through(f.left.hip) - through(f.right.hip)) / 2 * (1 if seen_feet[0] == 0 else -1)
        h = lambda p: through(p) + shift  # noqa: E731
    else:
        h = floor_line(f, _mid2(*feet), hands)
    hip_l, hip_r = h(f.left.hip), h(f.right.hip)
    tilt = (hip_l - hip_r) / 2
    hips, shoulders = (hip_l + hip_r) / 2, (h(f.left.shoulder) + h(f.right.shoulder)) / 2
    knees = (h(f.left.knee) - tilt, h(f.right.knee) + tilt)
    # Not one leg lifted. A far foot hidden behind the near leg is only MediaPipe's guess (low
    # visibility): it is not taken as lifted; a lifted foot clears the other leg and is seen.
    lift = h(feet[0]) - h(feet[1]) - 2 * tilt
    higher_ankle_vis = f.visibility[27 if lift > 0 else 28]
    feet_down = max(le(abs(lift), 0.45, 0.7), le(higher_ankle_vis, 0.5, 0.65))
    # Knees judged on the legs MediaPipe sees; lower legs hidden behind the body (a camera at the
    # head) are guesses, often drawn folded back, and are no evidence of bent knees.
    seen_knees = [leg.knee_deg for leg, k, a in ((f.left, 25, 27), (f.right, 26, 28))
                  if min(f.visibility[k], f.visibility[a]) >= SEEN]  # fmt: skip
    legs_straight = ge(max(seen_knees), 110, 140) if seen_knees else 1.0
    # One shoulder stacked above the other is lying on the side, unless the upper one is also
    # farther from the camera, by about as much or more: a camera looking down (up to about 45
    # degrees) at the back of a body lying face down. Depth is MediaPipe's z (scale as x).
    stack = (f.left.shoulder[1] - f.right.shoulder[1]) / f.scale
    behind = (f.depth[11] - f.depth[12]) / f.scale * (1.0 if stack >= 0 else -1.0)
    face_down = max(le(abs(stack), 0.3, 0.45), ge(behind - abs(stack), -0.2, 0.2))
    # The tops of the feet on the floor point the toes on from the shins; sitting turns them up
    # (but not always: pointed toes, as in ankle pumps, are no proof of lying face down).
    toes_on = le(min(map(toe_turn, (f.left, f.right))), 45, 65)
    lifted = ge(arch, 6, 14)  # 0 lying flat (start position) .. 1 chest lifted
    flat = min(
        le(shoulders, 0.45, 0.6),  # lying: shoulders,
        le(hips, 0.45, 0.6),  # hips
        le(max(knees), 0.22, 0.32),  # and knees on the floor (not a plank)
        ge(max(wrists_fwd), 0.3, 0.55),  # hands by the chest (not arms by the sides)
        le(f.face_up, 0.5, 0.8),  # face down or to the side (not lying on the back)
    )
    checks = (
        ("legs along the floor", le(abs(slope), 30, 45)),
        ("both feet down", feet_down),  # not one leg lifted
        ("legs straight", legs_straight),
        ("shoulders above hips", ge(f.torso_elev, -20, -5)),
        ("hips low", le(hips, 1.0, 1.4)),
        ("nothing sags below hands and feet", ge(min(hips, *knees), -0.4, -0.25)),  # superman: ends lifted
        ("face down, not on the side", face_down),
        ("both hands down", le(abs(h(f.left.wrist) - h(f.right.wrist) - 2 * tilt), 1.2, 2.0)),
        (
            "hands support the chest",
            max(
                ge(max(wrists_fwd), 0.05, 0.25),  # ahead of the hips, by the chest (a low cobra)
                # or under a chest raised high on straight arms; then only the tops of the feet on the
                # floor tell it from sitting with the legs out and the hands by the hips
                min(ge(max(wrists_fwd) - shoulder_fwd, -0.35, -0.2), toes_on),
            ),
        ),
        # not reaching ahead at full arm's length (about 1.1 torso lengths), as in a superman
        ("hands under the chest", le(min(wrists_fwd) - shoulder_fwd, 0.8, 1.2)),
        ("face not toward feet", ge(face_away, -0.6, -0.35)),  # not sitting up
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
    # The floor is the line through the two feet (back toes, front sole), which stays right when the
    # camera looks down at an angle. A kneeling knee rests on it: the joint centre sits about half
    # the knee's depth (5-6 cm, about 0.12 S) above it; a lunge holds the knee clearly off it.
    fa, fb = back.foot_low, front.foot_low
    h = floor_line(f, fa, fb)
    floor_tilt = math.degrees(math.atan2(abs(fb[1] - fa[1]), abs(fb[0] - fa[0]) + 1e-9))
    hips = (h(back.hip) + h(front.hip)) / 2
    back_knee = h(back.knee)
    checks = (
        ("trunk upright", ge(f.torso_elev, 50, 62)),  # trunk upright
        ("back knee on the floor", le(back_knee, 0.18, 0.3)),
        ("back shin along the floor", le(shin_tilt, 25, 45)),
        ("feet on one floor line", le(floor_tilt, 20, 35)),
        ("nothing below the floor", ge(min(back_knee, h(front.knee), hips), -0.3, -0.15)),
        ("front knee up", ge(h(front.knee), 0.4, 0.6)),
        ("front knee bent", le(front.knee_deg, 140, 160)),
        ("front knee not folded", ge(front.knee_deg, 25, 40)),
        ("back knee bent", le(back.knee_deg, 140, 160)),
        ("hips up off the heels", ge(hips, 0.5, 0.7)),
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
    ax, ay = f.mid_ankle[0] - sx, f.mid_ankle[1] - sy
    hx, hy = f.mid_hip[0] - sx, f.mid_hip[1] - sy
    lift = math.degrees(math.atan2(ax * hy - ay * hx, ax * hx + ay * hy)) * (1.0 if ax >= 0 else -1.0)
    left, right = _bridge_leg(f, f.left), _bridge_leg(f, f.right)
    if near is None:
        leg = f.left if (left, f.left.visibility) >= (right, f.right.visibility) else f.right
    else:
        mine, theirs = (left, right) if near == "left" else (right, left)
        leg, other = (f.left, f.right) if near == "left" else (f.right, f.left)
        leg = leg if mine >= 0.5 or theirs < 0.5 else other
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
