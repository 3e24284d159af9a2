"""The safety gate: its two pure steps (which questions are needed, the decision on the answers),
then the gate `psoas start` runs with scripted answers (no terminal needed)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from builders import START, full_answers
from psoas.cli.session_commands import safety_gate
from psoas.errors import Refused
from psoas.library import load_library
from psoas.safety import load_screening
from psoas.safety.gate import Needed, OnRecord, decide, hold_for, in_force, needed
from psoas.safety.screening import evaluate, evaluate_session_check

DATA = load_screening()
FULL = DATA.of_kind("emergency", "red_flag", "condition")
CHECK = DATA.of_kind("session_check")[0]
LIBRARY = list(load_library())


class Script:
    """Answers questions from a list and records what was asked."""

    def __init__(self, *replies: str) -> None:
        self.replies = list(replies)
        self.asked: list[str] = []

    def __call__(self, prompt: str) -> str:
        self.asked.append(prompt)
        return self.replies.pop(0)


def gate(store, fake_now, ask, said, interactive=True, check_answer=None):  # noqa: ANN001, ANN201
    return safety_gate(
        store, LIBRARY, interactive=interactive, check_answer=check_answer, ask=ask, say=said.append, now=fake_now()
    )


def screened(store, **answers: str) -> None:  # noqa: ANN001
    given = full_answers(**answers)
    store.screenings.add("full", given, evaluate(given).stored())


def full_record(days_ago: float = 0, **answers: str) -> OnRecord:
    taken = START - timedelta(days=days_ago)
    return OnRecord(evaluate(full_answers(**answers)), "full", taken, taken)


def replies_for_full(cancer: str = "n") -> list[str]:
    return [cancer if q.id == "cancer_history" else "n" for q in FULL]


# ---- step 1: which questions are needed (pure) ----------------------------------------------
def test_needed_asks_the_full_screening_when_none_or_stale_then_the_check():
    assert (needed(None, START).full, needed(None, START).session_check) == ("missing", False)
    fresh = needed(full_record(DATA.valid_days), START)
    assert (fresh.full, fresh.session_check) == (None, True)
    stale = needed(full_record(DATA.valid_days + 0.01), START)
    assert (stale.full, stale.session_check) == ("stale", False)


def test_needed_skips_the_check_when_the_record_already_says_no_session():
    assert needed(full_record(night_pain="yes"), START) == Needed(None, False)
    failed = OnRecord(evaluate_session_check("yes"), "session_check", START, START - timedelta(days=1))
    assert needed(failed, START).session_check is False
    alone = OnRecord(evaluate_session_check("yes"), "session_check", START, None)  # no full screening at all
    assert needed(alone, START).full == "missing"


# ---- step 2: the decision on the answers (pure) ---------------------------------------------
def test_decide_holds_for_emergency_refer_and_a_failed_check_each_with_its_own_message():
    emergency = decide(full_record(both_legs="yes"), LIBRARY)
    refer = decide(full_record(fever="not_sure"), LIBRARY)
    failed = decide(OnRecord(evaluate_session_check("yes"), "session_check", START, START), LIBRARY)
    assert (emergency.hold.message, emergency.refusal) == (DATA.messages.emergency, DATA.messages.emergency_refusal)
    assert (refer.hold.message, refer.refusal) == (DATA.messages.refer, DATA.messages.refer_refusal)
    assert (failed.hold.message, failed.refusal) == (
        DATA.messages.session_check_failed,
        DATA.messages.session_check_refusal,
    )
    assert emergency.exercises == refer.exercises == failed.exercises == []


def test_decide_keeps_what_the_screening_allows_and_says_why():
    decision = decide(full_record(pregnancy="yes"), LIBRARY)
    assert decision.hold is None and decision.refusal is None
    assert [e.id for e in decision.exercises] == ["kneeling_hip_stretch"]
    assert set(decision.left_out) == {"cobra", "glute_bridge"}
    assert any(line.startswith("Cobra: Left out because you are pregnant") for line in decision.lines)
    only_cobra = decide(full_record(pregnancy="yes"), [LIBRARY[0]])
    assert only_cobra.exercises == [] and "left out" in only_cobra.refusal


def test_decide_on_a_cleared_history_lets_the_session_run_and_says_so():
    decision = decide(full_record(cancer_history="cleared"), LIBRARY)
    assert decision.refusal is None and len(decision.exercises) == len(LIBRARY)
    assert any(line.startswith(DATA.messages.red_flags_cleared.split("(")[0]) for line in decision.lines)
    assert any("Have you ever had cancer?" in line for line in decision.lines)


# ---- the gate with scripted answers ---------------------------------------------------------
def test_first_session_asks_the_full_screening_numbered_then_the_session_check(store, fake_now):
    ask, said = Script(*(["n"] * (len(FULL) + 1))), []
    result = gate(store, fake_now, ask, said)
    assert len(ask.asked) == len(FULL) + 1
    for number, (prompt, question) in enumerate(zip(ask.asked, FULL, strict=False), start=1):
        assert prompt.startswith(f"Question {number} of {len(FULL)}: {question.text}")
    assert CHECK.text in ask.asked[-1] and "Question" not in ask.asked[-1]
    assert [e.id for e in result.exercises] == [e.id for e in LIBRARY]
    assert store.screenings.latest("full").result["status"] == "clear"
    assert store.screenings.latest("session_check").answers == {CHECK.id: "no"}


def test_only_lasting_red_flags_offer_the_cleared_choice(store, fake_now):
    ask = Script(*(["n"] * (len(FULL) + 1)))
    gate(store, fake_now, ask, [])
    offered = {q.id for q, prompt in zip(FULL, ask.asked, strict=False) if "[c]" in prompt}
    assert offered == {q.id for q in FULL if q.kind == "red_flag" and q.lasting}
    assert {"cancer_history", "inflammatory", "infection_risk"} <= offered
    assert not offered & {"night_pain", "fever", "weight_loss", "bladder_bowel", "saddle_numbness"}


def test_a_positive_emergency_answer_ends_the_questions_and_refuses(store, fake_now):
    ask, said = Script("?", *(["n"] * 40)), []
    with pytest.raises(Refused, match="urgent"):
        gate(store, fake_now, ask, said)
    assert len(ask.asked) == len(DATA.of_kind("emergency"))
    assert DATA.messages.emergency in said
    assert store.screenings.latest("full").result["status"] == "emergency"


def test_unclear_replies_and_cleared_on_a_current_sign_are_asked_again(store, fake_now):
    night = next(i for i, q in enumerate(FULL) if q.id == "night_pain")
    replies = ["maybe", *replies_for_full()]
    replies.insert(night + 1, "c")  # 'cleared' offered to night pain: refused, asked again
    ask, said = Script(*replies, "n"), []
    gate(store, fake_now, ask, said)
    assert ask.asked[0] == ask.asked[1]
    assert ask.asked[night + 1] == ask.asked[night + 2]
    assert any("y (yes), n (no)" in text for text in said)
    assert any("only for a lasting history" in text for text in said)
    assert store.screenings.latest("full").answers["night_pain"] == "no"


def test_history_red_flag_cleared_lets_the_session_run_and_renewal_asks_again(store, fake_now):
    said: list[str] = []
    result = gate(store, fake_now, Script(*replies_for_full("c"), "n"), said)
    assert len(result.exercises) == len(LIBRARY)
    full = store.screenings.latest("full")
    assert full.answers["cancer_history"] == "cleared" and full.result["cleared"] == ["cancer_history"]
    assert full.taken_at == fake_now()  # the clearance is dated with its screening
    # Within 90 days, no new questions beyond the check: the clearance holds.
    fake_now.tick(days=DATA.valid_days - 1)
    assert len(gate(store, fake_now, Script("n"), []).exercises) == len(LIBRARY)
    # Renewed: the question is asked again; a plain yes this time refers, the old clearance is not kept.
    fake_now.tick(days=2)
    ask, said = Script(*replies_for_full("y"), "n"), []
    with pytest.raises(Refused, match="GP or physiotherapist"):
        gate(store, fake_now, ask, said)
    cancer = next(prompt for prompt in ask.asked if "Have you ever had cancer?" in prompt)
    assert "[c]" in cancer
    assert DATA.messages.stale.format(days=DATA.valid_days) in said and DATA.messages.refer in said


def test_session_check_yes_refuses_and_the_same_message_on_every_later_run(store, fake_now):
    screened(store)
    first: list[str] = []
    with pytest.raises(Refused) as refused:
        gate(store, fake_now, Script("y"), first)
    assert store.screenings.latest("session_check").result["status"] == "emergency"
    runs = [(first, str(refused.value))]
    for interactive in (True, False, True):
        fake_now.tick(days=3)  # later days too: the block lasts until the screening is redone
        said: list[str] = []
        with pytest.raises(Refused) as again:
            gate(store, fake_now, Script(), said, interactive=interactive)
        runs.append((said, str(again.value)))
    assert all(run == (first, str(refused.value)) for run in runs)
    assert first == [DATA.messages.session_check_failed]
    assert "psoas screen" in first[0] and "until you redo psoas screen" in str(refused.value)
    assert "today" not in str(refused.value)
    assert in_force(store).hold == DATA.messages.session_check_failed  # plan, calendar, remind: the same text


def test_a_failed_session_check_is_lifted_only_by_a_new_full_screening(store, fake_now):
    screened(store)
    with pytest.raises(Refused):
        gate(store, fake_now, Script(), [], interactive=False, check_answer="not_sure")  # not sure counts as yes
    fake_now.tick(minutes=5)
    screened(store)
    result = gate(store, fake_now, Script(), [], interactive=False, check_answer="no")
    assert [e.id for e in result.exercises] == [e.id for e in LIBRARY]


# ---- unattended ----------------------------------------------------------------------------
def test_unattended_without_a_screening_refuses_and_asks_nothing(store, fake_now):
    ask = Script()
    with pytest.raises(Refused) as refused:
        gate(store, fake_now, ask, [], interactive=False, check_answer="no")
    assert str(refused.value) == DATA.messages.no_screening_unattended
    assert "psoas screen --answers FILE" in str(refused.value) and "\n" not in str(refused.value)
    assert ask.asked == [] and store.screenings.all() == []


def test_unattended_with_a_stale_screening_refuses(store, fake_now):
    screened(store)
    fake_now.tick(days=DATA.valid_days + 1)
    with pytest.raises(Refused, match=f"over {DATA.valid_days} days old.*psoas screen --answers FILE"):
        gate(store, fake_now, Script(), [], interactive=False, check_answer="no")


def test_unattended_without_the_check_answer_refuses_naming_the_flag(store, fake_now):
    screened(store)
    with pytest.raises(Refused, match="--session-check no\\|yes"):
        gate(store, fake_now, Script(), [], interactive=False)
    assert store.screenings.latest("session_check") is None


def test_the_check_answered_on_the_command_line_is_not_asked_and_is_recorded(store, fake_now):
    screened(store)
    ask = Script()
    gate(store, fake_now, ask, [], interactive=True, check_answer="no")
    assert ask.asked == []
    assert store.screenings.latest("session_check").answers == {CHECK.id: "no"}


def test_refer_on_record_refuses_before_the_check_is_asked(store, fake_now):
    screened(store, inflammatory="yes")
    ask, said = Script(), []
    with pytest.raises(Refused, match="GP or physiotherapist"):
        gate(store, fake_now, ask, said)
    assert ask.asked == [] and said == [DATA.messages.refer]
    assert hold_for(OnRecord(evaluate(full_answers(inflammatory="yes")), "full", START, START)).message == said[0]
