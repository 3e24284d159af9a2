"""What the camera saw of each rep (schema revision 0002): record_camera, the history fields it
feeds, and an old store (revision 0001) migrated with its data kept."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest

from builders import START, FakeNow
from psoas.store import open_store, read_sessions
from psoas.store.backup import backups
from psoas.store.database import MIGRATIONS, open_database
from psoas.store.fast_read import read_current_sqlite
from psoas.store.recorder import SessionRecorder
from psoas.store.sessions import RepRecord, SessionRecord


def test_record_camera_marks_the_matching_rep_only(store, fake_now) -> None:  # noqa: ANN001
    session_id = store.sessions.begin(pain_before=2)
    for side in ("left", "right"):
        for number in (1, 2):
            fake_now.tick(seconds=15)
            store.sessions.record_rep(session_id, "kneeling_hip_stretch", side, number, 10.0)
    store.sessions.record_camera(session_id, "kneeling_hip_stretch", "left", 2, 9.5, ("trunk_lean", "knee_past_toe"))
    store.sessions.record_camera(session_id, "kneeling_hip_stretch", "right", 1, 10.25, ("trunk_lean", "trunk_lean"))
    store.sessions.record_camera(session_id, "kneeling_hip_stretch", "right", 7, 10.0, ())  # no such rep: nothing
    store.sessions.record_camera(session_id + 1, "kneeling_hip_stretch", "left", 1, 10.0, ())  # another session
    record = store.sessions.get(session_id)
    seen = {(r.side, r.rep): (r.camera, r.camera_hold_s, r.faults) for r in record.reps}
    assert seen == {
        ("left", 1): (False, None, ()),
        ("left", 2): (True, 9.5, ("trunk_lean", "knee_past_toe")),
        ("right", 1): (True, 10.25, ("trunk_lean",)),  # distinct, in the order seen
        ("right", 2): (False, None, ()),
    }
    left, right = record.exercises()
    assert (left["camera_reps"], left["faults"]) == (1, ["knee_past_toe", "trunk_lean"])  # sorted
    assert (right["camera_reps"], right["faults"]) == (1, ["trunk_lean"])
    assert [left["reps_done"], left["hold_s_total"]] == [2, 20.0]  # the clock's measure, as before


def test_a_rep_without_a_side_is_matched(store) -> None:  # noqa: ANN001
    session_id = store.sessions.begin()
    store.sessions.record_rep(session_id, "cobra", None, 1, 15.0)
    store.sessions.record_camera(session_id, "cobra", None, 1, 14.0, ("hips_lifted",))
    (entry,) = store.sessions.get(session_id).exercises()
    assert entry == {"id": "cobra", "side": None, "reps_done": 1, "hold_s_total": 15.0, "camera_reps": 1,
                     "faults": ["hips_lifted"]}  # fmt: skip


class _Confirmed:
    name = "rep_confirmed"

    def __init__(self, rep: int, faults: list[str]) -> None:
        self.exercise_id, self.side, self.rep, self.hold_s, self.faults = "glute_bridge", None, rep, 4.2, faults


def test_the_recorder_writes_what_the_camera_confirmed(store) -> None:  # noqa: ANN001
    session_id = store.sessions.begin()
    store.sessions.record_rep(session_id, "glute_bridge", None, 1, 5.0)
    SessionRecorder(store.sessions, session_id)(_Confirmed(1, ["hips_sag"]))
    (rep,) = store.sessions.get(session_id).reps
    assert (rep.camera, rep.camera_hold_s, rep.faults) == (True, 4.2, ("hips_sag",))


def test_without_a_camera_every_entry_has_zero_camera_reps_and_no_faults() -> None:
    reps = tuple(RepRecord("cobra", None, n, 15.0, START + timedelta(seconds=20 * n)) for n in (1, 2))
    (entry,) = SessionRecord(1, START, START + timedelta(minutes=1), "completed", None, None, reps).exercises()
    assert entry["camera_reps"] == 0 and entry["faults"] == []


def _old_store(folder: Path) -> Path:
    """A store at schema revision 0001, as psoas wrote it before the camera, holding two sessions."""
    migrations = folder / "migrations-0001"
    shutil.copytree(MIGRATIONS, migrations, ignore=shutil.ignore_patterns("__pycache__"))
    for script in (migrations / "versions").glob("*.py"):
        if not script.name.startswith("0001_"):
            script.unlink()
    db = folder / "psoas.db"
    open_database(f"sqlite:///{db}", migrations=migrations).dispose()
    with closing(sqlite3.connect(db)) as connection, connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert "camera" not in {row[1] for row in connection.execute("PRAGMA table_info(reps)")}
        for n in (1, 2):
            start = (START + timedelta(days=n)).replace(tzinfo=None)
            connection.execute(
                "INSERT INTO sessions (id, started_at, ended_at, status, pain_before, pain_after, plan_json)"
                " VALUES (?, ?, ?, 'completed', 3, 2, '{\"doses\": {}}')",
                (n, start.isoformat(" "), (start + timedelta(minutes=2)).isoformat(" ")),
            )
            for rep in (1, 2, 3):
                connection.execute(
                    "INSERT INTO reps (session_id, exercise_id, side, rep, hold_s, completed_at)"
                    " VALUES (?, 'cobra', NULL, ?, 15.0, ?)",
                    (n, rep, (start + timedelta(seconds=20 * rep)).isoformat(" ")),
                )
    return db


def test_an_old_store_is_migrated_with_its_data_kept(tmp_path) -> None:
    db = _old_store(tmp_path)
    url = f"sqlite:///{db}"
    assert read_current_sqlite(url, None) is None  # not at the head: SQLAlchemy's path migrates it
    clock = FakeNow(START + timedelta(days=10))
    sessions = read_sessions(url, now=clock)
    assert [s.id for s in sessions] == [2, 1]
    assert all(len(s.reps) == 3 and s.pain_before == 3 and s.plan == {"doses": {}} for s in sessions)
    assert all((r.camera, r.camera_hold_s, r.faults) == (False, None, ()) for s in sessions for r in s.reps)
    assert [e["camera_reps"] for e in sessions[0].exercises()] == [0]
    [before] = backups(db, "before-migration-to-0002")  # the file as it was, kept first
    with closing(sqlite3.connect(before)) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert connection.execute("SELECT count(*) FROM reps").fetchone() == (6,)
    assert read_current_sqlite(url, None) == sessions  # current now: the fast path reads the same
    store = open_store(url, now=clock)  # and the migrated store takes the camera's records
    store.sessions.record_camera(2, "cobra", None, 3, 14.5, ("hips_lifted",))
    store.close()
    [newest, *_] = read_sessions(url)
    assert newest.exercises()[0]["camera_reps"] == 1


@pytest.mark.parametrize("faults", [(), ("a",), ("b", "a")])
def test_fault_codes_survive_the_round_trip_through_the_row(store, faults) -> None:  # noqa: ANN001
    rep = RepRecord("cobra", None, 1, 15.0, START + timedelta(seconds=20), True, 14.0, faults)
    store.sessions.add(SessionRecord(0, START, START + timedelta(minutes=1), "completed", None, None, (rep,)))
    [record] = store.sessions.all()
    assert record.reps == (rep,)
