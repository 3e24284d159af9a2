"""The weekly summary in `psoas history`."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from builders import DOSES, START, session
from psoas.progress.weekly import weekly_summary


def test_weeks_group_monday_to_sunday_with_counts_and_means(store):
    for record in (
        session(0, 4, 2),
        session(2, 2, 2),
        session(6, None, 1, status="stopped", reps_done=2),
        session(7, 3, 3),
        session(7, 1, 1, start=START + timedelta(hours=4)),
    ):
        store.sessions.add(record)
    sessions = store.sessions.all()
    weeks = weekly_summary(sessions, UTC)
    assert [w.week_start for w in weeks] == [START.date() + timedelta(days=7), START.date()]
    first = weeks[1]
    in_first = [s for s in sessions if s.started_at < START + timedelta(days=7)]
    assert first.sessions == len(in_first) == 3
    assert first.completed == 2 and first.days_done == 3
    # the kneeling stretch counts per side, as its dose does: a full session is 3 + 3 + 5 reps
    full = sum(count for _, count, _ in DOSES.values())
    assert full == 11
    assert first.reps == 2 * full + 2  # two full sessions and one stopped after 2 Cobra reps
    assert first.pain_before_mean == 3.0 and first.pain_after_mean == round((2 + 2 + 1) / 3, 2)
    assert weeks[0].days_done == 1 and weeks[0].sessions == 2
    assert weeks[0].adherence == 1 / 7


def test_history_shows_the_weekly_table_and_weekly_json(run, store):
    store.sessions.add(session(0, 3, 2, start=datetime.now(UTC) - timedelta(days=1)))
    text = run("history")
    assert text.code == 0 and "Week by week" in text.out
    data = json.loads(run("history", "--weekly", "--json").out)
    assert data[0]["sessions"] == 1 and data[0]["days_done"] == 1 and data[0]["week"].count("-W") == 1
    plain = json.loads(run("history", "--json").out)
    assert isinstance(plain, list) and plain[0]["pain_before"] == 3  # the session list is unchanged


@pytest.mark.parametrize("columns", ["80", "60"])
def test_weekly_table_headers_stay_whole_in_a_narrow_terminal(run, store, monkeypatch, columns):
    store.sessions.add(session(0, 3, 2, start=datetime.now(UTC) - timedelta(days=1)))
    monkeypatch.setenv("COLUMNS", columns)
    text = run("history", "--weekly").out
    assert "…" not in text
    for word in ("adherence", "sessions", "before", "after", "week of"):
        assert word in text


def test_a_session_stopped_with_nothing_done_leaves_the_pain_means_alone(store):
    store.sessions.add(session(0, 2, 2))
    store.sessions.add(session(1, 8, 9, status="stopped", reps_done=0))  # stopped before the first rep
    store.sessions.add(session(2, 9, 9, status="hurt", reps_done=0))  # "this hurts" still counts
    (week,) = weekly_summary(store.sessions.all(), UTC)
    assert week.sessions == 3
    assert week.pain_before_mean == (2 + 9) / 2 and week.pain_after_mean == (2 + 9) / 2


def test_weekly_table_and_json_count_the_kneeling_stretch_per_side(run, store):
    kneeling_only = {"kneeling_hip_stretch": DOSES["kneeling_hip_stretch"]}
    day = datetime.now(UTC) - timedelta(days=1)
    store.sessions.add(session(0, 3, 2, start=day, exercises=kneeling_only))  # 3 left + 3 right
    (week,) = json.loads(run("history", "--weekly", "--json").out)
    assert week["reps"] == 3 and isinstance(week["reps"], int)
    table = run("history", "--weekly").out
    row = next(line for line in table.splitlines() if "/7" in line)
    assert [cell.strip() for cell in row.strip("│ ").split("│")][4] == "3"


def test_one_side_done_counts_half_the_reps(store):
    kneeling_only = {"kneeling_hip_stretch": DOSES["kneeling_hip_stretch"]}
    store.sessions.add(session(0, exercises=kneeling_only, status="stopped", reps_done=3))  # left side only
    (week,) = weekly_summary(store.sessions.all(), UTC)
    assert week.reps == 1.5 and week.to_json()["reps"] == 1.5
