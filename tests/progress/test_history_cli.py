"""`psoas history`: the last 30 sessions in text unless --all or --limit N; --json unchanged by default."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from builders import session
from psoas.cli.history_commands import DEFAULT_LIMIT


@pytest.fixture
def forty(store):  # noqa: ANN001, ANN201
    """40 daily sessions ending yesterday; ids 1 (oldest) to 40 (newest)."""
    first = datetime.now(UTC) - timedelta(days=40)
    for day in range(40):
        store.sessions.add(session(day, 3, 2, start=first))
    return store


def listed_ids(text: str) -> list[int]:
    """Session ids in the first column of the sessions table."""
    return [int(m) for m in re.findall(r"^│\s*(\d+) │", text, flags=re.MULTILINE)]


def test_text_lists_the_last_30_and_says_how_to_see_more(run, forty):
    result = run("history")
    assert result.code == 0
    assert listed_ids(result.out) == list(range(40, 40 - DEFAULT_LIMIT, -1))
    assert "The last 30 sessions of 40; psoas history --all lists every one" in result.out
    assert "40 sessions (40 completed) on 40 days" in result.out  # totals cover everything


def test_all_and_limit(run, forty):
    assert listed_ids(run("history", "--all").out) == list(range(40, 0, -1))
    limited = run("history", "--limit", "3").out
    assert listed_ids(limited) == [40, 39, 38] and "The last 3 sessions of 40" in limited


def test_json_lists_every_session_unless_limited(run, forty):
    everything = json.loads(run("history", "--json").out)
    assert [s["id"] for s in everything] == list(range(40, 0, -1))
    assert [s["id"] for s in json.loads(run("history", "--json", "--limit", "2").out)] == [40, 39]
    assert json.loads(run("history", "--json", "--all").out) == everything
    weeks = json.loads(run("history", "--weekly", "--json").out)
    assert json.loads(run("history", "--weekly", "--json", "--limit", "1").out) == weeks[:1]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--limit", "0"], "--limit must be 1 or more"),
        (["--limit", "-5"], "--limit must be 1 or more"),
        (["--limit", "many"], "--limit"),
        (["--all", "--limit", "3"], "not both"),
    ],
)
def test_bad_limits_are_one_line_and_exit_2(run, forty, args, words):
    result = run("history", *args)
    assert result.code == 2 and result.out == ""
    assert len(result.err.strip().splitlines()) == 1 and words in result.err


def test_a_short_history_lists_everything_without_the_note(run, store):
    store.sessions.add(session(0, 3, 2, start=datetime.now(UTC) - timedelta(days=1)))
    text = " ".join(run("history").out.split())
    assert "The last" not in text
    # singular words for one of each
    assert "Streak: 1 day in a row. 1 session (1 completed) on 1 day, 11 reps," in text
