"""Backups and restore on real SQLite files: the rolling start-up backup, `callcoach backup`
and `restore`, and every kind of bad file restore is given."""

from __future__ import annotations

import sqlite3
import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from coach import backup
from coach.errors import CoachError
from coach.models import Application
from coach.store import DB_NAME, SCHEMA_VERSION, Store


def add_app(store, company="Northwind") -> Application:
    from datetime import date

    return store.add_application(Application(company=company, role="Analyst",
                                             date_sent=date(2026, 11, 2)))


def companies(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT company FROM applications ORDER BY id")]
    finally:
        conn.close()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_backup_is_a_private_self_contained_copy(store, data_dir):
    add_app(store)
    made = backup.backup_now(data_dir, store.conn)
    assert made.parent == data_dir / "backups"
    assert mode(made) == 0o600 and mode(made.parent) == 0o700
    assert not list(made.parent.glob(".*"))  # the temporary file became the backup
    assert not Path(f"{made}-wal").exists()
    with open(made, "rb") as f:  # rollback journal, not WAL: no companion files needed
        assert f.read(20)[18:20] == b"\x01\x01"
    assert companies(made) == ["Northwind"]


def test_the_start_up_backup_is_daily_and_keeps_the_newest_ten(store, data_dir):
    day = datetime(2026, 11, 1, 9, 0)
    assert backup.auto_backup(data_dir, store.conn, now=day) is None  # nothing to keep yet
    add_app(store)
    first = backup.auto_backup(data_dir, store.conn, now=day)
    assert first is not None
    assert backup.auto_backup(data_dir, store.conn, now=day + timedelta(hours=5)) is None
    kept_aside = backup.backup_now(data_dir, store.conn, tag=backup.BEFORE_RESTORE, now=day)
    made = [backup.auto_backup(data_dir, store.conn, now=day + timedelta(days=n))
            for n in range(1, 13)]
    names = {p.name for p in backup.list_backups(data_dir)}
    assert {p.name for p in made[-10:]} <= names
    assert first.name not in names and made[0].name not in names and made[1].name not in names
    assert kept_aside.name in names  # a copy kept by a restore is never pruned
    assert len(names) == 11


def test_cli_backup_to_a_file_and_a_folder(cli, store, tmp_path):
    add_app(store, "Zoë & Co")
    out = tmp_path / "mine.sqlite3"
    r = cli("backup", "--out", str(out))
    assert r.code == 0 and str(out) in r.out
    assert companies(out) == ["Zoë & Co"] and mode(out) == 0o600
    r = cli("backup", "--out", str(tmp_path), "--json")
    made = Path(r.json()["path"])
    assert made.parent == tmp_path and r.json()["applications"] == 1
    r = cli("backup", "--out", str(store.path))
    assert r.code == 2 and "is your database itself" in r.err
    assert companies(store.path) == ["Zoë & Co"]
    r = cli("backup", "--out", str(tmp_path / "nowhere" / "x.sqlite3"))
    assert r.code == 2 and "there is no folder" in r.err and "Traceback" not in r.err
    assert cli("backup", "--list").out == "No backups yet.\n"  # --out is not the folder
    made = Path(cli("backup", "--json").json()["path"])
    assert cli("backup", "--list", "--json").json()[0]["path"] == str(made)


def test_restore_puts_a_backup_back_and_keeps_the_current_data(cli, store, data_dir):
    add_app(store, "Before")
    made = Path(cli("backup", "--json").json()["path"])
    add_app(store, "After the backup")
    store.close()
    r = cli("restore", str(made), "--json")
    assert r.code == 0, r.err
    previous = Path(r.json()["previous"])
    assert companies(data_dir / DB_NAME) == ["Before"]
    assert companies(previous) == ["Before", "After the backup"]  # nothing is lost
    assert backup.BEFORE_RESTORE in previous.name and mode(previous) == 0o600
    assert mode(data_dir / DB_NAME) == 0o600
    r = cli("restore", str(previous))  # and the undo the message offers works
    assert r.code == 0 and "to undo: callcoach" in r.out
    reopened = Store.open(data_dir)
    try:
        assert [a.company for a in reopened.list_applications()] == ["After the backup",
                                                                      "Before"]
    finally:
        reopened.close()


def test_restore_after_a_crash_left_writes_in_the_wal(cli, tmp_path, data_dir):
    """A -wal left by a killed app belongs to the old database: it must be kept with it,
    never replayed onto the restored file."""
    import shutil

    data_dir.mkdir()
    store = Store.open(data_dir)
    add_app(store, "Old")
    made = backup.backup_now(data_dir, store.conn, tmp_path / "old.sqlite3")
    store.conn.execute("PRAGMA wal_autocheckpoint = 0")  # keep the next write in the WAL
    add_app(store, "Only in the WAL")
    crashed = tmp_path / "crashed"  # what a SIGKILL leaves: the file and its -wal
    crashed.mkdir()
    for name in (DB_NAME, f"{DB_NAME}-wal"):
        shutil.copy(data_dir / name, crashed / name)
    store.close()
    assert (crashed / f"{DB_NAME}-wal").stat().st_size > 0
    r = cli("--data-dir", str(crashed), "restore", str(made), "--json")
    assert r.code == 0, r.err
    assert not (crashed / f"{DB_NAME}-wal").exists()
    assert companies(crashed / DB_NAME) == ["Old"]
    assert companies(Path(r.json()["previous"])) == ["Old", "Only in the WAL"]


def corrupt(path: Path) -> None:
    """Overwrite the applications table's root page with bytes no b-tree page can hold."""
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'applications'"
                        ).fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(path, "r+b") as f:
        f.seek((root - 1) * size)
        f.write(b"\x42" * 64)


@pytest.fixture
def good_backup(tmp_path, store, data_dir) -> Path:
    add_app(store)
    return backup.backup_now(data_dir, store.conn, tmp_path / "good.sqlite3")


def test_restore_refuses_bad_files_and_changes_nothing(cli, good_backup, tmp_path, data_dir):
    text = tmp_path / "notes.txt"
    text.write_text("not a database", encoding="utf-8")
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(good_backup.read_bytes())
    corrupt(damaged)
    newer = tmp_path / "newer.sqlite3"
    newer.write_bytes(good_backup.read_bytes())
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    before = (data_dir / DB_NAME).read_bytes()
    cases = {tmp_path / "missing.sqlite3": "doesn't exist",
             text: "it isn't an SQLite database",
             damaged: "is damaged",
             newer: f"made by a newer Call Coach (schema {SCHEMA_VERSION + 1}",
             other: "not a Call Coach one",
             tmp_path: "is a folder"}
    for path, says in cases.items():
        r = cli("restore", str(path))
        assert r.code == 2, path
        assert says in r.err and r.err.count("\n") == 1 and "Traceback" not in r.err
    assert (data_dir / DB_NAME).read_bytes() == before
    assert not (data_dir / "backups").exists()  # nothing was kept aside: nothing changed


def test_a_damaged_database_is_set_aside_and_the_last_good_backup_named(cli, store,
                                                                        data_dir):
    add_app(store, "Kept safe")
    older = backup.auto_backup(data_dir, store.conn, now=datetime(2026, 11, 1))
    newest = backup.auto_backup(data_dir, store.conn, now=datetime(2026, 11, 2))
    corrupt(newest)  # a damaged backup is skipped: the older one is the last good one
    store.close()
    db = data_dir / DB_NAME
    corrupt(db)
    damaged_bytes = db.read_bytes()
    r = cli("apps", "list")
    assert r.code == 2 and r.err.count("\n") == 1 and "Traceback" not in r.err
    kept = next(data_dir.glob(f"{DB_NAME}.corrupt-*"))
    assert kept.read_bytes() == damaged_bytes  # moved aside whole, not replaced
    assert str(kept) in r.err and f"restore {older}" in r.err
    assert not db.exists()
    assert cli("restore", str(older)).code == 0
    assert "Kept safe" in cli("apps", "list").out


def test_a_file_that_is_not_a_database_is_set_aside_too(cli, data_dir):
    data_dir.mkdir()
    db = data_dir / DB_NAME
    db.write_bytes(b"this is not SQLite at all" * 100)
    with pytest.raises(backup.DamagedDatabase) as caught:
        Store.open(data_dir)
    assert caught.value.kept is not None and caught.value.backup is None
    assert caught.value.kept.read_bytes() == b"this is not SQLite at all" * 100
    assert "there is no backup to restore" in str(caught.value)
    assert isinstance(caught.value, CoachError)
    Store.open(data_dir).close()  # the next start is empty, beside the kept file
    assert caught.value.kept.exists()
