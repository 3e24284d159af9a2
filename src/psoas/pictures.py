"""Pictures of each exercise: side-on drawings of its start and hold positions, with its key cues.

The bodies are not drawn by hand: they are the pose generator's own templates
(psoas.pose.synthetic), a clean side view of one rep without noise, taken at rest (the start
position) and in the middle of the hold. Each cue that names a body part ("hips", "elbows",
"heels"...) gets a numbered marker on that part in the hold picture; the numbered cues are
written below. matplotlib (object API, no pyplot) renders the figure as SVG or PNG.

    picture_bytes("cobra", "svg")            # both positions and the cues
    picture_bytes("cobra", "png", "hold")    # one position (the web's step picture)
    write_picture("cobra", Path("cobra.svg"))
"""

from __future__ import annotations

import io
import os
import re
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from psoas.errors import UserError

if TYPE_CHECKING:
    import numpy as np

    from psoas.library import Exercise

View = Literal["both", "start", "hold"]
VIEWS: tuple[View, ...] = ("both", "start", "hold")
FORMATS = {".png": "png", ".svg": "svg"}
SEED = 0  # one fixed body from the generator's range of proportions: the same picture every time

# Words of a cue that name a body part, and the landmark (frame.LEFT/RIGHT names) or the body
# point the marker goes on. The first body word of a cue wins.
BODY_WORDS: dict[str, str] = {
    "hip": "hip", "hips": "hip", "tailbone": "hip", "pelvis": "hip", "buttocks": "hip",
    "shoulder": "shoulder", "shoulders": "shoulder", "elbow": "elbow", "elbows": "elbow",
    "hand": "wrist", "hands": "wrist", "wrist": "wrist", "arms": "elbow",
    "knee": "knee", "knees": "knee", "ankle": "ankle", "heel": "heel", "heels": "heel",
    "foot": "foot", "feet": "foot", "ear": "ear", "ears": "ear", "head": "ear",
    "trunk": "trunk", "chest": "chest", "back": "spine", "vertebra": "spine", "spine": "spine",
}  # fmt: skip
# Where between the hips (0) and the shoulders (1) the trunk's marked points are.
TRUNK_POINTS = {"trunk": 0.55, "chest": 0.8, "spine": 0.3}

COLOURS = {"near": "#1f4e79", "far": "#8fb0cc", "mat": "#d8cfc0", "marker": "#b03a2e", "text": "#222222"}
# Segments of one side, by landmark name; the far side is drawn first, in a lighter colour.
LIMBS = (("shoulder", "elbow", "wrist"), ("hip", "knee", "ankle", "foot"), ("ankle", "heel"))


@dataclass(frozen=True)
class Position:
    """One drawn position: (33, 2) points with y up (picture units), and which side is nearer."""

    points: np.ndarray
    near: str  # "left" or "right"

    def point(self, name: str) -> tuple[float, float]:
        """A landmark of the near side ('hip'), or a point of the trunk ('chest')."""
        from psoas.pose.frame import SIDES

        if name in TRUNK_POINTS:
            f = TRUNK_POINTS[name]
            hip, shoulder = self.points[SIDES[self.near]["hip"]], self.points[SIDES[self.near]["shoulder"]]
            x, y = hip + f * (shoulder - hip)
            return float(x), float(y)
        x, y = self.points[SIDES[self.near][name]]
        return float(x), float(y)


def cue_parts(cue: str) -> list[str]:
    """The body points a cue names (see BODY_WORDS), in the order it names them."""
    words = [BODY_WORDS[word] for word in re.findall(r"[a-z]+", cue.lower()) if word in BODY_WORDS]
    return list(dict.fromkeys(words))


def _side(exercise: Exercise) -> str | None:
    return exercise.first_side if exercise.dose.per_side else None


@lru_cache(maxsize=16)
def positions(exercise_id: str) -> dict[str, Position]:
    """The start and hold positions of the exercise, from the pose generator's templates."""
    import numpy as np

    from psoas.library import get_exercise
    from psoas.pose.synthetic import Spec, generate

    exercise = get_exercise(exercise_id)
    # One slow rep seen straight from the side, without noise, dropped frames or swapped labels.
    spec = Spec(
        exercise=exercise.id, reps=1, hold_s=2.0, move_s=1.0, rest_s=0.0, lead_s=1.0, noise=0.0,
        drop_rate=0.0, swap_rate=0.0, time_jitter=0.0, side=_side(exercise), fps=10.0,
    )  # fmt: skip
    frames, truth = generate(spec, seed=SEED)
    rep = truth.reps[0]
    wanted = {"start": 0.0, "hold": (rep.hold_start_s + rep.hold_end_s) / 2}
    out = {}
    for view, t in wanted.items():
        frame = min((f for f in frames if f.present), key=lambda f: abs(f.t - t))
        assert frame.xyz is not None
        depth = frame.xyz[:, 2]  # smaller is nearer the camera
        from psoas.pose.frame import LEFT, RIGHT

        left_nearer = float(np.mean(depth[list(LEFT.values())])) < float(np.mean(depth[list(RIGHT.values())]))
        out[view] = Position(frame.points(), "left" if left_nearer else "right")
    return out


def _draw_body(ax: Any, pos: Position) -> None:
    from matplotlib.patches import Circle

    from psoas.pose.frame import NOSE, SIDES

    pts = pos.points
    scale = float(pts[:, 1].max() - pts[:, 1].min() + pts[:, 0].max() - pts[:, 0].min()) / 2
    floor = float(pts[:, 1].min()) - 0.012
    xs = pts[:, 0]
    ax.add_patch(_rounded(ax, xs.min() - 0.06, floor - 0.025, xs.max() - xs.min() + 0.12, 0.025, COLOURS["mat"]))
    far = "right" if pos.near == "left" else "left"
    for side, colour, width in ((far, COLOURS["far"], 5.5), (pos.near, COLOURS["near"], 7.0)):
        idx = SIDES[side]
        for chain in LIMBS:
            line = pts[[idx[name] for name in chain]]
            ax.plot(line[:, 0], line[:, 1], color=colour, lw=width, solid_capstyle="round", solid_joinstyle="round")
        if side == pos.near:  # the trunk and the neck, once, in front of the far limbs
            for a, b in (("shoulder", "hip"), ("shoulder", "ear")):
                mid_a = (pts[SIDES["left"][a]] + pts[SIDES["right"][a]]) / 2
                mid_b = (pts[SIDES["left"][b]] + pts[SIDES["right"][b]]) / 2
                ax.plot([mid_a[0], mid_b[0]], [mid_a[1], mid_b[1]], color=colour, lw=9.0, solid_capstyle="round")
    ear = (pts[SIDES["left"]["ear"]] + pts[SIDES["right"]["ear"]]) / 2
    nose = pts[NOSE]
    centre = ear + 0.45 * (nose - ear)
    radius = max(float(((nose - ear) ** 2).sum() ** 0.5) * 0.75, scale * 0.05)
    ax.add_patch(Circle((float(centre[0]), float(centre[1])), radius, color=COLOURS["near"], zorder=3))


def _rounded(ax: Any, x: float, y: float, w: float, h: float, colour: str) -> Any:
    from matplotlib.patches import FancyBboxPatch

    return FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0,rounding_size=0.01", color=colour, zorder=0)


MARKER_DISTANCE = 0.075  # picture units (body heights x 0.8) from the part to its marker


def _body_samples(pos: Position) -> np.ndarray:
    """Points along every drawn segment, to keep markers off the drawing."""
    import numpy as np

    from psoas.pose.frame import NOSE, SIDES

    pts = pos.points
    pairs = [(a, b) for chain in LIMBS for a, b in zip(chain, chain[1:], strict=False)]
    segments = [(pts[SIDES[s][a]], pts[SIDES[s][b]]) for s in SIDES for a, b in pairs]
    segments += [(pts[SIDES[s]["shoulder"]], pts[SIDES[s]["hip"]]) for s in SIDES]
    segments += [(pts[SIDES[s]["shoulder"]], pts[NOSE]) for s in SIDES]
    f = np.linspace(0.0, 1.0, 12)[:, None]
    return np.concatenate([a + f * (b - a) for a, b in segments])


def _marker_at(pos: Position, part: str, taken: list[np.ndarray]) -> np.ndarray:
    """Where the part's marker goes: of 16 directions, the one farthest from the drawing and from
    the markers already placed, above the floor."""
    import numpy as np

    body = np.concatenate([_body_samples(pos), *[t[None, :] for t in taken]]) if taken else _body_samples(pos)
    point = np.array(pos.point(part))
    best, best_clear = point, -1.0
    for angle in np.linspace(0.0, 2 * np.pi, 16, endpoint=False):
        spot = point + MARKER_DISTANCE * np.array([np.cos(angle), np.sin(angle)])
        if spot[1] < 0.03:  # under the floor line
            continue
        clear = float(np.min(np.hypot(*(body - spot).T)))
        if clear > best_clear + 1e-9:
            best, best_clear = spot, clear
    return best


def _panel(ax: Any, pos: Position, title: str, markers: list[tuple[str, str]], frame: tuple) -> None:
    ax.set_title(title, loc="left", fontsize=11, color=COLOURS["text"])
    _draw_body(ax, pos)
    taken: list[np.ndarray] = []
    for label, part in markers:
        spot = _marker_at(pos, part, taken)
        taken.append(spot)
        ax.annotate(
            label,
            pos.point(part),
            xytext=(float(spot[0]), float(spot[1])),
            textcoords="data",
            ha="center",
            va="center",
            fontsize=9,
            fontweight="bold",
            color="white",
            bbox={"boxstyle": "circle,pad=0.25", "fc": COLOURS["marker"], "ec": "none"},
            arrowprops={"arrowstyle": "-", "color": COLOURS["marker"], "lw": 1.5},
            zorder=5,
        )
    (x0, x1), (y0, y1) = frame
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.axis("off")


def _frame(views: list[Position]) -> tuple[tuple[float, float], tuple[float, float]]:
    """One window for every panel, so both positions are drawn at the same scale."""
    half_w = max(float(p.points[:, 0].max() - p.points[:, 0].min()) for p in views) / 2 + 0.1
    height = max(float(p.points[:, 1].max()) for p in views) + 0.1
    return (-half_w, half_w), (-0.06, height)


def _on_the_floor(pos: Position) -> Position:
    """Centred across, the lowest point on the floor line (y = 0): every panel stands on one floor."""
    pts = pos.points.copy()
    pts[:, 0] -= (pts[:, 0].max() + pts[:, 0].min()) / 2
    pts[:, 1] -= pts[:, 1].min()
    return Position(pts, pos.near)


def markers(exercise: Exercise) -> list[tuple[str, str]]:
    """(label, body point) of the markers: each cue that names a body part marks the first one it
    names that no earlier cue has marked; when all are taken, it shares that part's marker ("2,3")."""
    labels: dict[str, list[int]] = {}
    for n, cue in enumerate(exercise.cues, start=1):
        parts = cue_parts(cue)
        if parts:
            free = [part for part in parts if part not in labels]
            labels.setdefault(free[0] if free else parts[0], []).append(n)
    return [(",".join(map(str, numbers)), part) for part, numbers in labels.items()]


def build_figure(exercise_id: str, view: View = "both") -> Any:
    """The matplotlib Figure of the exercise's picture."""
    from matplotlib.figure import Figure

    from psoas.library import get_exercise

    exercise = get_exercise(exercise_id)
    if view not in VIEWS:
        raise UserError(f"unknown picture view {view!r}; use one of {', '.join(VIEWS)}")
    found = {k: _on_the_floor(v) for k, v in positions(exercise.id).items()}
    frame = _frame(list(found.values()))
    titles = {
        "start": f"Start: {exercise.start_position}",
        "hold": f"Hold: {exercise.hold_position} ({exercise.dose.hold_s:g} s)",
    }
    marks = markers(exercise)
    shown = ["start", "hold"] if view == "both" else [view]
    cue_lines = [f"{n}. {text}" for n, text in enumerate(exercise.cues, start=1)]
    wrapped = [textwrap.fill(line, 62 if view == "both" else 44, subsequent_indent="    ") for line in cue_lines]
    text_lines = sum(w.count("\n") + 1 for w in wrapped)
    width = 4.6 * len(shown)
    panel_h = 2.9
    text_h = 0.24 * text_lines + 0.35
    fig = Figure(figsize=(width, panel_h + text_h), dpi=100)
    fig.patch.set_facecolor("white")
    grid = fig.add_gridspec(2, len(shown), height_ratios=[panel_h, text_h], hspace=0.05, wspace=0.04)
    for column, name in enumerate(shown):
        ax = fig.add_subplot(grid[0, column])
        _panel(ax, found[name], titles[name], marks if name == "hold" else [], frame)
    notes = fig.add_subplot(grid[1, :])
    notes.axis("off")
    notes.text(0.0, 1.0, "Key cues", fontsize=10, fontweight="bold", va="top", color=COLOURS["text"])
    notes.text(0.0, 0.98 - 0.3 / text_h, "\n".join(wrapped), fontsize=9.5, va="top", color=COLOURS["text"])
    fig.suptitle(exercise.name, x=0.02, ha="left", fontsize=14, fontweight="bold", color=COLOURS["text"])
    fig.subplots_adjust(left=0.03, right=0.98, top=0.86, bottom=0.02)
    return fig


def alt_text(exercise_id: str, view: View = "both") -> str:
    """What the picture shows, in words (the web page's alt text)."""
    from psoas.library import get_exercise

    exercise = get_exercise(exercise_id)
    parts = {"start": f"the start position, {exercise.start_position}", "hold": f"the hold, {exercise.hold_position}"}
    shown = [parts["start"], parts["hold"]] if view == "both" else [parts[view]]
    return f"Side-on drawing of the {exercise.name}: {' and '.join(shown)}. Key cues: {' '.join(exercise.cues)}"


@lru_cache(maxsize=64)
def picture_bytes(exercise_id: str, fmt: Literal["png", "svg"], view: View = "both") -> bytes:
    """The picture as PNG or SVG bytes (the same bytes for the same exercise and view)."""
    from matplotlib import rc_context

    buffer = io.BytesIO()
    # Text as paths: the SVG needs no font on the viewer's machine; a fixed hash salt and no
    # date keep the bytes the same from run to run.
    with rc_context({"svg.fonttype": "path", "svg.hashsalt": "psoas"}):
        metadata = {"Date": None} if fmt == "svg" else {}
        build_figure(exercise_id, view).savefig(buffer, format=fmt, metadata=metadata)
    return buffer.getvalue()


def picture_format(path: Path) -> Literal["png", "svg"]:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UserError(f"cannot tell the picture format from {path.name!r}; use a name ending in .png or .svg")
    return "png" if fmt == "png" else "svg"


def write_picture(exercise_id: str, path: Path, view: View = "both") -> Path:
    """Write atomically (a temporary file, then rename): a failure leaves no half-written picture."""
    fmt = picture_format(path)
    if not path.parent.is_dir():
        raise UserError(f"folder does not exist: {path.parent}")
    data = picture_bytes(exercise_id, fmt, view)
    temp = path.with_name(f".{path.name}.tmp")
    try:
        temp.write_bytes(data)
        os.replace(temp, path)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise UserError(f"cannot write {path}: {error.strerror or error}") from None
    return path
