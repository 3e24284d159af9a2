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
TEXT_SHARE = 0.3  # the overlay's text takes at most this share of the picture's height ...
MIN_FONT = 0.33  # ... unless that needs a font smaller than this (OpenCV scale: letters about 8 px tall)


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
        thick = max(1, round(2 * min(h, w) / 480))
        colour = COLOURS.get(result.phase, COLOURS[None])
        if frame.xyz is not None and frame.visibility is not None:
            pts = [(int(x * w), int(y * h)) for x, y, _ in frame.xyz]
            for a, b in EDGES:
                if frame.visibility[a] > 0.3 and frame.visibility[b] > 0.3:
                    cv2.line(out, pts[a], pts[b], colour, thick, cv2.LINE_AA)
            for i, p in enumerate(pts):
                if i > 10 and frame.visibility[i] > 0.3:
                    cv2.circle(out, p, thick + 1, (255, 255, 255), -1, cv2.LINE_AA)
        texts = overlay_lines(result, frame.present, self.still, self.messages)
        font, fs, thick, lines, gap = self.text_layout(w, h, texts)
        y = gap + cv2.getTextSize("Ag", font, fs, thick)[0][1]
        for text, is_fault in lines:
            colour_text = (0, 0, 255) if is_fault else (255, 255, 255)
            (tw, th), _ = cv2.getTextSize(text, font, fs, thick)
            pad = max(2, gap // 3)
            cv2.rectangle(out, (6, y - th - pad), (10 + tw + pad, y + pad), (0, 0, 0), -1)
            cv2.putText(out, text, (10, y), font, fs, colour_text, thick, cv2.LINE_AA)
            y += th + gap
        return out

    def text_layout(self, w: int, h: int, texts: list[str]):
        """(font, scale, thickness, [(line, is a fault message)], gap) for the overlay: the font
        follows the picture's smaller side, every line is wrapped to its width, and the font
        shrinks until the whole block takes at most TEXT_SHARE of the picture's height (or the
        smallest legible size is reached)."""
        cv2 = self.cv2
        font = cv2.FONT_HERSHEY_SIMPLEX
        fs = max(MIN_FONT, 0.55 * min(h, w) / 480)
        while True:
            thick = max(1, round(1.6 * fs))

            def measure(t: str, fs: float = fs, thick: int = thick) -> int:
                return cv2.getTextSize(t, font, fs, thick)[0][0]

            lines = [(part, i >= 2) for i, text in enumerate(texts) for part in wrap_to_width(text, w - 20, measure)]
            th = cv2.getTextSize("Ag", font, fs, thick)[0][1]
            gap = max(4, round(0.6 * th))
            block = gap + len(lines) * (th + gap)
            if block <= TEXT_SHARE * h or fs <= MIN_FONT:
                return font, fs, thick, lines, gap
            fs = max(MIN_FONT, fs * 0.85)
