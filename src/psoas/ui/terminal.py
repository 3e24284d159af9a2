"""The Rich terminal view: a live panel drawn from the engine's state on every refresh.

`render(state)` is pure (state in, renderable out) so tests compare its text at a fixed width.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from psoas.library import Exercise, get_exercise
from psoas.session.engine import SessionEngine
from psoas.session.plan import Step
from psoas.ui.messages import KEYS_HELP

PHASE_STYLE = {
    "get_ready": "bold yellow",
    "move_up": "bold cyan",
    "hold": "bold green",
    "move_down": "bold cyan",
    "rest": "bold blue",
    "switch_sides": "bold magenta",
}


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

    @classmethod
    def from_engine(cls, engine: SessionEngine, notice: str | None = None) -> ViewState:
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
        )


def _bar(total: float, completed: float, width: int | None) -> RenderableType:
    """A progress bar on a line of its own (a bare ProgressBar ends without a newline)."""
    grid = Table.grid(expand=width is None)
    grid.add_row(ProgressBar(total=total, completed=completed, width=width))
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


def render(state: ViewState, width: int | None = None) -> RenderableType:
    if state.step is None or state.exercise is None:
        return Panel(Text(state.notice or "Session over."), title="psoas")
    step, exercise = state.step, state.exercise
    parts: list[RenderableType] = []
    if step.kind == "get_ready":
        parts.append(_instructions(exercise))
        parts.append(Text(""))

    countdown = Text()
    countdown.append(step.label(), style=PHASE_STYLE[step.kind])
    countdown.append(f"   {max(0, round(state.remaining_s + 0.499)):>3d} s", style="bold")
    parts.append(countdown)
    parts.append(_bar(step.duration_s, state.elapsed_s, width))
    if step.reps and step.rep:
        side = f" - {step.side} hip" if step.side else ""
        parts.append(Text(f"Rep {step.rep} of {step.reps}{side}"))
    if state.paused:
        parts.append(Text("PAUSED - press space to resume", style="bold reverse"))
    if state.notice:
        parts.append(Text(state.notice, style="bold red"))
    parts.append(Text(""))
    parts.append(Text(f"Next: {state.next_step.label() if state.next_step else 'finish'}", style="dim"))
    parts.append(Text(f"Session {state.progress:4.0%}", style="dim"))
    parts.append(_bar(1.0, state.progress, width))
    title = f"Exercise {state.exercise_index + 1} of {state.exercise_count}: {exercise.name}"
    return Panel(Group(*parts), title=title, subtitle=KEYS_HELP, title_align="left")
