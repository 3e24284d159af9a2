"""A damaged database is named in plain words, kept aside by `psoas restore`, and put back from a backup."""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from builders import add_all, session

SESSIONS = 3


def _plain_one_line(err: str) -> None:
    assert err.count("\n") == 1, err
    for leak in ("internal error", "please report", "SELECT", "PRAGMA", "[SQL", "http", "Traceback"):
        assert leak not in err, err


def _page_of(db: Path, table: str) -> tuple[int, int]:
    """(page number, page size) of a table's root page."""
    with closing(sqlite3.connect(db)) as connection:
        page = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
        size = connection.execute("PRAGMA page_size").fetchone()[0]
    return page, size


def random_bytes(db: Path) -> None:
    db.write_bytes(random.Random(8).randbytes(db.stat().st_size))


def truncated(db: Path) -> None:
    with db.open("r+b") as handle:
        handle.truncate(db.stat().st_size // 2)


def page_corrupted(db: Path) -> None:
    for table in ("sessions", "reps"):
        page, size = _page_of(db, table)
        with db.open("r+b") as handle:
            handle.seek((page - 1) * size)
            handle.write(b"\xff" * size)


def from_a_newer_psoas(db: Path) -> None:
    with closing(sqlite3.connect(db)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")


DAMAGE = {
    "random bytes": (random_bytes, "is damaged: its contents are not an SQLite database"),
    "truncated": (truncated, "is damaged: the file is cut short"),
    "page corrupted": (page_corrupted, "is damaged (SQLite says: database disk image is malformed)"),
    "newer psoas": (from_a_newer_psoas, "was written by a newer psoas (schema revision 9999_from_the_future"),
}


@pytest.fixture
def db_with_backup(psoas_home, store, run_cli) -> Path:  # noqa: ANN001
    """A store with three sessions; one command has run on it, which made today's backup."""
    add_all(store, [session(day) for day in range(SESSIONS)])
    assert len(json.loads(run_cli("history", "--json").out)) == SESSIONS
    assert len(list((psoas_home / "backups").glob("psoas-*-daily.db"))) == 1
    return psoas_home / "psoas.db"


@pytest.mark.parametrize("case", DAMAGE)
def test_a_damaged_database_is_named_kept_aside_and_restored(case, db_with_backup, psoas_home, run_cli) -> None:
    damage, message = DAMAGE[case]
    damage(db_with_backup)
    damaged_bytes = db_with_backup.read_bytes()

    for command in (("history", "--json"), ("plan", "--json")):
        result = run_cli(*command)
        assert result.code == 1, result
        assert str(db_with_backup) in result.err and message in result.err
        _plain_one_line(result.err)
    if case == "newer psoas":
        assert "upgrade psoas" in result.err
    else:
        assert "psoas restore" in result.err
    assert db_with_backup.read_bytes() == damaged_bytes  # nothing was written to it

    restored = run_cli("restore")
    assert restored.code == 0, restored.err
    [aside] = psoas_home.glob("psoas-replaced-*.db")
    assert f"moved to {aside}" in restored.out
    assert aside.read_bytes() == damaged_bytes  # kept as it was, not deleted
    assert len(json.loads(run_cli("history", "--json").out)) == SESSIONS


def test_an_empty_file_with_backups_is_not_taken_for_a_new_store(db_with_backup, run_cli) -> None:
    db_with_backup.write_bytes(b"")
    result = run_cli("history", "--json")
    assert result.code == 1 and "is empty (0 bytes)" in result.err and "psoas restore" in result.err
    _plain_one_line(result.err)
    assert run_cli("restore").code == 0
    assert len(json.loads(run_cli("history", "--json").out)) == SESSIONS


def test_damage_without_any_backup_says_how_to_start_afresh(psoas_home, store, run_cli) -> None:
    random_bytes(psoas_home / "psoas.db")
    result = run_cli("history", "--json")
    assert result.code == 1 and "there is no backup in" in result.err and "move the file away" in result.err
    _plain_one_line(result.err)
    nothing = run_cli("restore")
    assert nothing.code == 1 and "no good backup" in nothing.err
    _plain_one_line(nothing.err)


def test_psoas_home_pointing_at_a_file(tmp_path, run_cli, monkeypatch) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("my notes\n")
    monkeypatch.setenv("PSOAS_HOME", str(a_file))
    for command in (("history", "--json"), ("backup",), ("restore",)):
        result = run_cli(*command)
        assert result.code == 1 and f"{a_file} is a file, not a folder" in result.err and "PSOAS_HOME" in result.err
        _plain_one_line(result.err)
    assert a_file.read_text() == "my notes\n"


DROP_ROOT_OVERRIDE = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]


def _unprivileged() -> list[str]:
    """A command prefix under which permission bits apply. As root they do not stop writes, so root
    runs psoas without the capabilities that bypass them (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root, where permission bits do not stop writes, and setpriv is not installed")
    if subprocess.run([*DROP_ROOT_OVERRIDE, "true"], capture_output=True).returncode != 0:
        pytest.skip("running as root, where permission bits do not stop writes, and setpriv cannot drop that")
    return DROP_ROOT_OVERRIDE


def _psoas_as_user(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PSOAS_HOME": str(home)}
    env.pop("PSOAS_DATABASE_URL", None)
    command = [*_unprivileged(), sys.executable, "-m", "psoas", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.parametrize("read_only", ["folder", "database file"])
def test_no_write_permission_is_named(read_only, db_with_backup, psoas_home) -> None:
    target = psoas_home if read_only == "folder" else db_with_backup
    before = db_with_backup.read_bytes()
    target.chmod(0o555 if read_only == "folder" else 0o444)
    try:
        result = _psoas_as_user(psoas_home, "history", "--json")
    finally:
        target.chmod(0o755 if read_only == "folder" else 0o644)
    assert result.returncode == 1, result.stderr
    _plain_one_line(result.stderr)
    if read_only == "folder":
        assert f"cannot write in {psoas_home}" in result.stderr and "chmod u+w" in result.stderr
    else:
        assert f"{db_with_backup} is read-only" in result.stderr and "chmod u+w" in result.stderr
    assert db_with_backup.read_bytes() == before
    assert json.loads(_psoas_as_user(psoas_home, "history", "--json").stdout)  # writable again: works


def test_restoring_a_file_that_is_not_a_good_backup_changes_nothing(db_with_backup, psoas_home, run_cli, tmp_path):
    not_a_db = tmp_path / "photo.jpg"
    not_a_db.write_bytes(b"\xff\xd8\xff\xe0 not a database")
    damaged = tmp_path / "damaged.db"
    shutil.copy(next((psoas_home / "backups").glob("*.db")), damaged)
    page_corrupted(damaged)
    newer = tmp_path / "newer.db"
    shutil.copy(next((psoas_home / "backups").glob("*.db")), newer)
    from_a_newer_psoas(newer)
    before = sorted(p.name for p in psoas_home.rglob("*")), db_with_backup.read_bytes()
    for file, why in [
        (not_a_db, "its contents are not an SQLite database"),
        (damaged, "it is damaged"),
        (newer, "it was written by a newer psoas"),
        (tmp_path / "missing.db", "there is no such file"),
    ]:
        result = run_cli("restore", str(file))
        assert result.code == 2 and f"{file} cannot be restored: {why}" in result.err, result.err
        assert "nothing was changed" in result.err
        _plain_one_line(result.err)
        assert (sorted(p.name for p in psoas_home.rglob("*")), db_with_backup.read_bytes()) == before


def test_backup_out_then_restore_that_file(db_with_backup, store, run_cli, tmp_path) -> None:
    out = tmp_path / "my-backup.db"
    made = run_cli("backup", "--out", str(out))
    assert made.code == 0 and str(out) in made.out
    again = run_cli("backup", "--out", str(out))
    assert again.code == 2 and "already exists" in again.err
    _plain_one_line(again.err)
    first = run_cli("backup")
    assert first.code == 0 and "backups/psoas-" in first.out and first.out.strip().endswith("-manual.db")

    add_all(store, [session(SESSIONS + 1)])  # a session after the backup, undone by the restore
    assert len(json.loads(run_cli("history", "--json").out)) == SESSIONS + 1
    restored = run_cli("restore", str(out))
    assert restored.code == 0, restored.err
    assert f"from {out}" in restored.out and "moved to" in restored.out
    assert len(json.loads(run_cli("history", "--json").out)) == SESSIONS
    assert out.exists()  # the backup itself stays


def test_restore_with_no_database_yet_puts_the_backup_in_place(db_with_backup, psoas_home, run_cli, tmp_path):
    out = tmp_path / "copy.db"
    assert run_cli("backup", "--out", str(out)).code == 0
    elsewhere = tmp_path / "new-home"
    os.environ["PSOAS_HOME"] = str(elsewhere)  # reset by the psoas_home fixture's monkeypatch
    result = run_cli("restore", str(out))
    assert result.code == 0 and "There was no database there before" in result.out
    assert len(json.loads(run_cli("history", "--json").out)) == SESSIONS


def test_another_programs_sqlite_file_is_not_taken_over(psoas_home, run_cli) -> None:
    psoas_home.mkdir()
    with closing(sqlite3.connect(psoas_home / "psoas.db")) as connection, connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
    result = run_cli("history", "--json")
    assert result.code == 1 and "not psoas's (tables recipes" in result.err
    _plain_one_line(result.err)
    with closing(sqlite3.connect(psoas_home / "psoas.db")) as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    assert tables == ["recipes"]  # no psoas tables were added to it


def test_an_unreachable_postgresql_server_is_one_line_without_the_password(run_cli, monkeypatch) -> None:
    monkeypatch.setenv("PSOAS_DATABASE_URL", "postgresql+psycopg://me:secret@127.0.0.1:1/psoas?connect_timeout=5")
    result = run_cli("history", "--json")
    assert result.code == 1 and "cannot open the database at" in result.err and "PSOAS_DATABASE_URL" in result.err
    _plain_one_line(result.err)
    assert "secret" not in result.err
