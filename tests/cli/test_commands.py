"""Every command of issue 2 through the real entry point."""

from __future__ import annotations

import json

import pytest

from builders import SESSION_CHECK_NO
from psoas.cli.prompts import wrap_prompt
from psoas.library import load_library


def test_exercises_json_contract(run_cli) -> None:
    result = run_cli("exercises", "--json")
    assert result.code == 0
    data = json.loads(result.out)
    assert [d["id"] for d in data] == ["cobra", "kneeling_hip_stretch", "glute_bridge"]
    for item, exercise in zip(data, load_library(), strict=True):
        dose = item["dose"]
        assert item["name"] == exercise.name
        assert dose["hold_s"] == exercise.dose.hold_s and dose["reps"] == exercise.dose.reps
        assert dose["per_side"] is exercise.dose.per_side and dose["rest_s"] == exercise.dose.rest_s
        assert isinstance(dose["reps"], int) and isinstance(dose["per_side"], bool)


def test_exercises_text_lists_each_dose(run_cli) -> None:
    result = run_cli("exercises")
    assert result.code == 0
    assert "Kneeling Hip Stretch" in result.out and "each side" in result.out


def test_show_prints_instructions_cues_cautions_and_dose(run_cli) -> None:
    result = run_cli("show", "glute_bridge")
    assert result.code == 0
    exercise = load_library()[2]
    for text in (exercise.setup[0], exercise.cues[0], exercise.cautions[0], "Source:"):
        assert text[:40] in result.out.replace("\n", " ")
    data = json.loads(run_cli("show", "cobra", "--json").out)
    assert data["id"] == "cobra" and data["cautions"] and data["dose"]["reps"] == 3


@pytest.mark.parametrize("args", [("show", "plank"), ("show", "plank", "--json")])
def test_show_unknown_id_is_one_line_exit_2(run_cli, args) -> None:
    result = run_cli(*args)
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1
    assert "cobra, kneeling_hip_stretch, glute_bridge" in result.err


def test_about_is_honest(run_cli) -> None:
    result = run_cli("about")
    assert result.code == 0
    text = " ".join(result.out.lower().split())
    assert "psoas" in text and "does not diagnose or treat" in text and "hip" in text


def test_start_unattended_then_history(run_cli, clear_screening) -> None:
    result = run_cli(
        "start", "--speed", "5000", "--no-checkin", "--pain-before", "3", "--pain-after", "2", *SESSION_CHECK_NO
    )
    assert result.code == 0, result.err
    assert "Session completed" in result.out
    for exercise in load_library():  # each exercise's stop rule is shown before it
        assert f"! {exercise.cautions[0]}" in result.out
    sessions = json.loads(run_cli("history", "--json").out)
    assert len(sessions) == 1
    session = sessions[0]
    assert session["status"] == "completed" and session["pain_before"] == 3 and session["pain_after"] == 2
    done = {(e["id"], e["side"]): e["reps_done"] for e in session["exercises"]}
    expected = {}
    for exercise in load_library():
        for side in ("left", "right") if exercise.dose.per_side else (None,):
            expected[(exercise.id, side)] = exercise.dose.reps
    assert done == expected
    text = run_cli("history").out
    assert "completed" in text and "Streak: 1 day" in text


def test_start_only_one_exercise(run_cli, clear_screening) -> None:
    assert run_cli("start", "--only", "cobra", "--speed", "5000", "--no-checkin", *SESSION_CHECK_NO).code == 0
    session = json.loads(run_cli("history", "--json").out)[0]
    assert [e["id"] for e in session["exercises"]] == ["cobra"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--pain-before", "11"), "--pain-before must be a whole number from 0"),
        (("--pain-after", "-1"), "--pain-after must be a whole number from 0"),
        (("--speed", "0"), "--speed must be a number from 0.1 to 10000"),
        (("--speed", "0.09"), "--speed must be a number from 0.1 to 10000"),
        (("--speed", "-5"), "--speed must be a number from 0.1 to 10000"),
        (("--speed", "inf"), "--speed must be a number from 0.1"),
        (("--speed", "nan"), "--speed must be a number from 0.1"),
        (("--speed", "10001"), "from 0.1 to 10000"),
        (("--speed", "1e9"), "from 0.1 to 10000"),
        (("--speed", "fast"), "Invalid value for '--speed'"),
        (("--session-check", "maybe"), "--session-check must be no or yes, got 'maybe'"),
        (("--session-check", "cleared"), "--session-check must be no or yes"),
        (("--only", "plank"), "unknown exercise 'plank'"),
    ],
)
def test_start_rejects_bad_input_in_one_line(run_cli, clear_screening, args, message) -> None:
    result = run_cli("start", "--no-checkin", *args)
    assert result.code == 2
    assert message in result.err and result.err.count("\n") == 1 and "Traceback" not in result.err
    assert json.loads(run_cli("history", "--json").out) == []  # nothing recorded


@pytest.mark.parametrize("speed", ["0.1", "10000"])
def test_start_accepts_the_speed_bounds_themselves(run_cli, clear_screening, monkeypatch, speed) -> None:
    ran = []
    monkeypatch.setattr("psoas.session.runner.run_session", lambda *args, **kwargs: ran.append(kwargs) or "stopped")
    result = run_cli("start", "--no-checkin", "--speed", speed, "--only", "cobra", *SESSION_CHECK_NO)
    assert result.code == 0, result.err
    assert ran and ran[0]["speed"] == float(speed)


PROMPT = (
    "Question 9 of 20: Is your back pain constant at night, not easing when you rest or change position?"
    " [y]es / [n]o / [?] not sure: "
)


@pytest.mark.parametrize("width", [30, 40, 80])
def test_prompts_wrap_at_word_boundaries(width) -> None:
    wrapped = wrap_prompt(PROMPT, width)
    lines = wrapped.split("\n")
    assert len(lines) > 1 or width == 80 and len(PROMPT) < 80
    assert all(len(line) < width for line in lines)  # one column left for the cursor
    assert wrapped.split() == PROMPT.split()  # no word cut in two, none lost
    assert wrapped.endswith(": ")  # the answer still goes after a space


def test_a_word_longer_than_the_line_is_kept_whole() -> None:
    assert wrap_prompt("see psoas-screen-list-json-output-for-every-question now? ", 25).split("\n")[0] == "see"


def test_pain_prompt_wraps_to_the_terminal_width(monkeypatch) -> None:
    from psoas.cli.session_commands import ask_pain

    monkeypatch.setenv("COLUMNS", "30")
    asked = []
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "4")
    assert ask_pain("right now") == 4
    [prompt] = asked
    assert all(len(line) < 30 for line in prompt.split("\n")) and "\n" in prompt
    assert prompt.split() == "Pain in your back or hips right now, 0 (none) to 10 (worst)? Enter to skip:".split()


def test_history_empty(run_cli) -> None:
    assert json.loads(run_cli("history", "--json").out) == []
    assert "No sessions yet" in run_cli("history").out


def test_bad_database_url_is_one_line(run_cli, monkeypatch) -> None:
    monkeypatch.setenv("PSOAS_DATABASE_URL", "nonsense://")
    result = run_cli("history")
    assert result.code == 2 and result.err.count("\n") == 1 and "PSOAS_DATABASE_URL" in result.err


def test_unknown_command_and_bare_psoas(run_cli) -> None:
    result = run_cli("stretch")
    assert result.code == 2 and "No such command" in result.err and result.err.count("\n") == 1
    bare = run_cli()
    assert bare.code == 0 and "Usage" in bare.out


def test_a_bug_is_one_line_and_debug_shows_the_traceback(run_cli, monkeypatch) -> None:
    def broken() -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr("psoas.cli.library_commands.about_text", broken)
    result = run_cli("about")
    assert result.code == 1 and result.err.count("\n") == 1
    assert "internal error (RuntimeError: boom)" in result.err and "PSOAS_DEBUG=1" in result.err
    monkeypatch.setenv("PSOAS_DEBUG", "1")
    with pytest.raises(RuntimeError, match="boom"):
        run_cli("about")
