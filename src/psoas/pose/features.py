"""Geometric features of one pose frame, in plain Python floats (fast per frame; numpy only for
the world landmarks' 3D helpers).

Coordinates are isotropic image-plane points with y UP. Lengths are in units of the body
scale S (the largest of torso, thigh and shin length and 1.1 shoulder widths, robust to
foreshortening of any one, including a camera looking along the body),
heights are measured above the floor line (the lowest visible body point).

The points are seen on the body's midplane (`to_midplane`): each side's landmarks are moved
by half the left-to-right offset of its hips (legs) or shoulders (arms, head), as the picture
shows it. A camera that looks down at a side view sees the far leg higher in the picture than
the near one by the hips' width times the sine of its elevation; on the midplane a knee on the
mat is on the floor line whichever side it is on (measured with the generator: a kneeling
stretch filmed from 30 to 45 degrees above was flagged "back knee lifted" at every yaw
before, never after). Seen exactly side-on, the offset is about zero and nothing moves.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from psoas.pose.frame import LEFT, NOSE, RIGHT, SIDES, PoseFrame

VIS_MIN = 0.3  # landmarks below this visibility are not used for the floor line
SHOULDER_TO_TORSO = 1.1  # torso length / shoulder width (biacromial 0.259 H, shoulder-hip 0.288 H)


def _angle(a, b, c) -> float:
    """Interior angle at b, degrees (0..180)."""
    v1x, v1y = a[0] - b[0], a[1] - b[1]
    v2x, v2y = c[0] - b[0], c[1] - b[1]
    n = math.hypot(v1x, v1y) * math.hypot(v2x, v2y)
    if n < 1e-12:
        return 180.0
    return math.degrees(math.acos(max(-1.0, min(1.0, (v1x * v2x + v1y * v2y) / n))))


def _dist(a, b) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def _mid(a, b):
    return ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)


def mean_point(rows: list, idx: tuple[int, ...]):
    """The mean of rows[i] over the landmark indices `idx` (rows of 2 or 3 floats: picture points
    or world landmarks), coordinate by coordinate; one index gives its row itself. Plain floats:
    it runs several times per frame."""
    if len(idx) == 1:
        return rows[idx[0]]
    if len(idx) == 2:
        p, q = rows[idx[0]], rows[idx[1]]
        if len(p) == 2:
            return [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2]
        return [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2, (p[2] + q[2]) / 2]
    return [sum(c) / len(idx) for c in zip(*(rows[i] for i in idx), strict=True)]


@dataclass(slots=True)
class Leg:
    """One side's joints and angles; heights in S above the floor line."""

    side: str
    shoulder: tuple
    elbow: tuple
    wrist: tuple
    hip: tuple
    knee: tuple
    ankle: tuple
    foot: tuple
    ear: tuple
    foot_low: tuple  # the lowest in the picture of ankle, heel and toes
    foot_low_index: int  # its landmark index
    knee_deg: float  # hip-knee-ankle
    hip_deg: float  # shoulder-hip-knee
    elbow_deg: float  # shoulder-elbow-wrist
    thigh_len: float
    shin_len: float
    h_hip: float
    h_knee: float
    h_ankle: float
    h_shoulder: float
    h_wrist: float
    visibility: float  # mean visibility of this side's limb landmarks


@dataclass(slots=True)
class Features:
    t: float
    scale: float  # body scale S (image units)
    torso_len: float
    torso_elev: float  # degrees of hip->shoulder above horizontal (-90..90)
    head_dir: float  # +1 when the shoulders are right of the hips in the image, else -1
    face_up: float  # -1 face to the floor .. +1 face to the ceiling (nose relative to ears)
    neck_ratio: float  # shoulder-mid to ear-mid distance / torso length
    floor_y: float
    floor_point: int  # the landmark that sets the floor line (the lowest visible body point)
    mid_hip: tuple
    mid_shoulder: tuple
    mid_ankle: tuple
    mid_ear: tuple
    left: Leg
    right: Leg
    points: list  # (33) (x, y-up) tuples
    visibility: list
    depth: list  # (33) MediaPipe's relative depth in the same units as points: larger is farther
    shoulder_offset: tuple = (0.0, 0.0)  # left minus right shoulder as the picture shows them (before to_midplane)
    world: np.ndarray | None = None  # the frame's world landmarks (metres), when it has them
    depth_rise_per_m: float = 0.0  # S the picture rises per metre of world depth (depth_rise); 0 without world
    world_scale: float = 0.0  # the world landmarks' body scale S in metres (_body_scale); 0 without world
    world_points: list | None = None  # the world landmarks as (33) [x, y, z] lists: plain floats, quick to read
    side_on_cos: float = 1.0  # how much of the body's forward-backward extent the picture shows (_side_on_cos)

    def leg(self, side: str) -> Leg:
        return self.left if side == "left" else self.right

    def height(self, point) -> float:
        return (point[1] - self.floor_y) / self.scale


_FLOOR_POINTS = (11, 12, 13, 14, 15, 16, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32)
_JOINTS = ("shoulder", "elbow", "wrist", "hip", "knee", "ankle", "heel", "foot", "ear")  # order _leg reads
_LEFT_JOINTS = tuple(LEFT[n] for n in _JOINTS)
_RIGHT_JOINTS = tuple(RIGHT[n] for n in _JOINTS)


def _lowest(pts: list, a: int, b: int, c: int) -> int:
    """The index of the lowest of three points in the picture (the first of equals)."""
    low = b if pts[b][1] < pts[a][1] else a
    return c if pts[c][1] < pts[low][1] else low


def _leg(side: str, idx: tuple, pts: list, vis: list, floor_y: float, scale: float) -> Leg:
    i_s, i_e, i_w, i_h, i_k, i_a, i_heel, i_foot, i_ear = idx
    s, e, w, h, k, a = pts[i_s], pts[i_e], pts[i_w], pts[i_h], pts[i_k], pts[i_a]
    foot = pts[i_foot]
    i_low = _lowest(pts, i_a, i_heel, i_foot)
    low = pts[i_low]
    return Leg(
        side=side, shoulder=s, elbow=e, wrist=w, hip=h, knee=k, ankle=a, foot=foot, ear=pts[i_ear],
        foot_low=low, foot_low_index=i_low,
        knee_deg=_angle(h, k, a),
        hip_deg=_angle(s, h, k),
        elbow_deg=_angle(s, e, w),
        thigh_len=_dist(h, k) / scale,
        shin_len=_dist(k, a) / scale,
        h_hip=(h[1] - floor_y) / scale,
        h_knee=(k[1] - floor_y) / scale,
        h_ankle=(low[1] - floor_y) / scale,
        h_shoulder=(s[1] - floor_y) / scale,
        h_wrist=(w[1] - floor_y) / scale,
        visibility=(vis[i_s] + vis[i_e] + vis[i_w] + vis[i_h] + vis[i_k] + vis[i_a]) / 6,
    )  # fmt: skip


# (left, right) landmark pairs moved with the shoulders' offset (arms, head) and with the hips' (legs)
_ARM_PAIRS = ((1, 4), (2, 5), (3, 6), (7, 8), (9, 10), (11, 12), (13, 14), (15, 16), (17, 18), (19, 20), (21, 22))
_LEG_PAIRS = ((23, 24), (25, 26), (27, 28), (29, 30), (31, 32))


def to_midplane(pts: list) -> list:
    """The points (x, y) moved onto the body's midplane, as the picture shows it: each left
    landmark by minus half the left-to-right offset of its girdle (shoulders or hips), each right
    landmark by plus half. Midpoints of left-right pairs do not move."""
    out = list(pts)
    for pairs, (gl, gr) in ((_ARM_PAIRS, (11, 12)), (_LEG_PAIRS, (23, 24))):
        hx, hy = (pts[gl][0] - pts[gr][0]) / 2, (pts[gl][1] - pts[gr][1]) / 2
        for left, right in pairs:
            out[left] = (pts[left][0] - hx, pts[left][1] - hy)
            out[right] = (pts[right][0] + hx, pts[right][1] + hy)
    return out


def _body_scale(p, shoulder_width: float) -> float:
    """The body scale S of points `p` (the picture's, or the world landmarks in 3D): the largest
    of torso, thigh and shin length and 1.1 shoulder widths. Shoulder width (about 0.9 of the
    torso length in adults, Winter 2009) keeps the scale when the camera looks along the body
    and the torso and legs are foreshortened."""

    def length(a: int, b: int) -> float:
        return math.dist(p[a], p[b])

    mid_s = [(a + b) / 2 for a, b in zip(p[11], p[12], strict=True)]
    mid_h = [(a + b) / 2 for a, b in zip(p[23], p[24], strict=True)]
    return max(math.dist(mid_s, mid_h), (length(23, 25) + length(24, 26)) / 2,
               (length(25, 27) + length(26, 28)) / 2, SHOULDER_TO_TORSO * shoulder_width, 1e-6)  # fmt: skip


def compute(frame: PoseFrame, lists: tuple[list, list] | None = None) -> Features:
    """Features of a frame with a person in it (frame.present must be True). `lists` is
    frame.lists() when the caller already has it."""
    xyz, vis = lists if lists is not None else frame.lists()
    aspect = frame.aspect
    seen = [(x * aspect, -y) for x, y, _ in xyz]  # isotropic, y up (as frame.points())
    shoulder_width = _dist(seen[11], seen[12])  # the width as seen: to_midplane puts both shoulders on one point
    pts = to_midplane(seen)
    floor_point = min([i for i in _FLOOR_POINTS if vis[i] >= VIS_MIN] or _FLOOR_POINTS, key=lambda i: pts[i][1])
    floor_y = pts[floor_point][1]
    ms = _mid(pts[11], pts[12])
    mh = _mid(pts[23], pts[24])
    torso = max(_dist(ms, mh), 1e-6)
    scale = _body_scale(pts, shoulder_width)
    dx, dy = ms[0] - mh[0], ms[1] - mh[1]
    torso_elev = math.degrees(math.atan2(dy, abs(dx)))
    me = _mid(pts[7], pts[8])
    nose = pts[NOSE]
    fx, fy = nose[0] - me[0], nose[1] - me[1]
    fn = math.hypot(fx, fy)
    face_up = fy / fn if fn > 1e-9 else 0.0
    world = frame.world.tolist() if frame.world is not None else None
    world_scale = _body_scale(world, math.dist(world[11], world[12])) if world is not None else 0.0
    left = _leg("left", _LEFT_JOINTS, pts, vis, floor_y, scale)
    right = _leg("right", _RIGHT_JOINTS, pts, vis, floor_y, scale)
    return Features(
        t=frame.t, scale=scale, torso_len=torso, torso_elev=torso_elev,
        head_dir=1.0 if dx >= 0 else -1.0, face_up=face_up, neck_ratio=_dist(ms, me) / torso,
        floor_y=floor_y, floor_point=floor_point, mid_hip=mh, mid_shoulder=ms, mid_ankle=_mid(pts[27], pts[28]),
        mid_ear=me,
        left=left, right=right, points=pts, visibility=vis, depth=[z * aspect for _, _, z in xyz],
        world=frame.world, shoulder_offset=(seen[11][0] - seen[12][0], seen[11][1] - seen[12][1]),
        depth_rise_per_m=_depth_rise_per_metre(world, world_scale), side_on_cos=_side_on_cos(world),
        world_scale=world_scale, world_points=world,
    )  # fmt: skip


def angle_deg(a, b, c) -> float:
    return _angle(a, b, c)


# Left-right pairs at one height above the floor in a body lying or standing square to it
# (shoulders, hips): what sets them apart in the picture's height is their depth.
_LEVEL_PAIRS = ((11, 12), (23, 24))
_MIN_PAIR_DEPTH_M = 0.05  # pairs closer in depth than this (a body facing the camera) give no slope
# A camera looking down (or up) at more than 60 degrees does not film a side view: a steeper slope
# is MediaPipe's depth error on pairs that are close in depth (a photo in grey gave 63 degrees), so
# it gives none.
_MAX_SLOPE = math.tan(math.radians(60))


def _world_depth_slope(w) -> float | None:
    """World-y per metre of depth, fitted from the level pairs; None when they are side by side
    in depth (the camera faces the body)."""
    dz = [float(w[a][2] - w[b][2]) for a, b in _LEVEL_PAIRS]
    dy = [float(w[a][1] - w[b][1]) for a, b in _LEVEL_PAIRS]
    depth2 = sum(z * z for z in dz)
    if depth2 < len(_LEVEL_PAIRS) * _MIN_PAIR_DEPTH_M**2:
        return None
    slope = sum(y * z for y, z in zip(dy, dz, strict=True)) / depth2  # world y points down the picture
    return slope if abs(slope) <= _MAX_SLOPE else None


def _depth_rise_per_metre(world: list | None, world_scale: float) -> float:
    """Features.depth_rise_per_m of a frame's world landmarks (as lists; 0 without them)."""
    if world is None:
        return 0.0
    slope = _world_depth_slope(world)
    return 0.0 if slope is None else -slope / world_scale


def depth_rise(f: Features, upper: tuple[int, ...], lower: tuple[int, ...]) -> float:
    """How much higher the picture shows the `upper` landmarks (their mean) than the `lower` ones
    only because of their depth, in body scales S: a camera looking down shows a farther point
    higher (looking up, lower). The slope, height per metre of depth, is fitted from the world
    landmarks of the shoulders and hips, each pair at one height above the floor, so each
    pair's difference in height is its difference in depth times the slope. Subtract it from a
    height difference to read it as seen square to the floor. 0 without world landmarks or when
    the pairs are side by side in depth (the camera faces the body)."""
    world = f.world_points
    if world is None or not f.depth_rise_per_m:
        return 0.0

    return f.depth_rise_per_m * (mean_point(world, upper)[2] - mean_point(world, lower)[2])


# Beyond 60 degrees round from side-on the picture is nearer a front view than a side view; its
# forward-backward extent is not scaled up further (and a wrong reading cannot more than double it).
_MIN_SIDE_ON_COS = 0.5


def _side_on_cos(world) -> float:
    """The cosine of the camera's turn round from side-on (1 side-on, 1 without world landmarks),
    from the shoulders and the hips: seen side-on each pair lies along the camera's depth axis, so
    the share of its length in depth is the cosine. A camera turned round shows the body's
    forward-backward extent shortened by this cosine, its heights not. MediaPipe's depth reads
    the side-on photos of ../shared 1 to 23 degrees round (a cosine of 0.92 or more)."""
    if world is None:
        return 1.0
    cosines = []
    for a, b in _LEVEL_PAIRS:
        dx, dz = world[a][0] - world[b][0], world[a][2] - world[b][2]
        n = math.hypot(dx, dz)
        if n > 1e-9:
            cosines.append(abs(dz) / n)
    return max(sum(cosines) / len(cosines), _MIN_SIDE_ON_COS) if cosines else 1.0


def unit3(v: np.ndarray) -> np.ndarray:
    """The vector `v` scaled to length 1; zeros when it has no length."""
    n = float(np.linalg.norm(v))
    return v / n if n > 1e-9 else np.zeros_like(v)


def angle3_deg(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> float:
    """Interior angle at b of three 3D points, degrees (0..180); 90 when a or c is on b."""
    u, v = unit3(a - b), unit3(c - b)
    return math.degrees(math.acos(float(np.clip(u @ v, -1.0, 1.0))))


def world_angle_deg(f: Features, side: str, a: str, b: str, c: str) -> float | None:
    """Interior angle at joint b of one side (joint names as in frame.LEFT, e.g. "hip", "knee",
    "ankle"), degrees, in the frame's 3D world landmarks; None when the frame has none. Unlike the
    angle in the picture, which a camera turned away from side-on shrinks or widens, the angle
    between two limbs in 3D is the same from every view (MediaPipe estimates it, with its depth
    error)."""
    if f.world is None:
        return None
    idx = SIDES[side]
    return angle3_deg(f.world[idx[a]], f.world[idx[b]], f.world[idx[c]])


def world_height_above(
    f: Features, points: tuple[int, ...], a: tuple[int, ...], b: tuple[int, ...], up: tuple[int, ...] | None = (11, 12)
) -> float | None:
    """Height of the mean of `points` above the floor in the frame's 3D world landmarks, in body
    scales, positive on the side the `up` landmarks are on (None: the distance from the floor,
    for a pose whose every landmark is on the floor or above it); None when the frame has none.
    The floor is the plane through the means of the contacts `a` and `b` (hands and feet, say)
    that runs across the body along the hips' left-to-right line. Unlike a height in the
    picture, which shrinks with the cosine of the camera's elevation, it is the same from every
    view."""
    w = f.world_points
    if w is None:
        return None

    def minus(p: list[float], q: list[float]) -> list[float]:
        return [p[0] - q[0], p[1] - q[1], p[2] - q[2]]

    def dot(p: list[float], q: list[float]) -> float:
        return p[0] * q[0] + p[1] * q[1] + p[2] * q[2]

    # plain floats: numpy's calls on 3-vectors (cross, norm) cost tens of microseconds per frame (benchmarks/speed.py)
    base = mean_point(w, b)
    (ax, ay, az), (lx, ly, lz) = minus(base, mean_point(w, a)), minus(w[23], w[24])
    normal = [ay * lz - az * ly, az * lx - ax * lz, ax * ly - ay * lx]
    length = math.sqrt(dot(normal, normal))
    if length < 1e-9:
        return 0.0
    height = dot(minus(mean_point(w, points), base), normal) / length / f.world_scale
    if up is None:
        return abs(height)
    return -height if dot(minus(mean_point(w, up), base), normal) < 0 else height


def signed_line_deg(shoulder, hip, knee) -> float:
    """Shoulder-hip-knee angle, above 180 when the hip is above the shoulder-knee line."""
    base = _angle(shoulder, hip, knee)
    # which side of the line shoulder->knee is the hip on? (y up: positive cross = above when knee is right)
    sx, sy = knee[0] - shoulder[0], knee[1] - shoulder[1]
    cross = sx * (hip[1] - shoulder[1]) - sy * (hip[0] - shoulder[0])
    above = cross > 0 if sx >= 0 else cross < 0
    return 360.0 - base if above else base
