"""The Role-play page's three panels. Setup: the scenario with its one-line description,
whose names the other side uses, and Start. Call: what is happening now in large type,
the call so far, the microphone level and Hang up. Results: the scores in words, the
way the call went, both sides' transcript, and the replay. They show; the page decides
(ui.pages.roleplay)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from coach.text import clock
from ui import roleplay_words as words
from ui.widgets.common import access, heading, muted, scaled_font, wrapped


def _transcript(name: str) -> QTextBrowser:
    view = access(QTextBrowser(), name)
    view.setFont(scaled_font(view.font(), 1.1))
    return view


class SetupPanel(QWidget):
    start_clicked = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        v.addWidget(wrapped(
            "Practise the conversation, not just the monologue. The other side speaks "
            "first; then it's your turn. Speak when you're ready, and when you stop for "
            "about a second they answer. Everything stays on this computer."))
        v.addSpacing(self.fontMetrics().lineSpacing())
        pick = QHBoxLayout()
        self.scenario = access(QComboBox(), "Scenario")
        self.scenario.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        label = QLabel("&Scenario")
        label.setBuddy(self.scenario)
        pick.addWidget(label)
        pick.addWidget(self.scenario)
        pick.addStretch(1)
        v.addLayout(pick)
        self.about = access(heading("", 1.1), "What this call practises")
        self.about.setFont(scaled_font(self.about.font(), 1.0, bold=False))
        v.addWidget(self.about)
        self.names = muted(wrapped(""))
        v.addWidget(self.names)
        v.addSpacing(self.fontMetrics().lineSpacing() // 2)
        row = QHBoxLayout()
        self.start_button = access(QPushButton("▶ &Start the call"), "Start the call")
        self.start_button.setDefault(True)
        self.start_button.setMinimumWidth(self.fontMetrics().averageCharWidth() * 20)
        self.start_button.clicked.connect(self.start_clicked)
        row.addWidget(self.start_button)
        row.addStretch(1)
        v.addLayout(row)
        self.problem = wrapped("")
        font = self.problem.font()
        font.setBold(True)
        self.problem.setFont(font)
        self.problem.hide()
        v.addWidget(self.problem)
        v.addWidget(muted(wrapped("Hang up at any time (Esc). At the end you see how the "
                                  "call went and can play it back.")))
        v.addStretch(1)

    def show_scenarios(self, scenarios, wanted: str = "") -> None:
        self.scenario.clear()
        for s in scenarios:
            self.scenario.addItem(s.title, s.id)
        self.scenario.setCurrentIndex(max(0, self.scenario.findData(wanted)))

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))


class CallPanel(QWidget):
    hang_up_clicked = Signal()
    answer_clicked = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        self.status = access(heading("", 1.5), "Call status")
        v.addWidget(self.status)
        self.who = muted(wrapped(""))
        v.addWidget(self.who)
        self.transcript = _transcript("The call so far")
        v.addWidget(self.transcript, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel("Level"))
        self.meter = access(QProgressBar(), "Microphone level")
        self.meter.setRange(0, 60)
        self.meter.setTextVisible(False)
        self.meter.setMaximumWidth(self.fontMetrics().averageCharWidth() * 30)
        row.addWidget(self.meter)
        self.elapsed = access(QLabel(""), "Time of your turn")
        row.addWidget(self.elapsed)
        row.addStretch(1)
        self.answer_button = access(QPushButton("&Answer now"), "Answer now",
                                    "Stop their line and start your turn")
        self.answer_button.clicked.connect(self.answer_clicked)
        row.addWidget(self.answer_button)
        self.hang_up_button = access(QPushButton("✕ &Hang up"), "Hang up",
                                     "End the call now (Esc)")
        self.hang_up_button.clicked.connect(self.hang_up_clicked)
        row.addWidget(self.hang_up_button)
        v.addLayout(row)
        self.note = wrapped("")
        self.note.hide()
        v.addWidget(self.note)

    def show_state(self, status: str, answer: bool = False, hang_up: bool = True) -> None:
        self.status.setText(status)
        self.answer_button.setVisible(answer)
        self.hang_up_button.setEnabled(hang_up)

    def show_turns(self, turns) -> None:
        self.transcript.setHtml(words.transcript_html(turns))
        bar = self.transcript.verticalScrollBar()
        bar.setValue(bar.maximum())  # the newest line in view

    def show_level(self, level, seconds: float | None) -> None:
        self.meter.setValue(0 if level is None else
                            int(max(0.0, min(60.0, level.rms_dbfs + 60))))
        self.elapsed.setText("" if seconds is None else clock(int(seconds)))

    def show_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))


class ResultsPanel(QWidget):
    play_clicked = Signal()
    save_clicked = Signal()
    delete_clicked = Signal()
    again_clicked = Signal()
    other_clicked = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        self.title = heading("How the call went", 1.3)
        v.addWidget(self.title)
        self.outcome = wrapped("")
        v.addWidget(self.outcome)
        self.path = access(muted(wrapped("")), "The way the call went")
        v.addWidget(self.path)
        body = QHBoxLayout()
        self.scores = access(wrapped(""), "Scores")
        self.scores.setTextFormat(Qt.TextFormat.RichText)
        left = QVBoxLayout()
        left.addWidget(self.scores)
        left.addStretch(1)
        body.addLayout(left, 1)
        right = QVBoxLayout()
        right.addWidget(heading("Both sides", 1.1))
        self.transcript = _transcript("Transcript of the call")
        right.addWidget(self.transcript, 1)
        body.addLayout(right, 1)
        v.addLayout(body, 1)

        row = QHBoxLayout()
        self.play_button = access(QPushButton("▶ &Play the call"), "Play the call")
        self.save_button = access(QPushButton("Sa&ve the call as WAV…"),
                                  "Save the call as a WAV file")
        self.delete_button = access(QPushButton("&Delete the recording"),
                                    "Delete the recording of this call")
        self.again_button = access(QPushButton("Call &again"), "Call again")
        self.other_button = access(QPushButton("&Other scenario…"), "Choose another scenario")
        for b, signal in ((self.play_button, self.play_clicked),
                          (self.save_button, self.save_clicked),
                          (self.delete_button, self.delete_clicked)):
            row.addWidget(b)
            b.clicked.connect(signal)
        row.addStretch(1)
        for b, signal in ((self.again_button, self.again_clicked),
                          (self.other_button, self.other_clicked)):
            row.addWidget(b)
            b.clicked.connect(signal)
        v.addLayout(row)
        self.kept = muted(wrapped(""))
        v.addWidget(self.kept)
        self.note = wrapped("")
        self.note.hide()
        v.addWidget(self.note)

    def show_result(self, result, ask, has_replay: bool) -> None:
        self.title.setText(f"How the call went — {result.title}")
        self.outcome.setText(words.outcome(result))
        self.path.setText(f"The way it went: {words.path_text(result.path)}")
        rows = []
        for s in words.scores(result, ask):
            mark = {True: "✓", False: "→", None: "•"}[s.good]
            rows.append(f"<tr><td style='padding: 0 8px 10px 0'>{mark}</td>"
                        f"<td style='padding-bottom: 10px'><b>{escape(s.name)}</b><br>"
                        f"{escape(s.text)}</td></tr>")
        self.scores.setText(f"<table>{''.join(rows)}</table>")
        self.transcript.setHtml(words.transcript_html(result.turns))
        self.show_replay(has_replay)
        self.show_note("")

    def show_replay(self, kept: bool) -> None:
        for b in (self.play_button, self.save_button, self.delete_button):
            b.setEnabled(kept)
        self.kept.setText(
            "The recording of this call stays on this computer until your next role-play "
            "call. Save the call as WAV… to keep a copy." if kept else
            "Deleted — the recording of this call is gone from this computer.")

    def set_playing(self, on: bool) -> None:
        self.play_button.setText("■ Stop &playing" if on else "▶ &Play the call")

    def show_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))
