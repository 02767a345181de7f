"""Settings › Your data: where it lives, its backups, another folder for next time, and
"Delete all my data".

Deleting closes the window first, so every unsaved edit and a recording in progress are
written (into the data about to go) and nothing can write again afterwards; then the
database, backups, recordings and templates are removed (coach.erase) and the unsaved
drafts and last-application note in QSettings with them. The app ends with its window and
starts empty next time.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from coach.days import month_name
from ui.state import AppState
from ui.widgets.common import access, muted, wrapped

SETTINGS_DATA = ("drafts", "window/application")  # QSettings keys that hold the user's data


class DataBox(QGroupBox):
    message = Signal(str)

    def __init__(self, state: AppState, settings, parent=None):
        super().__init__("Your data", parent)
        self.state, self._settings = state, settings
        dv = QVBoxLayout(self)
        dv.addWidget(wrapped("Everything Call Coach keeps — applications, scripts, practice "
                             "recordings — is in this folder, readable only by you. Nothing "
                             "is sent anywhere."))
        self.data_path = access(wrapped(str(state.db.data_dir)), "Data folder")
        dv.addWidget(self.data_path)
        self.backups_note = access(muted(wrapped(self._backups_text())), "Backups")
        dv.addWidget(self.backups_note)
        self.open_data = access(QPushButton("Open the data &folder"), "Open the data folder")
        self.move_data = access(QPushButton("&Use another folder…"),
                                "Use another data folder")
        self.delete_all = access(QPushButton("Delete all my data…"), "Delete all my data")
        row = QHBoxLayout()
        for b in (self.open_data, self.move_data):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.delete_all)
        dv.addLayout(row)
        self.data_note = access(wrapped(""), "Data folder change")
        self.data_note.hide()
        dv.addWidget(self.data_note)
        self.open_data.clicked.connect(lambda: self.open_folder(state.db.data_dir))
        self.move_data.clicked.connect(self._pick_data_folder)
        self.delete_all.clicked.connect(self.delete_everything)

    def _backups_text(self) -> str:
        from coach.backup import KEEP, list_backups

        kept = list_backups(self.state.db.data_dir)
        made = datetime.fromtimestamp(kept[0].stat().st_mtime) if kept else None
        last = f" The last one was made {made.day} {month_name(made)} {made.year}." if made else ""
        return (f"A backup is made each day you open Call Coach; the last {KEEP} are kept in "
                f"the backups folder there.{last} To go back to one, close Call Coach "
                "and run: callcoach restore FILE")

    def show_backups(self) -> None:
        self.backups_note.setText(self._backups_text())

    def open_folder(self, folder) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self.message.emit(f"Couldn't open a file manager here. The folder is {folder}")

    def _pick_data_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Choose a folder for your data",
                                                  str(self.state.db.data_dir))
        if folder:
            self.choose_data_folder(folder)

    def choose_data_folder(self, path) -> None:
        """Use `path` from the next start (QSettings "data_dir"); nothing is moved."""
        self._settings().setValue("data_dir", str(path))
        self.data_note.setText(f"{path}: Call Coach will use this folder the next time it "
                               "opens; your current data stays where it is.")
        self.data_note.show()

    # --- delete all my data -------------------------------------------------------------

    def confirm_box(self) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Warning, "Delete all my data",
                          "Delete everything Call Coach keeps about you?",
                          QMessageBox.StandardButton.NoButton, self)
        box.setInformativeText(
            f"Your profile, applications, contacts, scripts, call log, practice recordings, "
            f"your own templates, every backup and any unsaved draft, in "
            f"{self.state.db.data_dir}. This can't be undone. Files you exported or printed "
            "are not touched.\n\nCall Coach closes when it is done and starts empty next "
            "time.")
        delete = box.addButton("Delete everything", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Keep my data", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        delete.setProperty("choice", "delete")
        return box

    def confirm(self) -> bool:
        box = self.confirm_box()
        box.exec()
        clicked = box.clickedButton()
        return clicked is not None and clicked.property("choice") == "delete"

    def delete_everything(self) -> None:
        if not self.confirm():
            return
        window = self.window()
        if window is not self and not window.close():  # an edit couldn't be written
            self.message.emit("Nothing was deleted: the window has something it couldn't "
                              "save. Close it again to quit, or fix that first.")
            return
        from coach.erase import erase

        db = self.state.db
        # On the GUI thread, holding the database lock: the window is closed and its tasks
        # drained, so nothing waits on it, and unlinking a few files takes no time.
        done = db.call(lambda store: (store.close(), erase(db.data_dir))[1])
        settings = self._settings()
        for key in SETTINGS_DATA:
            settings.remove(key)
        settings.sync()
        self.tell(done)

    def tell(self, done) -> None:
        text = f"{done.summary()}."
        if done.problems:
            text += " These couldn't be deleted: " + "; ".join(done.problems)
        QMessageBox.information(None, "Call Coach", text)
