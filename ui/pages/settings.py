"""Settings: where the data lives, the user's own templates (and any that failed to
load), the speaking rate behind time estimates, and the targets practice feedback uses.
Microphone, voice and speech-model choices join this page with the speech work."""

from __future__ import annotations

import importlib

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui import work
from ui.autosave import Autosave
from ui.state import AppState
from ui.tasks import Latest, describe_error
from ui.widgets.common import access, heading, muted, wrapped
from ui.widgets.profile_form import save_fields


def practice_targets() -> str:
    """The bands the practice analysis measures against, read from it (not copied)."""
    try:
        d = importlib.import_module("coach.analysis.detectors")
        return (f"A comfortable phone pace is {d.PACE_LOW}–{d.PACE_HIGH} words a minute, and "
                f"silences of {d.PAUSE_S:g} second or more are pointed out, so you can see "
                "where you lost your place. Short pauses are fine.")
    except (ImportError, AttributeError):
        return ""


class SettingsPage(QWidget):
    title = "Settings"
    message = Signal(str)

    def __init__(self, state: AppState, parent=None):
        super().__init__(parent)
        self.state = state
        self._latest = Latest()
        self._loading = False
        inner = QWidget()
        v = QVBoxLayout(inner)
        v.addWidget(heading(self.title))

        data = QGroupBox("Your data")
        dv = QVBoxLayout(data)
        dv.addWidget(wrapped("Everything Call Coach keeps — applications, scripts, practice "
                             "recordings — is in this folder, readable only by you. Nothing "
                             "is sent anywhere."))
        self.data_path = access(wrapped(str(state.db.data_dir)), "Data folder")
        dv.addWidget(self.data_path)
        self.open_data = access(QPushButton("Open the data &folder"), "Open the data folder")
        dv.addLayout(self._row(self.open_data))
        v.addWidget(data)

        mine = QGroupBox("Your own templates")
        mv = QVBoxLayout(mine)
        mv.addWidget(wrapped("Put script templates (.toml files) in this folder. A template "
                             "with the same id as a built-in one replaces it; copy a built-in "
                             "one to start."))
        self.templates_path = access(wrapped(str(state.db.templates_dir)), "Templates folder")
        mv.addWidget(self.templates_path)
        self.template_status = wrapped("")
        access(self.template_status, "Template problems")
        mv.addWidget(self.template_status)
        self.open_templates = access(QPushButton("Open the &templates folder"),
                                     "Open the templates folder")
        self.recheck = access(QPushButton("C&heck them again"), "Check templates again")
        mv.addLayout(self._row(self.open_templates, self.recheck))
        v.addWidget(mine)

        speaking = QGroupBox("Speaking")
        sf = QFormLayout(speaking)
        sf.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.rate = access(QSpinBox(), "Speaking rate, words a minute")
        self.rate.setRange(60, 300)
        self.rate.setSuffix(" words a minute")
        self.rate.setEnabled(False)
        label = QLabel("Your speaking &rate")
        label.setBuddy(self.rate)
        sf.addRow(label, self.rate)
        sf.addRow(muted(wrapped("Used to estimate how long a script takes to say. Many "
                                "people speak about 130–160 words a minute on the phone.")))
        targets = practice_targets()
        if targets:
            sf.addRow(wrapped(f"Practice feedback: {targets}"))
        v.addWidget(speaking)
        v.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self.autosave = Autosave(state.db, lambda: {"speaking_rate_wpm": self.rate.value()},
                                 save_fields, delay_ms=600, parent=self)
        self.autosave.saved.connect(lambda *_: state.profile_changed.emit())
        self.autosave.failed.connect(self.message)
        self.rate.valueChanged.connect(self._rate_changed)
        self.open_data.clicked.connect(lambda: self._open(state.db.data_dir))
        self.open_templates.clicked.connect(self._open_templates)
        self.recheck.clicked.connect(self.check_templates)

    @staticmethod
    def _row(*buttons) -> QHBoxLayout:
        row = QHBoxLayout()
        for b in buttons:
            row.addWidget(b)
        row.addStretch(1)
        return row

    def _rate_changed(self, _value: int) -> None:
        if not self._loading:
            self.autosave.touch()

    def activated(self) -> None:
        self.state.db.task(lambda s: s.get_profile(), self._show_profile)
        self.check_templates()

    def _show_profile(self, profile) -> None:
        self._loading = True
        self.rate.setValue(profile.speaking_rate_wpm)
        self._loading = False
        self.rate.setEnabled(True)

    def check_templates(self) -> None:
        folder = self.state.db.templates_dir
        self.template_status.setText("Checking…")

        def show(errors: list[str]) -> None:
            if errors:
                self.template_status.setText(
                    "Some templates couldn't be loaded; the others work as usual:\n"
                    + "\n".join(f"•  {e}" for e in errors))
            elif folder.is_dir() and any(folder.glob("*.toml")):
                self.template_status.setText("All your templates loaded.")
            else:
                self.template_status.setText("No templates of your own yet.")

        def failed(exc: BaseException) -> None:
            self.template_status.setText(describe_error(exc))

        from ui.tasks import run_task

        t = self._latest.new()
        run_task(lambda: work.template_errors(folder), t(show), t(failed))

    def _open_templates(self) -> None:
        folder = self.state.db.templates_dir
        try:
            folder.mkdir(mode=0o700, exist_ok=True)
        except OSError as exc:
            self.message.emit(f"Couldn't create {folder}: {exc.strerror or exc}")
            return
        self._open(folder)

    def _open(self, folder) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self.message.emit(f"Couldn't open a file manager here. The folder is {folder}")

    def flush(self) -> None:
        self.autosave.flush()
