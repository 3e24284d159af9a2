"""Draws the analysis on pictures: skeleton, exercise, phase, reps and hold timer (video only),
fault messages.

Separate from the counters (which never draw); imports cv2 lazily.
"""

from __future__ import annotations

from psoas.pose.frame import EDGES, PoseFrame
from psoas.pose.result import FrameResult

NAMES = {"cobra": "Cobra", "kneeling_hip_stretch": "Kneeling hip stretch", "glute_bridge": "Glute bridge"}
COLOURS = {"rest": (200, 200, 200), "moving": (0, 200, 255), "hold": (0, 220, 0), None: (160, 160, 160)}


PHASES = {"rest": "start position", "moving": "moving", "hold": "hold"}


def overlay_lines(result: FrameResult, present: bool, still: bool, messages: dict[str, str]) -> list[str]:
    """The text drawn on a picture: exercise (and side), phase, and for a video the rep count and
    hold timer (a single photo has neither), then one line per fault showing."""
    if not result.exercise:
        return ["no exercise" if present else "nobody in view"]
    head = NAMES.get(result.exercise, result.exercise)
    if result.side:
        head += f" ({result.side} hip)"
    phase = PHASES.get(result.phase or "", result.phase or "")
    if still:
        status = phase
    else:
        status = f"{phase}  reps {result.reps}" + (f"  hold {result.hold_s:4.1f} s" if result.phase == "hold" else "")
    return [head, status] + [messages.get(code, code) for code in result.faults]


def wrap_to_width(text: str, width: int, measure) -> list[str]:  # noqa: ANN001 - measure(text) -> pixels
    """Words of `text` on as few lines as fit `width` pixels (a long word stays whole)."""
    lines: list[str] = []
    for word in text.split():
        if lines and measure(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [text]


class Annotator:
    def __init__(self, messages: dict[str, str] | None = None, still: bool = False) -> None:
        import cv2

        self.cv2 = cv2
        self.messages = messages or {}
        self.still = still

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
        font, fs = cv2.FONT_HERSHEY_SIMPLEX, 0.55 * scale
        lines = []  # (text, is a fault message), each wrapped to the picture's width
        for i, text in enumerate(overlay_lines(result, frame.present, self.still, self.messages)):
            lines += [
                (part, i >= 2)
                for part in wrap_to_width(text, w - 20, lambda t: cv2.getTextSize(t, font, fs, thick)[0][0])
            ]
        y = int(24 * scale)
        for text, is_fault in lines:
            colour_text = (0, 0, 255) if is_fault else (255, 255, 255)
            (tw, th), _ = cv2.getTextSize(text, font, fs, thick)
            cv2.rectangle(out, (6, y - th - 6), (14 + tw, y + 6), (0, 0, 0), -1)
            cv2.putText(out, text, (10, y), font, fs, colour_text, thick, cv2.LINE_AA)
            y += th + int(14 * scale)
        return out
