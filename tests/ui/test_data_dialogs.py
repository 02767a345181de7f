"""Opening the data at start (a damaged database, a second window, a folder that can't be
written) and Settings › Delete all my data — on real files, clicking the real dialogs."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from coach import backup
from coach.store import DB_NAME
from tests.conftest import REPO
from tests.test_backup import corrupt
from tests.test_data_safety import locked_folder, unprivileged  # noqa: F401 (fixture)
from tests.test_instance import HOLDER
from ui import data_dialogs

pytestmark = pytest.mark.gui


@pytest.fixture
def press(monkeypatch):
    """Make every QMessageBox click the button with this text instead of waiting; the texts
    of the boxes shown are collected in `press.seen`."""
    class Press:
        text = ""
        seen: list[str] = []

    def exec_(box):
        Press.seen.append(f"{box.text()} {box.informativeText()}")
        button = next((b for b in box.buttons() if b.text() == Press.text), None)
        assert button is not None, [b.text() for b in box.buttons()]
        button.click()
        return 0

    Press.seen = []
    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return Press


@pytest.fixture
def damaged(sample, store, data_dir) -> Path:
    """The sample's data with a good backup from yesterday, then damaged on disk."""
    good = backup.auto_backup(data_dir, store.conn, now=datetime(2026, 11, 24, 9, 0))
    store.close()
    corrupt(data_dir / DB_NAME)
    return good


def test_a_damaged_database_offers_the_last_backup(damaged, data_dir, press):
    press.text = "Restore the last backup"
    opened = data_dialogs.open_data(str(data_dir))
    try:
        assert opened is not None
        assert "Northwind Analytics" in {a.company for a in opened.store.list_applications()}
        kept = next(data_dir.glob(f"{DB_NAME}.corrupt-*"))
        assert press.seen[0].startswith("Your Call Coach data file is damaged.")
        assert f"It has been kept as {kept}" in press.seen[0]
    finally:
        opened.store.close()
        opened.lock.release()


def test_or_starts_empty_and_keeps_the_damaged_file(damaged, data_dir, press):
    press.text = "Start empty"
    opened = data_dialogs.open_data(str(data_dir))
    assert opened is not None and opened.store.list_applications() == []
    opened.store.close()
    opened.lock.release()
    assert len(list(data_dir.glob(f"{DB_NAME}.corrupt-*"))) == 1
    assert damaged.exists()  # the backup is still there to restore later


def test_quit_leaves_everything_where_it_is(damaged, data_dir, press):
    press.text = "Quit"
    assert data_dialogs.open_data(str(data_dir)) is None
    assert not (data_dir / DB_NAME).exists()  # set aside, and nothing new made
    with backup.instance.InstanceLock(data_dir) as lock:
        assert lock.acquire()  # the lock was let go


def test_a_second_window_says_so_and_leaves_the_data_alone(sample, store, data_dir, press):
    store.close()
    db = data_dir / DB_NAME
    before = db.read_bytes()
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(data_dir)], cwd=REPO,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "locked"
        press.text = "OK"
        assert data_dialogs.open_data(str(data_dir)) is None
    finally:
        proc.stdin.close()
        proc.wait(timeout=10)
    assert press.seen[0].startswith("Call Coach is already open.")
    assert db.read_bytes() == before
    assert not Path(f"{db}-wal").exists() and not Path(f"{db}-shm").exists()


def test_a_folder_that_cannot_be_written(locked_folder, press):  # noqa: F811
    press.text = "Close"
    with unprivileged():
        assert data_dialogs.open_data(str(locked_folder)) is None
    assert press.seen[0].startswith("Call Coach couldn't open your data. Call Coach can't "
                                    f"write to its data folder {locked_folder}")


def test_the_dialogs_render(damaged, tmp_path, qtbot):
    exc = backup.DamagedDatabase("x", kept=Path("/home/sam/.local/share/call-coach/"
                                                "callcoach.sqlite3.corrupt-20261125-091500"),
                                 backup=damaged)
    for name, box in (("damaged", data_dialogs.damaged_box(exc)),
                      ("already-open", data_dialogs.already_open_box(Path("/home/sam/data")))):
        qtbot.addWidget(box)
        box.show()
        path = tmp_path / f"{name}.png"
        assert box.grab().save(str(path)) and path.stat().st_size > 0


def test_the_window_takes_the_days_backup_when_it_starts(sample, store, data_dir,
                                                         ui_settings, qtbot):
    from ui.app import start_window

    window = start_window(store, data_dir, ui_settings)
    qtbot.addWidget(window)
    made = backup.list_backups(data_dir)
    assert len(made) == 1 and made[0].name.startswith(f"callcoach-{datetime.now():%Y%m%d}-")
    window.close()
    start_window(store, data_dir, ui_settings).close()  # the same day: no second one
    assert backup.list_backups(data_dir) == made


# --- Settings › Delete all my data --------------------------------------------------------


@pytest.fixture
def everything(sample, store, data_dir, ui_settings):
    takes = data_dir / "takes"
    takes.mkdir()
    wav = takes / f"app{sample.id}-20261125-101500.wav"
    wav.write_bytes(b"RIFF....WAVE")
    backup.backup_now(data_dir, store.conn)
    ui_settings.setValue("drafts/new_application", '{"company": "Initech"}')
    return data_dir


def test_delete_all_asks_first(everything, window, press):
    window.go("settings")
    box = window.pages["settings"].data
    press.text = "Keep my data"
    box.delete_everything()
    assert window.isVisible() and (everything / DB_NAME).exists()
    assert "This can't be undone" in press.seen[0]


def test_delete_all_removes_the_files_and_the_drafts(everything, window, press, ui_settings,
                                                     monkeypatch):
    window.go("settings")
    box = window.pages["settings"].data
    told = []
    monkeypatch.setattr(box, "tell", told.append)
    script = window.pages["script"]
    window.state.select(window.state.rows[0].id)
    window.go("script")
    script.editor.appendPlainText("Typed just before deleting.")  # pending, flushed at close
    press.text = "Delete everything"
    box.delete_everything()
    assert not window.isVisible()
    assert not (everything / DB_NAME).exists()
    assert not any(everything.glob(f"{DB_NAME}-*"))
    assert not (everything / "takes").exists() and not (everything / "backups").exists()
    assert ui_settings.value("drafts/new_application") is None
    assert ui_settings.value("window/application") is None
    assert told[0].database and told[0].recordings == 1 and told[0].backups == 1
