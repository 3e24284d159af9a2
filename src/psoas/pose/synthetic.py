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
    exercise: str
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


def _cobra(b: Body, q: float, fault: str | None, rng_hold: float):
    lift = 0.10 * q if fault == "cobra.hips_lifted" else 0.0
    top = max(58.0, rng_hold) if fault == "cobra.back_overextended" else rng_hold
    top += math.degrees(math.atan2(lift, b.thigh + b.shin))  # the chest still rises above the legs
    theta = 2.0 + q * (top - 2.0)
    ankle = (0.0, 0.04)
    knee = (b.shin, 0.05)
    hip = (b.shin + b.thigh, 0.08 + lift)
    sh = (hip[0] + b.torso * math.cos(math.radians(theta)), hip[1] + b.torso * math.sin(math.radians(theta)))
    reach = b.upper + b.fore
    if fault == "cobra.back_overextended":  # arms locked straight
        dy = sh[1] - 0.02
        wrist = (sh[0] - math.sqrt(max(reach * reach * 0.9995 - dy * dy, 0.0)) * 0.3, 0.02)
        wrist = (sh[0] - 0.3 * reach * (1 - q), sh[1] - reach * 0.999) if dy > reach else wrist
        elbow = ((sh[0] + wrist[0]) / 2, (sh[1] + wrist[1]) / 2 + 0.001)
    else:
        hold_sh_x = hip[0] + b.torso * math.cos(math.radians(rng_hold))
        wrist = (hold_sh_x - 0.02, 0.02)
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


def _kneeling(b: Body, q: float, fault: str | None, rng_hold: float):
    alpha_top = 14.0 if fault == "kneeling_hip_stretch.hips_not_forward" else rng_hold
    alpha = 2.0 + q * (alpha_top - 2.0)
    lean = {"kneeling_hip_stretch.torso_leaning": -22.0, "kneeling_hip_stretch.hips_not_forward": 11.0}.get(
        fault, 2.0
    ) * q
    knee_b = (0.0, 0.035)  # knee joint centre about 6 cm above the floor when kneeling on it
    ankle_b = (-b.shin, 0.06)
    hip = (knee_b[0] + b.thigh * math.sin(math.radians(alpha)), knee_b[1] + b.thigh * math.cos(math.radians(alpha)))
    sh = (hip[0] + b.torso * math.sin(math.radians(lean)), hip[1] + b.torso * math.cos(math.radians(lean)))
    ankle_x = b.thigh + (0.0 if fault == "kneeling_hip_stretch.knee_past_ankle" else 0.12)
    ankle_f = (ankle_x, 0.06)
    knee_f = _ik(hip, ankle_f, b.thigh, b.shin, bend=1.0)
    elbow = (sh[0] + 0.02, sh[1] - b.upper)
    wrist = (elbow[0] + 0.06, elbow[1] - b.fore * 0.95)
    d = (math.sin(math.radians(lean)), math.cos(math.radians(lean)))
    ear = (sh[0] + d[0] * b.neck, sh[1] + d[1] * b.neck)
    nose = (ear[0] + b.head, ear[1] - 0.01)
    back = {"ankle": ankle_b, "knee": knee_b, "heel": (ankle_b[0] + 0.01, 0.1), "foot": (ankle_b[0] - 0.1, 0.01)}
    front = {"ankle": ankle_f, "knee": knee_f, "heel": (ankle_f[0] - 0.05, 0.02), "foot": (ankle_f[0] + 0.12, 0.01)}
    common = {"hip": hip, "shoulder": sh, "elbow": elbow, "wrist": wrist, "ear": ear, "nose": nose}
    return (common, back, front), -1.0


def _bridge_pose(b: Body, beta: float, foot_x: float):
    sh = (0.0, 0.06)
    hip = (sh[0] - b.torso * math.cos(math.radians(beta)), sh[1] + b.torso * math.sin(math.radians(beta)))
    ankle = (foot_x, 0.06)
    knee = _ik(hip, ankle, b.thigh, b.shin, bend=-1.0)
    return sh, hip, knee, ankle


def _line_and_knee(b: Body, beta: float, foot_x: float):
    from psoas.pose.features import angle_deg, signed_line_deg

    sh, hip, knee, ankle = _bridge_pose(b, beta, foot_x)
    # mirror x so the knee is right of the shoulder, as signed_line_deg expects either way
    return signed_line_deg(sh, hip, knee), angle_deg(hip, knee, ankle)


def bridge_setup(b: Body, line_target: float, knee_target: float) -> tuple[float, float]:
    """(beta at the top, foot x) giving this shoulder-hip-knee line and knee angle at the top."""
    best = (1e9, 20.0, -0.5)
    for foot_x in np.linspace(-b.torso - 0.05, -b.torso - b.thigh - b.shin + 0.02, 60):
        for beta in np.linspace(0.0, 50.0, 101):
            line, knee = _line_and_knee(b, beta, foot_x)
            err = abs(line - line_target) + 0.5 * abs(knee - knee_target)
            if err < best[0]:
                best = (err, float(beta), float(foot_x))
    return best[1], best[2]


def _bridge(b: Body, q: float, setup: tuple[float, float]):
    beta_top, foot_x = setup
    sh, hip, knee, ankle = _bridge_pose(b, 1.0 + q * (beta_top - 1.0), foot_x)
    elbow, wrist = (sh[0] - b.upper, 0.03), (sh[0] - b.upper - b.fore, 0.03)
    ear = (sh[0] + b.neck, 0.07)
    nose = (ear[0] + 0.02, ear[1] + b.head)
    pts = {"ankle": ankle, "knee": knee, "hip": hip, "shoulder": sh, "elbow": elbow, "wrist": wrist,
           "heel": (ankle[0] - 0.03, 0.02), "foot": (ankle[0] - 0.13, 0.01), "ear": ear, "nose": nose}  # fmt: skip
    return pts, 1.0  # supine, head towards +x: the left side is towards the camera


_SIDE_IDX = {"shoulder": (11, 12), "elbow": (13, 14), "wrist": (15, 16), "hip": (23, 24), "knee": (25, 26),
             "ankle": (27, 28), "heel": (29, 30), "foot": (31, 32), "ear": (7, 8)}  # fmt: skip


def _skeleton(pose, exercise: str, b: Body, side: str | None) -> np.ndarray:
    """(33, 3) body-frame points: x along the body, y up, z towards the camera."""
    out = np.zeros((NUM_LANDMARKS, 3))
    if exercise == "kneeling_hip_stretch":
        (common, back, front), left_z = pose
        back_is_left = side != "right"
        legs = {"left": back if back_is_left else front, "right": front if back_is_left else back}
    else:
        common, left_z = pose
        legs = {"left": common, "right": common}
    for name, (li, ri) in _SIDE_IDX.items():
        width = b.sw if name in ("shoulder", "elbow", "wrist", "ear") else b.hw
        width = 0.07 if name == "ear" else width
        for idx, s, zsign in ((li, "left", left_z), (ri, "right", -left_z)):
            src = legs[s] if name in ("knee", "ankle", "heel", "foot") else common
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


def generate(spec: Spec, seed: int = 0) -> tuple[list[PoseFrame], Truth]:
    rng = np.random.default_rng(seed)
    b = Body(rng, spec.proportions)
    ex = spec.exercise
    holds = {"cobra": rng.uniform(28, 40), "kneeling_hip_stretch": rng.uniform(18, 28)}
    hold_angle = holds.get(ex, 0.0) if spec.hold_deg is None else spec.hold_deg
    setups = {}
    if ex == "glute_bridge":
        base = bridge_setup(b, float(rng.uniform(172, 181)), float(rng.uniform(85, 100)))
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
        truth_reps.append(TruthRep(start, end, h0, h1, [fault] if fault else []))
        t = end + (spec.rest_s if i < spec.reps - 1 else spec.lead_s)
    duration = t
    yaw, pitch, roll = (math.radians(a) for a in (spec.yaw_deg, spec.pitch_deg, spec.roll_deg))
    frames: list[PoseFrame] = []
    labels = []
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
        if ex == "cobra":
            pose = _cobra(b, q, fault, hold_angle)
        elif ex == "kneeling_hip_stretch":
            pose = _kneeling(b, q, fault, hold_angle)
        else:
            pose = _bridge(b, q, setups.get(fault, setups[None]))
        body = _skeleton(pose, ex, b, spec.side)
        # camera: yaw about the vertical, elevation, roll; orthographic
        x, y, z = body[:, 0] * spec.facing, body[:, 1], body[:, 2]
        x, z = x * math.cos(yaw) + z * math.sin(yaw), -x * math.sin(yaw) + z * math.cos(yaw)
        y, z = y * math.cos(pitch) - z * math.sin(pitch), y * math.sin(pitch) + z * math.cos(pitch)
        x, y = x * math.cos(roll) - y * math.sin(roll), x * math.sin(roll) + y * math.cos(roll)
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
        frame = PoseFrame(tt, xyz, vis, ASPECT)
        if spec.swap_rate > 0 and tt > swap_until and rng.random() < spec.swap_rate * dt:
            swap_until = tt + float(rng.uniform(0.1, 0.5))
        if tt <= swap_until:
            frame = PoseFrame(tt, xyz[SWAP_LR], vis[SWAP_LR], ASPECT)
        drop = rng.random() < spec.drop_rate
        if drop and rng.random() < 0.5:
            pass  # the frame never arrives
        else:
            frames.append(PoseFrame.empty(tt, ASPECT) if drop else frame)
            labels.append((tt, ex, phase))
        tt += dt * (1.0 + float(rng.uniform(-spec.time_jitter, spec.time_jitter)))
    side = spec.side if ex == "kneeling_hip_stretch" else None
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


def suite(seed: int = 0, per_exercise: int = 20, noisy: bool = True):
    """[(spec, seed)] covering every exercise; generate(spec, seed) gives frames and truth."""
    rng = np.random.default_rng(seed)
    cases = []
    for exercise in ("cobra", "kneeling_hip_stretch", "glute_bridge"):
        for _ in range(per_exercise):
            cases.append((random_spec(rng, exercise, noisy), int(rng.integers(0, 2**31))))
    return cases
