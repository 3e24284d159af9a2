"""Every screening rule and message, driven by the data file (no question list hard-coded here)."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest
from pydantic import ValidationError

from psoas.errors import UserError
from psoas.library import load_library
from psoas.safety import Screening, load_screening
from psoas.safety.screening import ScreeningResult, evaluate, evaluate_session_check, parse_answers

DATA = load_screening()
FULL = [q for q in DATA.questions if q.kind != "session_check"]


def all_no(**overrides: str) -> dict[str, str]:
    answers = {q.id: "no" for q in FULL}
    answers.update(overrides)
    return answers


def ids(kind: str) -> list[str]:
    return [q.id for q in DATA.questions if q.kind == kind]


def test_data_covers_every_kind_and_cites_research():
    assert {q.kind for q in DATA.questions} == {"emergency", "red_flag", "condition", "session_check"}
    for question in DATA.questions:
        assert "NICE CKS" in question.source or question.source.startswith("psoas caution"), question.id
    library = {e.id for e in load_library()}
    for question in DATA.of_kind("condition"):
        for effect in question.effects:
            assert effect.exercise in library, (question.id, effect.exercise)


def test_research_red_flag_groups_are_all_asked():
    text = " ".join(q.source for q in DATA.questions if q.kind in ("emergency", "red_flag")).lower()
    for group in ("cauda equina", "cancer", "infection", "fracture", "inflammatory"):
        assert group in text
    for condition in ("pregnancy", "spondylolisthesis", "hip replacement", "knee"):
        assert condition in " ".join(q.source for q in DATA.of_kind("condition")).lower()


def test_all_no_is_clear():
    result = evaluate(all_no())
    assert (result.status, result.excluded(), result.reasons) == ("clear", [], ())


@pytest.mark.parametrize("question", ids("emergency"))
@pytest.mark.parametrize("answer", ["yes", "not_sure"])
def test_any_cauda_equina_sign_is_an_emergency(question, answer):
    result = evaluate(all_no(**{question: answer}))
    assert result.status == "emergency"
    assert not result.allows_session
    assert result.flags == (question,)
    assert ("not sure" if answer == "not_sure" else "yes") in result.reasons[0]


@pytest.mark.parametrize("question", ids("red_flag"))
@pytest.mark.parametrize("answer", ["yes", "not_sure"])
def test_any_other_red_flag_refers(question, answer):
    result = evaluate(all_no(**{question: answer}))
    assert result.status == "refer"
    assert not result.allows_session
    assert result.flags == (question,)


def test_emergency_wins_over_red_flags_and_a_single_emergency_answer_is_enough():
    both = evaluate(all_no(**{ids("emergency")[0]: "yes", ids("red_flag")[0]: "yes"}))
    assert both.status == "emergency" and len(both.flags) == 2
    assert evaluate({ids("emergency")[-1]: "yes"}).status == "emergency"
    assert evaluate({ids("red_flag")[-1]: "not_sure"}).status == "refer"


def test_pregnancy_leaves_out_the_exercises_done_lying_down_and_says_why():
    result = evaluate(all_no(pregnancy="yes"))
    assert result.status == "caution"
    # RESEARCH.md section 3: prone cobra unsuitable; avoid lying on the back (the bridge).
    assert sorted(result.excluded()) == ["cobra", "glute_bridge"]
    reasons = result.exclusion_reasons()
    assert all("pregnan" in text for texts in reasons.values() for text in texts)
    assert "kneeling_hip_stretch" not in result.excluded()


def test_spine_condition_needs_clinician_clearance_for_the_cobra():
    result = evaluate(all_no(spine_condition="not_sure"))
    assert result.excluded() == ["cobra"]
    assert "check with your clinician first" in result.exclusion_reasons()["cobra"][0].lower()
    assert result.excluded(cleared=["cobra"]) == []
    assert [n.exercise for n in result.notes(cleared=["cobra"])] == ["cobra"]


def test_hip_replacement_leaves_out_the_kneeling_stretch_until_cleared():
    result = evaluate(all_no(hip_replacement="yes"))
    assert result.excluded() == ["kneeling_hip_stretch"]
    assert result.excluded(cleared=["kneeling_hip_stretch"]) == []


def test_knee_problem_keeps_the_stretch_with_a_cushion_note():
    result = evaluate(all_no(knee_problem="yes"))
    assert result.status == "caution"
    assert result.excluded() == []
    assert [n.exercise for n in result.notes()] == ["kneeling_hip_stretch"]
    assert "cushion" in result.notes()[0].reason


def test_result_json_has_the_issue_fields():
    data = evaluate(all_no(pregnancy="yes")).to_json()
    assert {"status", "date", "excluded", "reasons"} <= set(data)
    assert data["status"] in ("clear", "caution", "refer", "emergency")


def test_session_check_yes_or_not_sure_stops_the_session():
    assert evaluate_session_check("yes").status == "emergency"
    assert evaluate_session_check("not_sure").status == "emergency"
    assert evaluate_session_check("no").allows_session


@pytest.mark.parametrize(
    ("answers", "fragment"),
    [
        ({"pregnancy": "yes"}, "missing"),  # a gap could hide a red flag
        ({**all_no(), "no_such_question": "no"}, "unknown"),
    ],
)
def test_incomplete_or_unknown_answers_are_rejected(answers, fragment):
    with pytest.raises(UserError, match=fragment):
        evaluate(answers)


@pytest.mark.parametrize("raw", [[], {"pregnancy": "maybe"}, {"pregnancy": 3}])
def test_bad_answer_values_are_rejected(raw):
    with pytest.raises(UserError):
        parse_answers(raw)


def test_answer_spellings():
    assert parse_answers({"a": "Yes", "b": "N", "c": "not sure", "d": "?", "e": True, "f": "Cleared"}) == {
        "a": "yes",
        "b": "no",
        "c": "not_sure",
        "d": "not_sure",
        "e": "yes",
        "f": "cleared",
    }


def test_every_red_flag_says_whether_it_is_lasting_with_a_reason():
    for question in DATA.of_kind("red_flag"):
        assert isinstance(question.lasting, bool) and question.lasting_reason, question.id
        assert question.lasting_reason.startswith("psoas's own rule"), question.id  # not claimed for a study
    for question in DATA.of_kind("emergency", "condition", "session_check"):
        assert not question.clearable, question.id
    # The issue's current signs; the history ones it names (past cancer, ankylosing spondylitis, immunity).
    assert not any(q.clearable for q in DATA.questions if q.id in {"night_pain", "fever", "weight_loss"})
    assert all(q.clearable for q in DATA.questions if q.id in {"cancer_history", "inflammatory", "infection_risk"})


@pytest.mark.parametrize("question", [q.id for q in DATA.of_kind("red_flag") if q.lasting])
def test_a_lasting_red_flag_cleared_does_not_refer(question):
    result = evaluate(all_no(**{question: "cleared"}))
    assert result.status == "clear" and result.allows_session
    assert result.cleared == (question,) and result.flags == ()
    assert result.to_json()["cleared"] == [question] and result.stored()["cleared"] == [question]


@pytest.mark.parametrize("question", [q.id for q in FULL if not q.clearable])
def test_cleared_is_refused_for_every_other_question(question):
    with pytest.raises(UserError, match=f"'{question}' is"):
        evaluate(all_no(**{question: "cleared"}))


def test_cleared_with_another_red_flag_still_refers_and_the_check_cannot_be_cleared():
    result = evaluate(all_no(cancer_history="cleared", fever="yes"))
    assert result.status == "refer" and result.flags == ("fever",) and result.cleared == ("cancer_history",)
    with pytest.raises(UserError, match="pre-session check"):
        evaluate_session_check("cleared")


def test_a_stored_result_keeps_its_clearances():
    result = evaluate(all_no(inflammatory="cleared"))
    again = ScreeningResult.from_stored(result.stored(), result.answers)
    assert again.cleared == ("inflammatory",) and again.status == "clear"
    older = {k: v for k, v in result.stored().items() if k != "cleared"}  # stored before the field existed
    assert ScreeningResult.from_stored(older, result.answers).cleared == ("inflammatory",)


def _raw() -> dict:
    return tomllib.loads((resources.files("psoas.safety") / "data" / "screening.toml").read_text())


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d.update(not_sure_counts_as_yes=False), "not sure must count as yes"),
        (lambda d: d["questions"].append(dict(d["questions"][0])), "duplicate ids"),
        (
            lambda d: next(q for q in d["questions"] if q["kind"] == "condition").update(effects=[]),
            "condition without effect",
        ),
        (lambda d: d["questions"][0].update(source="x"), "source too short"),
        (lambda d: d["questions"][0].update(lasting=True, lasting_reason="a history, stays true"), "lasting emergency"),
        (
            lambda d: next(q for q in d["questions"] if q["kind"] == "red_flag").pop("lasting"),
            "red flag without lasting",
        ),
        (
            lambda d: next(q for q in d["questions"] if q["kind"] == "red_flag").pop("lasting_reason"),
            "red flag without a reason",
        ),
    ],
)
def test_schema_rejects_broken_data(change, reason):
    data = _raw()
    Screening.model_validate(data)  # the real file is valid
    change(data)
    with pytest.raises(ValidationError):
        Screening.model_validate(data)
