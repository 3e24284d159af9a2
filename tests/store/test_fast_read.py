"""The sqlite3 read path of an up-to-date store (store/fast_read.py) gives what SQLAlchemy's gives,
byte for byte in every history output, and hands every other case to SQLAlchemy's path."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from builders import DOSES, START, FakeNow, session
from psoas.errors import Refused
from psoas.store import RepRecord, SessionRecord, read_sessions
from psoas.store.backup import backups
from psoas.store.database import head_revision, sqlite_file
from psoas.store.fast_read import plain_sqlite_path, read_current_sqlite

KNEELING = {"kneeling_hip_stretch": DOSES["kneeling_hip_stretch"]}
STATUSES = ("completed", "completed", "completed", "stopped", "hurt")


def varied_history(store, clock: FakeNow, count: int = 120, seed: int = 3) -> None:  # noqa: ANN001
    """Sessions of every kind the store holds: written rep by rep as `psoas start` writes them, and
    whole as `psoas import` does; completed, stopped, hurt, stopped before the first rep, one side of
    the kneeling stretch only, with and without pain answers, plans shared, distinct, empty and
    absent, an open end, two sessions starting at the same instant, times with microseconds and
    given in another time zone; reps the camera confirmed (with and without faults, its hold a
    whole number or not) beside reps it did not."""
    rng = random.Random(seed)
    for day in range(count):
        exercises = rng.choice((DOSES, KNEELING, {"cobra": DOSES["cobra"]}))
        record = session(
            day,
            pain_before=rng.choice((None, 0, 3, 7, 10)),
            pain_after=rng.choice((None, 0, 2, 6)),
            status=rng.choice(STATUSES),
            exercises=exercises,
            start=START + timedelta(microseconds=rng.randrange(10**6)),
            reps_done=rng.choice((None, None, 0, 1, 3, 4)),
        )
        plan = rng.choice((record.plan, record.plan, None, {}, {"doses": {}, "note": f"day {day}"}))
        reps = record.reps
        if day % 3 == 0:  # a camera session: some reps confirmed, some with faults
            reps = tuple(
                r._replace(camera=True, camera_hold_s=rng.choice((4, r.hold_s - 0.25)),
                        faults=rng.choice(((), ("hips_sag",), ("knee_past_toe", "trunk_lean"))))
                if rng.random() < 0.7 else r
                for r in reps
            )  # fmt: skip
        store.sessions.add(SessionRecord(0, record.started_at, record.ended_at, record.status, record.pain_before,
                                         record.pain_after, reps, plan))  # fmt: skip
    twin = session(count, 4, 3, start=START)
    store.sessions.add(twin)
    store.sessions.add(twin)  # the same start: ordered by id
    open_end = START + timedelta(days=count + 1)
    store.sessions.add(SessionRecord(0, open_end, None, "stopped", None, None, ()))
    elsewhere = (START + timedelta(days=count + 2)).astimezone(timezone(timedelta(hours=5, minutes=30)))
    rep = RepRecord("cobra", None, 1, 15.25, elsewhere + timedelta(seconds=20))
    store.sessions.add(SessionRecord(0, elsewhere, elsewhere + timedelta(minutes=1), "completed", 2, 1, (rep,)))
    # As `psoas start` writes: begin, rep by rep (each committed), end; one stopped before any rep.
    clock.now = START + timedelta(days=count + 3, microseconds=123456)
    live = store.sessions.begin(pain_before=5, plan={"doses": {"kneeling_hip_stretch": {"reps": 2}}})
    for side in ("left", "right"):
        for number in (1, 2):
            clock.tick(seconds=17.5)
            store.sessions.record_rep(live, "kneeling_hip_stretch", side, number, 10.0)
            if number == 2:  # the camera saw the second rep of each side
                store.sessions.record_camera(live, "kneeling_hip_stretch", side, number, 9.75, ("trunk_lean",))
    store.sessions.end(live, "completed")
    store.sessions.set_pain_after(live, 4)
    clock.tick(hours=2)
    store.sessions.begin(pain_before=8)  # killed before the first rep: stays "stopped"


@pytest.fixture
def varied(store, fake_now, psoas_home) -> Path:  # noqa: ANN001
    varied_history(store, fake_now)
    return psoas_home / "psoas.db"


@pytest.fixture
def slow_path(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """While active, every read goes through SQLAlchemy, as before store/fast_read.py."""
    monkeypatch.setattr("psoas.store.fast_read.read_current_sqlite", lambda url, now: None)
    yield
    monkeypatch.undo()


def test_the_records_are_the_repositorys(varied, store) -> None:
    fast = read_current_sqlite(f"sqlite:///{varied}", None)
    assert fast is not None  # the fast path did read this store
    slow = store.sessions.all_rows()  # through SQLAlchemy (all() itself reads this file with sqlite3)
    assert len(fast) == len(slow) == 126
    assert fast == slow
    assert [s.plan for s in fast] == [s.plan for s in slow]  # plan is left out of the records' ==
    for a, b in zip(fast, slow, strict=True):  # the same types too (== would let 15 pass for 15.0)
        assert [type(getattr(a, f)) for f in vars(a)] == [type(getattr(b, f)) for f in vars(b)]
        assert [tuple(map(type, r)) for r in a.reps] == [tuple(map(type, r)) for r in b.reps]
    kinds = {(s.status, bool(s.reps)) for s in fast}
    assert {("completed", True), ("stopped", False), ("hurt", False), ("stopped", True)} <= kinds
    assert any({r.side for r in s.reps} == {"left"} for s in fast)  # one side of the kneeling stretch only
    camera = [r for s in fast for r in s.reps if r.camera]
    assert camera and any(r.faults for r in camera) and any(not r.faults for r in camera)
    assert any(not r.camera for s in fast for r in s.reps)
    assert all(type(r.camera_hold_s) is float for r in camera)  # a whole number read back as a float too


HISTORY_COMMANDS = [
    ("history", "--json"),
    ("history", "--json", "--weekly"),
    ("history", "--json", "--limit", "7"),
    ("history", "--weekly", "--json", "--limit", "3"),
    ("history",),
    ("history", "--all"),
    ("history", "--weekly"),
]


@pytest.mark.parametrize("command", HISTORY_COMMANDS, ids=" ".join)
def test_history_output_is_byte_identical_to_sqlalchemys(command, varied, run_cli, monkeypatch) -> None:
    fast = run_cli(*command)
    monkeypatch.setattr("psoas.store.fast_read.read_current_sqlite", lambda url, now: None)
    slow = run_cli(*command)
    assert fast.code == slow.code == 0, (fast.err, slow.err)
    assert fast.out == slow.out and fast.err == slow.err
    assert len(fast.out) > 200


def test_a_current_store_is_read_without_sqlalchemy(varied, psoas_home, run_cli, slow_path) -> None:
    """In a fresh interpreter, as a user runs it: no SQLAlchemy, no Alembic, the same bytes."""
    expected = run_cli("history", "--json").out  # through SQLAlchemy (slow_path)
    env = {**os.environ, "PSOAS_HOME": str(psoas_home)}
    env.pop("PSOAS_DATABASE_URL", None)
    code = (
        "import sys\nfrom psoas.cli import main\n"
        "try:\n    main(['history', '--json'])\nexcept SystemExit as exit_:\n    assert not exit_.code, exit_.code\n"
        "print([m for m in ('sqlalchemy', 'alembic', 'mako') if m in sys.modules], file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "[]"
    assert result.stdout == expected


@pytest.mark.parametrize(
    "url",
    ["sqlite:///psoas.db", "sqlite:////abs/folder/psoas.db", "sqlite:///~/psoas.db", "sqlite:///a b/ü@x:1.db"],
)
def test_a_plain_sqlite_url_names_the_file_sqlalchemy_would_open(url) -> None:
    assert plain_sqlite_path(url) == sqlite_file(url)


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://postgres@/postgres?host=/run",
        "sqlite://",
        "sqlite:///:memory:",
        "sqlite:///file:psoas.db?mode=ro&uri=true",
        "sqlite:///psoas.db?timeout=30",
        "sqlite+pysqlite:///psoas.db",
        "sqlite:///caf%C3%A9.db",
    ],
)
def test_every_other_url_goes_through_sqlalchemy(url) -> None:
    assert plain_sqlite_path(url) is None
    assert read_current_sqlite(url, None) is None


def test_a_new_store_is_made_by_the_migrations(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'home' / 'psoas.db'}"
    assert read_current_sqlite(url, None) is None
    assert read_sessions(url) == []  # created through Alembic
    with closing(sqlite3.connect(tmp_path / "home" / "psoas.db")) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (head_revision(),)
    assert read_current_sqlite(url, None) == []  # now current: read here


def _sql(db: Path, statement: str) -> None:
    with closing(sqlite3.connect(db)) as connection, connection:
        connection.execute(statement)


def test_a_store_from_a_newer_psoas_is_refused_as_before(varied) -> None:
    _sql(varied, "UPDATE alembic_version SET version_num = '9999_future'")
    url = f"sqlite:///{varied}"
    assert read_current_sqlite(url, None) is None
    with pytest.raises(Refused, match="written by a newer psoas"):
        read_sessions(url)


def test_another_programs_database_is_refused_as_before(tmp_path) -> None:
    db = tmp_path / "other.db"
    _sql(db, "CREATE TABLE notes (id INTEGER)")
    assert read_current_sqlite(f"sqlite:///{db}", None) is None
    with pytest.raises(Refused, match="not psoas's"):
        read_sessions(f"sqlite:///{db}")


def test_a_damaged_page_is_left_to_sqlalchemys_plain_diagnosis(varied) -> None:
    with closing(sqlite3.connect(varied)) as connection:
        page = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'reps'").fetchone()[0]
        size = connection.execute("PRAGMA page_size").fetchone()[0]
    with varied.open("r+b") as handle:
        handle.seek((page - 1) * size)
        handle.write(b"\xff" * size)
    url = f"sqlite:///{varied}"
    assert read_current_sqlite(url, None) is None  # no raw sqlite3 error escapes
    with pytest.raises(Refused, match="is damaged"):
        read_sessions(url, now=FakeNow(START + timedelta(days=400)))


def test_the_days_backup_is_made_at_the_first_read_of_the_day(varied) -> None:
    url = f"sqlite:///{varied}"
    clock = FakeNow(START + timedelta(days=400))
    before = len(backups(varied, "daily"))
    first = read_sessions(url, now=clock)
    assert len(backups(varied, "daily")) == before + 1
    clock.tick(hours=1)
    assert read_sessions(url, now=clock) == first
    assert len(backups(varied, "daily")) == before + 1  # once a day
    clock.tick(days=1)
    read_sessions(url, now=clock)
    assert len(backups(varied, "daily")) == before + 2
    [newest, *_] = backups(varied, "daily")
    with closing(sqlite3.connect(newest)) as connection:  # a whole copy, made by SQLite
        assert connection.execute("SELECT count(*) FROM sessions").fetchone() == (len(first),)


# --- psoas remind: "done today" reads only that day's sessions ------------------------------------


@pytest.fixture
def new_york() -> Iterator[None]:
    """Local time is New York's (UTC-5 or -4), so local days and UTC days differ."""
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    yield
    if saved is None:
        os.environ.pop("TZ")
    else:
        os.environ["TZ"] = saved
    time.tzset()


def test_the_repository_reads_a_current_file_with_sqlite3(varied, store, monkeypatch) -> None:  # noqa: ANN001
    """store.sessions.all() (plan, export, report, the coach) takes the sqlite3 path on a current
    file, and gives what SQLAlchemy's path gives."""
    through_orm = store.sessions.all_rows()
    import psoas.store.fast_read as fast_read

    urls: list[str] = []
    real = fast_read.read_current_sqlite
    monkeypatch.setattr(fast_read, "read_current_sqlite", lambda url, now: urls.append(url) or real(url, now))
    assert store.sessions.all() == through_orm
    assert urls == [f"sqlite:///{varied}"]


def test_remind_done_on_reads_one_local_day(store, new_york, monkeypatch) -> None:  # noqa: ANN001
    from psoas.cli.remind_commands import routine_done_on

    march = datetime(2026, 3, 6, tzinfo=UTC)  # New York changes to summer time on 8 March 2026
    starts = [march + timedelta(hours=h) for h in (3.5, 4.99, 5.01, 30, 52, 76, 99, 100)]
    for n, began in enumerate(starts):
        record = session(0, start=began, reps_done=0 if n == 3 else None)  # one stopped before any rep
        store.sessions.add(record)
    history = store.sessions.all()

    def old_rule(day: date) -> bool:  # what remind read before: every session, kept by local date
        return any(r.reps and r.started_at.astimezone().date() == day for r in history)

    monkeypatch.setattr(store.sessions, "all", lambda: pytest.fail("remind read the whole history"))
    days = [date(2026, 3, 4) + timedelta(days=d) for d in range(8)]
    assert [routine_done_on(store, day) for day in days] == [old_rule(day) for day in days]
    assert [routine_done_on(store, day) for day in days] == [False, True, True, True, False, True, True, False]
