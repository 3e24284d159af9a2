"""When the screening in force says no session, nothing else offers the routine: `plan` shows the
message instead of doses, `calendar` writes no event, `remind` gives no daily routine reminder.
Exercises the screening leaves out are left out of the calendar event too."""

from __future__ import annotations

import json

import pytest
from icalendar import Calendar

from psoas.safety import load_screening

DATA = load_screening()
FULL = [q for q in DATA.questions if q.kind != "session_check"]
EMERGENCY = next(q.id for q in FULL if q.kind == "emergency")
RED_FLAG = next(q.id for q in FULL if q.kind == "red_flag")


@pytest.fixture
def screened(run, tmp_path):  # noqa: ANN001, ANN201
    def answer(**yes: str) -> None:
        answers = {q.id: "no" for q in FULL} | yes
        path = tmp_path / "answers.json"
        path.write_text(json.dumps(answers))
        assert run("screen", "--answers", str(path)).code in (0, 1)

    return answer


@pytest.mark.parametrize(
    ("question", "message"), [(EMERGENCY, DATA.messages.emergency), (RED_FLAG, DATA.messages.refer)]
)
def test_plan_calendar_and_remind_hold_the_routine(run, screened, tmp_path, question, message):
    screened(**{question: "yes"})
    plan = run("plan")
    assert plan.code == 0 and message.split("\n")[0] in plan.out and "on hold" in plan.out
    assert "Cobra:" not in plan.out  # no doses offered
    assert json.loads(run("plan", "--json").out)["on_hold"] is True
    ics = tmp_path / "psoas.ics"
    calendar = run("calendar", "--out", str(ics), "--time", "18:00")
    assert calendar.code == 1 and not ics.exists()
    remind = run("remind", "--terminal", "--for", "0.0005", "--daily", "18:00")
    assert remind.code == 0 and "Daily routine reminder off" in remind.out and "daily routine at" not in remind.out


def test_a_clear_screening_keeps_the_routine_on(run, screened, tmp_path):
    screened()
    plan = run("plan")
    assert "on hold" not in plan.out and "Cobra:" in plan.out
    assert json.loads(run("plan", "--json").out)["on_hold"] is False
    assert run("calendar", "--out", str(tmp_path / "psoas.ics"), "--time", "18:00").code == 0
    assert "daily routine at 18:00" in run("remind", "--terminal", "--for", "0.0005", "--daily", "18:00").out


def test_a_history_cleared_by_a_clinician_keeps_the_routine_on(run, screened):
    screened(cancer_history="cleared")
    assert json.loads(run("plan", "--json").out)["on_hold"] is False
    screened(cancer_history="yes")
    assert json.loads(run("plan", "--json").out)["on_hold"] is True


def test_calendar_leaves_out_what_the_screening_leaves_out(run, screened, tmp_path):
    screened(pregnancy="yes")
    ics = tmp_path / "psoas.ics"
    assert run("calendar", "--out", str(ics), "--time", "18:00").code == 0
    event = next(c for c in Calendar.from_ical(ics.read_bytes()).walk() if c.name == "VEVENT")
    description = str(event["DESCRIPTION"])
    assert "Kneeling Hip Stretch" in description
    assert "Cobra" not in description and "Glute Bridge" not in description


def test_plan_gives_no_dose_for_what_the_screening_leaves_out(run, screened):
    screened(pregnancy="yes")
    lines = run("plan").out.splitlines()
    cobra = next(i for i, line in enumerate(lines) if line.strip().startswith("Cobra:"))
    assert lines[cobra].strip() == "Cobra: left out" and "pregnan" in lines[cobra + 1]
    kneeling = next(line for line in lines if line.strip().startswith("Kneeling Hip Stretch:"))
    assert " x " in kneeling  # what stays in keeps its dose
    assert "psoas show kneeling_hip_stretch" in run("plan").out
