"""Automatic backups (daily, kept 7; before a migration), restore's choices, and PostgreSQL's plain refusal."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from builders import FakeNow, add_all, session
from psoas.errors import Refused
from psoas.store import open_store
from psoas.store.backup import backup_now, backups, daily_backup, restore, taken_at
from psoas.store.database import MIGRATIONS, head_revision, open_database, revision_chain

NOON = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)  # noon UTC: the same calendar day in every time zone near UTC


def _revision(db: Path) -> str:
    with closing(sqlite3.connect(db)) as connection:
        return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def _sessions(db: Path) -> int:
    with closing(sqlite3.connect(db)) as connection:
        return connection.execute("SELECT count(*) FROM sessions").fetchone()[0]


def test_the_head_revision_read_from_the_files_is_alembics() -> None:
    """The fast path compares against revision_chain(); it must agree with Alembic itself."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    assert head_revision() == script.get_current_head()
    assert list(revision_chain()) == [r.revision for r in reversed(list(script.walk_revisions()))]


def test_one_daily_backup_per_day_and_the_last_seven_kept(tmp_path) -> None:
    db = tmp_path / "psoas.db"
    clock = FakeNow(NOON)
    open_store(f"sqlite:///{db}", now=clock).close()
    assert backups(db) == []  # a brand-new store: nothing to keep yet
    for _day in range(10):
        open_store(f"sqlite:///{db}", now=clock).close()
        clock.tick(hours=3)
        open_store(f"sqlite:///{db}", now=clock).close()  # later the same day: no second backup
        clock.tick(hours=21)
    daily = backups(db, "daily")
    assert len(daily) == 7
    assert [taken_at(b) for b in daily] == [NOON + timedelta(days=d) for d in range(9, 2, -1)]
    assert [p.name for p in daily] == sorted((p.name for p in daily), reverse=True)  # names sort by time


def test_a_daily_backup_is_a_whole_checked_copy_made_through_sqlite(tmp_path) -> None:
    db = tmp_path / "psoas.db"
    store = open_store(f"sqlite:///{db}", now=FakeNow(NOON))
    add_all(store, [session(day) for day in range(4)])
    made = daily_backup(db, FakeNow(NOON + timedelta(days=1)))
    assert made is not None and made.parent == tmp_path / "backups"
    assert _sessions(made) == 4 and _revision(made) == head_revision()
    assert daily_backup(db, FakeNow(NOON + timedelta(days=1, hours=1))) is None
    store.close()


def test_a_damaged_database_is_not_backed_up(tmp_path) -> None:
    db = tmp_path / "psoas.db"
    store = open_store(f"sqlite:///{db}", now=FakeNow(NOON))
    add_all(store, [session(day) for day in range(30)])
    store.close()
    with closing(sqlite3.connect(db)) as connection:
        page = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'reps'").fetchone()[0]
    with db.open("r+b") as handle:
        handle.seek((page - 1) * 4096)
        handle.write(b"\x00\x01" * 2048)
    with pytest.raises(Refused, match="is damaged"):
        daily_backup(db, FakeNow(NOON + timedelta(days=1)))
    with pytest.raises(Refused, match="is damaged"):
        backup_now(db, FakeNow(NOON + timedelta(days=1)))
    assert list((tmp_path / "backups").iterdir()) == []  # no half or damaged copy left behind


def _migrations_with_a_new_revision(folder: Path) -> Path:
    """The real migrations plus a revision 9000 that adds a column: a newer psoas's schema."""
    copy = folder / "migrations"
    shutil.copytree(MIGRATIONS, copy, ignore=shutil.ignore_patterns("__pycache__"))
    head = head_revision()
    (copy / "versions" / "9000_test_column.py").write_text(
        '"""Test: a new column."""\n\nimport sqlalchemy as sa\nfrom alembic import op\n\n'
        f'revision = "9000"\ndown_revision = "{head}"\nbranch_labels = None\ndepends_on = None\n\n\n'
        "def upgrade() -> None:\n"
        '    with op.batch_alter_table("settings") as batch:\n'
        '        batch.add_column(sa.Column("note", sa.Text, nullable=True))\n\n\n'
        "def downgrade() -> None:\n"
        '    with op.batch_alter_table("settings") as batch:\n'
        '        batch.drop_column("note")\n'
    )
    return copy


def test_a_backup_is_made_before_every_schema_migration(tmp_path) -> None:
    db = tmp_path / "psoas.db"
    store = open_store(f"sqlite:///{db}", now=FakeNow(NOON))
    add_all(store, [session(day) for day in range(2)])
    store.close()
    migrations = _migrations_with_a_new_revision(tmp_path)
    assert revision_chain(migrations)[-1] == "9000"

    engine = open_database(f"sqlite:///{db}", now=FakeNow(NOON), migrations=migrations)
    engine.dispose()
    [before] = backups(db, "before-migration-to-9000")
    assert _revision(before) == head_revision() and _sessions(before) == 2  # the schema as it was
    assert _revision(db) == "9000" and _sessions(db) == 2
    # Current now: opening again migrates nothing and makes no second pre-migration backup.
    engine = open_database(f"sqlite:///{db}", now=FakeNow(NOON), migrations=migrations)
    engine.dispose()
    assert len(backups(db, "before-migration-to-9000")) == 1
    # And this psoas (which knows only up to the old head) names the newer schema plainly.
    with pytest.raises(Refused, match="written by a newer psoas .schema revision 9000"):
        open_store(f"sqlite:///{db}", now=FakeNow(NOON))


def test_restore_takes_the_newest_good_backup_and_moves_the_old_file_and_its_journal_aside(tmp_path) -> None:
    db = tmp_path / "psoas.db"
    store = open_store(f"sqlite:///{db}", now=FakeNow(NOON))
    add_all(store, [session(0)])
    good = backup_now(db, FakeNow(NOON))
    add_all(store, [session(1)])
    store.close()
    newer = backup_now(db, FakeNow(NOON + timedelta(hours=1)))
    newer.write_bytes(b"scrambled")  # the newest backup itself is damaged
    journal = Path(f"{db}-journal")
    journal.write_bytes(b"a journal left by a crash belongs to the old file")

    done = restore(db, FakeNow(NOON + timedelta(hours=2)))
    assert done.source == good and [path for path, _ in done.skipped] == [newer]
    assert done.moved_aside == tmp_path / "psoas-replaced-20260504-140000Z.db"
    assert not journal.exists() and Path(f"{done.moved_aside}-journal").exists()
    assert _sessions(done.moved_aside) == 2 and _sessions(db) == 1


def test_postgresql_gets_no_automatic_backups_and_backup_says_it_is_the_servers_job(
    postgres_url, psoas_home, run_cli, monkeypatch
) -> None:
    monkeypatch.setenv("PSOAS_DATABASE_URL", postgres_url)
    for day in range(2):  # two days of opening: no daily backup anywhere
        store = open_store(now=FakeNow(NOON + timedelta(days=day)))
        assert store.engine.dialect.name == "postgresql"
        store.sessions.all()
        store.close()
    assert not psoas_home.exists()
    for command in (("backup",), ("backup", "--out", str(psoas_home.parent / "x.db")), ("restore",)):
        result = run_cli(*command)
        assert result.code == 1 and result.err.count("\n") == 1
        assert "PostgreSQL" in result.err and "pg_dump" in result.err and "server's job" in result.err
    assert not (psoas_home.parent / "x.db").exists()
