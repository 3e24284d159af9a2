"""Export -> import -> export is lossless; re-import adds nothing; bad files change nothing."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta

import pytest

from builders import session
from psoas.store import open_store


@pytest.fixture
def filled(run, store, fake_now, tmp_path):  # noqa: ANN001, ANN201
    """A store with sessions (all statuses), screenings and settings."""
    for record in (
        session(0, 4, 3),
        session(1, None, 2),
        session(2, 3, None, status="hurt", reps_done=5),
        session(4, status="stopped", reps_done=0),
    ):
        store.sessions.add(record)
    answers = tmp_path / "a.json"
    listed = json.loads(run("screen", "--list", "--json").out)
    answers.write_text(
        json.dumps({q["id"]: "no" for q in listed if q["kind"] != "session_check"} | {"knee_problem": "yes"})
    )
    assert run("screen", "--answers", str(answers)).code == 0
    store.screenings.add(
        "session_check",
        {"session_new_symptoms": "no"},
        {"status": "clear"},
        taken_at=datetime.now(UTC) + timedelta(days=1),
    )  # after the full one
    assert run("config", "set", "sitting_interval", "45").code == 0
    assert run("config", "set", "voice", "on").code == 0
    return store


def export(run, *args: str) -> dict:  # noqa: ANN001
    result = run("export", *args)
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_round_trip_into_a_fresh_store_is_identical(run, filled, tmp_path, monkeypatch):
    first = tmp_path / "one.json"
    assert run("export", "--out", str(first)).code == 0
    monkeypatch.setenv("PSOAS_HOME", str(tmp_path / "fresh"))
    imported = run("import", str(first))
    assert imported.code == 0 and "Imported 4 session(s)" in imported.out
    second = tmp_path / "two.json"
    assert run("export", "--out", str(second)).code == 0
    assert json.loads(first.read_text()) == json.loads(second.read_text())
    assert first.read_text() == second.read_text()


def test_export_holds_everything_and_sessions_as_in_history(run, filled):
    data = export(run)
    history = json.loads(run("history", "--json").out)
    assert [{k: s[k] for k in history[0]} for s in data["sessions"]] == history
    stored = filled.sessions.all()
    assert sum(len(s["reps"]) for s in data["sessions"]) == sum(len(s.reps) for s in stored)
    assert [s["plan"] for s in data["sessions"]] == [s.plan for s in stored]
    assert [s["kind"] for s in data["screenings"]] == ["full", "session_check"]
    assert data["settings"] == {"sitting_interval": 45, "voice": True}
    assert {e["id"] for e in data["plan"]["exercises"]} == {"cobra", "kneeling_hip_stretch", "glute_bridge"}


def test_reimport_adds_no_duplicates(run, filled, tmp_path):
    before = export(run)
    path = tmp_path / "e.json"
    path.write_text(json.dumps(before))
    result = run("import", str(path))
    assert result.code == 0
    assert "Imported 0 session(s) (4 already there)" in result.out
    assert "0 screening(s) (2 already there)" in result.out
    assert export(run) == before


def test_import_merges_into_a_store_with_other_sessions(run, filled, tmp_path, monkeypatch):
    path = tmp_path / "e.json"
    assert run("export", "--out", str(path)).code == 0
    monkeypatch.setenv("PSOAS_HOME", str(tmp_path / "other"))
    other = open_store()
    other.sessions.add(session(30, 1, 1))
    other.sessions.add(session(31, 1, 1))
    assert run("config", "set", "sitting_interval", "25").code == 0
    assert run("import", str(path)).code == 0
    merged = export(run)
    assert len(merged["sessions"]) == 6
    assert len({s["id"] for s in merged["sessions"]}) == 6
    assert merged["settings"]["sitting_interval"] == 25  # what was already set is kept
    assert merged["settings"]["voice"] is True
    other.close()


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("{", "not valid JSON"),
        ('{"sessions": []}', "not a psoas export"),
        ('{"format": "psoas-export", "version": 1, "sessions": [{"started_at": "x"}]}', "not a psoas export"),
        ('{"format": "psoas-export", "version": 1, "settings": {"sitting_interval": 5}}', "sitting_interval"),
        ('{"format": "psoas-export", "version": 1, "settings": {"colour": "red"}}', "unknown setting"),
    ],
)
def test_bad_import_is_one_line_exit_2_and_changes_nothing(run, filled, tmp_path, content, fragment):
    before = export(run)
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    result = run("import", str(bad))
    assert result.code == 2 and fragment in result.err and len(result.err.strip().splitlines()) == 1
    assert export(run) == before


def test_import_of_a_file_with_one_bad_session_writes_none_of_it(run, filled, tmp_path):
    data = export(run)
    data["sessions"].append(dict(data["sessions"][0], started_at="2020-01-01T00:00:00+00:00", pain_after=11))
    data["sessions"][0]["started_at"] = "2019-01-01T00:00:00+00:00"  # new, valid
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    before = export(run)
    assert run("import", str(bad)).code == 2
    assert export(run) == before


def test_csv_export_writes_one_file_per_kind(run, filled, tmp_path):
    folder = tmp_path / "csv"
    result = run("export", "--format", "csv", "--out", str(folder))
    assert result.code == 0
    stored = filled.sessions.all()

    def rows(name: str) -> list[dict]:
        with (folder / name).open(newline="") as handle:
            return list(csv.DictReader(handle))

    assert len(rows("sessions.csv")) == len(stored)
    assert len(rows("reps.csv")) == sum(len(s.reps) for s in stored)
    assert [r["kind"] for r in rows("screenings.csv")] == ["full", "session_check"]
    assert {r["key"] for r in rows("settings.csv")} == {"sitting_interval", "voice"}
    assert len(rows("plan.csv")) == 3
    assert sorted(float(r["hold_s"]) for r in rows("reps.csv")) == sorted(r.hold_s for s in stored for r in s.reps)


def test_csv_needs_a_folder(run):
    result = run("export", "--format", "csv")
    assert result.code == 2 and "--out DIR" in result.err


def test_csv_export_imports_back_into_a_fresh_store_identically(run, filled, tmp_path, monkeypatch):
    folder = tmp_path / "csv"
    original = export(run)
    assert run("export", "--format", "csv", "--out", str(folder)).code == 0
    monkeypatch.setenv("PSOAS_HOME", str(tmp_path / "fresh"))
    imported = run("import", str(folder))
    assert imported.code == 0, imported.err
    assert "Imported 4 session(s)" in imported.out and "2 screening(s)" in imported.out
    assert export(run) == original
    again = run("import", str(folder))
    assert "Imported 0 session(s) (4 already there)" in again.out


def _edit_csv(path, change) -> None:  # noqa: ANN001
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    change(rows)
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fields)
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize(
    ("file", "change", "fragment"),
    [
        ("settings.csv", None, "settings.csv missing"),
        ("sessions.csv", lambda rows: rows[0].update(pain_after="11"), "not a psoas export"),
        ("reps.csv", lambda rows: rows[0].update(session_id="999"), "no session with id '999'"),
        ("screenings.csv", lambda rows: rows[0].update(result_json="{oops"), "result_json is not valid JSON"),
    ],
)
def test_bad_csv_import_is_one_line_exit_2_and_changes_nothing(run, filled, tmp_path, file, change, fragment):
    folder = tmp_path / "csv"
    assert run("export", "--format", "csv", "--out", str(folder)).code == 0
    if change is None:
        (folder / file).unlink()
    else:
        _edit_csv(folder / file, change)
    before = export(run)
    result = run("import", str(folder))
    assert result.code == 2 and fragment in result.err and len(result.err.strip().splitlines()) == 1
    assert export(run) == before
