"""The interactive side of the safety gate, with scripted answers (no terminal needed)."""

from __future__ import annotations

import pytest

from psoas.errors import Refused
from psoas.library import load_library
from psoas.safety import load_screening
from psoas.safety.gate import check_before_session, take_screening

DATA = load_screening()


class Script:
    """Answers questions from a list and records what was asked."""

    def __init__(self, *replies: str) -> None:
        self.replies = list(replies)
        self.asked: list[str] = []

    def __call__(self, prompt: str) -> str:
        self.asked.append(prompt)
        return self.replies.pop(0)


def gate(store, fake_now, ask, said, interactive=True, session_check=True):  # noqa: ANN001, ANN201
    return check_before_session(
        store,
        list(load_library()),
        interactive=interactive,
        session_check=session_check,
        ask=ask,
        say=said.append,
        notice=said.append,
        now=fake_now(),
    )


def full_count() -> int:
    return sum(q.kind != "session_check" for q in DATA.questions)


def test_first_session_asks_the_full_screening_then_the_session_check(store, fake_now):
    ask, said = Script(*(["n"] * (full_count() + 1))), []
    result = gate(store, fake_now, ask, said)
    assert len(ask.asked) == full_count() + 1
    assert DATA.of_kind("session_check")[0].text in ask.asked[-1]
    assert [e.id for e in result.exercises] == [e.id for e in load_library()]
    assert store.screenings.latest("full").result["status"] == "clear"
    assert store.screenings.latest("session_check").answers == {DATA.of_kind("session_check")[0].id: "no"}


def test_a_positive_emergency_answer_ends_the_questions_and_refuses(store, fake_now):
    ask, said = Script("?", *(["n"] * 40)), []
    with pytest.raises(Refused):
        gate(store, fake_now, ask, said)
    assert len(ask.asked) == len(DATA.of_kind("emergency"))
    assert DATA.messages.emergency in said
    assert store.screenings.latest("full").result["status"] == "emergency"


def test_unclear_replies_are_asked_again(store, fake_now):
    ask, said = Script("maybe", *(["n"] * (full_count() + 1))), []
    gate(store, fake_now, ask, said)
    assert ask.asked[0] == ask.asked[1]
    assert any("y (yes), n (no)" in text for text in said)


def test_session_check_yes_refuses_and_is_recorded(store, fake_now):
    ask, said = Script(*(["n"] * full_count()), "y"), []
    with pytest.raises(Refused):
        gate(store, fake_now, ask, said)
    assert DATA.messages.session_check_failed in said
    assert store.screenings.latest("session_check").result["status"] == "emergency"


def test_a_recent_screening_is_not_asked_again_but_an_old_one_is(store, fake_now):
    gate(store, fake_now, Script(*(["n"] * (full_count() + 1))), [])
    fake_now.tick(days=DATA.valid_days - 1)
    ask = Script("n")
    gate(store, fake_now, ask, [])
    assert len(ask.asked) == 1  # only the session check
    fake_now.tick(days=2)
    ask, said = Script(*(["n"] * (full_count() + 1))), []
    gate(store, fake_now, ask, said)
    assert len(ask.asked) == full_count() + 1
    assert DATA.messages.stale.format(days=DATA.valid_days) in said


def test_without_a_terminal_nothing_is_asked(store, fake_now):
    said: list[str] = []
    result = gate(store, fake_now, Script(), said, interactive=False)
    assert said == [DATA.messages.skipped_non_interactive]
    assert len(result.exercises) == len(load_library())
    assert store.screenings.latest("full") is None


def test_no_checkin_skips_the_session_check(store, fake_now):
    gate(store, fake_now, Script(*(["n"] * (full_count() + 1))), [])
    ask = Script()
    gate(store, fake_now, ask, [], session_check=False)
    assert ask.asked == []


def test_a_failed_session_check_blocks_later_sessions_until_screened_again(store, fake_now):
    said: list[str] = []
    with pytest.raises(Refused):
        gate(store, fake_now, Script(*(["n"] * full_count()), "y"), said)
    fake_now.tick(minutes=5)
    # Unattended (no questions asked), the failed check is still in force.
    with pytest.raises(Refused):
        gate(store, fake_now, Script(), said, interactive=False)
    # A new full screening taken after it clears the way again.
    fake_now.tick(minutes=5)
    take_screening(store, Script(*(["n"] * full_count())), said.append)
    result = gate(store, fake_now, Script(), said, interactive=False)
    assert [e.id for e in result.exercises] == [e.id for e in load_library()]
