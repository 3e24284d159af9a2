"""Seeded synthetic landmark sequences with ground truth, for tests and benchmarks.

A stick-figure body (segment lengths in body heights, varied per person) moves through each
exercise in a side-view plane; a camera with yaw, elevation and roll projects it into a
640x480 picture. On top: landmark noise (more on the far side), far-side visibility, dropped
frames (nobody detected, or frames missing), short left/right label swaps, irregular frame
times, and injected form faults on chosen reps. Ground truth: reps with their hold spans,
the side, and which faults each rep carries.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from psoas.pose.frame import NUM_LANDMARKS, SWAP_LR, PoseFrame

EXERCISE_FAULTS = {
    "cobra": ("cobra.hips_lifted", "cobra.back_overextended", "cobra.shoulders_shrugged"),
    "kneeling_hip_stretch": ("kneeling_hip_stretch.knee_past_ankle", "kneeling_hip_stretch.torso_leaning",
                             "kneeling_hip_stretch.hips_not_forward"),
    "glute_bridge": ("glute_bridge.hips_sagging", "glute_bridge.back_overarched", "glute_bridge.feet_placement"),
}  # fmt: skip
ASPECT = 640 / 480


@dataclass
class Spec:
    exercise: str
    reps: int = 3
    hold_s: float = 5.0
    side: str | None = None  # kneeling stretch: the stretched (back-leg) side
    move_s: float = 1.5  # time to move up, and again to come down
    rest_s: float = 2.0
    lead_s: float = 1.5  # at rest before the first and after the last rep
    size: float = 0.8  # body height in picture heights
    shift_x: float = 0.0  # picture widths the body is moved sideways (e.g. feet out of the picture)
    proportions: float = 1.0  # limb/torso ratio variation
    yaw_deg: float = 0.0
    pitch_deg: float = 0.0
    roll_deg: float = 0.0
    facing: int = 1  # +1: head (or front) towards the picture's right
    noise: float = 0.003  # landmark noise, picture heights
    drop_rate: float = 0.0
    swap_rate: float = 0.0  # left/right label swap bursts per second
    fps: float = 30.0
    time_jitter: float = 0.0  # frame interval jitter, fraction of 1/fps
    amplitude: float = 1.0  # how far into the stretch the held position goes
    hold_deg: float | None = None  # held angle (cobra: trunk above the floor), else drawn at random
    ease: str = "cosine"  # speed profile of each move: "cosine", "minjerk" (bell-shaped) or "linear"
    faults: dict[int, str] = field(default_factory=dict)  # rep index -> injected fault code
    # Common variants and close look-alikes of the exercise (names in VARIANTS[exercise]); a
    # look-alike's fault is expected on every rep. A negative pose (a name in NEGATIVES) is given
    # as `exercise`: the body moves from `start_pose` (or holds still) into it and back.
    variant: tuple[str, ...] = ()
    start_pose: str | None = None


@dataclass
class TruthRep:
    start_s: float
    end_s: float
    hold_start_s: float
    hold_end_s: float
    faults: list[str]

    @property
    def hold_s(self) -> float:
        return self.hold_end_s - self.hold_start_s


@dataclass
class Truth:
    exercise: str | None  # None for a negative pose
    side: str | None
    reps: list[TruthRep]
    duration_s: float
    labels: list[tuple[float, str | None, str | None]]  # per emitted frame: (t, exercise, phase)


def _ease(s: float, kind: str = "cosine") -> float:
    s = min(max(s, 0.0), 1.0)
    if kind == "minjerk":  # Flash and Hogan 1985: the smoothest reaching movement
        return s**3 * (10 - 15 * s + 6 * s * s)
    if kind == "linear":
        return s
    return (1 - math.cos(math.pi * s)) / 2


def _ik(a, c, l1, l2, bend: float):
    """Middle joint of a two-segment chain from a to c; `bend` picks the side (+1/-1)."""
    ax, ay = a
    cx, cy = c
    d = math.hypot(cx - ax, cy - ay)
    d = min(max(d, abs(l1 - l2) + 1e-6), l1 + l2 - 1e-6)
    ux, uy = (cx - ax) / max(math.hypot(cx - ax, cy - ay), 1e-9), (cy - ay) / max(math.hypot(cx - ax, cy - ay), 1e-9)
    along = (l1 * l1 - l2 * l2 + d * d) / (2 * d)
    h = math.sqrt(max(l1 * l1 - along * along, 0.0))
    return (ax + ux * along - bend * uy * h, ay + uy * along + bend * ux * h)


def _rot(p, deg):
    r = math.radians(deg)
    return (p[0] * math.cos(r) - p[1] * math.sin(r), p[0] * math.sin(r) + p[1] * math.cos(r))


class Body:
    def __init__(self, rng: np.random.Generator, proportions: float = 1.0) -> None:
        v = lambda base: base * float(rng.uniform(0.94, 1.06))  # noqa: E731
        self.torso = v(0.30) * proportions
        self.thigh, self.shin = v(0.245), v(0.246)
        self.upper, self.fore = v(0.186), v(0.146)
        self.neck, self.head = v(0.12), v(0.09)
        self.sw, self.hw = v(0.115), v(0.085)  # half shoulder and hip widths


def _cobra(b: Body, q: float, fault: str | None, rng_hold: float, variant: tuple[str, ...] = ()):
    upward = "upward_dog" in variant  # hips and thighs held off the floor on straight arms
    sphinx = "sphinx" in variant  # on the forearms
    straight = "straight_arms" in variant or upward
    lift_top = 0.10 if fault == "cobra.hips_lifted" else 0.07 if upward else 0.0
    lift, knee_lift = lift_top * q, (0.08 * q if upward else 0.0)
    reach = b.upper + b.fore
    top = max(58.0, rng_hold) if fault == "cobra.back_overextended" else rng_hold
    if straight:  # the chest rises until the arms are straight, hands under the shoulders
        top = math.degrees(math.asin(min((reach + 0.02 - 0.08 - lift_top) / b.torso, 0.99)))
    elif sphinx:  # the upper arm stands on the elbow under the shoulder
        top = math.degrees(math.asin(min((0.03 + b.upper - 0.08) / b.torso, 0.99)))
    elif "low" in variant:  # a baby cobra: chest just off the mat, hands left back by the chest
        top = min(rng_hold, 20.0)
    elif "hands_ahead" in variant:
        top = rng_hold + 12.0
    top += math.degrees(math.atan2(lift_top, b.thigh + b.shin))  # the chest still rises above the legs
    theta = 2.0 + q * (top - 2.0)
    ankle = (0.0, 0.04)
    knee = (b.shin, 0.05 + knee_lift)
    hip = (b.shin + b.thigh, 0.08 + lift)
    sh = (hip[0] + b.torso * math.cos(math.radians(theta)), hip[1] + b.torso * math.sin(math.radians(theta)))
    if fault == "cobra.back_overextended":  # arms locked straight
        dy = sh[1] - 0.02
        wrist = (sh[0] - math.sqrt(max(reach * reach * 0.9995 - dy * dy, 0.0)) * 0.3, 0.02)
        wrist = (sh[0] - 0.3 * reach * (1 - q), sh[1] - reach * 0.999) if dy > reach else wrist
        elbow = ((sh[0] + wrist[0]) / 2, (sh[1] + wrist[1]) / 2 + 0.001)
    elif sphinx:  # forearms flat on the mat, elbows under the shoulders
        dy = max(sh[1] - 0.03, 0.0)
        elbow = (sh[0] - math.sqrt(max(b.upper * b.upper - dy * dy, 0.0)), 0.03)
        wrist = (elbow[0] + b.fore, 0.02)
    else:
        hold_sh_x = b.shin + b.thigh + b.torso * math.cos(math.radians(top))
        ahead = 0.06 if "hands_ahead" in variant else -0.14 if "low" in variant else -0.02
        wrist = (hold_sh_x + ahead, 0.02)
        elbow = _ik(sh, wrist, b.upper, b.fore, bend=-1.0)
    shrug = 0.07 * q if fault == "cobra.shoulders_shrugged" else 0.0
    d = (math.cos(math.radians(theta)), math.sin(math.radians(theta)))
    sh = (sh[0] + d[0] * shrug, sh[1] + d[1] * shrug)
    ear = (sh[0] + d[0] * b.neck + 0.0, sh[1] + d[1] * b.neck + 0.02)
    ear = (ear[0] - d[0] * shrug, ear[1] - d[1] * shrug)
    face = _rot(d, -90 + 70 * q)
    nose = (ear[0] + face[0] * b.head, ear[1] + face[1] * b.head)
    pts = {"ankle": ankle, "knee": knee, "hip": hip, "shoulder": sh, "elbow": elbow, "wrist": wrist,
           "heel": (0.02, 0.09), "foot": (-0.1, 0.01), "ear": ear, "nose": nose}  # fmt: skip
    return pts, -1.0  # prone, head towards +x: the left side is away from the camera


def _kneeling(b: Body, q: float, fault: str | None, rng_hold: float, variant: tuple[str, ...] = ()):
    floor_hands = "hands_floor" in variant  # hands beside the front foot: a deep lunge, trunk over the thigh
    deep = "deep" in variant or floor_hands
    alpha_top = 14.0 if fault == "kneeling_hip_stretch.hips_not_forward" else rng_hold
    if deep:
        alpha_top = rng_hold + 15.0
    elif "shallow" in variant:
        alpha_top = min(rng_hold, 17.0)
    alpha = 2.0 + q * (alpha_top - 2.0)
    leans = {"kneeling_hip_stretch.torso_leaning": -22.0, "kneeling_hip_stretch.hips_not_forward": 11.0}
    lean_top = leans.get(fault or "", 2.0)
    lean_top = 60.0 if floor_hands else 25.0 if "leaning_forward" in variant else lean_top
    lean = lean_top * q
    knee_b = (0.0, 0.11 if "back_knee_lifted" in variant else 0.035)  # joint centre ~6 cm up on the mat
    ankle_b = (-b.shin, 0.06) if knee_b[1] < 0.1 else (-math.sqrt(b.shin**2 - (knee_b[1] - 0.06) ** 2), 0.06)
    hip = (knee_b[0] + b.thigh * math.sin(math.radians(alpha)), knee_b[1] + b.thigh * math.cos(math.radians(alpha)))
    sh = (hip[0] + b.torso * math.sin(math.radians(lean)), hip[1] + b.torso * math.cos(math.radians(lean)))
    if deep:  # the front foot far enough ahead for the shin to stand upright at the top
        top_hip = knee_b[1] + b.thigh * math.cos(math.radians(alpha_top))
        ankle_x = b.thigh * math.sin(math.radians(alpha_top)) + math.sqrt(
            max(b.thigh**2 - (top_hip - b.shin - 0.06) ** 2, 0.0)
        )
    elif "shallow" in variant:
        ankle_x = b.thigh + 0.08
    else:
        ankle_x = b.thigh + 0.12
    ankle_x -= 0.12 if fault == "kneeling_hip_stretch.knee_past_ankle" else 0.0
    ankle_f = (ankle_x, 0.06)
    knee_f = _ik(hip, ankle_f, b.thigh, b.shin, bend=1.0)
    reach = b.upper + b.fore
    if floor_hands:
        wrist = (ankle_f[0] + 0.04, 0.02)
    elif "hands_knee" in variant:
        wrist = (knee_f[0] + 0.02, knee_f[1] + 0.02)
    elif "hands_hips" in variant:
        wrist = (hip[0] + 0.03, hip[1] + 0.03)
    elif "overhead" in variant:
        wrist = (sh[0] + 0.03, sh[1] + reach * 0.97)
    else:
        wrist = None
    if wrist is None:
        elbow = (sh[0] + 0.02, sh[1] - b.upper)
        wrist = (elbow[0] + 0.06, elbow[1] - b.fore * 0.95)
    else:
        if math.hypot(wrist[0] - sh[0], wrist[1] - sh[1]) > reach:  # cannot reach yet: the arm points there
            d = math.hypot(wrist[0] - sh[0], wrist[1] - sh[1])
            wrist = (sh[0] + (wrist[0] - sh[0]) * reach * 0.999 / d, sh[1] + (wrist[1] - sh[1]) * reach * 0.999 / d)
        elbow = _ik(sh, wrist, b.upper, b.fore, bend=1.0 if "hands_hips" in variant else -1.0)
    up = (math.sin(math.radians(lean)), math.cos(math.radians(lean)))
    ear = (sh[0] + up[0] * b.neck, sh[1] + up[1] * b.neck)
    nose = (ear[0] + b.head, ear[1] - 0.01)
    if "toes_tucked" in variant or "back_knee_lifted" in variant:  # on the ball of the back foot, heel up
        back = {"ankle": ankle_b, "knee": knee_b, "heel": (ankle_b[0] + 0.01, 0.12), "foot": (ankle_b[0] - 0.03, 0.005)}
    else:  # top of the back foot flat on the mat
        back = {"ankle": ankle_b, "knee": knee_b, "heel": (ankle_b[0] + 0.01, 0.1), "foot": (ankle_b[0] - 0.1, 0.01)}
    front = {"ankle": ankle_f, "knee": knee_f, "heel": (ankle_f[0] - 0.05, 0.02), "foot": (ankle_f[0] + 0.12, 0.01)}
    common = {"hip": hip, "shoulder": sh, "elbow": elbow, "wrist": wrist, "ear": ear, "nose": nose}
    return (common, back, front), -1.0


def _bridge_pose(b: Body, beta: float, foot_x: float, shoulder_y: float = 0.06):
    sh = (0.0, shoulder_y)
    hip = (sh[0] - b.torso * math.cos(math.radians(beta)), sh[1] + b.torso * math.sin(math.radians(beta)))
    ankle = (foot_x, 0.06)
    knee = _ik(hip, ankle, b.thigh, b.shin, bend=-1.0)
    return sh, hip, knee, ankle


def _line_and_knee(b: Body, beta: float, foot_x: float, shoulder_y: float = 0.06):
    from psoas.pose.features import angle_deg, signed_line_deg

    sh, hip, knee, ankle = _bridge_pose(b, beta, foot_x, shoulder_y)
    # mirror x so the knee is right of the shoulder, as signed_line_deg expects either way
    return signed_line_deg(sh, hip, knee), angle_deg(hip, knee, ankle)


def bridge_setup(b: Body, line_target: float, knee_target: float, shoulder_y: float = 0.06) -> tuple[float, float]:
    """(beta at the top, foot x) giving this shoulder-hip-knee line and knee angle at the top."""
    best = (1e9, 20.0, -0.5)
    low = -40.0 if shoulder_y > 0.1 else 0.0  # shoulders on a bench: the trunk may slope down to the hips
    for foot_x in np.linspace(-b.torso - 0.05, -b.torso - b.thigh - b.shin + 0.02, 60):
        for beta in np.linspace(low, 50.0, 101):
            line, knee = _line_and_knee(b, beta, foot_x, shoulder_y)
            err = abs(line - line_target) + 0.5 * abs(knee - knee_target)
            if err < best[0]:
                best = (err, float(beta), float(foot_x))
    return best[1], best[2]


BENCH_Y = 0.25  # shoulders on a bench or ball: about 40 cm up, in body heights


def _bridge(b: Body, q: float, setup: tuple[float, float], variant: tuple[str, ...] = ()):
    beta_top, foot_x = setup
    shoulder_y = BENCH_Y if "bench" in variant else 0.06
    # on a bench the hips start on the floor, below the shoulders
    beta_rest = -math.degrees(math.asin(min((shoulder_y - 0.08) / b.torso, 0.99))) if shoulder_y > 0.1 else 1.0
    sh, hip, knee, ankle = _bridge_pose(b, beta_rest + q * (beta_top - beta_rest), foot_x, shoulder_y)
    if "arms_crossed" in variant:  # hands on the opposite shoulders, forearms across the chest
        dx, dy = (hip[0] - sh[0]) / b.torso, (hip[1] - sh[1]) / b.torso  # along the trunk, to the hips
        nx, ny = (-dy, dx) if dx >= 0 else (dy, -dx)  # across the trunk, away from the floor
        elbow = (sh[0] + dx * 0.12 + nx * 0.1, sh[1] + dy * 0.12 + ny * 0.1)
        wrist = (sh[0] + dx * 0.01 + nx * 0.09, sh[1] + dy * 0.01 + ny * 0.09)
    else:
        elbow, wrist = (sh[0] - b.upper, sh[1] - 0.03), (sh[0] - b.upper - b.fore, sh[1] - 0.03)
    ear = (sh[0] + b.neck, shoulder_y + 0.01)
    nose = (ear[0] + 0.02, ear[1] + b.head)
    pts = {"ankle": ankle, "knee": knee, "hip": hip, "shoulder": sh, "elbow": elbow, "wrist": wrist,
           "heel": (ankle[0] - 0.03, 0.02), "foot": (ankle[0] - 0.13, 0.01), "ear": ear, "nose": nose}  # fmt: skip
    if "single_leg" in variant:  # the far leg held straight, in line with the planted leg's thigh
        ux, uy = (knee[0] - hip[0]) / b.thigh, (knee[1] - hip[1]) / b.thigh
        r_knee = (hip[0] + ux * b.thigh, hip[1] + uy * b.thigh + 0.02)
        r_ankle = (r_knee[0] + ux * b.shin, r_knee[1] + uy * b.shin)
        raised = {"knee": r_knee, "ankle": r_ankle, "heel": (r_ankle[0] + ux * 0.03, r_ankle[1] + uy * 0.03 - 0.02),
                  "foot": (r_ankle[0] + ux * 0.1 - uy * 0.08, r_ankle[1] + uy * 0.1 + ux * 0.08)}  # fmt: skip
        planted = {k: pts[k] for k in ("knee", "ankle", "heel", "foot")}
        return (pts, planted, raised), 1.0
    return pts, 1.0  # supine, head towards +x: the left side is towards the camera


def _at(p, length: float, deg: float):
    r = math.radians(deg)
    return (p[0] + length * math.cos(r), p[1] + length * math.sin(r))


def _chain(b: Body, hip, trunk: float, neck: float, face: float, legs, arms):
    """Side-view points from segment directions (degrees from +x, y up; +x is where the head or
    the front is). `legs` and `arms`: ((thigh, shin, foot), ...) and ((upper, fore), ...), one
    for the near and one for the far side (a single tuple for both)."""
    sh = _at(hip, b.torso, trunk)
    ear = _at(sh, b.neck, neck)
    common = {"hip": hip, "shoulder": sh, "ear": ear, "nose": _at(ear, b.head, face)}
    sides: list[dict] = []
    n = max(len(legs), len(arms))
    for (thigh, shin, foot), (upper, fore) in zip(legs * (3 - len(legs)), arms * (3 - len(arms)), strict=False):
        if len(sides) == n:
            break
        knee = _at(hip, b.thigh, thigh)
        ankle = _at(knee, b.shin, shin)
        elbow = _at(sh, b.upper, upper)
        sides.append({"knee": knee, "ankle": ankle, "foot": _at(ankle, 0.12, foot),
                      "heel": _at(ankle, 0.05, foot + 160),
                      "elbow": elbow, "wrist": _at(elbow, b.fore, fore)})  # fmt: skip
    return common, sides[0], sides[-1]


def _grounded(pose):
    """The pose moved up or down so that its lowest point rests on the floor (y = 0.01)."""
    common, near, far = pose
    low = min(p[1] for part in pose for p in part.values()) - 0.01
    return tuple({k: (x, y - low) for k, (x, y) in part.items()} for part in (common, near, far))


def _negative_pose(b: Body, kind: str):
    """A pose that is none of the three exercises, held side-on: (common, near side, far side)."""
    arm_len, leg_len = b.upper + b.fore, b.thigh + b.shin
    one = lambda *xs: (tuple(xs),)  # noqa: E731 - the same for both sides
    if kind in ("plank", "chaturanga"):
        # straight body on the hands (elbows bent to the floor in chaturanga) and the toes
        high = arm_len + 0.01 if kind == "plank" else 0.13
        tilt = math.degrees(math.asin(min((high - 0.09) / (b.torso + leg_len), 0.99)))
        arms = one(-90, -90) if kind == "plank" else one(-150, -80)
        return _chain(b, (0, 0.5), tilt, tilt, tilt - 80, one(180 + tilt, 180 + tilt, 260), arms)
    if kind == "downward_dog":  # an inverted V: hands and feet on the floor, hips highest
        return _chain(b, (0, 0.5), -42, -42, -120, one(228, 228, 0), one(-42, -42))
    if kind == "childs_pose":  # sitting back on the heels, chest on the thighs, arms along the floor ahead
        return _chain(b, (0, 0.5), -12, -10, -95, one(-20, 180, 180), one(-8, -2))
    if kind in ("tabletop", "cat", "cow"):  # hands under the shoulders, knees under the hips
        tilt = math.degrees(math.asin(min((arm_len - b.thigh) / b.torso, 0.99)))
        neck, face = {"tabletop": (tilt, -60), "cat": (-55, -120), "cow": (45, 20)}[kind]
        return _chain(b, (0, 0.5), tilt, neck, face, one(-90, 180, 180), one(-90, -90))
    if kind == "eight_limbed":  # knees, chest and chin down, hips raised
        return _chain(b, (0, 0.5), -30, -5, -95, one(-130, 172, 250), one(150, -80))
    if kind == "wheel":  # back bend on hands and feet, head hanging below the shoulders
        return _chain(b, (0, 0.5), -35, -70, -10, one(215, -95, 180), one(-100, -75))
    if kind == "shoulder_stand":  # on the upper back, trunk and legs straight up, hands on the back
        return _chain(b, (0, 0.5), -85, 0, 90, one(95, 92, 100), one(180, 70))
    if kind == "locust":  # face down, chest and legs lifted, arms back along the body
        return _chain(b, (0, 0.5), 14, 20, -60, one(172, 172, 170), one(188, 180))
    if kind == "back_extension":  # face down, chest lifted, legs on the floor, hands on the floor by the hips
        return _chain(b, (0, 0.5), 25, 30, -50, one(180, 180, 175), one(240, 190))
    if kind == "superman":  # face down, arms reaching ahead and legs lifted
        return _chain(b, (0, 0.5), 12, 15, -60, one(170, 172, 170), one(25, 20))
    if kind == "seated":  # sitting with the legs out in front, hands by the hips
        return _chain(b, (0, 0.5), 88, 90, 0, one(0, 0, 90), one(-95, -90))
    if kind == "seated_forward_fold":
        return _chain(b, (0, 0.5), 30, 20, -30, one(0, 0, 90), one(10, 5))
    if kind == "cross_legged":  # legs folded in front, seen from the side
        return _chain(b, (0, 0.5), 90, 90, 0, one(8, 200, 180), one(-80, -20))
    if kind == "standing":
        return _chain(b, (0, 0.5), 90, 90, 0, one(-90, -90, 0), one(-90, -90))
    if kind == "arms_raised":
        return _chain(b, (0, 0.5), 92, 95, 10, one(-90, -90, 0), one(95, 98))
    if kind == "forward_fold":
        return _chain(b, (0, 0.5), -70, -80, -160, one(-95, -90, 0), one(-95, -95))
    if kind == "warrior":  # standing split stance: front knee bent over the ankle, back leg straight
        return _chain(b, (0, 0.5), 90, 90, 0, ((-5, -90, 0), (-128, -128, 170)), one(92, 95))
    if kind == "kneeling_upright":  # on both knees, hips over the knees
        return _chain(b, (0, 0.5), 90, 90, 0, one(-90, 180, 180), one(-90, -90))
    if kind == "lying_on_back":  # flat on the back, legs straight
        return _chain(b, (0, 0.5), 0, 0, 90, one(180, 180, 90), one(182, 180))
    if kind == "knees_to_chest":  # on the back, knees pulled up
        return _chain(b, (0, 0.5), 0, 0, 90, one(70, 180, 270), one(150, 60))
    raise ValueError(f"unknown negative pose {kind!r}")


# Poses that are none of the three exercises: the engine must say "no exercise" for them.
# Prone poses face down (near side: the body's right), supine ones face up (near side: left).
NEGATIVES = {
    "plank": -1.0, "chaturanga": -1.0, "downward_dog": -1.0, "childs_pose": -1.0, "tabletop": -1.0, "cat": -1.0,
    "cow": -1.0, "eight_limbed": -1.0, "wheel": 1.0, "shoulder_stand": 1.0, "locust": -1.0, "superman": -1.0,
    "back_extension": -1.0,
    "seated": 1.0, "seated_forward_fold": 1.0, "cross_legged": 1.0, "standing": 1.0, "arms_raised": 1.0,
    "forward_fold": 1.0, "warrior": 1.0, "kneeling_upright": 1.0, "lying_on_back": 1.0, "knees_to_chest": 1.0,
}  # fmt: skip

# Common variants of each exercise, and close look-alikes (the exercise with a fault naming the
# difference, on every rep): {variant: expected fault codes}.
VARIANTS = {
    "cobra": {"low": (), "straight_arms": ("cobra.back_overextended",), "hands_ahead": (),
              "sphinx": ("cobra.on_forearms",), "upward_dog": ("cobra.hips_lifted",)},
    "kneeling_hip_stretch": {"hands_floor": ("kneeling_hip_stretch.torso_leaning",
                                             "kneeling_hip_stretch.hips_not_forward"),
                             "hands_knee": (), "hands_hips": (), "overhead": (), "deep": (), "shallow": (),
                             "toes_tucked": (),
                             "leaning_forward": ("kneeling_hip_stretch.torso_leaning",
                                                 "kneeling_hip_stretch.hips_not_forward"),
                             "back_knee_lifted": ("kneeling_hip_stretch.back_knee_lifted",)},
    "glute_bridge": {"arms_crossed": (), "feet_near": (), "feet_far": (), "single_leg": (),
                     "bench": ("glute_bridge.shoulders_raised",)},
}  # fmt: skip
LOOK_ALIKES = {"sphinx", "upward_dog", "back_knee_lifted", "bench"}


def _blend(a, b, w: float):
    return tuple({k: (pa[k][0] + (pb[k][0] - pa[k][0]) * w, pa[k][1] + (pb[k][1] - pa[k][1]) * w) for k in pa}
                 for pa, pb in zip(a, b, strict=True))  # fmt: skip


_SIDE_IDX = {"shoulder": (11, 12), "elbow": (13, 14), "wrist": (15, 16), "hip": (23, 24), "knee": (25, 26),
             "ankle": (27, 28), "heel": (29, 30), "foot": (31, 32), "ear": (7, 8)}  # fmt: skip


def _skeleton(pose, exercise: str, b: Body, side: str | None) -> np.ndarray:
    """(33, 3) body-frame points: x along the body, y up, z towards the camera."""
    out = np.zeros((NUM_LANDMARKS, 3))
    limbs: tuple[str, ...] = ("knee", "ankle", "heel", "foot")
    if exercise == "kneeling_hip_stretch":
        (common, back, front), left_z = pose
        back_is_left = side != "right"
        legs = {"left": back if back_is_left else front, "right": front if back_is_left else back}
    elif exercise in NEGATIVES:
        (common, near, far), left_z = pose
        legs = {"left": near if left_z > 0 else far, "right": far if left_z > 0 else near}
        limbs += ("elbow", "wrist")
    elif isinstance(pose[0], tuple):  # a bridge on one leg: the near leg planted, the far one raised
        (common, near, far), left_z = pose
        legs = {"left": near, "right": far}
    else:
        common, left_z = pose
        legs = {"left": common, "right": common}
    for name, (li, ri) in _SIDE_IDX.items():
        width = b.sw if name in ("shoulder", "elbow", "wrist", "ear") else b.hw
        width = 0.07 if name == "ear" else width
        for idx, s, zsign in ((li, "left", left_z), (ri, "right", -left_z)):
            src = legs[s] if name in limbs else common
            x, y = src[name]
            out[idx] = (x, y, zsign * width)
    nose = common["nose"]
    ear_mid = ((out[7] + out[8]) / 2)[:2]
    out[0] = (nose[0], nose[1], 0.0)
    for i, fx in zip((1, 2, 3, 4, 5, 6), (0.8, 0.7, 0.6, 0.8, 0.7, 0.6), strict=True):
        zz = (0.02 if i <= 3 else -0.02) * left_z
        out[i] = (ear_mid[0] + (nose[0] - ear_mid[0]) * fx, ear_mid[1] + (nose[1] - ear_mid[1]) * fx + 0.01, zz)
    for i, zz in ((9, 0.02), (10, -0.02)):
        out[i] = (
            ear_mid[0] + (nose[0] - ear_mid[0]) * 0.9,
            ear_mid[1] + (nose[1] - ear_mid[1]) * 0.9 - 0.02,
            zz * left_z,
        )
    for hand, wrist in ((17, 15), (19, 15), (21, 15), (18, 16), (20, 16), (22, 16)):
        out[hand] = out[wrist] + (0.05, -0.01, 0.0)
    return out


# World landmarks (MediaPipe's pose_world_landmarks): metres, origin halfway between the hips,
# axes the camera's (x right, y down, z away from the camera: smaller is nearer, as image z).
WORLD_HEIGHT_M = 1.70  # the metres one body height of the stick figure stands for
WORLD_DEPTH_NOISE = 3.0  # the estimator's depth is less sure than its picture-plane position


def _world(x: np.ndarray, y: np.ndarray, z: np.ndarray, sigma_m: float, rng: np.random.Generator) -> np.ndarray:
    """(33, 3) world landmarks of the camera-rotated body points (body heights, y up, z towards
    the camera), with noise of sigma_m metres (WORLD_DEPTH_NOISE times that in depth)."""
    world = np.stack([x, -y, -z], axis=1) * WORLD_HEIGHT_M
    world -= (world[23] + world[24]) / 2
    if sigma_m > 0:
        world += rng.normal(0, 1, world.shape) * (sigma_m * np.array([1.0, 1.0, WORLD_DEPTH_NOISE]))
    return world


def generate(spec: Spec, seed: int = 0) -> tuple[list[PoseFrame], Truth]:
    rng = np.random.default_rng(seed)
    world_rng = np.random.default_rng([seed, 1])  # its own stream: the picture's landmarks stay as they were
    b = Body(rng, spec.proportions)
    ex = spec.exercise
    variant = spec.variant
    unknown = [v for v in variant if v not in VARIANTS.get(ex, {})]
    if ex not in EXERCISE_FAULTS and ex not in NEGATIVES or unknown:
        raise ValueError(f"unknown exercise, negative pose or variant: {ex!r} {unknown}")
    holds = {"cobra": rng.uniform(28, 40), "kneeling_hip_stretch": rng.uniform(18, 28)}
    hold_angle = holds.get(ex, 0.0) if spec.hold_deg is None else spec.hold_deg
    setups = {}
    poses = None
    if ex in NEGATIVES:
        target = _grounded(_negative_pose(b, ex))
        poses = (_grounded(_negative_pose(b, spec.start_pose)) if spec.start_pose else target, target)
    if ex == "glute_bridge":
        line, knee = float(rng.uniform(172, 181)), float(rng.uniform(85, 100))
        knee = 76.0 if "feet_near" in variant else 105.0 if "feet_far" in variant else knee
        base = bridge_setup(b, line, knee, BENCH_Y if "bench" in variant else 0.06)
        setups = {None: base, "glute_bridge.hips_sagging": bridge_setup(b, 154.0, 95.0),
                  "glute_bridge.back_overarched": bridge_setup(b, 197.0, 95.0),
                  "glute_bridge.feet_placement": bridge_setup(b, 176.0, 128.0)}  # fmt: skip
    # timeline: (start, end, kind, rep index)
    t, events, truth_reps = 0.0, [], []
    t += spec.lead_s
    for i in range(spec.reps):
        start = t
        h0 = start + spec.move_s
        h1 = h0 + spec.hold_s
        end = h1 + spec.move_s
        events.append((start, end, i))
        fault = spec.faults.get(i)
        expected = [c for v in variant for c in VARIANTS[ex][v]] + ([fault] if fault else [])
        truth_reps.append(TruthRep(start, end, h0, h1, sorted(set(expected))))
        t = end + (spec.rest_s if i < spec.reps - 1 else spec.lead_s)
    duration = t
    yaw, pitch, roll = (math.radians(a) for a in (spec.yaw_deg, spec.pitch_deg, spec.roll_deg))
    frames: list[PoseFrame] = []
    labels: list[tuple[float, str | None, str | None]] = []
    center = ((float(rng.uniform(0.45, 0.55)) + spec.shift_x) * ASPECT, float(rng.uniform(0.45, 0.6)))
    swap_until = -1.0
    tt = 0.0
    dt = 1.0 / spec.fps
    while tt <= duration:
        q, fault, phase = 0.0, None, "rest"
        for start, end, i in events:
            if start <= tt <= end:
                fault = spec.faults.get(i)
                if tt < start + spec.move_s:
                    q, phase = _ease((tt - start) / spec.move_s, spec.ease), "moving"
                elif tt <= end - spec.move_s:
                    q, phase = 1.0, "hold"
                else:
                    q, phase = _ease((end - tt) / spec.move_s, spec.ease), "moving"
        q *= spec.amplitude
        if poses is not None:
            pose = (_blend(poses[0], poses[1], q), NEGATIVES[ex])
        elif ex == "cobra":
            pose = _cobra(b, q, fault, hold_angle, variant)
        elif ex == "kneeling_hip_stretch":
            pose = _kneeling(b, q, fault, hold_angle, variant)
        else:
            pose = _bridge(b, q, setups.get(fault, setups[None]), variant)
        body = _skeleton(pose, ex, b, spec.side)
        # camera: yaw about the vertical, elevation, roll; orthographic
        x, y, z = body[:, 0] * spec.facing, body[:, 1], body[:, 2]
        x, z = x * math.cos(yaw) + z * math.sin(yaw), -x * math.sin(yaw) + z * math.cos(yaw)
        y, z = y * math.cos(pitch) - z * math.sin(pitch), y * math.sin(pitch) + z * math.cos(pitch)
        x, y = x * math.cos(roll) - y * math.sin(roll), x * math.sin(roll) + y * math.cos(roll)
        world = _world(x, y, z, spec.noise / spec.size * WORLD_HEIGHT_M, world_rng)
        x = x - (x.max() + x.min()) / 2
        y = y - (y.max() + y.min()) / 2
        near = z > 0.0
        sigma = np.where(near, spec.noise, spec.noise * 1.7)[:, None]
        px = center[0] + x * spec.size + rng.normal(0, 1, NUM_LANDMARKS) * sigma[:, 0]
        py = center[1] - y * spec.size + rng.normal(0, 1, NUM_LANDMARKS) * sigma[:, 0]
        vis = np.where(near, rng.uniform(0.88, 1.0, NUM_LANDMARKS), rng.uniform(0.55, 0.85, NUM_LANDMARKS))
        vis[:11] = rng.uniform(0.9, 1.0, 11)
        # depth in picture widths, as MediaPipe: smaller is nearer the camera
        xyz = np.stack([px / ASPECT, py, -z * spec.size / ASPECT], axis=1)
        frame = PoseFrame(tt, xyz, vis, ASPECT, world)
        if spec.swap_rate > 0 and tt > swap_until and rng.random() < spec.swap_rate * dt:
            swap_until = tt + float(rng.uniform(0.1, 0.5))
        if tt <= swap_until:
            frame = PoseFrame(tt, xyz[SWAP_LR], vis[SWAP_LR], ASPECT, world[SWAP_LR])
        drop = rng.random() < spec.drop_rate
        if drop and rng.random() < 0.5:
            pass  # the frame never arrives
        else:
            frames.append(PoseFrame.empty(tt, ASPECT) if drop else frame)
            labels.append((tt, None, None) if poses is not None else (tt, ex, phase))
        tt += dt * (1.0 + float(rng.uniform(-spec.time_jitter, spec.time_jitter)))
    side = spec.side if ex == "kneeling_hip_stretch" else None
    if poses is not None:
        return frames, Truth(None, None, [], duration, labels)
    return frames, Truth(ex, side, truth_reps, duration, labels)


def random_spec(rng: np.random.Generator, exercise: str, noisy: bool = True, fault_rate: float = 0.3) -> Spec:
    """A plausible recording: dose from the exercise's range, camera and noise varied."""
    hold = {"cobra": (8, 20), "kneeling_hip_stretch": (6, 15), "glute_bridge": (2, 5)}[exercise]
    reps = int(rng.integers(2, 7)) if exercise != "glute_bridge" else int(rng.integers(4, 11))
    yaw = float(rng.uniform(-30, 30))
    if exercise == "cobra" and rng.random() < 0.3:  # a camera by the head or the feet, looking along the body
        yaw = float(rng.choice([-1, 1]) * rng.uniform(40, 75))
    faults = {i: str(rng.choice(EXERCISE_FAULTS[exercise])) for i in range(reps) if rng.random() < fault_rate}
    return Spec(
        exercise=exercise, reps=reps, hold_s=float(rng.uniform(*hold)),
        side=str(rng.choice(["left", "right"])) if exercise == "kneeling_hip_stretch" else None,
        move_s=float(rng.uniform(1.0, 2.0)), rest_s=float(rng.uniform(1.5, 3.0)),
        size=float(rng.uniform(0.55, 0.9)), proportions=float(rng.uniform(0.93, 1.07)),
        yaw_deg=yaw, pitch_deg=float(rng.uniform(0, 15)), roll_deg=float(rng.uniform(-4, 4)),
        facing=int(rng.choice([-1, 1])),
        noise=float(rng.uniform(0.002, 0.006)) if noisy else 0.0,
        drop_rate=float(rng.uniform(0.0, 0.05)) if noisy else 0.0,
        swap_rate=float(rng.uniform(0.0, 0.2)) if noisy else 0.0,
        fps=float(rng.choice([24, 25, 30, 30, 60])), time_jitter=0.15 if noisy else 0.0,
        faults=faults, ease=str(rng.choice(["cosine", "minjerk", "linear"])),
    )  # fmt: skip


def suite(seed: int = 0, per_exercise: int = 20, noisy: bool = True, per_variant: int = 0):
    """[(spec, seed)] covering every exercise (and, with per_variant, that many recordings of
    each variant and look-alike); generate(spec, seed) gives frames and truth."""
    rng = np.random.default_rng(seed)
    cases = []
    for exercise in ("cobra", "kneeling_hip_stretch", "glute_bridge"):
        for _ in range(per_exercise):
            cases.append((random_spec(rng, exercise, noisy), int(rng.integers(0, 2**31))))
    for exercise, variants in VARIANTS.items() if per_variant else ():
        for name in variants:
            for _ in range(per_variant):
                spec = random_spec(rng, exercise, noisy, fault_rate=0.0)
                spec.variant = (name,)
                if exercise == "cobra" and abs(spec.yaw_deg) > 30:
                    spec.yaw_deg = float(np.clip(spec.yaw_deg, -30, 30))  # variants are judged side-on
                cases.append((spec, int(rng.integers(0, 2**31))))
    return cases


def negative_suite(seed: int = 0, per_pose: int = 3, noisy: bool = True):
    """[(spec, seed)]: every negative pose held (and, for some, moved into from another), with
    the camera and noise varied as in random_spec."""
    rng = np.random.default_rng(seed)
    starts = {"childs_pose": "tabletop", "downward_dog": "plank", "cow": "cat", "arms_raised": "standing",
              "seated_forward_fold": "seated", "forward_fold": "standing"}  # fmt: skip
    cases = []
    for kind in NEGATIVES:
        for i in range(per_pose):
            base = random_spec(rng, "cobra", noisy, fault_rate=0.0)
            spec = Spec(kind, reps=int(rng.integers(1, 4)), hold_s=float(rng.uniform(3, 10)), move_s=base.move_s,
                        rest_s=base.rest_s, size=base.size, yaw_deg=float(np.clip(base.yaw_deg, -30, 30)),
                        pitch_deg=base.pitch_deg, roll_deg=base.roll_deg, facing=base.facing, noise=base.noise,
                        drop_rate=base.drop_rate, swap_rate=base.swap_rate, fps=base.fps, time_jitter=base.time_jitter,
                        start_pose=starts.get(kind) if i % 2 else None)  # fmt: skip
            cases.append((spec, int(rng.integers(0, 2**31))))
    return cases
