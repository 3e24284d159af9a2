"""Golden text of the Rich terminal view at a fixed size. Regenerate with UPDATE_GOLDEN=1."""

from __future__ import annotations

import os
import re
from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console

from psoas.library import load_library
from psoas.session.engine import SessionEngine
from psoas.session.plan import plan_session
from psoas.ui.terminal import ViewState, render

GOLDEN = Path(__file__).parent / "golden"


def screen(engine: SessionEngine, width: int = 72, height: int = 40) -> str:
    console = Console(file=StringIO(), width=width, height=height, color_system=None, legacy_windows=False)
    console.print(render(ViewState.from_engine(engine)))
    return console.file.getvalue()


def engine_at(clock, seconds: float, only: int | None = None, pause: bool = False) -> SessionEngine:
    library = load_library()
    engine = SessionEngine(plan_session(library if only is None else [library[only]]), clock)
    engine.start()
    clock.tick(seconds)
    engine.poll()
    if pause:
        engine.pause()
    return engine


CASES = {
    "get_ready": dict(seconds=2.0),
    "cobra_hold": dict(seconds=14.0),
    "paused_rest": dict(seconds=27.0, pause=True),
    "switch_sides": dict(seconds=10 + 3 * 10 + 2 * 5 + 4, only=1),
    "bridge_lift": dict(seconds=11.0, only=2),
}
# Narrow terminals: (width, height, the moment shown)
NARROW = {
    "get_ready_40x15": (40, 15, CASES["get_ready"]),
    "kneeling_ready_40x15": (40, 15, dict(seconds=2.0, only=1)),
    "cobra_hold_40x15": (40, 15, CASES["cobra_hold"]),
    "get_ready_30x12": (30, 12, CASES["get_ready"]),
    "kneeling_ready_30x12": (30, 12, dict(seconds=2.0, only=1)),
    "switch_sides_30x12": (30, 12, CASES["switch_sides"]),
    "paused_rest_30x12": (30, 12, CASES["paused_rest"]),
}


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", CASES)
def test_view_matches_golden(name: str, clock) -> None:
    check_golden(name, screen(engine_at(clock, **CASES[name])))


@pytest.mark.parametrize("name", NARROW)
def test_narrow_view_matches_golden(name: str, clock) -> None:
    width, height, moment = NARROW[name]
    text = screen(engine_at(clock, **moment), width, height)
    lines = text.splitlines()
    assert len(lines) <= height and max(map(len, lines)) <= width
    check_golden(name, text)
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_view_shows_what_the_issue_asks(clock) -> None:
    hold = screen(engine_at(clock, 14.0))
    assert "Hold - rep 1 of 3" in hold and "11 s" in hold and "Next: Release and rest" in hold
    assert "Exercise 1 of 3: Cobra" in hold and "Session" in hold
    switch = screen(engine_at(clock, 10 + 3 * 10 + 2 * 5 + 4, only=1))
    assert "Switch sides: now the right hip" in switch


def test_view_fits_a_narrow_terminal(clock) -> None:
    text = screen(engine_at(clock, 14.0), width=40)
    assert max(len(line) for line in text.splitlines()) <= 40


KEYS = re.compile(r"q stop\b.*\bh (this )?hurts")
MOMENTS = {  # moments whose text crowds the panel most: long instructions, long labels, a pause
    "cobra_ready": dict(seconds=2.0),
    "kneeling_ready": dict(seconds=2.0, only=1),
    "kneeling_switch": CASES["switch_sides"],
    "bridge_lift": CASES["bridge_lift"],
    "paused_rest": CASES["paused_rest"],
}


@pytest.mark.parametrize("moment", MOMENTS)
def test_keys_and_countdown_survive_every_width_and_height(moment: str, clock) -> None:
    engine = engine_at(clock, **MOMENTS[moment])
    seconds = f"{max(0, round(engine.step_remaining() + 0.499)):>3d} s"
    first_word = engine.current_step.label().split()[0]
    for width in range(30, 121):
        for height in (3, 5, 8, 12, 15, 24, 60):
            lines = screen(engine, width, height).splitlines()
            where = f"{moment} at {width}x{height}"
            assert len(lines) <= height and max(map(len, lines)) <= width, where
            assert KEYS.search(lines[-1]), where  # the footer keeps the stop and this-hurts keys
            # the countdown: the step's name with its seconds left on the same line
            assert any(seconds in line and first_word in line for line in lines[1:-1]), where
