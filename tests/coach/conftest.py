"""A coach on in-memory twins: memory store, scripted prompts, a clock moved by hand."""

from __future__ import annotations

import pytest
from coach_kit import screened_store

from builders import START, FakeNow
from psoas.coach.coach import Coach, CoachOptions
from psoas.coach.memory import ManualClock, ScriptedPrompts
from psoas.library import get_exercise


@pytest.fixture
def make_coach():  # noqa: ANN201
    """`make_coach(*ids, replies=(), store=None, **options)` -> (coach, store, prompts, clock, events)."""

    def make(*ids: str, replies=(), store=None, policy=None, **options):  # noqa: ANN001, ANN202
        now = FakeNow(START)
        store = store or screened_store(now)
        prompts = ScriptedPrompts(*replies)
        clock = ManualClock()
        options.setdefault("check_answer", "no")
        coach = Coach(store, prompts, clock, CoachOptions([get_exercise(i) for i in ids], **options), now=now,
                      policy=policy)  # fmt: skip
        events: list = []
        coach.subscribe(events.append)
        return coach, store, prompts, clock, events

    return make
