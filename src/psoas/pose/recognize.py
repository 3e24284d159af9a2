"""Per-frame recognition: which exercise a pose is (in any common variant), and how far into it.

This module holds geometry primitives with plain names ("measures": the trunk's elevation,
the back knee's height above the floor line...). Which measures an exercise needs and the
limits on them, each with its physical reason, are data: `[recognition]` in
library/data/<exercise>.toml. The fit is the fuzzy AND (minimum) of the constraints, each a
ramp in [0, 1]. The constraints are deliberately broad (every common variant and close
look-alike passes); how the pose differs from the instructions is for the form rules, which
read the same measures. Anything that fits no exercise well is "no exercise"; the engine also
stays unsure when two fit nearly as well.

The phase signal ("progress") is one measure per exercise, mapped so that 0 is the start
position and 1 the held stretch: cobra, the trunk raised relative to the legs; kneeling
stretch, the back thigh pressed forward of vertical; bridge, the hips raised above the
shoulders. It is not clipped, so the hold can be found near each rep's own peak.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache

from psoas.pose.classifier import second_opinion
from psoas.pose.features import Features, Leg, angle_deg, depth_rise, mean_point, world_height_above
from psoas.pose.frame import SIDES

EXERCISES = ("cobra", "kneeling_hip_stretch", "glute_bridge")


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
    measures: dict = field(default_factory=dict)  # the geometry primitives, read by the form rules


SEEN = 0.5  # landmarks with a lower MediaPipe visibility are its guesses (hidden or out of view)


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


@cache
def recognition(exercise: str):
    """The exercise's `[recognition]` data (constraints and progress measure)."""
    from psoas.library import get_exercise

    data = get_exercise(exercise).recognition
    if data is None:
        raise ValueError(f"{exercise}: its data file has no [recognition] section")
    return data


def progress_range(exercise: str) -> tuple[float, float]:
    """The progress measure's value at the start position and at the held stretch."""
    p = recognition(exercise).progress
    return p.rest, p.hold


def bound_fit(bound, measures: dict) -> float:
    x = measures[bound.measure]
    if bound.at_least is not None:
        return ge(x, *bound.at_least)
    return le(x, *bound.at_most)


def constraint_fit(constraint, measures: dict) -> float:
    """Fit of one constraint: the best of its alternatives, each the weakest of its bounds."""
    return max(min(bound_fit(b, measures) for b in alt) for alt in constraint.alternatives())


def posture(exercise: str, measures: dict, side, leg, front=None) -> Posture:
    data = recognition(exercise)
    checks = tuple((c.name, constraint_fit(c, measures)) for c in data.constraints)
    angle = measures[data.progress.measure]
    rest, hold = data.progress.rest, data.progress.hold
    return Posture(exercise, min(v for _, v in checks), angle, (angle - rest) / (hold - rest), side, leg, front,
                   checks, measures)  # fmt: skip


@dataclass(slots=True)
class Line:
    """A line from `lower` landmarks (their mean) to `upper` ones, in body scales S: how far the
    picture shows it rise, how much of that rise is depth alone (depth_rise), and its run across
    the picture."""

    rise: float
    rise_by_depth: float
    run: float

    def elevation_deg(self, level: bool = True, side_on_cos: float = 1.0) -> float:
        """Degrees it rises in the picture; with `level`, as if seen square to the floor (the rise
        from depth alone taken off); with a `side_on_cos` below 1, as if seen side-on (the run,
        which a camera turned round shortens, scaled back up: Features.side_on_cos). From 30
        degrees up and 60 round from side-on, legs lying on the floor rise some 30 degrees in the
        picture (benchmarks/views.py)."""
        rise = self.rise - self.rise_by_depth if level else self.rise
        return math.degrees(math.atan2(rise, self.run / side_on_cos + 1e-9))


def line(f: Features, upper: tuple[int, ...], lower: tuple[int, ...]) -> Line:
    (lx, ly), (ux, uy) = mean_point(f.points, lower), mean_point(f.points, upper)
    return Line((uy - ly) / f.scale, depth_rise(f, upper, lower), abs(ux - lx) / f.scale)


def legs_line(f: Features) -> Line:
    """From the ankles to the hips (lying legs: level). Read from the ankle MediaPipe sees when it
    sees only one: the other is a guess."""
    seen = [i for i in (27, 28) if f.visibility[i] >= SEEN]
    return line(f, (23, 24), (seen[0],) if len(seen) == 1 else (27, 28))


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


def _forearm_slope(h, elbow, wrist, scale: float) -> float:
    """Degrees the forearm rises from the wrist to the elbow, against the floor line h: about 0
    when the forearm lies on the mat, steep when the hand presses the floor under a raised chest."""
    rise = h(elbow) - h(wrist)
    length = math.hypot(elbow[0] - wrist[0], elbow[1] - wrist[1]) / scale
    return math.degrees(math.asin(max(-1.0, min(1.0, rise / length)))) if length > 1e-9 else 90.0


def cobra_measures(f: Features) -> dict[str, float]:
    legs, trunk = legs_line(f), line(f, (11, 12), (23, 24))
    slope = legs.elevation_deg()  # the hips above the ankles, as if seen square to the floor
    level_trunk = trunk.elevation_deg(side_on_cos=f.side_on_cos)  # as if seen side-on and square to the floor
    away = 1.0 if f.mid_hip[0] >= f.mid_ankle[0] else -1.0  # from the feet to the head
    ex, ey = f.mid_ear
    nose = f.points[0]
    face_away = (nose[0] - ex) * away / (math.hypot(nose[0] - ex, nose[1] - ey) + 1e-9)
    wrists_fwd = [(leg.wrist[0] - f.mid_hip[0]) * away / f.torso_len for leg in (f.left, f.right)]
    shoulder_fwd = (f.mid_shoulder[0] - f.mid_hip[0]) * away / f.torso_len
    # Hands and feet rest on the floor: the image line through the middle of the hands and the
    # middle of the feet is the floor under the body's midline, also when the camera looks down at
    # an angle (the points are on the body's midplane: features.to_midplane).
    feet = (f.left.foot_low, f.right.foot_low)
    hands = _mid2(f.left.wrist, f.right.wrist)
    seen_feet = [i for i, ankle in ((0, 27), (1, 28)) if f.visibility[ankle] >= SEEN]
    # the other foot a guess: the line through the seen one
    h = floor_line(f, feet[seen_feet[0]] if len(seen_feet) == 1 else _mid2(*feet), hands)
    hips, shoulders = h(f.mid_hip), h(f.mid_shoulder)
    knees = (h(f.left.knee), h(f.right.knee))
    # A far foot hidden behind the near leg is only MediaPipe's guess (low visibility); a lifted
    # foot clears the other leg and is seen.
    lift = h(feet[0]) - h(feet[1])
    # Knees judged on the legs MediaPipe sees; lower legs hidden behind the body (a camera at the
    # head) are guesses, often drawn folded back, and are no evidence of bent knees.
    seen_knees = [leg.knee_deg for leg, k, a in ((f.left, 25, 27), (f.right, 26, 28))
                  if min(f.visibility[k], f.visibility[a]) >= SEEN]  # fmt: skip
    # One shoulder stacked above the other (as the picture shows them); depth is MediaPipe's z (scale as x).
    stack = f.shoulder_offset[1] / f.scale
    behind = (f.depth[11] - f.depth[12]) / f.scale * (1.0 if stack >= 0 else -1.0)
    arm = f.left if f.visibility[13] + f.visibility[15] >= f.visibility[14] + f.visibility[16] else f.right
    return {
        "legs_slope_deg": abs(slope),
        "lifted_foot_height": abs(lift),
        "lifted_foot_visibility": f.visibility[27 if lift > 0 else 28],
        "seen_knee_deg": max(seen_knees) if seen_knees else 180.0,
        "trunk_elevation_deg": f.torso_elev,
        "level_trunk_elevation_deg": level_trunk,
        "hips_height": hips,
        "shoulders_height": shoulders,
        "knees_height": max(knees),
        # the same in 3D (the picture's where the frame has no world landmarks): from above, the
        # picture shows a height shrunk by the cosine of the camera's elevation
        "world_knees_height": _world_or(world_height_above(f, (25, 26), (15, 16), (31, 32)), max(knees)),
        "hips_above_knees": hips - (knees[0] + knees[1]) / 2,
        "lowest_hip_or_knee": min(hips, *knees),
        "shoulder_stack": abs(stack),
        "far_shoulder_depth_excess": behind - abs(stack),
        "hands_level_gap": abs(h(f.left.wrist) - h(f.right.wrist)),
        "wrists_ahead_of_hips": max(wrists_fwd),
        "wrists_ahead_of_shoulders": max(wrists_fwd) - shoulder_fwd,
        "nearer_wrist_ahead_of_shoulders": min(wrists_fwd) - shoulder_fwd,
        "toe_turn_deg": min(map(toe_turn, (f.left, f.right))),
        "face_toward_head": face_away,
        "face_up": f.face_up,
        # Trunk raised relative to the legs, both as the picture shows them: a floor tilted by depth
        # tilts both alike, and the fitted slope is noisy when the camera looks along the body.
        "arch_deg": f.torso_elev - legs.elevation_deg(level=False),
        # the same, each line as if seen square to the floor (the picture's where there is no slope)
        "level_arch_deg": level_trunk - legs.elevation_deg(side_on_cos=f.side_on_cos),
        "forearm_slope_deg": _forearm_slope(h, arm.elbow, arm.wrist, f.scale),
        "elbow_height": h(arm.elbow),
    }


def _world_or(world: float | None, picture: float) -> float:
    return picture if world is None else world


def cobra(f: Features, near: str | None = None) -> Posture:
    return posture("cobra", cobra_measures(f), None, near_leg(f, near))


def kneeling(f: Features, near: str | None = None) -> Posture:
    back, front = (f.left, f.right) if f.left.h_knee <= f.right.h_knee else (f.right, f.left)
    fwd = 1.0 if front.ankle[0] >= back.knee[0] else -1.0  # direction the person faces
    tx, ty = back.hip[0] - back.knee[0], back.hip[1] - back.knee[1]
    # + when hips forward; forward-backward as if seen side-on (features._side_on_cos)
    thigh_deg = math.degrees(math.atan2(tx * fwd / f.side_on_cos, ty if abs(ty) > 1e-9 else 1e-9))
    # The floor is the line through the two feet (back toes, front sole), which stays right when the
    # camera looks down at an angle.
    fa, fb = back.foot_low, front.foot_low
    h = floor_line(f, fa, fb)
    hips = (h(back.hip) + h(front.hip)) / 2
    back_knee, front_knee = h(back.knee), h(front.knee)
    leg_len = (back.thigh_len + back.shin_len + front.thigh_len + front.shin_len) / 2
    measures = {
        "trunk_elevation_deg": f.torso_elev,
        "back_knee_height": back_knee,
        "back_knee_below_front_knee": front_knee - back_knee,
        "back_foot_above_knee": h(back.ankle) - back_knee,
        "floor_tilt_deg": floor_tilt_deg(f, back, front),
        "lowest_knee_or_hip": min(back_knee, front_knee, hips),
        "front_knee_height": front_knee,
        "front_knee_deg": front.knee_deg,
        "back_knee_deg": back.knee_deg,
        "hips_height": hips,
        "hips_over_leg_length": hips / leg_len if leg_len > 1e-9 else 1.0,
        "back_thigh_forward_deg": thigh_deg,
    }
    return posture("kneeling_hip_stretch", measures, back.side, back, front)


def floor_tilt_deg(f: Features, back: Leg, front: Leg) -> float:
    """Degrees the line from the back foot to the front foot rises in the picture, as if seen
    square to the floor: a camera looking down shows the farther foot higher by its depth alone
    (depth_rise), which from 30 degrees up and 60 round from side-on tilts a level floor line by
    about 40 degrees (benchmarks/views.py)."""
    return abs(line(f, (front.foot_low_index,), (back.foot_low_index,)).elevation_deg())


def _bridge_leg(f: Features, leg: Leg) -> dict[str, float]:
    p = leg.side + "_"
    # Above the floor line as if seen square to the floor. A camera looking down from beside the
    # feet makes the shoulders the lowest point and shows the feet above them by their depth
    # alone (benchmarks/views.py: from 30 degrees up beside the feet the bridge was not named).
    foot = leg.h_ankle - depth_rise(f, (SIDES[leg.side]["heel"],), (f.floor_point,))
    # The knee above the foot: the larger of the picture's and the 3D reading (above the floor
    # through the shoulders and this foot; lying on the back, every point is above it). From above
    # beside the feet the picture shows the raised knee's height shrunk by the camera's elevation.
    knee = leg.h_knee - max(leg.h_ankle, 0.0)
    knee_3d = world_height_above(f, (SIDES[leg.side]["knee"],), (11, 12), (SIDES[leg.side]["heel"],), up=None)
    return {
        p + "knee_deg": leg.knee_deg,
        p + "foot_height": foot,
        p + "knee_above_foot": knee if knee_3d is None else max(knee, knee_3d),
        p + "foot_beyond_hips": (leg.ankle[0] - f.mid_hip[0]) * -f.head_dir / f.torso_len,
        p + "knee_height": leg.h_knee,
    }


def bridge(f: Features, near: str | None = None) -> Posture:
    legs = {**_bridge_leg(f, f.left), **_bridge_leg(f, f.right)}
    # The leg the form rules read: the one whose foot is down with the knee bent (single-leg
    # bridge), else the nearer one.
    data = recognition("glute_bridge")
    fits = {side: _side_fit(data, side, legs) for side in ("left", "right")}
    if near is None:
        side = "left" if (fits["left"], f.left.visibility) >= (fits["right"], f.right.visibility) else "right"
    else:
        other = "right" if near == "left" else "left"
        side = near if fits[near] >= 0.5 or fits[other] < 0.5 else other
    # Hips raised above the floor line, seen from the shoulders. Shoulders and feet both touch
    # the floor (or the shoulders a bench), so the shoulder->ankle line is the floor's stand-in
    # even when the camera looks down at it. Only a planted foot is on the floor: in a
    # single-leg bridge (one leg fits "bent with the foot down", the other not) the raised
    # leg's ankle would tilt the line up toward the hips.
    planted = [s for s in ("left", "right") if fits[s] >= 0.5]
    ankle = f.leg(planted[0]).ankle if len(planted) == 1 else f.mid_ankle
    sx, sy = f.mid_shoulder
    ax, ay = ankle[0] - sx, ankle[1] - sy
    hx, hy = f.mid_hip[0] - sx, f.mid_hip[1] - sy
    lift = math.degrees(math.atan2(ax * hy - ay * hx, ax * hx + ay * hy)) * (1.0 if ax >= 0 else -1.0)
    ears = min(f.left.ear[1], f.right.ear[1])
    # Shoulders above the planted foot (the lower one when both or neither fit), as if seen square
    # to the floor: a camera looking down from beside the feet shows the shoulders lower than the
    # feet, from beside the head higher, by their depth apart (depth_rise; benchmarks/views.py).
    foot = f.leg(planted[0]) if len(planted) == 1 else min(f.left, f.right, key=lambda leg: leg.h_ankle)
    rise = depth_rise(f, (11, 12), (SIDES[foot.side]["heel"],))
    shoulders = min(f.left.h_shoulder, f.right.h_shoulder) - foot.h_ankle - rise
    measures = {
        **legs,
        "shoulders_height": shoulders,
        "head_below_shoulders": (min(f.left.shoulder[1], f.right.shoulder[1]) - ears) / f.scale,
        "trunk_elevation_deg": f.torso_elev,
        "hips_lift_deg": lift,
        "face_up": f.face_up,
    }
    return posture("glute_bridge", measures, None, f.leg(side))


PLANTED = "a bent leg with the foot down"  # the glute bridge constraint that finds the planted feet


def _side_fit(data, side: str, measures: dict) -> float:
    """How well this side's leg is bent with its foot planted: the fit of the PLANTED
    constraint's alternative that reads only this side's leg."""
    (constraint,) = [c for c in data.constraints if c.name == PLANTED]
    fits = [min(bound_fit(b, measures) for b in alt) for alt in constraint.alternatives()
            if all(b.measure.startswith(side + "_") for b in alt)]  # fmt: skip
    return max(fits, default=0.0)


RECOGNISERS = {"cobra": cobra, "kneeling_hip_stretch": kneeling, "glute_bridge": bridge}


def score_all(f: Features, near: str | None = None, second: bool = True) -> dict[str, Posture]:
    """Every exercise's posture; with `second`, the learned second opinion folded into the fits
    the rules are unsure about (psoas.pose.classifier)."""
    postures = {name: fn(f, near) for name, fn in RECOGNISERS.items()}
    return second_opinion(f, postures) if second else postures
