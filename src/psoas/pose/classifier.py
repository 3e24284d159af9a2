"""A learned second opinion on which exercise a pose is: a small neural network over pose features.

The rules (pose/recognize.py, limits in the exercise data files) decide. The network is asked
only when the rules are unsure: the best rule fit is in the band [UNSURE_LOW, ENTER) where the
rules neither accept nor clearly reject. There the fit becomes the mean of the rule fit and the
network's probability, so a confident network can carry a near miss over the line and a doubtful
one leaves it out. A pose no rule fits at all (fit under UNSURE_LOW) is never named by the
network alone, and a pose the rules accept is never taken away.

Inputs (`vector`): the body's joints in a canonical frame (hips at the origin, head toward +x,
y up, lengths in body scales), joint angles, heights above the floor line, and the geometry
primitives the rules read (`Posture.measures` of every exercise), each standardised with the
training set's mean and spread. Left and right are ordered by the body (the lower knee first,
the lower wrist first), not by MediaPipe's labels, which a side view often swaps.

World landmarks (`world_geometry`, when the weights say `world_inputs`): MediaPipe's 3D body in
metres (PoseFrame.world), read in the body's own axes, which no camera angle changes: up the
trunk, forward (the side the face looks to) and across (taken unsigned, so MediaPipe's left/right
labels do not matter); knee, hip, elbow and shoulder angles in 3D, the angle between the thighs,
and the knees, feet, wrists and nose in those axes over the trunk's length. The world frame has
the camera's axes, not gravity's, so nothing here says which way is down. A frame without world
landmarks (landmark files, the bordered second pass) gets the same measures from its picture
landmarks and MediaPipe's relative depth, with the first input (world present) 0 instead of 1.

Weights: classifier_weights.json beside this module, written by tools/train_recognizer.py from
the data listed in tools/recognizer_manifest.toml. Only numpy is needed to run it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources

import numpy as np

from psoas.pose.features import Features, angle3_deg, unit3
from psoas.pose.frame import LEFT, RIGHT

CLASSES = ("none", "cobra", "kneeling_hip_stretch", "glute_bridge")
WEIGHTS_FILE = "classifier_weights.json"
UNSURE_LOW = 0.2  # rule fits below this are a clear "not this exercise"
ENTER = 0.5  # as the engine's ENTER_SCORE: fits at or above it are accepted by the rules alone
# Off by default: measured leave-one-source-out on ../shared/data (benchmarks/accuracy.py
# --loso-only), the network trained without a source changed 8 of 2704 judgements on that source
# without the world inputs, none for the better; with them 3 (2 better, 1 worse), and with
# another training seed 4 (1 better, 3 worse): no measured gain. It is used where a caller asks
# for it (`using`).
ENABLED = False
CLIP = 5.0  # standardised inputs are clipped to +-CLIP spreads (a wild landmark stays one input's worth)


def _canon(f: Features, p) -> tuple[float, float]:
    """A point relative to the hips, head toward +x, y up, in body scales."""
    return ((p[0] - f.mid_hip[0]) * f.head_dir / f.scale, (p[1] - f.mid_hip[1]) / f.scale)


def geometry(f: Features) -> list[float]:
    """The body's shape, independent of MediaPipe's left/right labels."""
    legs = sorted((f.left, f.right), key=lambda leg: leg.h_knee)
    arms = sorted((f.left, f.right), key=lambda leg: leg.h_wrist)
    out: list[float] = [f.torso_elev / 90.0, f.face_up, min(f.neck_ratio, 2.0)]
    for p in (f.points[0], f.mid_shoulder, f.mid_ear):
        out += _canon(f, p)
        out.append(f.height(p))
    for leg in legs:
        for p in (leg.knee, leg.ankle, leg.foot_low):
            out += _canon(f, p)
        out += [leg.knee_deg / 180.0, leg.hip_deg / 180.0, leg.h_knee, leg.h_ankle, leg.h_hip]
    for arm in arms:
        for p in (arm.elbow, arm.wrist):
            out += _canon(f, p)
        out += [arm.elbow_deg / 180.0, arm.h_wrist, arm.h_shoulder]
    return out


def _angle3(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> float:
    """The angle at b, degrees / 180."""
    return angle3_deg(a, b, c) / 180.0


_SIDE_IDX = {"left": LEFT, "right": RIGHT}


def world_geometry(f: Features) -> list[float]:
    """The body in its own axes, from the world landmarks (first input 1) or, without them, the
    picture landmarks and relative depth (first input 0). Legs and arms in geometry's order."""
    if f.world is not None:
        pts, present = np.asarray(f.world, dtype=np.float64), 1.0
    else:  # picture units, turned to the world's axes: x right, y down, z away from the camera
        pts = np.array([(x, -y, d) for (x, y), d in zip(f.points, f.depth, strict=True)])
        present = 0.0
    hip = (pts[23] + pts[24]) / 2
    shoulder = (pts[11] + pts[12]) / 2
    trunk = shoulder - hip
    length = max(float(np.linalg.norm(trunk)), 1e-6)
    up = trunk / length
    across = unit3((pts[23] - pts[24]) + (pts[11] - pts[12]))
    across = unit3(across - (across @ up) * up)
    forward = np.cross(up, across)
    ears = (pts[7] + pts[8]) / 2
    if (pts[0] - ears) @ forward < 0:  # forward is where the face looks, whichever side is "left"
        forward = -forward
    across = np.cross(forward, up)

    def axes(p: np.ndarray) -> list[float]:
        d = (p - hip) / length
        return [float(d @ up), float(d @ forward), abs(float(d @ across))]

    legs = sorted((f.left, f.right), key=lambda leg: leg.h_knee)
    arms = sorted((f.left, f.right), key=lambda leg: leg.h_wrist)
    out = [present]
    thighs = []
    for leg in legs:
        i = _SIDE_IDX[leg.side]
        h, k, a = pts[i["hip"]], pts[i["knee"]], pts[i["ankle"]]
        thighs.append(k - h)
        out += [_angle3(h, k, a), _angle3(shoulder, h, k)]
        out += axes(k) + axes(a) + axes(pts[i["foot"]])
    out.append(_angle3(thighs[0], np.zeros(3), thighs[1]))
    for arm in arms:
        i = _SIDE_IDX[arm.side]
        s, e, w = pts[i["shoulder"]], pts[i["elbow"]], pts[i["wrist"]]
        out += [_angle3(s, e, w), _angle3(hip, s, e)]
        out += axes(w)
    out += axes(pts[0])
    return out


def measure_names(postures: dict) -> list[str]:
    """Every rule measure, as "exercise:measure", in a fixed order."""
    return sorted(f"{e}:{k}" for e, p in postures.items() for k in p.measures)


def vector(f: Features, postures: dict, names: list[str], world: bool = False) -> list[float]:
    """The network's raw input for one frame: geometry, then the named rule measures, then
    (with `world`) world_geometry."""
    merged: dict[str, float] = {}
    for exercise, p in postures.items():
        for k, v in p.measures.items():
            merged[f"{exercise}:{k}"] = v
    out = geometry(f)
    for name in names:
        v = float(merged.get(name, 0.0))
        out.append(v if math.isfinite(v) else 0.0)
    if world:
        out += [v if math.isfinite(v) else 0.0 for v in world_geometry(f)]
    return out


class Network:
    """One hidden layer (tanh), softmax over CLASSES."""

    def __init__(self, data: dict) -> None:
        self.mean = np.asarray(data["mean"], dtype=np.float64)
        self.std = np.asarray(data["std"], dtype=np.float64)
        self.w1 = np.asarray(data["w1"], dtype=np.float64)
        self.b1 = np.asarray(data["b1"], dtype=np.float64)
        self.w2 = np.asarray(data["w2"], dtype=np.float64)
        self.b2 = np.asarray(data["b2"], dtype=np.float64)
        self.classes = tuple(data["classes"])
        self.measures = list(data["measures"])
        self.world = int(data.get("world_inputs", 0)) > 0  # the last inputs are world_geometry's

    def inputs(self, f: Features, postures: dict) -> np.ndarray:
        """This network's raw input row for one frame."""
        return np.asarray(vector(f, postures, self.measures, self.world))

    def standardise(self, x: np.ndarray) -> np.ndarray:
        return np.clip((x - self.mean) / self.std, -CLIP, CLIP)

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """Class probabilities for raw input rows (n, d) or one row (d,)."""
        z = np.tanh(self.standardise(np.asarray(x, dtype=np.float64)) @ self.w1 + self.b1) @ self.w2 + self.b2
        z = z - z.max(axis=-1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=-1, keepdims=True)


@cache
def weights() -> dict:
    text = resources.files("psoas.pose").joinpath(WEIGHTS_FILE).read_text(encoding="utf-8")
    return json.loads(text)


@cache
def committed() -> Network | None:
    """The network whose weights are committed beside this module (None when missing)."""
    try:
        return Network(weights())
    except FileNotFoundError:
        return None


_USING: list[Network | None] = []


def network() -> Network | None:
    """The network in use: the one `using` put in place, else the committed one when ENABLED,
    else None (the rules alone)."""
    if _USING:
        return _USING[-1]
    return committed() if ENABLED else None


@contextmanager
def using(net: Network | None) -> Iterator[None]:
    """Within the block, judge with `net` (None: the rules alone), e.g. a network trained
    without one source, to test on that source."""
    _USING.append(net)
    try:
        yield
    finally:
        _USING.pop()


def second_opinion(f: Features, postures: dict, net: Network | None = None) -> dict:
    """`postures` with the network's opinion folded into the fits of exercises the rules are
    unsure about (see the module's docstring). Changes nothing when the rules are sure."""
    unsure = [e for e, p in postures.items() if UNSURE_LOW <= p.score < ENTER]
    if not unsure:
        return postures
    net = net if net is not None else network()
    if net is None:
        return postures
    probs = net.probabilities(net.inputs(f, postures))
    for e in unsure:
        p = postures[e]
        p.score = (p.score + float(probs[net.classes.index(e)])) / 2
    return postures
