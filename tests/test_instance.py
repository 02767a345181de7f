"""One owner of the database: a real second process holds the lock, and what may and may
not run beside it; a killed owner leaves no stale lock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from coach import instance

from .conftest import REPO

HOLDER = """
import sys
from pathlib import Path
from coach.instance import InstanceLock
lock = InstanceLock(Path(sys.argv[1]))
print("locked" if lock.acquire() else "refused", flush=True)
sys.stdin.read()  # hold it until the test closes our stdin (or kills us)
"""


@pytest.fixture
def holder(data_dir):
    """Another process that owns the data folder, like an open window."""
    data_dir.mkdir(exist_ok=True)
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(data_dir)], cwd=REPO,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    yield proc
    if proc.poll() is None:
        proc.stdin.close()
        proc.wait(timeout=10)


def test_a_second_owner_is_refused_while_the_first_lives(holder, data_dir):
    lock = instance.InstanceLock(data_dir)
    assert not lock.acquire()
    with pytest.raises(instance.AlreadyOpen, match="Call Coach is already open"):
        instance.exclusive(data_dir, "restore")
    holder.stdin.close()  # the first one quits normally
    holder.wait(timeout=10)
    assert lock.acquire()
    lock.release()


def test_a_killed_owner_leaves_no_stale_lock(holder, data_dir):
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(timeout=10)
    assert (data_dir / instance.LOCK_NAME).exists()  # the file stays; the lock went with it
    with instance.InstanceLock(data_dir) as lock:
        assert lock.acquire()


def test_one_process_holds_it_once(data_dir):
    data_dir.mkdir()
    first, second = instance.InstanceLock(data_dir), instance.InstanceLock(data_dir)
    assert first.acquire()
    try:
        assert not second.acquire()
        assert instance.held_here(data_dir)
        with instance.exclusive(data_dir, "restore") as inner:  # the window's own restore
            assert not inner.held
        assert instance.held_here(data_dir)  # leaving that block did not drop the window's
    finally:
        first.release()
    assert not instance.held_here(data_dir)


def test_the_cli_beside_an_open_window(holder, cli, data_dir, tmp_path):
    assert cli("apps", "add", "--company", "Northwind", "--role", "Analyst",
               "--sent", "2026-11-02").code == 0
    assert "Northwind" in cli("apps", "list").out  # reading and writing work beside it
    r = cli("backup", "--json")
    assert r.code == 0 and Path(r.json()["path"]).is_file()
    made = r.json()["path"]
    for args in (("restore", made), ("forget", "--yes")):
        r = cli(*args)
        assert r.code == 2 and "Call Coach is already open" in r.err, args
        assert r.err.count("\n") == 1
    assert "Northwind" in cli("apps", "list").out  # neither touched the data


def test_refused_in_a_real_subprocess_too(holder, data_dir):
    r = subprocess.run([sys.executable, "-m", "ui.launch", "--data-dir", str(data_dir),
                        "forget", "--yes"], cwd=REPO, capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 2
    assert r.stderr.startswith("callcoach: error: Call Coach is already open on ")


def test_a_damaged_database_is_not_moved_from_under_an_open_window(holder, cli, data_dir):
    from coach.store import DB_NAME

    from .test_backup import corrupt

    assert cli("apps", "add", "--company", "Northwind", "--role", "Analyst",
               "--sent", "2026-11-02").code == 0
    corrupt(data_dir / DB_NAME)
    r = cli("apps", "list")
    assert r.code == 2 and "close Call Coach's window so it can be set aside safely" in r.err
    assert (data_dir / DB_NAME).exists() and not list(data_dir.glob("*.corrupt-*"))
