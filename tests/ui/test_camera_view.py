"""The terminal view's camera block and the plain lines of a camera session."""

from __future__ import annotations

from io import StringIO

from rich.console import Console

from psoas.coach.events import CameraSwitched, Cue, RepConfirmed
from psoas.library import load_library
from psoas.session.engine import SessionEngine
from psoas.session.events import Waiting
from psoas.session.plan import plan_session
from psoas.ui.plain import PlainView
from psoas.ui.sound import cue_for
from psoas.ui.terminal import ViewState, render

CAMERA = ["Back into position", "Camera: Cobra, holding, 6 s", "Keep your hips on the floor."]


def screen(state: ViewState, width: int, height: int) -> list[str]:
    console = Console(file=StringIO(), width=width, height=height, color_system=None, legacy_windows=False)
    console.print(render(state))
    return console.file.getvalue().splitlines()


def hold_engine(clock) -> SessionEngine:  # noqa: ANN001
    engine = SessionEngine(plan_session(load_library()[:1]), clock)
    engine.start()
    clock.tick(14)
    engine.poll()
    return engine


def test_the_camera_block_shows_the_wait_what_is_seen_and_the_cue(clock) -> None:
    lines = screen(ViewState.from_engine(hold_engine(clock), camera=CAMERA), 72, 40)
    text = "\n".join(lines)
    for shown in CAMERA:
        assert shown in text
    assert lines[1].rstrip(" │").endswith("s")  # the countdown still comes first
    empty = "\n".join(screen(ViewState.from_engine(hold_engine(clock), camera=["", CAMERA[1], ""]), 72, 40))
    assert CAMERA[1] in empty and CAMERA[0] not in empty


def test_in_a_small_terminal_the_countdown_and_keys_stay(clock) -> None:
    lines = screen(ViewState.from_engine(hold_engine(clock), camera=CAMERA), 40, 8)
    assert len(lines) == 8 and "Hold" in lines[1] and "q" in lines[-1]
    assert any("Back into position" in line for line in lines)  # the wait outranks the rest


def test_plain_lines_and_voice_for_camera_events(clock) -> None:
    engine = hold_engine(clock)
    step = engine.current_step
    out: list[str] = []
    view = PlainView(out.append)
    for event in (
        Waiting(1000.0, step, "back_into_position"),
        Cue(1001.0, "fault", "Keep your hips on the floor.", "cobra.hips_lifted"),
        RepConfirmed(1002.0, "cobra", None, 1, 14.6, ("cobra.hips_lifted",)),
        CameraSwitched(1003.0, False, "Camera off: timer only (press c to use the camera again)"),
    ):
        view(event)
    assert out == [
        "[00:00] Waiting: Back into position",
        "[00:01] Camera: Keep your hips on the floor.",
        "[00:02] Camera saw rep 1 (14.6 s hold; 1 form fault)",
        "[00:03] Camera off: timer only (press c to use the camera again)",
    ]
    assert cue_for(Waiting(1000.0, step, "position")) == "Get into the start position: Cobra."
    assert cue_for(Cue(1.0, "fault", "Keep your hips on the floor.")) == "Keep your hips on the floor."
