"""Long histories: the incremental advice gives what the plain definition gives, at every session.

`build_plan` replays the history once and asks at each session whether the clinician advice is
due (it holds the doses). It used to recompute the advice over the whole history so far for each
session (quadratic); now `PainReadings` answers in O(log n). These tests check it against a plain
reference written from the rule's definition in progression.toml.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from statistics import fmean

import pytest

from builders import DOSES, START, session
from psoas.library import load_library
from psoas.progress import progression
from psoas.progress.progression import PainReadings, build_plan, clinician_advice
from psoas.progress.schema import load_progression
from psoas.store.sessions import RepRecord, SessionRecord

ADVICE = load_progression().advice
LIBRARY = list(load_library())
N = load_progression().rules.advance_after_days


def reference_advice(sessions: list[SessionRecord], now: datetime) -> list[str]:
    """The advice rule read straight from its definition, over the whole list, every time."""
    readings = sorted(
        (s.started_at, s.pain_before if s.pain_before is not None else s.pain_after)
        for s in sessions
        if (s.pain_before is not None or s.pain_after is not None) and s.counts_pain
    )

    def ends(values: list[int]) -> tuple[float, float]:
        k = max(1, min(3, len(values) // 2))
        return fmean(values[:k]), fmean(values[-k:])

    out = []
    recent = [(t, v) for t, v in readings if t >= now - timedelta(days=ADVICE.worsening_window_days)]
    if len(recent) >= ADVICE.min_readings and recent[-1][0] - recent[0][0] >= timedelta(days=ADVICE.min_span_days):
        first, last = ends([v for _, v in recent])
        if last - first >= ADVICE.worsening_points:
            out.append(ADVICE.worsening_message.format(points=ADVICE.worsening_points))
    if len(readings) >= 2 and readings[0][0] <= now - timedelta(days=ADVICE.no_improvement_days):
        first, last = ends([v for _, v in readings])
        if first >= ADVICE.min_start_pain and last >= first and not out:
            out.append(ADVICE.no_improvement_message)
    return out


def random_history(seed: int, count: int, calm: int = 0) -> list[SessionRecord]:
    """Sessions at irregular gaps (some on the same day, some weeks apart) with wandering pain,
    missing answers, stops (some with nothing done) and "this hurts". `calm` adds steady days."""
    rng = random.Random(seed)
    at, pain, out = START, rng.randrange(0, 8), []
    for index in range(count):
        at += timedelta(hours=rng.choice([0, 3, 20, 24, 24, 24, 30, 48, 24 * 9]))
        pain = max(0, min(10, pain + rng.choice([-2, -1, 0, 0, 1, 1, 2] + [0] * calm)))
        before = pain if rng.random() < 0.8 else None
        after = max(0, min(10, pain + rng.choice([-1, 0, 1, 2] + [0] * calm))) if rng.random() < 0.8 else None
        status = rng.choices(["completed", "stopped", "hurt"], [0.85, 0.1, 0.05])[0]
        full = session(0, before, after, status, start=at)
        reps = full.reps if status == "completed" else full.reps[: rng.randrange(len(full.reps))]
        out.append(SessionRecord(index + 1, at, full.ended_at, status, before, after, reps, full.plan))
    return out


@pytest.mark.parametrize("seed", range(6))
def test_incremental_advice_equals_the_definition_after_every_session(seed):
    history = random_history(seed, 300)
    readings = PainReadings()
    given = []
    for index, record in enumerate(history):
        if record.counts_pain:
            readings.add(record)
        for now in (record.started_at, record.started_at + timedelta(days=rng_days(index))):
            expected = reference_advice(history[: index + 1], now)
            assert readings.advice(now) == expected, (seed, index, now)
            given.extend(expected)
    assert given, "the histories should bring advice at some point, or the test checks nothing"
    assert clinician_advice(history, history[-1].started_at) == reference_advice(history, history[-1].started_at)


def rng_days(index: int) -> int:
    return [0, 1, 7, 15, 40][index % 5]


class ReferenceReadings:
    """Stands in for PainReadings inside build_plan: keeps every session and recomputes the
    advice from the definition each time (the old, quadratic way)."""

    def __init__(self, _progression=None) -> None:  # noqa: ANN001
        self.sessions: list[SessionRecord] = []

    def add(self, record: SessionRecord) -> None:
        self.sessions.append(record)

    def advice(self, now: datetime) -> list[str]:
        return reference_advice(self.sessions, now)


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_a_long_history_gives_the_same_plan_as_the_reference(monkeypatch, seed):
    history = random_history(seed, 700, calm=12)
    now = history[-1].started_at + timedelta(days=1)
    fast = build_plan(history, LIBRARY, now, UTC).to_json()
    monkeypatch.setattr(progression, "PainReadings", ReferenceReadings)
    slow = build_plan(history, LIBRARY, now, UTC).to_json()
    assert fast == slow
    assert any(e["changes"] for e in fast["exercises"])  # the history moved doses both ways
    kinds = {c["kind"] for e in fast["exercises"] for c in e["changes"]}
    assert kinds == {"advance", "step_back"}


def test_readings_taken_at_the_same_moment_keep_their_order():
    moment = START + timedelta(days=40)
    same_moment = [SessionRecord(i, moment, moment, "completed", p, p, session(0).reps) for i, p in enumerate([2, 9])]
    history = [session(0, 6, 6), *same_moment]
    for now in (moment, moment + timedelta(days=3)):
        assert clinician_advice(history, now) == reference_advice(history, now)


def test_a_stopped_session_with_nothing_done_does_not_count_its_pain(store):
    for day in range(N - 1):
        store.sessions.add(session(day, 3, 3))
    # Stopped before the first rep with a low pain answer: counted, it would make the next
    # session's pain (3) look like a rise of 2 since the last one, and step every exercise back.
    store.sessions.add(session(N - 2, 1, 1, status="stopped", reps_done=0, start=START + timedelta(hours=2)))
    store.sessions.add(session(N - 1, 3, 3))
    plan = build_plan(store.sessions.all(), LIBRARY, START + timedelta(days=N))
    cobra = next(p for p in plan.exercises if p.exercise.id == "cobra")
    assert [c.kind for c in cobra.changes] == ["advance"]


def test_the_same_stop_with_a_rep_done_does_count(store):
    for day in range(N - 1):
        store.sessions.add(session(day, 3, 3))
    store.sessions.add(session(N - 2, 1, 1, status="stopped", reps_done=1, start=START + timedelta(hours=2)))
    store.sessions.add(session(N - 1, 3, 3))
    plan = build_plan(store.sessions.all(), LIBRARY, START + timedelta(days=N))
    cobra = next(p for p in plan.exercises if p.exercise.id == "cobra")
    assert cobra.changes[-1].kind == "step_back" and "pain rose by 2 points" in cobra.changes[-1].reason


@pytest.mark.parametrize(("before", "after"), [(None, None), (3, None)])
def test_completed_sessions_without_a_pain_after_answer_do_not_advance(before, after):
    """An unattended run gets no pain answers unless --pain-before/--pain-after are given."""
    history = [
        SessionRecord(d + 1, START + timedelta(days=d), START + timedelta(days=d), "completed", before, after, reps)
        for d in range(N + 3)
        for reps in [tuple(RepRecord("cobra", None, r, DOSES["cobra"][0], START) for r in (1, 2, 3))]
    ]
    plan = build_plan(history, LIBRARY, START + timedelta(days=N + 3))
    assert all(not p.changes for p in plan.exercises)
