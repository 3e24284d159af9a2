"""Golden text of the Rich terminal view at a fixed width. Regenerate with UPDATE_GOLDEN=1."""

from __future__ import annotations

import os
from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console

from psoas.library import load_library
from psoas.session.engine import SessionEngine
from psoas.session.plan import plan_session
from psoas.ui.terminal import ViewState, render

GOLDEN = Path(__file__).parent / "golden"


def screen(engine: SessionEngine, width: int = 72) -> str:
    console = Console(file=StringIO(), width=width, color_system=None, legacy_windows=False)
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


@pytest.mark.parametrize("name", CASES)
def test_view_matches_golden(name: str, clock) -> None:
    text = screen(engine_at(clock, **CASES[name]))
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
