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
        # Only the fields edited here are saved, and the form is read again whenever the
        # profile changes and nothing here is waiting to be saved: the speaking rate can
        # also be changed on Settings, and a stale copy here must never write it back.
        self._edited: set[str] = set()
        for field, signal in (("name", self.name.textChanged),
                              ("phone", self.phone.textChanged),
                              ("pitch", self.pitch.textChanged),
                              ("speaking_rate_wpm", self.rate.valueChanged),
                              ("phone_comfort", self.comfort.currentIndexChanged),
                              ("prefers_written", self.written.toggled)):
            signal.connect(lambda *_, f=field: self._changed(f))
        state.profile_changed.connect(self._refresh)
        self.setEnabled(False)  # until the profile has loaded

    def load(self) -> None:
        self.state.db.task(lambda s: s.get_profile(), self._fill)

    def _refresh(self) -> None:
        if self._loaded and not self.autosave.pending:
            self.state.db.task(lambda s: s.get_profile(), self._fill_if_idle)

    def _fill_if_idle(self, profile) -> None:
        if not self.autosave.pending:  # typed meanwhile: that save reads it again after
            self._fill(profile)

    def _fill(self, profile) -> None:
        self._loading = True
        try:
            for edit, text in ((self.name, profile.name), (self.phone, profile.phone),
                               (self.pitch, profile.pitch)):
                if edit.text() != text:  # setText would move the cursor of someone typing
                    edit.setText(text)
            self.rate.setValue(profile.speaking_rate_wpm)
            self.comfort.setCurrentIndex(self.comfort.findData(profile.phone_comfort))
            self.written.setChecked(profile.prefers_written)
        finally:
            self._loading = False
        self._edited.clear()
        self._loaded = True
        self.setEnabled(True)

    def _changed(self, field: str) -> None:
        if not self._loading and self._loaded:
            self._edited.add(field)
            self.autosave.touch()

    def _snapshot(self) -> dict:
        values = {"name": self.name.text().strip(), "phone": self.phone.text().strip(),
                  "phone_comfort": PhoneComfort(self.comfort.currentData()),
                  "prefers_written": self.written.isChecked(),
                  "pitch": self.pitch.text().strip(), "speaking_rate_wpm": self.rate.value()}
        return {k: v for k, v in values.items() if k in self._edited}
