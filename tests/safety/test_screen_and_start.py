"""`psoas screen` scripted and `psoas start` gated by it (real entry point, in-process)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from builders import SESSION_CHECK_NO, full_answers
from psoas.safety import load_screening

DATA = load_screening()
FULL = [q for q in DATA.questions if q.kind != "session_check"]
START = ("start", "--speed", "1000", "--no-checkin")


@pytest.fixture
def answers_file(tmp_path):  # noqa: ANN001, ANN201
    def write(**overrides: str):  # noqa: ANN202
        answers = {q.id: "no" for q in FULL}
        answers.update(overrides)
        path = tmp_path / "answers.json"
        path.write_text(json.dumps(answers))
        return path

    return write


def sessions(run) -> list[dict]:  # noqa: ANN001
    result = run("history", "--json")
    assert result.code == 0
    return json.loads(result.out)


def test_list_json_gives_every_question_with_its_kind(run):
    result = run("screen", "--list", "--json")
    assert result.code == 0
    listed = json.loads(result.out)
    assert [{k: item[k] for k in ("id", "text", "kind")} for item in listed] == [
        {"id": q.id, "text": q.text, "kind": q.kind} for q in DATA.questions
    ]
    assert {item["kind"] for item in listed} == {"emergency", "red_flag", "condition", "session_check"}
    assert all(isinstance(item["lasting"], bool) for item in listed)
    lasting = {item["id"] for item in listed if item["lasting"]}
    assert {"cancer_history", "inflammatory", "infection_risk"} <= lasting  # history, not a symptom
    current = {"night_pain", "fever", "weight_loss", "bladder_bowel", "saddle_numbness", "session_new_symptoms"}
    assert not lasting & current
    assert all(item["kind"] == "red_flag" for item in listed if item["lasting"])
    assert 18 <= len([q for q in listed if q["kind"] != "session_check"]) <= 22  # "about 20" in the README


def test_cauda_equina_yes_gives_the_emergency_message_and_start_refuses(run, answers_file):
    emergency = next(q.id for q in DATA.questions if q.kind == "emergency")
    result = run("screen", "--answers", str(answers_file(**{emergency: "yes"})))
    assert result.code == 0
    assert DATA.messages.emergency.split(".")[0] in result.out.replace("\n", " ")
    shown = json.loads(run("screen", "--json").out)
    assert shown["status"] == "emergency" and shown["date"]

    start = run(*START, *SESSION_CHECK_NO)
    assert start.code == 1
    assert len(start.err.strip().splitlines()) == 1 and "urgent" in start.err
    assert "emergency" in start.out.lower()
    assert sessions(run) == []


def test_red_flag_refers_and_start_refuses(run, answers_file):
    red = next(q.id for q in DATA.questions if q.kind == "red_flag")
    assert run("screen", "--answers", str(answers_file(**{red: "not_sure"}))).code == 0
    start = run(*START, *SESSION_CHECK_NO)
    assert start.code == 1 and "GP or physiotherapist" in start.err
    assert sessions(run) == []


def test_clean_screening_lets_the_session_run(run, answers_file):
    result = run("screen", "--answers", str(answers_file()), "--json")
    assert json.loads(result.out)["status"] == "clear"
    start = run(*START, *SESSION_CHECK_NO)
    assert start.code == 0, start.err
    assert "screening skipped" not in start.err.lower()
    done = sessions(run)
    assert len(done) == 1 and done[0]["status"] == "completed"


def test_pregnancy_leaves_out_cobra_and_bridge_and_says_why(run, answers_file):
    run("screen", "--answers", str(answers_file(pregnancy="yes")))
    shown = json.loads(run("screen", "--json").out)
    assert shown["status"] == "caution"
    assert sorted(shown["excluded"]) == ["cobra", "glute_bridge"]
    start = run(*START, *SESSION_CHECK_NO)
    assert start.code == 0, start.err
    assert "Cobra: Left out because you are pregnant" in start.out.replace("\n", " ")
    done = sessions(run)
    assert {e["id"] for e in done[0]["exercises"]} == {"kneeling_hip_stretch"}


def test_only_excluded_exercises_means_no_session(run, answers_file):
    run("screen", "--answers", str(answers_file(pregnancy="yes")))
    result = run(*START, "--only", "cobra", *SESSION_CHECK_NO)
    assert result.code == 1 and "left out" in result.err
    assert sessions(run) == []


def test_clinician_clearance_puts_the_cobra_back(run, answers_file):
    run("screen", "--answers", str(answers_file(spine_condition="yes")))
    assert json.loads(run("screen", "--json").out)["excluded"] == ["cobra"]
    assert run("config", "set", "cleared", "cobra").code == 0
    assert json.loads(run("screen", "--json").out)["excluded"] == []
    started = run(*START, "--only", "cobra", *SESSION_CHECK_NO)
    assert started.code == 0 and DATA.messages.cleared in " ".join(started.out.split())
    assert "Check with your clinician first" not in started.out  # no longer asks for what was done


def one_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    return lines[0]


def test_unattended_start_without_a_screening_refuses_and_says_how(run):
    result = run(*START, *SESSION_CHECK_NO)
    assert result.code == 1
    assert "psoas screen --answers FILE" in one_line(result.err)
    assert sessions(run) == []


def test_unattended_start_with_a_stale_screening_refuses(run, store):
    from psoas.safety.screening import evaluate
    from psoas.store import utc_now

    answers = full_answers()
    long_ago = utc_now() - timedelta(days=DATA.valid_days + 1)  # the CLI runs on the real clock
    store.screenings.add("full", answers, evaluate(answers).stored(), taken_at=long_ago)
    result = run(*START, *SESSION_CHECK_NO)
    assert result.code == 1
    assert f"over {DATA.valid_days} days old" in one_line(result.err) and "psoas screen --answers FILE" in result.err
    assert sessions(run) == []
    store.screenings.add("full", answers, evaluate(answers).stored(), taken_at=long_ago + timedelta(days=2))
    assert run(*START, *SESSION_CHECK_NO).code == 0  # 89 days old: still current


def test_unattended_start_without_the_session_check_refuses_naming_the_flag(run, clear_screening):
    result = run(*START)
    assert result.code == 1 and "--session-check no|yes" in one_line(result.err)
    assert sessions(run) == []


def test_session_check_yes_refuses_and_shows_the_same_message_on_every_later_run(run, clear_screening):
    first = run(*START, "--session-check", "yes")
    assert first.code == 1 and "until you redo psoas screen" in one_line(first.err)
    assert DATA.messages.session_check_failed.split(".")[0] in first.out
    for _ in range(2):
        again = run(*START, *SESSION_CHECK_NO)  # a later "no" does not lift it: the screening must be redone
        assert (again.code, again.out, again.err) == (first.code, first.out, first.err)
    plan = run("plan")
    assert " ".join(DATA.messages.session_check_failed.split()) in " ".join(plan.out.split())
    assert sessions(run) == []


def test_a_new_screening_after_a_failed_check_lets_sessions_run_again(run, answers_file):
    assert run("screen", "--answers", str(answers_file())).code == 0
    assert run(*START, "--session-check", "not_sure").code == 1  # not sure counts as yes
    assert run("screen", "--answers", str(answers_file())).code == 0
    assert run(*START, *SESSION_CHECK_NO).code == 0


@pytest.mark.parametrize("question", ["cancer_history", "inflammatory", "infection_risk"])
def test_history_red_flag_cleared_by_a_clinician_lets_the_session_run(run, answers_file, question):
    result = run("screen", "--answers", str(answers_file(**{question: "cleared"})))
    assert result.code == 0 and "clinician has seen" in result.out
    shown = json.loads(run("screen", "--json").out)
    assert shown["status"] == "clear" and shown["cleared"] == [question] and shown["flags"] == []
    assert {"status", "date", "excluded", "reasons", "flags", "effects"} <= set(shown)  # every old field kept
    start = run(*START, *SESSION_CHECK_NO)
    assert start.code == 0, start.err
    assert sessions(run)[0]["status"] == "completed"


def test_history_red_flag_yes_or_not_sure_still_refers(run, answers_file):
    for answer in ("yes", "not_sure"):
        assert run("screen", "--answers", str(answers_file(cancer_history=answer))).code == 0
        shown = json.loads(run("screen", "--json").out)
        assert shown["status"] == "refer" and shown["cleared"] == []
        assert run(*START, *SESSION_CHECK_NO).code == 1
    assert "cancer_history" in run("screen", "--answers", str(answers_file(cancer_history="yes"))).out


@pytest.mark.parametrize(
    ("question", "what"),
    [
        ("night_pain", "a current sign"),
        ("fever", "a current sign"),
        ("weight_loss", "a current sign"),
        ("bladder_bowel", "an emergency sign"),
        ("saddle_numbness", "an emergency sign"),
        ("pregnancy", "a condition question"),
    ],
)
def test_cleared_for_a_current_sign_is_refused_in_one_line(run, answers_file, question, what):
    assert run("screen", "--answers", str(answers_file(cancer_history="yes"))).code == 0
    result = run("screen", "--answers", str(answers_file(**{question: "cleared"})))
    assert result.code == 2
    line = one_line(result.err)
    assert question in line and what in line and "yes, no or not_sure" in line
    assert json.loads(run("screen", "--json").out)["status"] == "refer"  # the earlier result is kept


def test_renewed_screening_must_confirm_the_clearance_again(run, store, answers_file):
    assert run("screen", "--answers", str(answers_file(cancer_history="cleared"))).code == 0
    assert run("screen", "--answers", str(answers_file(cancer_history="yes"))).code == 0  # renewed, no clearance
    assert json.loads(run("screen", "--json").out)["cleared"] == []
    assert run(*START, *SESSION_CHECK_NO).code == 1


def test_cleared_answers_round_trip_through_export_and_import(run, answers_file, tmp_path, monkeypatch):
    assert run("screen", "--answers", str(answers_file(cancer_history="cleared", knee_problem="yes"))).code == 0
    exported = tmp_path / "export.json"
    assert run("export", "--out", str(exported)).code == 0
    monkeypatch.setenv("PSOAS_HOME", str(tmp_path / "other"))
    assert run("import", str(exported)).code == 0
    again = tmp_path / "again.json"
    assert run("export", "--out", str(again)).code == 0
    assert json.loads(again.read_text())["screenings"] == json.loads(exported.read_text())["screenings"]
    assert json.loads(run("screen", "--json").out)["cleared"] == ["cancer_history"]
    data = json.loads(exported.read_text())
    data["screenings"][0]["answers"]["fever"] = "cleared"  # a current sign cannot be cleared, on import either
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    monkeypatch.setenv("PSOAS_HOME", str(tmp_path / "third"))
    refused = run("import", str(bad))
    assert refused.code == 2 and "'fever' is a current sign" in one_line(refused.err)


def test_stale_emergency_still_refuses_without_a_terminal(run, store, fake_now, answers_file):
    emergency = next(q.id for q in DATA.questions if q.kind == "emergency")
    store.screenings.add(
        "full",
        {emergency: "yes"},
        {"status": "emergency", "flags": [emergency]},
        taken_at=fake_now() - timedelta(days=DATA.valid_days + 30),
    )
    result = run(*START, *SESSION_CHECK_NO)
    assert result.code == 1
    assert f"over {DATA.valid_days} days old" in one_line(result.err)
    assert sessions(run) == []


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("not json", "not valid JSON"),
        ('{"pregnancy": "maybe"}', "must be one of"),
        ('["yes"]', "JSON object"),
        ('{"nope": "no"}', "unknown screening question"),
        ('{"fever": "cleared"}', "'fever' is a current sign"),
    ],
)
def test_bad_answers_file_is_one_line_exit_2_and_keeps_the_old_result(run, answers_file, tmp_path, content, fragment):
    run("screen", "--answers", str(answers_file(pregnancy="yes")))
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    result = run("screen", "--answers", str(bad))
    assert result.code == 2
    assert fragment in result.err and len(result.err.strip().splitlines()) == 1
    assert json.loads(run("screen", "--json").out)["status"] == "caution"


def test_missing_answers_file_and_no_result_yet(run, tmp_path):
    assert run("screen", "--answers", str(tmp_path / "nope.json")).code == 2
    shown = run("screen", "--json")
    assert shown.code == 1 and "no screening on record" in shown.err
    asked = run("screen")  # stdin is not a terminal
    assert asked.code == 2 and "--answers FILE" in asked.err
