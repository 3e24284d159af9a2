"""Form rules. Which faults exist, their thresholds and their cue text are data
(library/data/<exercise>.toml `[[faults]]`); this module holds one small check per code."""

from __future__ import annotations

import math
from collections.abc import Callable

from psoas.pose.features import Features, signed_line_deg, world_angle_deg
from psoas.pose.recognize import Posture

Check = Callable[[Features, Posture, dict], bool]


def _cobra_hips_lifted(f: Features, p: Posture, params: dict) -> bool:
    # hip height above the knees, in body-scale units (lying flat: about 0.1-0.2), or the thighs
    # off the floor altogether (an upward dog: knees above the line through hands and feet). Both
    # are heights above that floor line: a camera looking down from beside the feet or the head
    # sees the floor tilted in the picture, and the lowest point's level would put the hips
    # above the knees by that tilt (measured with the generator from 35 degrees round and 30 up).
    # The knees' height is also read in 3D (world_knees_height), which a camera looking down does not shrink.
    m = p.measures
    knees = max(m["knees_height"], m["world_knees_height"])
    return m["hips_above_knees"] > params["max_hip_lift"] or knees > params["max_knee_height"]


def _cobra_on_forearms(f: Features, p: Posture, params: dict) -> bool:
    m = p.measures
    return m["forearm_slope_deg"] < params["max_forearm_deg"] and m["elbow_height"] < params["max_elbow_height"]


def _cobra_back_overextended(f: Features, p: Posture, params: dict) -> bool:
    elbow = max(f.left.elbow_deg, f.right.elbow_deg) if p.leg is None else p.leg.elbow_deg
    # Said when the arch is too high both as the picture shows it and as if seen square to the floor:
    # from above beside the feet the picture shows the trunk raised some 30 degrees more.
    arch = min(p.angle, p.measures["level_arch_deg"])
    return arch > params["max_trunk_deg"] and elbow >= params["locked_elbow_deg"]


def _cobra_shoulders_shrugged(f: Features, p: Posture, params: dict) -> bool:
    return f.neck_ratio < params["min_neck_ratio"]


def _facing(p: Posture) -> float:
    front = p.front
    return 1.0 if front is not None and front.ankle[0] >= p.leg.knee[0] else -1.0


def _knee_past_ankle(f: Features, p: Posture, params: dict) -> bool:
    front = p.front
    if front is None:
        return False
    shin = math.hypot(front.knee[0] - front.ankle[0], front.knee[1] - front.ankle[1])
    return shin > 0 and (front.knee[0] - front.ankle[0]) * _facing(p) / shin > params["max_shin_fraction"]


def _forward_lean_deg(f: Features, p: Posture) -> float:
    dx = (f.mid_shoulder[0] - f.mid_hip[0]) * _facing(p) / f.side_on_cos  # as if seen side-on
    return math.degrees(math.atan2(dx, f.mid_shoulder[1] - f.mid_hip[1]))


def _torso_leaning(f: Features, p: Posture, params: dict) -> bool:
    return abs(_forward_lean_deg(f, p)) > params["max_lean_deg"]


def _hips_not_forward(f: Features, p: Posture, params: dict) -> bool:
    # hip extension of the back leg: thigh behind vertical minus the trunk's forward lean
    return p.angle - _forward_lean_deg(f, p) < params["min_hip_extension_deg"]


def _back_knee_lifted(f: Features, p: Posture, params: dict) -> bool:
    return p.measures["back_knee_height"] > params["max_back_knee_height"]


def _line(p: Posture) -> float:
    return signed_line_deg(p.leg.shoulder, p.leg.hip, p.leg.knee)


def _bridge_hips_sagging(f: Features, p: Posture, params: dict) -> bool:
    return _line(p) < params["min_line_deg"]


def _bridge_back_overarched(f: Features, p: Posture, params: dict) -> bool:
    return _line(p) > params["max_line_deg"]


def _bridge_feet_placement(f: Features, p: Posture, params: dict) -> bool:
    # The knee angle as the picture shows it is exact side-on, but a camera turned 30 degrees or
    # more from side-on shrinks or widens it past the limits (measured with benchmarks/views.py);
    # the 3D angle of the world landmarks is the same from every view but carries MediaPipe's
    # depth error (10-15 degrees off the picture's on side-on photos). The fault is said when
    # both are outside the limits, or from the picture alone when the frame has no world landmarks.
    def outside(knee_deg: float) -> bool:
        return not params["min_knee_deg"] <= knee_deg <= params["max_knee_deg"]

    world = world_angle_deg(f, p.leg.side, "hip", "knee", "ankle")
    return outside(p.leg.knee_deg) and (world is None or outside(world))


def _bridge_shoulders_raised(f: Features, p: Posture, params: dict) -> bool:
    return p.measures["shoulders_height"] > params["max_shoulder_height"]


CHECKS: dict[str, Check] = {
    "cobra.hips_lifted": _cobra_hips_lifted,
    "cobra.back_overextended": _cobra_back_overextended,
    "cobra.shoulders_shrugged": _cobra_shoulders_shrugged,
    "cobra.on_forearms": _cobra_on_forearms,
    "kneeling_hip_stretch.knee_past_ankle": _knee_past_ankle,
    "kneeling_hip_stretch.torso_leaning": _torso_leaning,
    "kneeling_hip_stretch.hips_not_forward": _hips_not_forward,
    "kneeling_hip_stretch.back_knee_lifted": _back_knee_lifted,
    "glute_bridge.hips_sagging": _bridge_hips_sagging,
    "glute_bridge.back_overarched": _bridge_back_overarched,
    "glute_bridge.feet_placement": _bridge_feet_placement,
    "glute_bridge.shoulders_raised": _bridge_shoulders_raised,
}


class FormRules:
    """The checks of one exercise, with the params and messages from its data file."""

    def __init__(self, exercise_id: str) -> None:
        from psoas.library import get_exercise

        exercise = get_exercise(exercise_id)
        self.rules = [
            (rule.code, CHECKS[rule.code], dict(rule.params)) for rule in exercise.faults if rule.code in CHECKS
        ]
        self.messages = {rule.code: rule.message for rule in exercise.faults}
        self.codes = [code for code, _, _ in self.rules]
        # differences in the whole posture (look-alikes), judged in every phase
        self.always = {rule.code for rule in exercise.faults if rule.checked == "always" and rule.code in CHECKS}

    def check(self, f: Features, posture: Posture, only=None) -> list[str]:
        """Codes whose condition holds in this frame (of the codes in `only`, when given)."""
        return [code for code, fn, params in self.rules if (only is None or code in only) and fn(f, posture, params)]
