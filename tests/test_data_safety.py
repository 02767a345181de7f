"""Degraded environments and deleting everything: a data folder we may not write to, and
`callcoach forget`, checked on the real files."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from coach import backup, drafts
from coach.models import Application, Take
from coach.store import DB_NAME, Store

from .conftest import REPO

NOBODY = 65534


@contextmanager
def unprivileged():
    """Run the block as a user the folder's permissions apply to: root ignores them, so
    as root the block runs with the effective uid of `nobody` (and back afterwards)."""
    if os.name == "nt":
        pytest.skip("POSIX permissions")
    if os.geteuid() != 0:
        yield
        return
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)


@pytest.fixture
def locked_folder():
    """A data folder holding a database, then made read-only (0555) — under a parent that
    `nobody` may enter, since pytest's own temporary folders are private to root."""
    top = Path(tempfile.mkdtemp(prefix="callcoach-ro-"))
    os.chmod(top, 0o755)
    folder = top / "data"
    folder.mkdir()
    store = Store.open(folder)
    store.add_application(Application(company="Northwind", role="Analyst",
                                      date_sent=date(2026, 11, 2)))
    store.close()
    os.chmod(folder / DB_NAME, 0o644)
    os.chmod(folder, 0o555)
    yield folder
    os.chmod(folder, 0o755)
    import shutil

    shutil.rmtree(top)


def test_a_read_only_data_folder_is_one_clear_line(locked_folder, capsys):
    from coach.cli import main

    before = (locked_folder / DB_NAME).read_bytes()
    with unprivileged():
        code = main(["--data-dir", str(locked_folder), "apps", "list"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert err.startswith(f"callcoach: error: Call Coach can't write to its data folder "
                          f"{locked_folder} (Permission denied)")
    assert "Traceback" not in err
    assert (locked_folder / DB_NAME).read_bytes() == before
    assert sorted(p.name for p in locked_folder.iterdir()) == [DB_NAME]


def test_a_data_folder_that_cannot_be_created(locked_folder, capsys):
    from coach.cli import main

    with unprivileged():
        code = main(["--data-dir", str(locked_folder / "new"), "apps", "list"])
    err = capsys.readouterr().err
    assert code == 2 and "can't create its data folder" in err and err.count("\n") == 1


@pytest.fixture
def full_folder(store, data_dir, tmp_path):
    """A data folder with everything Call Coach keeps: data, a recording, a template, a
    backup, a damaged copy; and a file of the user's own that is not ours."""
    app = store.add_application(Application(company="Northwind", role="Analyst",
                                            date_sent=date(2026, 11, 2)))
    takes = data_dir / "takes"
    takes.mkdir()
    wav = takes / f"app{app.id}-20261102-101500.wav"
    wav.write_bytes(b"RIFF....WAVE")
    store.add_take(Take(app.id, str(wav), None))
    (data_dir / "templates").mkdir()
    (data_dir / "templates" / "mine.toml").write_text('id = "mine"\n', encoding="utf-8")
    backup.backup_now(data_dir, store.conn)
    (data_dir / f"{DB_NAME}.corrupt-20261101-090000").write_bytes(b"old damage")
    (data_dir / "my-notes.txt").write_text("not Call Coach's", encoding="utf-8")
    drafts.write(data_dir, '{"company": "Contoso", "role": ""}')  # a new application, unsaved
    return data_dir


def test_forget_asks_for_yes_first(cli, full_folder):
    r = cli("forget")
    # $CALLCOACH_DATA_DIR names this folder, so the command needs no --data-dir
    assert r.code == 2 and r.err.endswith("run: callcoach forget --yes\n")
    assert (full_folder / DB_NAME).exists() and (full_folder / "takes").exists()


def test_forget_removes_everything_of_ours_and_nothing_else(cli, store, full_folder):
    store.close()
    r = cli("forget", "--yes", "--json")
    assert r.code == 0, r.err
    assert r.json() == {"database": True, "backups": 1, "recordings": 1, "templates": 1,
                        "damaged": 1, "drafts": 1}
    left = sorted(p.name for p in full_folder.iterdir())
    assert left == ["callcoach.lock", "my-notes.txt"]
    assert (full_folder / "callcoach.lock").stat().st_size == 0  # the lock holds no data
    assert "No applications yet" in cli("apps", "list").out  # and the app starts afresh


def test_forget_in_a_real_subprocess(store, full_folder):
    store.close()
    r = subprocess.run([sys.executable, "-m", "ui.launch", "--data-dir", str(full_folder),
                        "forget", "--yes"], cwd=REPO, capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("Deleted the database, 1 backup(s), 1 recording(s), "
                               "1 template(s), 1 damaged database file(s), an unsaved draft")
    assert not (full_folder / DB_NAME).exists()
    assert not (full_folder / "backups").exists() and not (full_folder / "takes").exists()
