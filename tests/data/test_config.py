"""`psoas config`: show, set, get, unset; bad values change nothing."""

from __future__ import annotations

import json

import pytest

from psoas.safety import load_screening
from psoas.store.settings import UserSettings


def shown(run) -> dict:  # noqa: ANN001
    result = run("config", "--json")
    assert result.code == 0
    return json.loads(result.out)


def test_defaults_come_from_the_settings_schema(run):
    assert shown(run) == UserSettings().model_dump()
    text = run("config").out
    assert "sitting_interval" in text and "(default)" in text


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("voice", "on", True),
        ("voice", "off", False),
        ("reminder_time", "07:30", "07:30"),
        ("reminder_time", "7:05", "07:05"),
        ("reminder_time", "7.05", "07:05"),
        ("reminder_time", " 23:59 ", "23:59"),
        ("reminder_time", "off", None),
        ("sitting_interval", "20", 20),
        ("sitting_interval", "60", 60),
        ("quiet_hours", "23:00-06:00", "23:00-06:00"),
        ("quiet_hours", "22:00 - 7:00", "22:00-07:00"),
        ("quiet_hours", "off", None),
        ("snooze", "15", 15),
        ("cleared", "cobra,glute_bridge", ["cobra", "glute_bridge"]),
    ],
)
def test_set_then_show(run, key, value, expected):
    assert run("config", "set", key, value).code == 0
    assert shown(run)[key] == expected
    assert run("config", "get", key).code == 0


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("voice", "loud"),
        ("reminder_time", "7:30pm"),
        ("reminder_time", "7:5"),
        ("reminder_time", "24:00"),
        ("reminder_time", "7:60"),
        ("reminder_time", "7"),
        ("reminder_time", "7::05"),
        ("sitting_interval", "19"),
        ("sitting_interval", "61"),
        ("sitting_interval", "thirty"),
        ("quiet_hours", "22:00"),
        ("quiet_hours", "07:00-07:00"),
        ("quiet_hours", "7:00-07:00"),
        ("quiet_hours", "22:00-7"),
        ("snooze", "0"),
        ("cleared", "headstand"),
        ("colour", "red"),
    ],
)
def test_bad_values_are_exit_2_and_keep_the_old_value(run, key, value):
    run("config", "set", "sitting_interval", "45")
    before = shown(run)
    result = run("config", "set", key, value)
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
    assert shown(run) == before


def test_unset_goes_back_to_the_default(run):
    run("config", "set", "sitting_interval", "45")
    assert run("config", "unset", "sitting_interval").code == 0
    assert shown(run)["sitting_interval"] == UserSettings().sitting_interval
    assert run("config", "unset", "nope").code == 2


def test_start_takes_its_voice_default_from_the_settings(run, monkeypatch, tmp_path):
    made = []

    class FakeVoice:
        def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
            made.append(self)

        def __call__(self, event) -> None:  # noqa: ANN001
            pass

        def close(self) -> None:
            pass

    monkeypatch.setattr("psoas.ui.sound.Voice", FakeVoice)
    answers = {q.id: "no" for q in load_screening().questions if q.kind != "session_check"}
    (tmp_path / "answers.json").write_text(json.dumps(answers))
    assert run("screen", "--answers", str(tmp_path / "answers.json")).code == 0
    # unattended, the pre-session check is answered on the command line
    check = ["--session-check", "no"] if "--session-check" in run("start", "--help").out else []
    start = ["start", "--speed", "5000", "--no-checkin", "--only", "glute_bridge", *check]
    assert run(*start).code == 0
    assert made == []
    run("config", "set", "voice", "on")
    assert run(*start).code == 0
    assert len(made) == 1
    assert run(*start, "--no-voice").code == 0
    assert len(made) == 1


def test_setting_errors_speak_plainly_and_name_the_option(run):
    result = run("config", "set", "sitting_interval", "5")
    assert result.code == 2 and "must be from 20 to 60, got 5" in result.err and "Input should" not in result.err
    remind = run("remind", "--every", "10", "--terminal", "--for", "0.001")
    assert remind.code == 2 and remind.err.strip().endswith("--every must be from 20 to 60, got 10")
    assert run("config", "set", "cleared", "cobra, cobra,glute_bridge").code == 0
    assert run("config", "get", "cleared").out.strip() == "cobra,glute_bridge"


def test_clearing_a_red_flag_through_config_points_to_the_screening(run):
    lasting = next(q.id for q in load_screening().questions if q.clearable)
    result = run("config", "set", "cleared", lasting)
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
    assert "psoas screen" in result.err and lasting in result.err
    assert shown(run)["cleared"] == []
