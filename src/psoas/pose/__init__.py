"""Pose analysis: one canonical frame type, adapters at the edge, a numpy-only engine.

The engine (features, quality gate, side choice, smoothing, recognition, rep/hold counting,
form rules) never imports mediapipe or cv2; those live in `mediapipe_adapter`, `media` and
`annotate` and are imported lazily by the commands that need them.
"""

from psoas.pose.frame import LANDMARK_NAMES, NUM_LANDMARKS, PoseFrame

__all__ = ["LANDMARK_NAMES", "NUM_LANDMARKS", "PoseFrame"]
