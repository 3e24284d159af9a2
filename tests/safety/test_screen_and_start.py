"""`psoas screen` scripted and `psoas start` gated by it (real entry point, in-process)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from psoas.safety import load_screening

DATA = load_screening()
FULL = [q for q in DATA.questions if q.kind != "session_check"]


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
    assert listed == [{"id": q.id, "text": q.text, "kind": q.kind} for q in DATA.questions]
    assert {item["kind"] for item in listed} == {"emergency", "red_flag", "condition", "session_check"}


def test_cauda_equina_yes_gives_the_emergency_message_and_start_refuses(run, answers_file):
    emergency = next(q.id for q in DATA.questions if q.kind == "emergency")
    result = run("screen", "--answers", str(answers_file(**{emergency: "yes"})))
    assert result.code == 0
    assert DATA.messages.emergency.split(".")[0] in result.out.replace("\n", " ")
    shown = json.loads(run("screen", "--json").out)
    assert shown["status"] == "emergency" and shown["date"]

    start = run("start", "--speed", "1000", "--no-checkin")
    assert start.code == 1
    assert len(start.err.strip().splitlines()) == 1 and "urgent" in start.err
    assert "emergency" in start.out.lower()
    assert sessions(run) == []


def test_red_flag_refers_and_start_refuses(run, answers_file):
    red = next(q.id for q in DATA.questions if q.kind == "red_flag")
    assert run("screen", "--answers", str(answers_file(**{red: "not_sure"}))).code == 0
    start = run("start", "--speed", "1000", "--no-checkin")
    assert start.code == 1 and "GP or physiotherapist" in start.err
    assert sessions(run) == []


def test_clean_screening_lets_the_session_run(run, answers_file):
    result = run("screen", "--answers", str(answers_file()), "--json")
    assert json.loads(result.out)["status"] == "clear"
    start = run("start", "--speed", "1000", "--no-checkin")
    assert start.code == 0, start.err
    assert "screening skipped" not in start.err.lower()
    done = sessions(run)
    assert len(done) == 1 and done[0]["status"] == "completed"


def test_pregnancy_leaves_out_cobra_and_bridge_and_says_why(run, answers_file):
    run("screen", "--answers", str(answers_file(pregnancy="yes")))
    shown = json.loads(run("screen", "--json").out)
    assert shown["status"] == "caution"
    assert sorted(shown["excluded"]) == ["cobra", "glute_bridge"]
    start = run("start", "--speed", "1000", "--no-checkin")
    assert start.code == 0, start.err
    assert "Cobra: Left out because you are pregnant" in start.out.replace("\n", " ")
    done = sessions(run)
    assert {e["id"] for e in done[0]["exercises"]} == {"kneeling_hip_stretch"}


def test_only_excluded_exercises_means_no_session(run, answers_file):
    run("screen", "--answers", str(answers_file(pregnancy="yes")))
    result = run("start", "--speed", "1000", "--no-checkin", "--only", "cobra")
    assert result.code == 1 and "left out" in result.err
    assert sessions(run) == []


def test_clinician_clearance_puts_the_cobra_back(run, answers_file):
    run("screen", "--answers", str(answers_file(spine_condition="yes")))
    assert json.loads(run("screen", "--json").out)["excluded"] == ["cobra"]
    assert run("config", "set", "cleared", "cobra").code == 0
    assert json.loads(run("screen", "--json").out)["excluded"] == []
    started = run("start", "--speed", "5000", "--no-checkin", "--only", "cobra")
    assert started.code == 0 and DATA.messages.cleared in " ".join(started.out.split())
    assert "Check with your clinician first" not in started.out  # no longer asks for what was done


def test_no_screening_and_no_terminal_goes_on_with_a_one_line_notice(run):
    result = run("start", "--speed", "1000", "--no-checkin")
    assert result.code == 0
    notice = [line for line in result.err.splitlines() if line.strip()]
    assert len(notice) == 1 and "psoas screen --answers FILE" in notice[0]
    assert sessions(run)[0]["status"] == "completed"


def test_stale_emergency_still_refuses_without_a_terminal(run, store, fake_now, answers_file):
    emergency = next(q.id for q in DATA.questions if q.kind == "emergency")
    store.screenings.add(
        "full",
        {emergency: "yes"},
        {"status": "emergency", "flags": [emergency]},
        taken_at=fake_now() - timedelta(days=DATA.valid_days + 30),
    )
    result = run("start", "--speed", "1000", "--no-checkin")
    assert result.code == 1
    assert f"over {DATA.valid_days} days old" in result.err
    assert sessions(run) == []


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("not json", "not valid JSON"),
        ('{"pregnancy": "maybe"}', "must be one of"),
        ('["yes"]', "JSON object"),
        ('{"nope": "no"}', "unknown screening question"),
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
