"""Storage: migrations on a fresh database, rep-by-rep writes, the recorder, history records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from builders import FakeNow
from psoas.config import Paths
from psoas.library import load_library
from psoas.session.engine import SessionEngine
from psoas.session.plan import plan_session
from psoas.store import open_store
from psoas.store.recorder import SessionRecorder
from psoas.store.sessions import RepRecord, SessionRecord

START = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def test_paths_from_environ(tmp_path) -> None:
    paths = Paths.from_environ({"PSOAS_HOME": str(tmp_path)})
    assert paths.home == tmp_path and paths.database_url == f"sqlite:///{tmp_path / 'psoas.db'}"
    custom = Paths.from_environ({"PSOAS_HOME": str(tmp_path), "PSOAS_DATABASE_URL": "sqlite://"})
    assert custom.database_url == "sqlite://"
    default = Paths.from_environ({})
    assert default.home.name == "psoas"


def test_fresh_database_is_migrated_to_head(tmp_path) -> None:
    store = open_store(f"sqlite:///{tmp_path}/a/b/psoas.db")
    tables = set(sa.inspect(store.engine).get_table_names())
    assert {"sessions", "reps", "screenings", "settings", "alembic_version"} <= tables
    with store.engine.connect() as connection:
        version = connection.execute(sa.text("select version_num from alembic_version")).scalar_one()
    assert version.startswith("0")
    store.close()
    # Opening again is a no-op that keeps the data.
    again = open_store(f"sqlite:///{tmp_path}/a/b/psoas.db")
    assert again.sessions.all() == []


def test_commands_started_together_on_a_new_database_all_open_it(tmp_path) -> None:
    """Four processes open the same fresh SQLite file at once: one creates the tables, the
    others wait for it instead of failing with "table already exists"."""
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path}/psoas.db"
    code = f"from psoas.store import open_store; open_store({url!r}).close()"
    procs = [subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True) for _ in range(4)]
    errors = [p.communicate()[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    assert open_store(url).sessions.all() == []


def test_a_session_is_stopped_until_it_ends_and_each_rep_is_committed(tmp_path) -> None:
    now = FakeNow(START)
    url = f"sqlite:///{tmp_path}/psoas.db"
    store = open_store(url, now=now)
    session_id = store.sessions.begin(pain_before=5, plan={"doses": {}})
    now.tick(seconds=20)
    store.sessions.record_rep(session_id, "kneeling_hip_stretch", "left", 1, 10.0)
    # Another connection (as after a crash) already sees the rep and a stopped session.
    [record] = open_store(url).sessions.all()
    assert record.status == "stopped" and record.ended_at == now()
    assert record.exercises() == [
        {
            "id": "kneeling_hip_stretch",
            "side": "left",
            "reps_done": 1,
            "hold_s_total": 10.0,
            "camera_reps": 0,
            "faults": [],
        }
    ]
    now.tick(seconds=5)
    store.sessions.end(session_id, "completed")
    store.sessions.set_pain_after(session_id, 3)
    record = store.sessions.get(session_id)
    assert (record.status, record.pain_before, record.pain_after) == ("completed", 5, 3)
    assert record.to_json()["ended_at"] == "2026-11-02T08:00:25+00:00"


def test_recorder_writes_the_engine_events(tmp_path, clock) -> None:
    store = open_store(f"sqlite:///{tmp_path}/psoas.db")
    session_id = store.sessions.begin()
    recorder = SessionRecorder(store.sessions, session_id)
    engine = SessionEngine(plan_session(load_library()), clock)
    for event in engine.start():
        recorder(event)
    while engine.state != "ended":
        clock.tick(1)
        for event in engine.poll():
            recorder(event)
    record = store.sessions.get(session_id)
    assert record.status == "completed"
    assert sum(e["reps_done"] for e in record.exercises()) == sum(
        e.dose.reps * (2 if e.dose.per_side else 1) for e in load_library()
    )


def test_history_is_newest_first_and_add_keeps_everything(tmp_path) -> None:
    store = open_store(f"sqlite:///{tmp_path}/psoas.db")
    day = datetime(2026, 10, 1, 7, tzinfo=UTC)
    for n in range(3):
        start = day + timedelta(days=n)
        store.sessions.add(
            SessionRecord(
                id=0,
                started_at=start,
                ended_at=start + timedelta(minutes=5),
                status="completed",
                pain_before=n,
                pain_after=n,
                reps=(RepRecord("cobra", None, 1, 15.0, start),),
            )
        )
    sessions = store.sessions.all()
    assert [s.pain_before for s in sessions] == [2, 1, 0]
    assert sessions[0].reps[0].completed_at == day + timedelta(days=2)


def test_postgresql_runs_the_same_migrations_and_repository(postgres_url) -> None:
    """PSOAS_DATABASE_URL may name PostgreSQL (a clinic): same schema, same records."""
    now = FakeNow(START)
    store = open_store(postgres_url, now=now)
    assert {"sessions", "reps", "screenings", "settings"} <= set(sa.inspect(store.engine).get_table_names())
    session_id = store.sessions.begin(pain_before=4)
    now.tick(seconds=30)
    store.sessions.record_rep(session_id, "cobra", None, 1, 15.0)
    store.sessions.end(session_id, "completed")
    record = store.sessions.get(session_id)
    assert record.status == "completed" and record.started_at == datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
    assert record.exercises() == [
        {"id": "cobra", "side": None, "reps_done": 1, "hold_s_total": 15.0, "camera_reps": 0, "faults": []}
    ]
    store.close()
