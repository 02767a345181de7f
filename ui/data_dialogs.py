"""Opening the user's data at start, and the dialogs when that can't simply happen: another
window owns it, the folder can't be written, or the database is damaged (then: restore the
last good backup, or start empty — the damaged file is kept either way).

The dialogs are built by their own functions so tests can render and click them; `ask`
runs one and says which button was pressed.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from coach import backup, instance
from coach.days import full_day, time_of_day
from coach.errors import CoachError

TITLE = "Call Coach"
RESTORE, EMPTY, QUIT = "restore", "empty", "quit"


@dataclass
class Opened:
    store: object
    folder: Path
    lock: instance.InstanceLock


def _box(icon, text: str, detail: str = "", parent: QWidget | None = None) -> QMessageBox:
    box = QMessageBox(icon, TITLE, text, QMessageBox.StandardButton.NoButton, parent)
    if detail:
        box.setInformativeText(detail)
    return box


def ask(box: QMessageBox) -> str:
    """Show `box` (modal) and return the choice stored on the button pressed."""
    box.exec()
    clicked = box.clickedButton()
    return clicked.property("choice") if clicked is not None else QUIT


def _button(box: QMessageBox, text: str, role, choice: str):
    b = box.addButton(text, role)
    b.setProperty("choice", choice)
    return b


def already_open_box(folder: Path, parent=None) -> QMessageBox:
    box = _box(QMessageBox.Icon.Information,
               "Call Coach is already open.",
               f"Switch to the window that is open (it is using {folder}). Only one window "
               "can use your data at a time, so that nothing you type is lost.", parent)
    _button(box, "OK", QMessageBox.ButtonRole.AcceptRole, QUIT)
    return box


def problem_box(exc: BaseException, parent=None) -> QMessageBox:
    box = _box(QMessageBox.Icon.Critical, "Call Coach couldn't open your data.",
               str(exc) if isinstance(exc, CoachError) else
               f"{type(exc).__name__}: {exc}", parent)
    _button(box, "Close", QMessageBox.ButtonRole.AcceptRole, QUIT)
    return box


def _when(path: Path) -> str:
    stamp = datetime.fromtimestamp(path.stat().st_mtime)
    return f"{full_day(stamp, year=True)} at {time_of_day(stamp)}"


def damaged_box(exc: backup.DamagedDatabase, parent=None) -> QMessageBox:
    kept = f"It has been kept as {exc.kept}, so nothing is deleted." if exc.kept else ""
    if exc.backup is not None:
        offer = (f"You can go back to your last good backup, from {_when(exc.backup)}. "
                 "Anything you added after it would be in the damaged file only.")
    else:
        offer = "There is no backup to go back to, so Call Coach can start with empty data."
    box = _box(QMessageBox.Icon.Warning, "Your Call Coach data file is damaged.",
               f"{kept}\n\n{offer}", parent)
    if exc.backup is not None:
        default = _button(box, "Restore the last backup", QMessageBox.ButtonRole.AcceptRole,
                          RESTORE)
        _button(box, "Start empty", QMessageBox.ButtonRole.DestructiveRole, EMPTY)
    else:
        default = _button(box, "Start empty", QMessageBox.ButtonRole.AcceptRole, EMPTY)
    _button(box, "Quit", QMessageBox.ButtonRole.RejectRole, QUIT)
    box.setDefaultButton(default)
    box.setEscapeButton(box.buttons()[-1])
    return box


def open_data(chosen, parent=None, run=ask) -> Opened | None:
    """The store, the folder and the window's lock on it; None when the app should not
    open (every reason has been shown to the user). `run` shows a dialog (tests pass
    their own)."""
    from coach.paths import data_dir
    from coach.store import Store

    try:
        folder = data_dir(chosen)
        lock = instance.InstanceLock(folder)
        owned = lock.acquire()
    except (CoachError, OSError) as exc:
        run(problem_box(exc, parent))
        return None
    if not owned:  # another window: leave the database alone entirely
        run(already_open_box(folder, parent))
        return None
    try:
        try:
            store = Store.open(folder)
        except backup.DamagedDatabase as exc:
            if exc.kept is None:  # not set aside: say why, as for any other problem
                raise
            choice = run(damaged_box(exc, parent))
            if choice == QUIT:
                lock.release()
                return None
            if choice == RESTORE:
                backup.restore(exc.backup, folder)
            store = Store.open(folder)
    except (CoachError, OSError, sqlite3.Error) as exc:
        lock.release()
        run(problem_box(exc, parent))
        return None
    return Opened(store, folder, lock)
