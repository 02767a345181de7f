"""Scratch folders: a killed process's read-aloud or role-play turns do not stay behind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from coach import scratch

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX process ids")


def test_a_dead_process_folder_is_swept_and_a_living_one_kept(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    mine = scratch.folder("roleplay")
    assert oct(os.stat(mine.name).st_mode & 0o777) == "0o700"
    # a process that made its folder, wrote a turn and was killed
    child = subprocess.run(
        [sys.executable, "-c",
         "import os; from coach import scratch; "
         "t = scratch.folder('roleplay'); open(os.path.join(t.name, 'turn-1.wav'), 'wb')"
         ".write(b'RIFF'); print(t.name, flush=True); os._exit(0)"],
        capture_output=True, text=True, check=True, cwd=REPO,
        env=dict(os.environ, TMPDIR=str(tmp_path)))
    left = child.stdout.strip()
    assert left.startswith(str(tmp_path)) and os.listdir(left) == ["turn-1.wav"]
    other = tmp_path / "callcoach-notes"  # not one of ours by name
    other.mkdir()
    unrelated = tmp_path / "something-else-1-x"
    unrelated.mkdir()

    removed = scratch.sweep()
    assert [str(p) for p in removed] == [left]
    assert not os.path.exists(left)
    assert os.path.isdir(mine.name) and other.is_dir() and unrelated.is_dir()
    mine.cleanup()


def test_delete_all_my_data_sweeps_them_too(tmp_path, monkeypatch):
    from coach.erase import erase

    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    dead = tmp_path / "tmp" / "callcoach-rehearse-999999999-abc"  # no such process
    dead.mkdir()
    (dead / "rehearse.wav").write_bytes(b"RIFF")
    (tmp_path / "data").mkdir()
    erase(tmp_path / "data")
    assert not dead.exists()
