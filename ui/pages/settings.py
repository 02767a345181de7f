"""Settings: where the data lives (its backups, deleting it: ui.widgets.data_box), the
user's own templates (and any that failed to load), the speaking rate behind time
estimates, the targets practice feedback uses, and the speech choices — microphone,
reading voice and pace, recognition model — which are kept in QSettings (they belong to
this computer, not to the data)."""

from __future__ import annotations

import importlib

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui import work
from ui.autosave import Autosave
from ui.state import AppState
from ui.tasks import Latest, describe_error, run_task
from ui.widgets.common import access, heading, muted, wrapped
from ui.widgets.data_box import DataBox
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
        self._model_latest = Latest()
        self._loading = False
        inner = QWidget()
        v = QVBoxLayout(inner)
        v.addWidget(heading(self.title))

        self.data = DataBox(state, self._qsettings)
        self.data.message.connect(self.message)
        # the names tests and older code use for the data folder's parts
        self.data_path, self.data_note = self.data.data_path, self.data.data_note
        self.choose_data_folder = self.data.choose_data_folder
        v.addWidget(self.data)

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
        v.addWidget(self._build_targets())
        v.addWidget(self._build_speech())
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
        self.open_templates.clicked.connect(self._open_templates)
        self.recheck.clicked.connect(self.check_templates)
        self._load_targets()  # also tells readiness the user's bands from the start

    # (band key, end, label, minimum, maximum, step, suffix); percentages are shown as
    # 0–100 and kept as the band's 0–1 ratio.
    TARGETS = (
        ("words_per_minute", "low", "Pace, at least", 60, 300, 5, " words a minute"),
        ("words_per_minute", "high", "Pace, at most", 60, 300, 5, " words a minute"),
        ("fillers_per_100_words", "high", "Fillers, at most", 0, 20, 0.5, " per 100 words"),
        ("longest_pause_s", "high", "Longest pause, under", 1, 20, 0.5, " s"),
        ("script_coverage", "low", "Script lines said, at least", 0, 100, 5, "%"),
        ("other_focus", "low", "Focus on them, at least", 0, 100, 5, "%"),
    )

    def _build_targets(self) -> QGroupBox:
        box = QGroupBox("Practice targets")
        f = QFormLayout(box)
        f.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        f.addRow(muted(wrapped("What practice reports, on screen and printed, the History "
                               "charts and the readiness line measure a take against.")))
        self.target_boxes: dict[tuple[str, str], QDoubleSpinBox] = {}
        for key, end, text, lo, hi, step, suffix in self.TARGETS:
            spin = access(QDoubleSpinBox(), text)
            spin.setRange(lo, hi)
            spin.setSingleStep(step)
            spin.setDecimals(1 if step % 1 else 0)
            spin.setSuffix(suffix)
            spin.valueChanged.connect(lambda _v: self._save_targets())
            self.target_boxes[(key, end)] = spin
            f.addRow(QLabel(text), spin)
        self.reset_targets = access(QPushButton("Reset to the usual &targets"),
                                    "Reset to the usual practice targets")
        self.reset_targets.clicked.connect(self.reset_to_usual_targets)
        self.targets_note = muted(wrapped(""))
        access(self.targets_note, "Practice targets status")
        row = QHBoxLayout()  # a button of its own size, not a bar across the form
        row.addWidget(self.reset_targets)
        row.addStretch(1)
        f.addRow(row)
        f.addRow(self.targets_note)
        return box

    def _load_targets(self) -> None:
        from ui.speechwork import current_bands

        bands = {b.key: b for b in current_bands(self._qsettings())}
        self._loading = True
        for (key, end), spin in self.target_boxes.items():
            value = getattr(bands[key], end)
            spin.setValue(value * 100 if spin.suffix() == "%" else value)
        self._loading = False

    def _save_targets(self) -> None:
        if self._loading:
            return
        from ui.speechwork import current_bands

        s = self._qsettings()
        pace_low = self.target_boxes[("words_per_minute", "low")].value()
        pace_high = self.target_boxes[("words_per_minute", "high")].value()
        if pace_low > pace_high:  # mid-edit: keep the last sensible pace band
            self.targets_note.setText("The slowest pace needs to be below the fastest; "
                                      "until it is, the last pace band is kept.")
            return
        for (key, end), spin in self.target_boxes.items():
            value = spin.value() / 100 if spin.suffix() == "%" else spin.value()
            s.setValue(f"targets/{key}/{end}", value)
        current_bands(s)  # readiness uses the new bands from now on
        self.targets_note.setText("Saved. New feedback uses these targets.")

    def reset_to_usual_targets(self) -> None:
        from ui.speechwork import current_bands

        s = self._qsettings()
        s.remove("targets")
        current_bands(s)
        self._load_targets()
        self.targets_note.setText("Back to the usual targets.")

    def _build_speech(self) -> QGroupBox:
        box = QGroupBox("Speech")
        f = QFormLayout(box)
        f.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.microphone = access(QComboBox(), "Microphone")
        self.microphone.setMinimumContentsLength(24)
        self.voice = access(QComboBox(), "Reading voice")
        self.voice.setMinimumContentsLength(24)
        self.voice_rate = access(QSpinBox(), "Reading pace, words a minute")
        self.voice_rate.setRange(80, 300)
        self.voice_rate.setSingleStep(10)
        self.voice_rate.setSuffix(" words a minute")
        for text, w in (("&Microphone", self.microphone), ("Reading &voice", self.voice),
                        ("Reading &pace", self.voice_rate)):
            label = QLabel(text)
            label.setBuddy(w)
            f.addRow(label, w)
        self.bundled = access(QRadioButton("The bundled model (whisper tiny.en)"),
                              "Use the bundled recognition model")
        self.own_model = access(QRadioButton("A model folder of my own:"),
                                "Use a recognition model folder of my own")
        self.model_folder = access(QLineEdit(), "Recognition model folder")
        self.model_folder.setMinimumWidth(self.fontMetrics().averageCharWidth() * 36)
        self.browse_model = access(QPushButton("&Choose…"), "Choose a model folder")
        row = QHBoxLayout()
        row.addWidget(self.own_model)
        row.addWidget(self.model_folder, 1)
        row.addWidget(self.browse_model)
        f.addRow(QLabel("Recognition"), self.bundled)
        f.addRow("", row)
        self.model_status = muted(wrapped(""))
        access(self.model_status, "Recognition model status")
        self.model_status.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        f.addRow("", self.model_status)
        f.addRow(muted(wrapped("A faster-whisper model folder holds model.bin and "
                               "config.json. Recognition always runs on this computer.")))
        # Off until their lists arrive: empty, they would save "" over the user's choice.
        self.microphone.setEnabled(False)
        self.voice.setEnabled(False)
        self.microphone.activated.connect(lambda _i: self._save_speech())
        self.voice.activated.connect(lambda _i: self._save_speech())
        self.voice_rate.valueChanged.connect(lambda _v: self._save_speech())
        self.bundled.toggled.connect(lambda _on: self._save_speech())
        self.model_folder.editingFinished.connect(self._save_speech)
        self.browse_model.clicked.connect(self._choose_model)
        return box

    def _qsettings(self):
        from ui.pages.speech_common import settings_of

        return settings_of(self.state)

    def _load_speech(self) -> None:
        from ui import speechwork

        s = self._qsettings()
        self._loading = True
        self.voice_rate.setValue(int(s.value("speech/rate", 150)))
        folder = str(s.value("speech/model_folder", "") or "")
        self.model_folder.setText(folder)
        (self.own_model if folder else self.bundled).setChecked(True)
        self._loading = False
        self._check_model()
        run_task(speechwork.microphones, self._show_mics)
        run_task(speechwork.voices, self._show_voices, self._no_voices)

    def _show_mics(self, devices: list) -> None:
        wanted = str(self._qsettings().value("speech/microphone", "") or "")
        self.microphone.clear()
        if not devices:
            self.microphone.addItem("No microphone found", "")
            self.microphone.setEnabled(False)
            return
        self.microphone.setEnabled(True)
        self.microphone.addItem("The system default", "")
        for d in devices:
            self.microphone.addItem(d["name"], d["name"])
        self.microphone.setCurrentIndex(max(0, self.microphone.findData(wanted)))

    def _show_voices(self, voices: list) -> None:
        wanted = str(self._qsettings().value("speech/voice", "") or "")
        english = [v for v in voices if any(lang.startswith("en") for lang in v.languages)]
        self.voice.clear()
        self.voice.setEnabled(True)
        self.voice.addItem("Default voice", "")
        for v in english + [v for v in voices if v not in english]:
            self.voice.addItem(v.name, v.id)
        self.voice.setCurrentIndex(max(0, self.voice.findData(wanted)))

    def _no_voices(self, exc: BaseException) -> None:
        self.voice.clear()
        self.voice.addItem("Reading aloud isn't available", "")
        self.voice.setEnabled(False)
        self.voice.setToolTip(describe_error(exc))

    def _save_speech(self) -> None:
        if self._loading:
            return
        s = self._qsettings()
        if self.microphone.isEnabled():
            s.setValue("speech/microphone", self.microphone.currentData() or "")
        if self.voice.isEnabled():
            s.setValue("speech/voice", self.voice.currentData() or "")
        s.setValue("speech/rate", self.voice_rate.value())
        self._check_model()

    def _choose_model(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Choose a recognition model folder",
                                                  self.model_folder.text())
        if folder:
            self.model_folder.setText(folder)
            self.own_model.setChecked(True)
            self._save_speech()

    def _check_model(self) -> None:
        from coach.speech import model

        folder = self.model_folder.text().strip() if self.own_model.isChecked() else ""

        def check():
            return model.load_user_folder(folder).name if folder else model.BUNDLED_MODEL_NAME

        def ok(name: str) -> None:  # only a folder that passes the check is used
            self._qsettings().setValue("speech/model_folder", folder)
            self.model_status.setText(f"Using {name}.")

        def bad(exc: BaseException) -> None:
            self._qsettings().setValue("speech/model_folder", "")
            self.model_status.setText(f"{describe_error(exc)} Until that's fixed, the bundled "
                                      "model is used.")

        t = self._model_latest.new()
        run_task(check, t(ok), t(bad))

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
        self.data.show_backups()
        self.state.db.task(lambda s: s.get_profile(), self._show_profile)
        self._load_speech()
        self.check_templates()

    def _show_profile(self, profile) -> None:
        if not self.autosave.pending:  # a change not written yet is newer than the store's
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
        self.data.open_folder(folder)

    def flush(self) -> None:
        self.autosave.flush()
