"""Export -> import -> export is lossless; re-import adds nothing; bad files change nothing."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from builders import session
from psoas.store import open_store
from store.conftest import postgres_url  # noqa: F401 - the throw-away PostgreSQL server fixture


@pytest.fixture
def filled(run, store, fake_now, tmp_path):  # noqa: ANN001, ANN201
    """A store with sessions (all statuses, one seen by the camera), screenings and settings."""
    seen = session(0, 4, 3)
    seen = replace(seen, reps=tuple(
        r._replace(camera=True, camera_hold_s=r.hold_s - 0.5, faults=("hips_sag", "knee_past_toe")[: n % 3])
        if n % 4 else r
        for n, r in enumerate(seen.reps)
    ))  # fmt: skip
    for record in (
        seen,
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
    assert imported.code == 0 and "Imported 4 sessions" in imported.out
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
    assert "Imported 0 sessions (4 already there)" in result.out
    assert "0 screenings (2 already there)" in result.out
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
    assert "Imported 4 sessions" in imported.out and "2 screenings" in imported.out
    assert export(run) == original
    again = run("import", str(folder))
    assert "Imported 0 sessions (4 already there)" in again.out


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


# ---- import refuses data that would break other commands (one line, exit 2, nothing written) ----
def _fresh(monkeypatch, tmp_path):  # noqa: ANN001, ANN202
    monkeypatch.setenv("PSOAS_HOME", str(tmp_path / "fresh"))


def _import_refused(run, tmp_path, data: dict, fragment: str) -> str:  # noqa: ANN001
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data))
    before = export(run)
    result = run("import", str(path))
    assert result.code == 2, result.out
    assert fragment in result.err and len(result.err.strip().splitlines()) == 1, result.err
    assert export(run) == before
    return result.err


DAY0 = "2026-03-02T08:00:00+00:00"  # the first session of `filled`: every rep done, both sides of the stretch


def _day0(data: dict) -> dict:
    return next(s for s in data["sessions"] if s["started_at"] == DAY0)


def _shift(text: str, **delta: float) -> str:
    return (datetime.fromisoformat(text) + timedelta(**delta)).isoformat()


def _future(s: dict) -> None:
    s["started_at"] = (datetime.now(UTC) + timedelta(days=2)).isoformat()


def _cobra_with_side(s: dict) -> None:
    s["reps"][0]["side"] = "left"


def _stretch_without_side(s: dict) -> None:
    s["reps"][next(i for i, r in enumerate(s["reps"]) if r["exercise_id"] == "kneeling_hip_stretch")]["side"] = None


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda s: s["reps"][0].update(exercise_id="yoga"), "unknown exercise 'yoga'"),
        (_future, "starts in the future"),
        (lambda s: s.update(ended_at=_shift(s["started_at"], minutes=-1)), "is before it started"),
        (lambda s: s["reps"][0].update(completed_at=_shift(s["started_at"], minutes=-2)), "before the session started"),
        (lambda s: s["reps"][-1].update(completed_at=_shift(s["ended_at"], minutes=2)), "after the session ended"),
        (lambda s: s["reps"].append(dict(s["reps"][0])), "rep 1 of cobra is there twice"),
        (_cobra_with_side, "cobra is not done per side"),
        (_stretch_without_side, "kneeling_hip_stretch is done per side"),
        (lambda s: s["reps"][0].update(rep=0), "numbered from 1"),
    ],
    ids=[
        "unknown-exercise",
        "future",
        "ends-before-start",
        "rep-before",
        "rep-after",
        "duplicate-rep",
        "side",
        "no-side",
        "rep-0",
    ],
)
def test_import_refuses_a_session_other_commands_cannot_use(run, filled, tmp_path, monkeypatch, change, fragment):
    data = export(run)
    change(_day0(data))
    _fresh(monkeypatch, tmp_path)
    err = _import_refused(run, tmp_path, data, fragment)
    assert f"session started {DAY0}" in err or "starts in the future" in err
    history = run("history", "--json")
    assert history.code == 0 and json.loads(history.out) == []


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda s: s["reps"][0].update(hold_s=1e9), "hold_s"),
        (lambda s: s["reps"][0].update(rep=500), "rep"),
        (lambda s: s.update(pain_before=True), "pain_before"),
        (lambda s: s["reps"][0].update(hold_s=False), "hold_s"),
    ],
    ids=["endless-hold", "rep-500", "pain-true", "hold-false"],
)
def test_import_refuses_values_no_session_could_produce(run, filled, tmp_path, monkeypatch, change, fragment):
    data = export(run)
    change(_day0(data))
    _fresh(monkeypatch, tmp_path)
    err = _import_refused(run, tmp_path, data, fragment)
    assert "not a psoas export" in err
    assert json.loads(run("history", "--json").out) == []


def test_reps_within_a_minute_of_their_session_and_a_session_later_today_are_accepted(
    run, filled, tmp_path, monkeypatch
):
    data = export(run)
    first = _day0(data)
    first["reps"][0]["completed_at"] = _shift(first["started_at"], seconds=-50)
    first["reps"][-1]["completed_at"] = _shift(first["ended_at"], seconds=50)
    soon = datetime.now(UTC) + timedelta(hours=20)
    later = next(s for s in data["sessions"] if not s["reps"])  # stopped before the first rep
    later.update(started_at=soon.isoformat(), ended_at=soon.isoformat())
    path = tmp_path / "ok.json"
    path.write_text(json.dumps(data))
    _fresh(monkeypatch, tmp_path)
    result = run("import", str(path))
    assert result.code == 0, result.err
    assert run("history").code == 0


_ALL_CLEAR = {"status": "clear", "excluded": [], "reasons": [], "flags": [], "effects": []}


def _full(data: dict) -> dict:
    return next(s for s in data["screenings"] if s["kind"] == "full")


def _check(data: dict) -> dict:
    return next(s for s in data["screenings"] if s["kind"] == "session_check")


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (
            lambda d: _full(d).update(answers=_full(d)["answers"] | {"both_legs": "yes"}, result=_ALL_CLEAR),
            "says clear, but its answers give emergency (both_legs answered yes)",
        ),
        (
            lambda d: _full(d)["answers"].update(both_legs="not_sure"),
            "says caution, but its answers give emergency (both_legs answered not sure)",
        ),
        (
            lambda d: _full(d)["answers"].update(fever="yes"),
            "says caution, but its answers give refer (fever answered yes)",
        ),
        (
            lambda d: _full(d).update(result=_ALL_CLEAR),
            "says clear, but its answers give caution (knee_problem answered yes)",
        ),
        (lambda d: _full(d).update(answers={}, result=_ALL_CLEAR), "a clear result, but screening answers missing"),
        (lambda d: _full(d)["answers"].update(favourite_colour="no"), "unknown question id: favourite_colour"),
        (lambda d: _full(d)["answers"].update(fever="maybe"), "answer for 'fever' must be one of"),
        (lambda d: _full(d)["result"].update(status="fine"), "result status must be one of"),
        (
            lambda d: _check(d)["answers"].update(session_new_symptoms="yes"),
            "says clear, but its answers give emergency",
        ),
        (lambda d: _check(d)["answers"].update(session_new_symptoms="not_sure"), "answers give emergency"),
    ],
    ids=[
        "emergency-as-clear",
        "not-sure",
        "refer",
        "caution-as-clear",
        "no-answers",
        "unknown",
        "bad-answer",
        "bad-status",
        "check-yes",
        "check-not-sure",
    ],
)
def test_import_reevaluates_screenings_and_refuses_a_milder_stored_result(
    run, filled, tmp_path, monkeypatch, change, fragment
):
    data = export(run)
    change(data)
    _fresh(monkeypatch, tmp_path)
    err = _import_refused(run, tmp_path, data, fragment)
    assert "screening taken " in err
    assert export(run)["screenings"] == []


def test_a_stored_result_that_keeps_an_exercise_its_answers_leave_out_is_refused(run, filled, tmp_path, monkeypatch):
    data = export(run)
    full = _full(data)
    full["answers"]["pregnancy"] = "yes"
    full["result"] = {"status": "caution", "excluded": [], "reasons": [], "flags": [], "effects": []}
    _fresh(monkeypatch, tmp_path)
    _import_refused(run, tmp_path, data, "its answers leave out cobra, glute_bridge, but the stored result does not")
    assert export(run)["screenings"] == []


def test_a_stored_result_more_severe_than_its_answers_is_imported_unchanged(run, filled, tmp_path, monkeypatch):
    data = export(run)
    refer = {"status": "refer", "excluded": [], "reasons": ["seen by the GP"], "flags": [], "effects": []}
    _full(data)["result"] = refer
    _check(data)["result"] = {"status": "emergency"}
    path = tmp_path / "severe.json"
    path.write_text(json.dumps(data))
    _fresh(monkeypatch, tmp_path)
    assert run("import", str(path)).code == 0
    assert export(run)["screenings"] == data["screenings"]
    assert run("start", "--no-checkin", "--speed", "1000").code == 1  # the emergency check still stops sessions


# ---- CSV: the header must be the one export writes; a spreadsheet's byte-order mark is fine ----
def _edit_header(path, change) -> None:  # noqa: ANN001
    header, *rest = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(change(header) + "".join(rest), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "change", "fragments"),
    [
        (
            "sessions.csv",
            lambda h: h.replace("pain_before", "painbefore"),
            ["column missing: pain_before", "unexpected column: 'painbefore'"],
        ),
        ("reps.csv", lambda h: h.replace(",side", ""), ["column missing: side"]),
        ("screenings.csv", lambda h: h.rstrip("\r\n") + ",note\r\n", ["unexpected column: 'note'"]),
        ("settings.csv", lambda h: "key,key\r\n", ["column missing: value_json", "column twice: key"]),
    ],
    ids=["renamed", "missing", "extra", "twice"],
)
def test_csv_with_a_different_header_is_refused(run, filled, tmp_path, monkeypatch, file, change, fragments):
    folder = tmp_path / "csv"
    assert run("export", "--format", "csv", "--out", str(folder)).code == 0
    _edit_header(folder / file, change)
    _fresh(monkeypatch, tmp_path)
    result = run("import", str(folder))
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1, result.err
    assert file in result.err and all(f in result.err for f in fragments), result.err
    assert export(run)["sessions"] == []


@pytest.mark.parametrize(
    ("file", "change", "fragment"),
    [
        ("sessions.csv", lambda rows: rows.append(rows[0]), "line 6: a second session with id"),
        ("reps.csv", lambda rows: rows.__setitem__(1, rows[1][:2]), "line 3: fewer cells"),
        ("reps.csv", lambda rows: rows.__setitem__(1, [*rows[1], "x"]), "line 3: more cells"),
    ],
    ids=["same-id", "short-row", "long-row"],
)
def test_csv_rows_that_do_not_fit_are_refused(run, filled, tmp_path, monkeypatch, file, change, fragment):
    folder = tmp_path / "csv"
    assert run("export", "--format", "csv", "--out", str(folder)).code == 0
    with (folder / file).open(newline="") as handle:
        header, *rows = list(csv.reader(handle))
    change(rows)
    with (folder / file).open("w", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    _fresh(monkeypatch, tmp_path)
    result = run("import", str(folder))
    assert result.code == 2 and fragment in result.err and len(result.err.strip().splitlines()) == 1, result.err


def test_csv_saved_with_a_byte_order_mark_imports_identically(run, filled, tmp_path, monkeypatch):
    folder = tmp_path / "csv"
    original = export(run)
    assert run("export", "--format", "csv", "--out", str(folder)).code == 0
    for name in ("sessions.csv", "reps.csv", "screenings.csv", "settings.csv"):
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8-sig")  # as Excel saves it
    _fresh(monkeypatch, tmp_path)
    result = run("import", str(folder))
    assert result.code == 0, result.err
    assert export(run) == original


def test_csv_that_is_not_utf8_says_so_in_plain_words(run, filled, tmp_path, monkeypatch):
    folder = tmp_path / "csv"
    assert run("export", "--format", "csv", "--out", str(folder)).code == 0
    sessions = folder / "sessions.csv"
    sessions.write_bytes(sessions.read_bytes() + "caf\xe9\n".encode("latin-1"))
    _fresh(monkeypatch, tmp_path)
    result = run("import", str(folder))
    assert result.code == 2 and "not UTF-8 text; save it as CSV UTF-8" in result.err and "codec" not in result.err


# ---- speed work: same bytes, same ids ------------------------------------------------------
@pytest.mark.parametrize(
    "data",
    [
        {"a": [1, 2.5, -0.0, 1e-07, 12345678901234567890, True, False, None], "b": {}, "c": [], "d": [[], [{}]]},
        ["Ünïcödé ✓", 'quote " and \\ backslash', "line\nbreak\ttab\x01", "\u2028", ""],
        {"nan": float("nan"), "inf": [float("inf"), float("-inf")], "tuple": (1, "x")},
        [],
        "plain",
        3.0,
    ],
)
def test_json_text_writes_exactly_what_json_dumps_writes(data):
    from psoas.cli.output import json_text

    assert json_text(data) == json.dumps(data, indent=2, ensure_ascii=False)


def test_json_text_hands_what_it_does_not_know_to_json_dumps():
    from psoas.cli.output import json_text

    assert json_text({1: "number key", "k": None}) == json.dumps({1: "number key", "k": None}, indent=2)
    with pytest.raises(TypeError):
        json_text({"when": datetime.now(UTC)})  # as json.dumps does


def test_export_file_is_what_json_dumps_would_write(run, filled, tmp_path):
    out = tmp_path / "e.json"
    result = run("export", "--out", str(out))
    assert result.out.startswith("Exported 4 sessions and 2 screenings to ")
    assert out.read_text() == json.dumps(json.loads(out.read_text()), indent=2, ensure_ascii=False) + "\n"


def rep_json(rep) -> dict:  # noqa: ANN001
    """A rep as an export file holds it."""
    return rep._asdict() | {"completed_at": rep.completed_at.isoformat(), "faults": list(rep.faults)}


def test_bulk_import_keeps_free_ids_and_numbers_the_rest_as_sqlite_would(run, store, tmp_path):
    kept = store.sessions.add(session(0, 1, 1))  # id 1 is taken in the target store
    records = [session(d, 2, 2) for d in (1, 2, 3)]
    data = {
        "format": "psoas-export",
        "version": 1,
        "sessions": [
            {**r.to_json(), "id": i, "reps": [rep_json(x) for x in r.reps]} | {"plan": r.plan}
            for r, i in zip(records, (1, 7, None), strict=True)
        ],
    }
    path = tmp_path / "in.json"
    path.write_text(json.dumps(data))
    result = run("import", str(path))
    assert result.code == 0 and "Imported 3 sessions (0 already there), 0 screenings" in result.out
    by_start = {s.started_at: s for s in store.sessions.all()}
    # In id order, as SQLite itself would number them: 1 is taken, so the next after the
    # highest so far (2); 7 is free and kept; the one without an id comes after all (8).
    assert by_start[records[0].started_at].id == 2
    assert by_start[records[1].started_at].id == 7
    assert by_start[records[2].started_at].id == 8
    assert by_start[session(0).started_at].id == kept
    for record in records:
        assert by_start[record.started_at].reps == record.reps  # every rep, in order, under its session
    assert store.sessions.begin() == 9  # new sessions go on after the imported ones


def test_one_of_each_is_singular(run, store, tmp_path, monkeypatch):
    store.sessions.add(session(0, 1, 1))
    out = tmp_path / "one.json"
    assert run("export", "--out", str(out)).out.startswith("Exported 1 session and 0 screenings to ")
    data = json.loads(out.read_text())
    data["settings"] = {"voice": True}
    out.write_text(json.dumps(data))
    monkeypatch.setenv("PSOAS_HOME", str(tmp_path / "fresh"))
    text = run("import", str(out)).out
    assert "Imported 1 session (0 already there), 0 screenings (0 already there), 1 setting (" in text


def test_postgresql_import_then_a_new_session_gets_a_fresh_id(postgres_url, tmp_path):  # noqa: F811
    """Explicit ids do not move PostgreSQL's id sequence: import sets it past them, or the next
    session recorded would collide with an imported one."""
    from sqlalchemy import text

    from psoas.store.transfer import export_data, import_data, read_export

    source = open_store(f"sqlite:///{tmp_path / 'source.db'}", backups=False)
    for day in range(3):
        source.sessions.add(session(day, 2, 2))
    path = tmp_path / "e.json"
    path.write_text(json.dumps(export_data(source)))
    target = open_store(postgres_url, backups=False)
    with target.engine.begin() as connection:  # the server is shared by the storage tests
        connection.execute(text("TRUNCATE sessions, reps, screenings RESTART IDENTITY CASCADE"))
    assert import_data(target, read_export(path)).sessions == 3
    assert target.sessions.begin() == 4
    assert [s.id for s in target.sessions.all()][1:] == [3, 2, 1]
    target.close()
    source.close()


# ---- what the camera saw travels with each rep; exports made before the camera still import ----
def test_the_camera_fields_are_exported_and_imported_losslessly(run, filled, tmp_path, monkeypatch):
    data = export(run)
    reps = [r for s in data["sessions"] for r in s["reps"]]
    assert {r["camera"] for r in reps} == {True, False}
    assert {tuple(r["faults"]) for r in reps} >= {(), ("hips_sag",), ("hips_sag", "knee_past_toe")}
    camera = [e["camera_reps"] for s in data["sessions"] for e in s["exercises"]]
    assert sum(camera) == sum(r["camera"] for r in reps) > 0
    for form in ("json", "csv"):
        out = tmp_path / f"export-{form}"
        assert run("export", "--format", form, "--out", str(out)).code == 0
        monkeypatch.setenv("PSOAS_HOME", str(tmp_path / f"fresh-{form}"))
        assert run("import", str(out)).code == 0
        assert export(run)["sessions"] == data["sessions"], form


def test_an_export_from_before_the_camera_imports_with_no_camera_reps(run, filled, tmp_path, monkeypatch):
    data = export(run)
    for s in data["sessions"]:
        for r in s["reps"]:
            for key in ("camera", "camera_hold_s", "faults"):
                del r[key]
        for e in s["exercises"]:
            del e["camera_reps"], e["faults"]
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data))
    folder = tmp_path / "old-csv"
    assert run("export", "--format", "csv", "--out", str(folder)).code == 0
    with (folder / "reps.csv").open(newline="") as handle:
        rows = [row[:6] for row in csv.reader(handle)]  # the columns written before the camera
    with (folder / "reps.csv").open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    for source in (old, folder):
        monkeypatch.setenv("PSOAS_HOME", str(tmp_path / f"fresh-{source.name}"))
        result = run("import", str(source))
        assert result.code == 0 and "Imported 4 sessions" in result.out, result.err
        again = export(run)
        reps = [r for s in again["sessions"] for r in s["reps"]]
        assert len(reps) == sum(len(s["reps"]) for s in data["sessions"])
        assert {(r["camera"], r["camera_hold_s"], tuple(r["faults"])) for r in reps} == {(False, None, ())}
        assert all(e["camera_reps"] == 0 and e["faults"] == [] for s in again["sessions"] for e in s["exercises"])


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda r: r.update(camera="maybe"), "camera must be true or false"),
        (lambda r: r.update(faults_json="[oops"), "faults_json is not valid JSON"),
        (lambda r: r.update(camera_hold_s="-3"), "not a psoas export"),
    ],
)
def test_bad_camera_cells_are_refused(run, filled, tmp_path, monkeypatch, change, fragment):
    folder = tmp_path / "csv"
    assert run("export", "--format", "csv", "--out", str(folder)).code == 0
    _edit_csv(folder / "reps.csv", lambda rows: change(rows[0]))
    _fresh(monkeypatch, tmp_path)
    result = run("import", str(folder))
    assert result.code == 2 and fragment in result.err and len(result.err.strip().splitlines()) == 1, result.err
    assert export(run)["sessions"] == []


def test_the_writer_before_python_3_13_matches_json_dumps_on_an_export(run, filled, tmp_path):
    # From 3.13 json_text is json.dumps itself; the writer for 3.11 and 3.12 is checked on every Python.
    from psoas.cli.output import _IndentedWriter

    out = tmp_path / "e.json"
    assert run("export", "--out", str(out)).code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    data["extra"] = {"flat": [1, 2.5, "x", None, True], "nested": [[1], {"a": []}], "nan": float("nan")}
    assert _IndentedWriter().text(data) == json.dumps(data, indent=2, ensure_ascii=False)
