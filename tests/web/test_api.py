"""Every page and endpoint through the in-process client, over the same store as the terminal."""

from __future__ import annotations

import json

import pytest
from web_helpers import ORIGIN

from builders import add_all, full_answers, session

PAGES = {"/": "today", "/plan": "plan", "/history": "history", "/exercises": "exercises", "/settings": "settings",
         "/data": "data", "/screening": "screening", "/exercises/glute_bridge": "exercises"}  # fmt: skip


@pytest.mark.parametrize(("path", "page"), PAGES.items())
def test_every_page_is_the_shell_naming_its_view(client, config, path, page) -> None:
    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert f'data-page="{page}"' in response.text
    assert f'<meta name="psoas-csrf" content="{config.secrets.csrf}">' in response.text
    assert '<script type="module" src="/static/js/app.js"></script>' in response.text


def test_an_exercise_page_names_its_exercise_and_an_unknown_one_is_404(client) -> None:
    assert 'data-exercise="glute_bridge"' in client.get("/exercises/glute_bridge").text
    response = client.get("/exercises/splits")
    assert response.status_code == 404 and "unknown exercise 'splits'" in response.json()["error"]


def test_every_script_and_style_the_pages_use_is_served_here(client) -> None:
    import re
    from importlib import resources

    static = resources.files("psoas.web") / "static"
    pages = [f"pages/{p.name}" for p in (static / "js" / "pages").iterdir()]
    scripts = [p.name for p in (static / "js").iterdir() if p.name.endswith(".js")] + pages
    for name in scripts:
        text = client.get(f"/static/js/{name}").text
        for imported in re.findall(r"""(?:from|import\()\s*["']([^"']+)["']""", text):
            assert imported.startswith("."), f"{name} imports {imported} from elsewhere"
        text = text.replace('"http://www.w3.org/2000/svg"', "")  # SVG's namespace name: never fetched
        assert "http://" not in text and "https://" not in text, name
    css = client.get("/static/app.css").text
    assert "url(" not in css and "@import" not in css  # no font or picture from elsewhere
    assert "prefers-reduced-motion" in css and "prefers-color-scheme: dark" in css


def test_exercises_and_their_pictures(client) -> None:
    from psoas.library import load_library

    listed = client.get("/api/exercises").json()
    assert [e["id"] for e in listed] == [e.id for e in load_library()]
    one = client.get("/api/exercises/cobra").json()
    assert one["cues"] == next(e.cues for e in load_library() if e.id == "cobra")
    assert "Cobra" in one["alt"]["hold"] and "chest lifted" in one["alt"]["hold"]
    svg = client.get(one["pictures"]["both"])
    assert svg.headers["content-type"] == "image/svg+xml" and svg.text.lstrip().startswith("<?xml")
    png = client.get("/pictures/kneeling_hip_stretch/start.png")
    assert png.headers["content-type"] == "image/png" and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert client.get("/pictures/cobra/side.svg").status_code == 404
    assert client.get("/pictures/cobra/hold.gif").status_code == 404


def test_today_asks_the_screening_first(client) -> None:
    today = client.get("/api/today").json()
    assert today["screening"] == "missing" and today["session_check"] is None and today["live"] is False


def test_today_after_a_clear_screening_asks_the_pre_session_check(client, clear_screening) -> None:
    from psoas.safety import load_screening

    today = client.get("/api/today").json()
    check = load_screening().of_kind("session_check")[0]
    assert today["screening"] is None and today["hold"] is None
    assert today["session_check"] == {"id": check.id, "text": check.text}
    assert [e["id"] for e in today["exercises"]] == ["cobra", "kneeling_hip_stretch", "glute_bridge"]


def test_today_on_hold_after_a_red_flag_shows_the_terminals_message(client, screen_answers) -> None:
    from psoas.safety import load_screening

    screen_answers(night_pain="yes")
    today = client.get("/api/today").json()
    assert today["hold"] == load_screening().messages.refer and today["exercises"] == []


# --- the screening, question by question ---------------------------------------------------------
def _answer_all(client, change, **overrides: str) -> list[dict]:  # noqa: ANN001
    """Answer as the page does: post the answers so far, answer what comes back; the steps seen."""
    given: dict[str, str] = {}
    steps = []
    while True:
        data = client.post("/api/screening", json={"answers": given}, headers=change).json()
        steps.append(data)
        if data["done"]:
            return steps
        given[data["id"]] = overrides.get(data["id"], "no")


def test_a_clear_screening_numbers_every_question_and_is_recorded(client, change, store, run_cli) -> None:
    from psoas.safety import load_screening
    from psoas.safety.screening import FULL_KINDS

    steps = _answer_all(client, change)
    total = len(load_screening().of_kind(*FULL_KINDS))
    questions, result = steps[:-1], steps[-1]
    assert [s["number"] for s in questions] == list(range(1, total + 1))
    assert {s["total"] for s in questions} == {total}
    assert questions[0]["heading"].startswith(f"Question 1 of {total}: ")
    assert result["status"] == "clear" and result["message"] == load_screening().messages.clear
    on_record = json.loads(run_cli("screen", "--json").out)  # the terminal sees the same screening
    assert on_record["status"] == "clear"


def test_lasting_red_flags_offer_the_clinician_cleared_choice_and_only_they(client, change) -> None:
    from psoas.safety import load_screening

    lasting = {q.id for q in load_screening().questions if q.clearable}
    steps = _answer_all(client, change)[:-1]
    offered = {s["id"] for s in steps if any(c["answer"] == "cleared" for c in s["choices"])}
    assert offered == lasting and offered
    assert {s["id"] for s in steps if s["clearable"]} == lasting


def test_a_cleared_lasting_red_flag_is_clear_with_the_terminals_words(client, change) -> None:
    from psoas.safety import load_screening

    lasting = next(q.id for q in load_screening().questions if q.clearable)
    result = _answer_all(client, change, **{lasting: "cleared"})[-1]
    assert result["status"] == "clear" and result["message"] == load_screening().messages.clear_with_cleared
    assert result["result"]["cleared"] == [lasting]


@pytest.mark.parametrize("answer", ["yes", "cleared"])
def test_the_result_is_in_the_terminals_words(client, change, screen_answers, answer) -> None:  # noqa: ANN001
    """The page's message and details are what `psoas screen` prints (psoas.safety.wording)."""
    from psoas.safety import load_screening

    lasting = next(q.id for q in load_screening().questions if q.clearable)
    result = _answer_all(client, change, **{lasting: answer})[-1]
    printed = screen_answers(**{lasting: answer})
    assert printed.out, printed.err
    lines = [line for line in printed.out.splitlines() if line.strip()]
    shown = [result["message"], *result["details"]]
    assert len(shown) >= 2  # a reason (or what is left out, noted, cleared) beside the message
    assert lines[-len(shown) :] == shown


def test_cleared_for_a_current_sign_is_refused_and_nothing_recorded(client, change, store) -> None:
    from psoas.safety import load_screening

    current = next(q.id for q in load_screening().questions if q.kind == "red_flag" and not q.clearable)
    response = client.post("/api/screening", json={"answers": {current: "cleared"}}, headers=change)
    assert response.status_code == 400 and "'cleared' is only for a lasting history" in response.json()["error"]
    assert store.screenings.all() == []


def test_an_emergency_sign_ends_the_screening_after_the_emergency_questions(client, change) -> None:
    from psoas.safety import load_screening

    emergency = [q.id for q in load_screening().of_kind("emergency")]
    steps = _answer_all(client, change, **{emergency[0]: "yes"})
    assert [s["id"] for s in steps[:-1]] == emergency and steps[-1]["status"] == "emergency"
    assert steps[-1]["message"] == load_screening().messages.emergency


def test_unknown_question_ids_and_answers_are_refused(client, change) -> None:
    bad = client.post("/api/screening", json={"answers": {"made_up": "no"}}, headers=change)
    assert bad.status_code == 400 and "made_up" in bad.json()["error"]
    worse = client.post("/api/screening", json={"answers": {"bladder_bowel": "perhaps"}}, headers=change)
    assert worse.status_code == 400 and "perhaps" in worse.json()["error"]


# --- plan and history --------------------------------------------------------------------------
def test_plan_is_the_terminals_plan_with_words(client, run_cli, clear_screening, fake_now) -> None:
    web = client.get("/api/plan").json()
    terminal = json.loads(run_cli("plan", "--json").out)  # on today's real date; the page's clock is the test's
    assert web["date"] == fake_now.now.date().isoformat()
    assert {k: web[k] for k in terminal if k != "date"} == {k: v for k, v in terminal.items() if k != "date"}
    assert all(entry["dose_text"] and entry["reason"] for entry in web["entries"])


def test_history_shows_the_sessions_streak_and_weeks(client, store, fake_now) -> None:
    from datetime import timedelta

    add_all(store, [session(day, pain_before=4, pain_after=3) for day in range(5)])
    fake_now.now = fake_now.now + timedelta(days=4, hours=2)
    data = client.get("/api/history").json()
    assert data["count"] == 5 and len(data["sessions"]) == 5 and data["streak"] == 5
    assert data["sessions"][0]["done_text"] == "Cobra 3, Kneeling Hip Stretch 3L+3R, Glute Bridge 5"
    assert data["weekly"][0]["sessions"] == 5 and data["totals"]["completed"] == 5


def test_the_reports_charts_are_served_as_svg(client, store) -> None:
    add_all(store, [session(0, pain_before=5, pain_after=3)])
    chart = client.get("/charts/report.svg")
    assert chart.status_code == 200 and chart.headers["content-type"] == "image/svg+xml"
    assert chart.text.lstrip().startswith("<?xml") and "<svg" in chart.text


# --- settings ----------------------------------------------------------------------------------
def test_settings_change_as_config_set_does(client, change, run_cli) -> None:
    values = {"voice": "on", "reminder_time": "7:05", "sitting_interval": "45", "quiet_hours": "off"}
    response = client.post("/api/settings", json={"values": values}, headers=change)
    assert response.status_code == 200
    terminal = json.loads(run_cli("config", "--json").out)
    assert terminal | {"snooze": 10} == terminal and terminal["voice"] is True
    assert (terminal["reminder_time"], terminal["sitting_interval"], terminal["quiet_hours"]) == ("07:05", 45, None)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"sitting_interval": "90"}, "bad value for sitting_interval: must be from 20 to 60, got 90"),
        ({"reminder_time": "25:00"}, "reminder_time must be a time as HH:MM"),
        ({"voice": "loud"}, "voice must be on or off, got 'loud'"),
        ({"cleared": "cobra"}, "this page does not change cleared"),
    ],
)
def test_a_bad_setting_changes_nothing(client, change, values, message) -> None:
    before = client.get("/api/settings").json()
    good_and_bad = {"snooze": "20", **values}  # the good value is not saved either
    response = client.post("/api/settings", json={"values": good_and_bad}, headers=change)
    assert response.status_code == 400 and message in response.json()["error"]
    assert client.get("/api/settings").json() == before


# --- export and import ---------------------------------------------------------------------------
def test_export_is_the_terminals_export_as_a_download(client, store, run_cli, clear_screening) -> None:
    add_all(store, [session(0, pain_before=2, pain_after=1)])
    response = client.get("/api/export")
    assert response.headers["content-disposition"].startswith('attachment; filename="psoas-export-')
    web, terminal = response.json(), json.loads(run_cli("export").out)
    assert web["sessions"] == terminal["sessions"] and web["screenings"] == terminal["screenings"]


def test_an_export_imports_into_another_store(client, change, store, tmp_path, monkeypatch) -> None:
    add_all(store, [session(0, pain_before=2, pain_after=1), session(1)])
    exported = client.get("/api/export").content
    monkeypatch.setenv("PSOAS_HOME", str(tmp_path / "other"))
    from starlette.testclient import TestClient

    from psoas.web.app import WebConfig, create_app

    other = WebConfig.new(port=8765, debug=False)
    with TestClient(create_app(other)) as second:
        second.get(f"/?token={other.secrets.token}", follow_redirects=False)
        headers = {"origin": ORIGIN, "x-psoas-csrf": other.secrets.csrf}
        first = second.post("/api/import", files={"file": ("mine.json", exported)}, headers=headers).json()
        again = second.post("/api/import", files={"file": ("mine.json", exported)}, headers=headers).json()
        assert first["counts"]["sessions"] == 2 and again["counts"]["sessions_skipped"] == 2
        assert second.get("/api/history").json()["count"] == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json", "mine.json is not valid JSON"),
        (b'{"format": "something else"}', "mine.json is not a psoas export"),
    ],
)
def test_a_bad_import_changes_nothing(client, change, store, content, message) -> None:
    add_all(store, [session(0, pain_before=2)])
    before = client.get("/api/export").json()
    response = client.post("/api/import", files={"file": ("mine.json", content)}, headers=change)
    assert response.status_code == 400 and message in response.json()["error"]
    assert "psoas-import-" not in response.json()["error"]  # the user's file name, not the server's temporary one
    assert client.get("/api/export").json() == before


def test_an_import_with_one_bad_session_among_good_ones_changes_nothing(client, change, store) -> None:
    add_all(store, [session(0), session(1)])
    exported = client.get("/api/export").json()
    store_before = client.get("/api/history").json()["count"]
    exported["sessions"][0]["started_at"] = "2026-03-20T08:00:00+00:00"  # new: would be imported
    exported["sessions"][1]["status"] = "exploded"
    body = json.dumps(exported).encode()
    response = client.post("/api/import", files={"file": ("mine.json", body)}, headers=change)
    assert response.status_code == 400
    assert client.get("/api/history").json()["count"] == store_before


def test_screening_answers_builder_matches_the_page(client, change) -> None:
    """The page's steps ask exactly the questions a full set of answers holds."""
    steps = _answer_all(client, change)[:-1]
    assert {s["id"] for s in steps} == set(full_answers())
