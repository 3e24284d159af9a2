"""Draws the analysis on pictures: skeleton, exercise, phase, reps and hold timer (video only),
fault messages.

Separate from the counters (which never draw); imports cv2 lazily.
"""

from __future__ import annotations

from typing import NamedTuple

from psoas.pose.frame import EDGES, PoseFrame
from psoas.pose.result import FrameResult

NAMES = {"cobra": "Cobra", "kneeling_hip_stretch": "Kneeling hip stretch", "glute_bridge": "Glute bridge"}
COLOURS = {"rest": (200, 200, 200), "moving": (0, 200, 255), "hold": (0, 220, 0), None: (160, 160, 160)}


PHASES = {"rest": "start position", "moving": "moving", "hold": "hold"}
TEXT_SHARE = 0.3  # the overlay's text takes at most this share of the picture's height ...
MIN_FONT = 0.33  # ... unless that needs a font smaller than this (OpenCV scale: letters about 8 px tall)
MARGIN = 10  # pixels between the text and the picture's left edge


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


class Layout(NamedTuple):
    """Where the overlay's text goes: font, scale and thickness, the lines (text, is a fault
    message), each line's baseline and box (top, bottom) from the top of the text block, and the
    block's height. Boxes cover each line's ascenders and descenders and never overlap."""

    font: int
    fs: float
    thick: int
    lines: list[tuple[str, bool]]
    baselines: list[int]
    boxes: list[tuple[int, int]]
    block: int


class Annotator:
    def __init__(self, messages: dict[str, str] | None = None, still: bool = False,
                 titles: dict[str, str] | None = None) -> None:  # fmt: skip
        import cv2

        self.cv2 = cv2
        self.messages = messages or {}
        self.still = still
        self._titles = titles

    @property
    def titles(self) -> dict[str, str]:
        """Short fault names (the library's titles), for a video frame too small for the messages."""
        if self._titles is None:
            from psoas.library import fault_titles

            self._titles = fault_titles()
        return self._titles

    def draw(self, image, frame: PoseFrame, result: FrameResult):
        """A copy of `image` with the skeleton and the text. The text takes at most TEXT_SHARE of
        the picture's height; when it needs more at the smallest legible size, a photo gets it in
        a band below the picture (the picture stays whole, so one or two faults on a small photo
        never hide the person), and a video frame, whose size is fixed, shows each fault's short
        title instead of its message (and, if even that is too much, as many lines as fit)."""
        import numpy as np

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
        layout, below = self.placement(w, h, result, frame.present)
        top = 0
        if below:
            out = np.vstack([out, np.zeros((layout.block, w, 3), dtype=out.dtype)])
            top = h
        for (text, is_fault), y, (y0, y1) in zip(layout.lines, layout.baselines, layout.boxes, strict=True):
            (tw, _), _ = cv2.getTextSize(text, layout.font, layout.fs, layout.thick)
            pad = y1 - y  # the box reaches as far below the baseline as the descenders
            cv2.rectangle(out, (MARGIN - pad, top + y0), (MARGIN + tw + pad, top + y1), (0, 0, 0), -1)
            text_colour = (0, 0, 255) if is_fault else (255, 255, 255)
            cv2.putText(out, text, (MARGIN, top + y), layout.font, layout.fs, text_colour, layout.thick, cv2.LINE_AA)
        return out

    def placement(self, w: int, h: int, result: FrameResult, present: bool) -> tuple[Layout, bool]:
        """(layout, below): the text's layout and whether it goes in a band below the picture."""
        texts = overlay_lines(result, present, self.still, self.messages)
        layout = self.text_layout(w, h, texts)
        if layout.block <= TEXT_SHARE * h:
            return layout, False
        if self.still:
            return self.text_layout(w, None, texts), True
        short = overlay_lines(result, present, self.still, self.titles)
        layout = self.text_layout(w, h, short)
        n = len(layout.lines)
        while n > 1 and layout.boxes[n - 1][1] + layout.boxes[0][0] > TEXT_SHARE * h:
            n -= 1
        if n < len(layout.lines):
            lines = [*layout.lines[: n - 1], (f"+{len(layout.lines) - n + 1} more", True)]
            layout = layout._replace(lines=lines, baselines=layout.baselines[:n], boxes=layout.boxes[:n],
                                     block=layout.boxes[n - 1][1] + layout.boxes[0][0])  # fmt: skip
        return layout, False

    def text_layout(self, w: int, h: int | None, texts: list[str]) -> Layout:
        """The overlay's layout: the font follows the picture's smaller side (its width alone when
        `h` is None: a band below the picture), every line is wrapped to the width, and the font
        shrinks until the whole block takes at most TEXT_SHARE of the height (or the smallest
        legible size is reached). Lines are spaced by the font's own ascent and descent."""
        cv2 = self.cv2
        font = cv2.FONT_HERSHEY_SIMPLEX
        fs = max(MIN_FONT, 0.55 * (w if h is None else min(h, w)) / 480)
        while True:
            thick = max(1, round(1.6 * fs))

            def measure(t: str, fs: float = fs, thick: int = thick) -> int:
                return cv2.getTextSize(t, font, fs, thick)[0][0]

            width = w - 2 * MARGIN
            lines = [(part, i >= 2) for i, text in enumerate(texts) for part in wrap_to_width(text, width, measure)]
            (_, ascent), descent = cv2.getTextSize("Ag", font, fs, thick)
            descent = max(descent, thick + 1)
            pad = max(2, round(0.2 * ascent))
            step = ascent + descent + 2 * pad  # one line's box (pad above) and a pad of picture between
            baselines = [pad + pad + ascent + i * step for i in range(len(lines))]
            boxes = [(y - ascent - pad, y + descent) for y in baselines]
            block = boxes[-1][1] + pad if boxes else 0
            if h is None or block <= TEXT_SHARE * h or fs <= MIN_FONT:
                return Layout(font, fs, thick, lines, baselines, boxes, block)
            fs = max(MIN_FONT, fs * 0.85)
