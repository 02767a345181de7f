"""The user's profile as the advisor sees it: name, phone, how they feel about phone
calls, and whether they prefer to write. Saved shortly after each edit."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
)

from coach.models import PhoneComfort
from ui.autosave import Autosave
from ui.state import AppState
from ui.widgets.common import access, muted, wrapped

COMFORT = {PhoneComfort.GREAT: "Great — I enjoy phone calls",
           PhoneComfort.OKAY: "Okay",
           PhoneComfort.SO_SO: "So-so — I'd rather not, if there's another way"}


def save_fields(store, fields: dict):
    """Change only the given profile fields, so two forms editing different fields (this
    one and Settings' speaking rate) never undo each other."""
    return store.save_profile(dataclasses.replace(store.get_profile(), **fields))


class ProfileForm(QGroupBox):
    message = Signal(str)

    def __init__(self, state: AppState, parent=None):
        super().__init__("About you", parent)
        self.state = state
        self._loading = False
        self._loaded = False
        form = QFormLayout(self)
        form.addRow(muted(wrapped("The advice and the scripts use this. It stays on this "
                                  "computer.")))
        self.name = access(QLineEdit(), "Your name")
        self.phone = access(QLineEdit(), "Your phone number")
        self.comfort = access(QComboBox(), "How you feel about phone calls")
        for value, text in COMFORT.items():
            self.comfort.addItem(text, value)
        self.pitch = access(QLineEdit(), "What you bring, in one line",
                            "Used as the script's value line")
        self.pitch.setPlaceholderText("e.g. I turn messy data into reports people use")
        self.rate = access(QSpinBox(), "Your speaking rate, words a minute")
        self.rate.setRange(60, 300)
        self.rate.setSuffix(" words a minute")
        self.written = access(QCheckBox("I'd rather get in touch in writing (email or "
                                        "LinkedIn)"), "Prefer written contact")
        for text, w in (("Your &name", self.name), ("Your ph&one", self.phone),
                        ("Phone ca&lls", self.comfort), ("What you &bring", self.pitch),
                        ("Speaking ra&te", self.rate)):
            label = QLabel(text)
            label.setBuddy(w)
            form.addRow(label, w)
        form.addRow(self.written)
        self.autosave = Autosave(state.db, self._snapshot, save_fields, delay_ms=700,
                                 parent=self)
        self.autosave.saved.connect(lambda *_: state.profile_changed.emit())
        self.autosave.failed.connect(self.message)
        for w in (self.name, self.phone, self.pitch):
            w.textChanged.connect(self._changed)
        self.rate.valueChanged.connect(self._changed)
        self.comfort.currentIndexChanged.connect(self._changed)
        self.written.toggled.connect(self._changed)
        self.setEnabled(False)  # until the profile has loaded

    def load(self) -> None:
        self.state.db.task(lambda s: s.get_profile(), self._fill)

    def _fill(self, profile) -> None:
        self._loading = True
        try:
            self.name.setText(profile.name)
            self.phone.setText(profile.phone)
            self.pitch.setText(profile.pitch)
            self.rate.setValue(profile.speaking_rate_wpm)
            self.comfort.setCurrentIndex(self.comfort.findData(profile.phone_comfort))
            self.written.setChecked(profile.prefers_written)
        finally:
            self._loading = False
        self._loaded = True
        self.setEnabled(True)

    def _changed(self) -> None:
        if not self._loading and self._loaded:
            self.autosave.touch()

    def _snapshot(self) -> dict:
        return {"name": self.name.text().strip(), "phone": self.phone.text().strip(),
                "phone_comfort": PhoneComfort(self.comfort.currentData()),
                "prefers_written": self.written.isChecked(),
                "pitch": self.pitch.text().strip(), "speaking_rate_wpm": self.rate.value()}
