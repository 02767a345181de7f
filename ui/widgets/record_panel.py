"""The Practice page's panels. Recording: the script in large type, the Record button, the
microphone level, the time against the script's aim, one gentle live cue, and a note when
recording isn't possible. Analysing: what shows while the take is transcribed. They show;
the page decides (ui.pages.practice)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from coach.text import clock
from ui.widgets.common import access, heading, muted, scaled_font, wrapped

LOUD = "That was very loud — move back from the microphone a little."


def elapsed_text(seconds: float, budget) -> str:
    out = clock(int(seconds))  # a running timer shows the whole seconds gone
    if not budget:
        return out
    lo, hi = budget
    if seconds > hi:
        return f"{out} · past the {clock(hi)} aim — time to wrap up kindly"
    return f"{out} · aim for {clock(lo)}–{clock(hi)}"


class RecordPanel(QWidget):
    record_clicked = Signal()
    open_clicked = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        self.intro = wrapped("Read your script aloud as if they had just picked up. Press "
                             "Record (or Space) to start and again to stop. The take stays on "
                             "this computer.")
        v.addWidget(self.intro)
        self.lines_view = access(QTextBrowser(), "Script to practise")
        self.lines_view.setFont(scaled_font(self.lines_view.font(), 1.25))
        v.addWidget(self.lines_view, 1)

        row = QHBoxLayout()
        self.record_button = access(QPushButton("● &Record"), "Record a take",
                                    "Space starts and stops recording")
        self.record_button.setMinimumWidth(self.fontMetrics().averageCharWidth() * 16)
        self.record_button.clicked.connect(self.record_clicked)
        row.addWidget(self.record_button)
        self.meter = access(QProgressBar(), "Microphone level")
        self.meter.setRange(0, 60)
        self.meter.setTextVisible(False)
        self.meter.setMaximumWidth(self.fontMetrics().averageCharWidth() * 30)
        row.addWidget(QLabel("Level"))
        row.addWidget(self.meter)
        self.elapsed = access(QLabel(clock(0)), "Time recorded")
        row.addWidget(self.elapsed)
        row.addStretch(1)
        self.open_file = access(QPushButton("Open a &WAV file…"),
                                "Analyse a recording you already have")
        self.open_file.clicked.connect(self.open_clicked)
        row.addWidget(self.open_file)
        v.addLayout(row)
        self.cue = access(muted(wrapped("")), "Live cue")
        self.cue.setMinimumHeight(self.fontMetrics().lineSpacing() * 2)
        v.addWidget(self.cue)
        self.mic_note = wrapped("")
        self.mic_note.hide()
        v.addWidget(self.mic_note)

    def show_script(self, lines: list[str], budget) -> None:
        self.lines_view.setPlainText("\n\n".join(lines))
        self.lines_view.setExtraSelections([])
        self._following = -1
        self.elapsed.setText(elapsed_text(0, budget))

    def follow(self, said: int) -> None:
        """Teleprompter: mark the next line to say after the last one heard (`said`, from
        the live transcript) and keep it in view, about a third of the way down."""
        if said == getattr(self, "_following", -1) or said < 0:
            return
        self._following = said
        doc = self.lines_view.document()
        block = doc.findBlockByNumber(min((said + 1) * 2, doc.blockCount() - 1))
        cursor = QTextCursor(block)
        cursor.select(QTextCursor.SelectionType.BlockUnderCursor)
        fmt = QTextCharFormat()
        fmt.setFontWeight(QFont.Weight.Bold)
        fmt.setBackground(self.palette().color(QPalette.ColorRole.AlternateBase))
        mark = QTextEdit.ExtraSelection()
        mark.cursor, mark.format = cursor, fmt
        self.lines_view.setExtraSelections([mark])
        bar = self.lines_view.verticalScrollBar()
        top = self.lines_view.document().documentLayout().blockBoundingRect(block).top()
        bar.setValue(int(top - self.lines_view.viewport().height() / 3))

    def set_recording(self, on: bool) -> None:
        self.record_button.setText("■ &Stop" if on else "● &Record")
        self.record_button.setAccessibleName("Stop recording" if on else "Record a take")
        self.open_file.setEnabled(not on)
        self.cue.setText("Recording… speak when you're ready." if on else "")
        if not on:
            self.meter.setValue(0)

    def show_progress(self, seconds: float, budget, level, cue: str) -> None:
        """`level`: the latest coach.speech level reading, or None before the first."""
        if level is not None:
            self.meter.setValue(int(max(0.0, min(60.0, level.rms_dbfs + 60))))
        self.elapsed.setText(elapsed_text(seconds, budget))
        self.cue.setText(LOUD if level is not None and level.clipped else cue)

    def show_problem(self, text: str, bold: bool = False) -> None:
        self.mic_note.setText(text)
        font = self.mic_note.font()
        font.setBold(bold)
        self.mic_note.setFont(font)
        self.mic_note.setVisible(bool(text))


class AnalysingPanel(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        v = QVBoxLayout(self)
        v.addStretch(1)
        self.label = heading("Listening to your take…", 1.2)
        v.addWidget(self.label)
        v.addWidget(wrapped("This takes a few seconds and happens on this computer; nothing "
                            "is sent anywhere."))
        self.progress = access(QProgressBar(), "Analysing")
        self.progress.setRange(0, 0)  # busy: the analysis reports no steps
        v.addWidget(self.progress)
        v.addStretch(2)
