"""`psoas calendar`: the .ics file parsed back with the icalendar library."""

from __future__ import annotations

from datetime import date, time

import icalendar
import pytest

from psoas.library import load_library
from psoas.reminders import load_texts
from psoas.reminders.ics import daily_event


def parse(path) -> icalendar.Event:  # noqa: ANN001
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    return events[0]


def test_calendar_file_has_one_daily_event_at_the_chosen_time(run, tmp_path):
    result = run("calendar", "--out", str(tmp_path / "p.ics"), "--time", "07:45")
    assert result.code == 0, result.err
    event = parse(tmp_path / "p.ics")
    assert event.decoded("dtstart").time() == time(7, 45)
    assert event.decoded("dtstart").date() == date.today()
    assert event["rrule"]["FREQ"] == ["DAILY"]
    assert str(event["summary"]) == load_texts().calendar_summary
    names = [e.name for e in load_library()]
    assert ", ".join(names) in str(event["description"])
    assert event.decoded("duration").total_seconds() >= 60


def test_calendar_time_defaults_to_the_reminder_setting(run, tmp_path):
    assert run("config", "set", "reminder_time", "06:15").code == 0
    assert run("calendar", "--out", str(tmp_path / "p.ics")).code == 0
    assert parse(tmp_path / "p.ics").decoded("dtstart").time() == time(6, 15)


def test_long_lines_are_folded_and_text_escaped():
    text = daily_event(time(8), date(2026, 5, 1), 7, ["A; B", "C, D", "É" * 60])
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    event = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    assert str(event["description"]).startswith("A; B, C, D, " + "É" * 60)


@pytest.mark.parametrize("args", [["--out", "p.txt"], ["--out", "p.ics", "--time", "7am"], ["--out", "no/such/p.ics"]])
def test_calendar_bad_input_is_exit_2(run, tmp_path, args, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("calendar", *args)
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
    assert not list(tmp_path.glob("*.ics"))


def test_calendar_time_without_its_leading_zero_and_a_one_minute_routine(run, tmp_path):
    result = run("calendar", "--out", str(tmp_path / "p.ics"), "--time", "7:05")
    assert result.code == 0, result.err
    assert "a daily event at 07:05" in result.out
    assert parse(tmp_path / "p.ics").decoded("dtstart").time() == time(7, 5)
    one = icalendar.Calendar.from_ical(daily_event(time(8), date(2026, 5, 1), 1, ["Cobra"])).walk("VEVENT")[0]
    assert "about 1 minute." in str(one["description"])
