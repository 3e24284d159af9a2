"""Draws the analysis on pictures: skeleton, exercise, phase, reps, hold timer, fault message.

Separate from the counters (which never draw); imports cv2 lazily.
"""

from __future__ import annotations

from psoas.pose.frame import EDGES, PoseFrame
from psoas.pose.result import FrameResult

NAMES = {"cobra": "Cobra", "kneeling_hip_stretch": "Kneeling hip stretch", "glute_bridge": "Glute bridge"}
COLOURS = {"rest": (200, 200, 200), "moving": (0, 200, 255), "hold": (0, 220, 0), None: (160, 160, 160)}


class Annotator:
    def __init__(self, messages: dict[str, str] | None = None) -> None:
        import cv2

        self.cv2 = cv2
        self.messages = messages or {}

    def draw(self, image, frame: PoseFrame, result: FrameResult):
        cv2 = self.cv2
        out = image.copy()
        h, w = out.shape[:2]
        scale = max(h, w) / 640
        thick = max(1, round(2 * scale))
        colour = COLOURS.get(result.phase, COLOURS[None])
        if frame.present:
            pts = [(int(x * w), int(y * h)) for x, y, _ in frame.xyz]
            for a, b in EDGES:
                if frame.visibility[a] > 0.3 and frame.visibility[b] > 0.3:
                    cv2.line(out, pts[a], pts[b], colour, thick, cv2.LINE_AA)
            for i, p in enumerate(pts):
                if i > 10 and frame.visibility[i] > 0.3:
                    cv2.circle(out, p, thick + 1, (255, 255, 255), -1, cv2.LINE_AA)
        lines = []
        if result.exercise:
            head = NAMES.get(result.exercise, result.exercise)
            if result.side:
                head += f" ({result.side} hip)"
            lines.append(head)
            lines.append(
                f"{result.phase}  reps {result.reps}"
                + (f"  hold {result.hold_s:4.1f} s" if result.phase == "hold" else "")
            )
        else:
            lines.append("no exercise" if frame.present else "nobody in view")
        for code in result.faults:
            lines.append(self.messages.get(code, code))
        font, fs = cv2.FONT_HERSHEY_SIMPLEX, 0.55 * scale
        y = int(24 * scale)
        for i, text in enumerate(lines):
            colour_text = (0, 0, 255) if i >= 2 else (255, 255, 255)
            (tw, th), _ = cv2.getTextSize(text, font, fs, thick)
            cv2.rectangle(out, (6, y - th - 6), (14 + tw, y + 6), (0, 0, 0), -1)
            cv2.putText(out, text, (10, y), font, fs, colour_text, thick, cv2.LINE_AA)
            y += th + int(14 * scale)
        return out
