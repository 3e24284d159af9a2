"""The Rich terminal view: a live panel drawn from the engine's state on every refresh.

`render(state)` is pure (state in, renderable out). The renderable lays itself out for the
console size it is drawn at, so tests compare its text at a fixed width and height, and a
resized terminal gets a fitting panel on the next refresh.

At any size the countdown line comes first and the stop and this-hurts keys stay in the
footer; what does not fit is dropped in a fixed order of importance, and the get-ready
instructions are cut short (ending in "…") before the countdown would be pushed out.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from psoas.library import Exercise, get_exercise
from psoas.session.engine import SessionEngine
from psoas.session.plan import Step
from psoas.ui.messages import KEYS_HELP_FORMS

PHASE_STYLE = {
    "get_ready": "bold yellow",
    "move_up": "bold cyan",
    "hold": "bold green",
    "move_down": "bold cyan",
    "rest": "bold blue",
    "switch_sides": "bold magenta",
}
ELLIPSIS = "…"
FRAME = 4  # border and padding on each side of the panel, in columns
BORDER_LINES = 2  # the panel's top and bottom lines (title and keys)


@dataclass(frozen=True)
class ViewState:
    step: Step | None
    exercise: Exercise | None
    exercise_index: int
    exercise_count: int
    elapsed_s: float
    remaining_s: float
    progress: float
    paused: bool
    next_step: Step | None
    notice: str | None = None
    camera: tuple[str, ...] | None = None  # (what a held countdown waits for, what is seen, the cue)

    @classmethod
    def from_engine(
        cls, engine: SessionEngine, notice: str | None = None, camera: list[str] | None = None
    ) -> ViewState:
        step = engine.current_step
        order = [p.exercise.id for p in engine.plan.exercises]
        next_step = engine.steps[engine.index + 1] if 0 <= engine.index + 1 < len(engine.steps) else None
        return cls(
            step=step,
            exercise=get_exercise(step.exercise_id) if step else None,
            exercise_index=order.index(step.exercise_id) if step else 0,
            exercise_count=len(order),
            elapsed_s=engine.step_elapsed(),
            remaining_s=engine.step_remaining(),
            progress=engine.progress(),
            paused=engine.state == "paused",
            next_step=next_step,
            notice=notice,
            camera=tuple(camera) if camera is not None else None,
        )


def render(state: ViewState) -> RenderableType:
    return SessionView(state)


class SessionView:
    """The session panel, laid out for the width and height it is given when drawn."""

    def __init__(self, state: ViewState) -> None:
        self.state = state

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        height = options.height or options.max_height
        yield lay_out(self.state, console, options.max_width, height)


def keys_help(width: int) -> str:
    """The widest keys line that fits in a panel `width` columns wide."""
    room = width - FRAME - 2  # the footer text is padded by a space on each side
    return next((form for form in KEYS_HELP_FORMS if cell_len(form) <= room), KEYS_HELP_FORMS[-1])


def _title(state: ViewState, name: str, width: int) -> str:
    room = width - FRAME - 2
    number, count = state.exercise_index + 1, state.exercise_count
    for title in (f"Exercise {number} of {count}: {name}", f"{number}/{count} {name}"):
        if cell_len(title) <= room:
            return title
    return _ellipsize(Text(f"{number}/{count} {name}"), room).plain


def _ellipsize(line: Text, width: int) -> Text:
    """`line` ending in an ellipsis, within `width` cells."""
    line = line.copy()
    line.rstrip()
    if line.cell_len + 1 > width:
        line.truncate(max(0, width - 1))
        line.rstrip()
    line.append(ELLIPSIS, style="dim")
    return line


def _shorten(lines: list[Text], count: int, width: int) -> list[Text]:
    """The first `count` lines, the last marked with an ellipsis when some were cut."""
    if count >= len(lines):
        return lines
    if count <= 0:
        return []
    return [*lines[: count - 1], _ellipsize(lines[count - 1], width)]


def _lines(console: Console, renderable: RenderableType, width: int) -> list[Text]:
    """`renderable` drawn at `width`, as one Text per screen line."""
    options = console.options.update(width=width, height=None)
    return [
        Text.assemble(*((s.text, s.style or "") for s in row if not s.control), no_wrap=True, overflow="crop")
        for row in console.render_lines(renderable, options, pad=False)
    ]


def _bar(total: float, completed: float) -> RenderableType:
    """A progress bar on a line of its own (a bare ProgressBar ends without a newline)."""
    grid = Table.grid(expand=True)
    grid.add_row(ProgressBar(total=total, completed=completed))
    return grid


def _instructions(exercise: Exercise) -> RenderableType:
    table = Table.grid(padding=(0, 1))
    table.add_column(justify="right", style="dim")
    table.add_column()
    for number, text in enumerate(exercise.setup + exercise.movement, start=1):
        table.add_row(f"{number}.", text)
    cues = Text("Cues: " + " ".join(exercise.cues), style="italic")
    stop = Text(f"{exercise.cautions[0]} Press h if it hurts.", style="yellow")  # the stop rule
    return Group(table, cues, stop)


class _Countdown:
    """The step's name and its seconds left, the seconds always on the first line.

    When the name does not fit on that line it goes on below at the full width; a get-ready
    name then leaves out the exercise (the panel's title has it) to keep the side's set-up."""

    def __init__(self, console: Console, step: Step, remaining_s: float, width: int) -> None:
        self.seconds = Text(f"{max(0, round(remaining_s + 0.499)):>3d} s", style="bold")
        self.gap = "   " if width >= 24 else " "
        self.first_width = max(1, width - len(self.gap) - self.seconds.cell_len)
        self.width = width
        label = step.label()
        if cell_len(label) > self.first_width and step.kind == "get_ready":
            side = f" ({step.side} hip)" if step.side else ""
            label = f"Get ready{side}" + (f": {step.side_setup}" if step.side_setup else "")
        style = PHASE_STYLE[step.kind]
        first = Text(label, style=style).wrap(console, self.first_width)[0]
        rest = label[len(first.plain) :].strip()
        self.label_lines = [first, *(Text(rest, style=style).wrap(console, width) if rest else [])]

    def __len__(self) -> int:
        return len(self.label_lines)

    def lines(self, count: int) -> list[Text]:
        if count >= len(self.label_lines):
            labels = self.label_lines
        elif count <= 1:
            labels = [_ellipsize(self.label_lines[0], self.first_width)]
        else:
            labels = [self.label_lines[0], *_shorten(self.label_lines[1:], count - 1, self.width)]
        first = labels[0].copy()
        if len(self.label_lines) > 1:
            first.pad_right(self.first_width - first.cell_len)  # the seconds stay in one column
        first.append(self.gap)
        first.append_text(self.seconds)
        return [first, *labels[1:]]


@dataclass
class _Block:
    """Lines of the panel with how much they matter (0 first) and whether they may be cut short."""

    priority: int
    lines: list[Text]
    can_shorten: bool = False
    needs_room: int = 1  # shown only when at least this many lines are left
    shown: int = 0


def _camera_lines(camera: tuple[str, ...] | None, lines) -> list[Text]:  # noqa: ANN001
    """The camera block: (what a held countdown waits for, what the camera sees, the cue), each
    shown when not empty."""
    if not camera:
        return []
    styles = ("bold yellow", "dim", "italic yellow")
    shown = [(text, style) for text, style in zip(camera, styles, strict=False) if text]
    return [line for text, style in shown for line in lines(Text(text, style=style))]


def lay_out(state: ViewState, console: Console, width: int, height: int) -> RenderableType:
    """The panel for a console `width` columns wide and `height` lines high."""
    if state.step is None or state.exercise is None:
        return Panel(Text(state.notice or "Session over."), title="psoas")
    step, exercise = state.step, state.exercise
    inner = max(1, width - FRAME)

    def lines(renderable: RenderableType) -> list[Text]:
        return _lines(console, renderable, inner)

    countdown = _Countdown(console, step, state.remaining_s, inner)
    rep = f"Rep {step.rep} of {step.reps}" + (f" - {step.side} hip" if step.side else "")
    upcoming = state.next_step.label() if state.next_step else "finish"
    paused = Text("PAUSED - press space to resume", style="bold reverse")
    blocks: dict[str, _Block] = {
        "instructions": _Block(7, lines(_instructions(exercise)) if step.kind == "get_ready" else [], True),
        "gap_above": _Block(6, [Text("")] if step.kind == "get_ready" else [], needs_room=2),
        "countdown": _Block(0, [Text("")] * len(countdown), True),
        "bar": _Block(3, lines(_bar(step.duration_s, state.elapsed_s))),
        "rep": _Block(4, lines(Text(rep)) if step.reps and step.rep else []),
        "paused": _Block(1, lines(paused) if state.paused else []),
        "notice": _Block(2, lines(Text(state.notice, style="bold red")) if state.notice else [], True),
        "camera": _Block(2, _camera_lines(state.camera, lines), True),
        "gap_below": _Block(9, [Text("")]),
        "next": _Block(5, lines(Text(f"Next: {upcoming}", style="dim")), True),
        "progress": _Block(8, lines(Text(f"Session {state.progress:4.0%}", style="dim"))),
        "progress_bar": _Block(9, lines(_bar(1.0, state.progress))),
    }
    room = max(1, height - BORDER_LINES)
    for block in sorted(blocks.values(), key=lambda b: b.priority):
        wanted = len(block.lines)
        if room < block.needs_room:
            continue
        block.shown = min(wanted, room) if block.can_shorten else (wanted if wanted <= room else 0)
        room -= block.shown
    # a blank line only separates things that are shown
    if not blocks["instructions"].shown:
        blocks["gap_above"].shown = 0
    if not any(blocks[name].shown for name in ("next", "progress", "progress_bar")):
        blocks["gap_below"].shown = 0

    parts: list[Text] = []
    for name, block in blocks.items():
        if not block.shown:
            continue
        if name == "countdown":
            parts += countdown.lines(block.shown)
        else:
            parts += _shorten(block.lines, block.shown, inner)
    return Panel(
        Group(*parts),
        title=_title(state, exercise.name, width),
        subtitle=keys_help(width),
        title_align="left",
    )
