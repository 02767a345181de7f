"""Practice: record a take of the script (Space starts and stops), with a level meter, the
time against the script's aim and at most one gentle live cue; then the take is analysed
in a worker and its report shown — Keep it, Discard it, or try again. Without a microphone
the page says so and offers to analyse a recording the user already has."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from coach import takes
from coach.errors import CoachError
from coach.files import copy_atomic
from ui import speechwork
from ui.pages.speech_common import settings_of, speech_page_header
from ui.state import AppState
from ui.take_session import TakeSession
from ui.tasks import Latest, describe_error, run_task
from ui.widgets.common import Notice, access, muted, space_shortcut
from ui.widgets.record_panel import AnalysingPanel, RecordPanel
from ui.widgets.report_view import ReportView

NOT_KEPT, KEPT, DISCARDED = "not kept", "kept", "discarded"


class PracticePage(QWidget):
    title = "Practice"
    message = Signal(str)
    take_kept = Signal(int)  # application id

    def __init__(self, state: AppState, parent=None, source_factory=None):
        super().__init__(parent)
        self.state = state
        # None: the microphone. Tests and screenshots pass a factory of WavSource objects.
        self.source_factory = source_factory
        self.script: speechwork.PracticeScript | None = None
        self.session: TakeSession | None = None
        self.take_path: Path | None = None
        self.take_script: speechwork.PracticeScript | None = None  # the take's, for Keep
        self.report: dict | None = None
        self.decision = NOT_KEPT
        self._latest = Latest()
        self._mic_checked = False
        self._recovered: tuple[int, Path] | None = None  # (app id, take) to analyse next
        self.has_mic = True

        top, self.variant, self.picker = speech_page_header(self.title, state)

        self.notice = Notice()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.notice)
        self.panel = RecordPanel()
        self.panel.record_clicked.connect(self.toggle)
        self.panel.open_clicked.connect(self.choose_file)
        self.stack.addWidget(self.panel)
        self.stack.addWidget(AnalysingPanel())
        self.stack.addWidget(self._build_report())

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

        self.timer = QTimer(self)
        self.timer.setInterval(100)
        self.timer.timeout.connect(self._tick)
        self.space = space_shortcut(self, self.toggle)  # Space records and stops
        state.current_changed.connect(lambda _id: self.reload())
        self.variant.activated.connect(lambda _i: self.reload())

    # --- building ---------------------------------------------------------------------------

    def _build_report(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        v.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.keep_button = access(QPushButton("&Keep this take"), "Keep this take")
        self.discard_button = access(QPushButton("&Discard it"), "Discard this take")
        self.again_button = access(QPushButton("Try &again"), "Try again")
        self.play_button = access(QPushButton("&Play it back"), "Play the take")
        self.kept_note = muted(QLabel(""))
        for b in (self.keep_button, self.discard_button, self.again_button, self.play_button):
            row.addWidget(b)
        row.addWidget(self.kept_note, 1)
        v.addLayout(row)
        self.report_view = ReportView(
            cannot_play="The take is still analysed and you can keep it.")
        self.report_view.take_playing.connect(lambda on: self.play_button.setText(
            "■ Stop &playing" if on else "&Play it back"))
        v.addWidget(self.report_view, 1)
        self.keep_button.clicked.connect(self.keep)
        self.discard_button.clicked.connect(self.discard)
        self.again_button.clicked.connect(self.try_again)
        self.play_button.clicked.connect(self.report_view.play_take)
        return w

    # --- loading ----------------------------------------------------------------------------

    def activated(self) -> None:
        if not self._mic_checked:
            self._mic_checked = True
            self._check_mic()
            folder = str(settings_of(self.state).value("speech/model_folder", "") or "")
            run_task(lambda: speechwork.ENGINES.get(folder), None, lambda _e: None)
        if self.script is None or self.script.app_id != self.state.current:
            self.reload()

    def _check_mic(self) -> None:
        if self.source_factory is not None:
            return
        run_task(speechwork.microphones, self._mics)

    def _mics(self, devices: list) -> None:
        self.has_mic = bool(devices)
        self.panel.record_button.setEnabled(self.has_mic and self.script is not None)
        self.panel.show_problem(
            "" if self.has_mic else
            "No microphone found, so recording isn't possible right now. Connect one (or "
            "switch it on in the system sound settings) and come back to this page. "
            "Meanwhile you can analyse a recording you already have: Open a WAV file…",
            bold=True)

    def reload(self) -> None:
        if self.session is not None:
            return  # recording: never swap the script under the speaker
        app_id = self.state.current
        if app_id is None:
            self._latest.cancel()
            self.script = None
            self.notice.show_message(
                "Pick an application", "Practice is for one application's script. Choose one "
                "above, or add one on the Applications page.", "Go to &Applications",
                lambda: self.state.open_page.emit("applications"))
            self.stack.setCurrentIndex(0)
            return
        variant = self.variant.currentData() if self.script is not None and \
            self.script.app_id == app_id else None
        templates = self.state.db.templates_dir
        t = self._latest.new()
        self.panel.record_button.setEnabled(False)  # no take of lines about to be replaced
        self.state.db.task(lambda s: speechwork.practice_script(s, templates, app_id, variant),
                           t(self._show_script), t(self._failed))

    def _failed(self, exc: BaseException) -> None:
        self.script = None
        self.notice.show_message("Nothing to practise yet", describe_error(exc))
        self._place_script()

    def _show_script(self, script: speechwork.PracticeScript) -> None:
        self.script = script
        i = self.variant.findData(script.variant)
        if i >= 0:  # not a written route (_place_script says so)
            self.variant.setCurrentIndex(i)
            self.panel.show_script(script.lines, script.budget)
            self.panel.record_button.setEnabled(self.has_mic and bool(script.lines))
        self._place_script()
        if i >= 0 and script.lines and self._recovered is not None \
                and self._recovered[0] == script.app_id:
            self._take_recovered()

    def _place_script(self) -> None:
        """The record panel, or why there is nothing to record; but a take being analysed,
        or its report, stays on screen (a script picked meanwhile shows after Try again)."""
        if self.stack.currentIndex() == 2 or (self.stack.currentIndex() == 3
                                               and self.report is not None):
            return
        s = self.script
        spoken = s is not None and self.variant.findData(s.variant) >= 0
        if s is not None and not spoken:
            self.notice.show_message(
                "This one is a written message",
                "The advice for this application is to write rather than call, so there's "
                "nothing to say aloud. Pick a call script above to practise one anyway.")
        elif spoken and not s.lines:
            self.notice.show_message("The script is empty", s.problem or
                                     "Write or build the script on the Script page first.")
        self.stack.setCurrentIndex(1 if spoken and s.lines else 0)

    # --- recording --------------------------------------------------------------------------

    @property
    def recording(self) -> bool:
        return self.session is not None

    def toggle(self) -> None:
        if self.stack.currentIndex() != 1:
            return
        if self.recording:
            self.stop()
        elif self.panel.record_button.isEnabled():
            self.start()

    def start(self) -> None:
        if self.script is None or self.recording:
            return
        s = settings_of(self.state)
        device = s.value("speech/microphone", "") or None
        folder = str(s.value("speech/model_folder", "") or "")
        try:
            path = takes.take_path(self.state.db.data_dir, self.script.app_id)
            source = self.source_factory() if self.source_factory is not None else None
            self.session = TakeSession(path, self.script.lines, source, device, folder)
        except (CoachError, OSError) as exc:
            self.session = None
            self.panel.show_problem(describe_error(exc) + " You can still analyse a "
                                    "recording you already have: Open a WAV file…")
            return
        self.take_path = path
        self.panel.set_recording(True)
        self.variant.setEnabled(False)
        self.picker.setEnabled(False)
        self.timer.start()
        session = self.session
        run_task(session.record, lambda info: self._recorded(session, info),
                 lambda exc: self._record_failed(session, exc))

    def stop(self) -> None:
        if self.session is not None:
            self.session.stop()

    def _tick(self) -> None:
        s = self.session
        if s is None:
            return
        self.panel.show_progress(s.seconds, self.script.budget if self.script else None,
                                 s.level, s.current_cue())
        self.panel.follow(s.line)

    def _end_recording(self) -> None:
        self.timer.stop()
        self.session = None
        self.panel.set_recording(False)
        self.variant.setEnabled(True)
        self.picker.setEnabled(bool(self.state.rows))

    def _recorded(self, session: TakeSession, info) -> None:
        self._tick()
        self._end_recording()
        if info.frames == 0:
            speechwork.discard_file(session.path)
            self.panel.cue.setText("Nothing was recorded. Check the microphone and try "
                                   "again.")
            return
        self._analyse(session.finish)

    def _record_failed(self, session: TakeSession, exc: BaseException) -> None:
        self._end_recording()
        self.panel.show_problem(describe_error(exc))
        if session.recorder.writer is not None and session.recorder.writer.frames > 0:
            self._analyse(session.finish)  # the take so far is on disk: still worth a look

    # --- a recording the user already has ----------------------------------------------------

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open a recording", str(Path.home()),
                                              "Audio (*.wav *.flac *.aiff *.aif)")
        if path:
            self.open_recording(path)

    def open_recording(self, path) -> None:
        """Analyse an existing file: a copy goes into the takes folder, so keeping and
        later deleting the take never touches the user's original. The copy is made on
        the worker with the analysis: a long recording on a slow drive never freezes the
        window."""
        if self.script is None:
            return
        src = Path(path)
        dest = takes.copy_path(self.state.db.data_dir, self.script.app_id, src)
        analyse = self._analysis_of(dest)

        def copy_and_analyse() -> dict:
            copy_atomic(src, dest)
            return analyse()

        def failed(exc: BaseException) -> None:
            if dest.exists():  # copied: the analysis failed, and the copy is kept
                self._analysis_failed(dest, exc)
                return
            self.take_path = None
            self._back_to_script()
            reason = (exc.strerror or exc) if isinstance(exc, OSError) else describe_error(exc)
            self.message.emit(f"Couldn't read {src}: {reason}")

        self.take_path = dest
        self._analyse(copy_and_analyse, failed)

    def analyse_recovered(self, path, app_id: int) -> None:
        """A take a crash interrupted (already in the takes folder, repaired): analyse it
        against its application's script once that script is loaded, then Keep or
        Discard it like any take."""
        self._recovered = (app_id, Path(path))
        if self.script is not None and self.script.app_id == app_id and self.script.lines:
            self._take_recovered()
        # otherwise _show_script does it when the application's script arrives

    def _take_recovered(self) -> None:
        (_app, path), self._recovered = self._recovered, None
        busy = self.session is not None or self.stack.currentIndex() == 2 or (
            self.report is not None and self.decision == NOT_KEPT)
        if busy:  # recording, analysing, or a take not kept yet: that one comes first
            self.message.emit(f"Finish with the take on screen first; then open {path.name} "
                              "with Open a WAV file… to analyse it.")
            return
        self._analyse_take(path)

    def _analyse_take(self, dest: Path) -> None:
        self.take_path = dest
        self._analyse(self._analysis_of(dest))

    def _analysis_of(self, dest: Path):
        """The blocking analysis of `dest` against the script on screen now."""
        lines = list(self.script.lines)
        folder = str(settings_of(self.state).value("speech/model_folder", "") or "")
        return lambda: speechwork.analyse_file(dest, lines, folder)

    # --- analysis and the report ---------------------------------------------------------------

    def _analyse(self, fn, failed=None) -> None:
        self.take_script = self.script  # Keep files it here, whatever is picked meanwhile
        self.stack.setCurrentIndex(2)
        path = self.take_path
        run_task(fn, lambda report: self.show_report(report),
                 failed or (lambda exc: self._analysis_failed(path, exc)))

    def _back_to_script(self) -> None:
        self.stack.setCurrentIndex(1)  # not 2, so the script (maybe a newer one) shows
        self._place_script()

    def _analysis_failed(self, path, exc: BaseException) -> None:
        self._back_to_script()
        self.message.emit(f"The take couldn't be analysed: {describe_error(exc)} The "
                          f"recording is kept at {path}.")

    def show_report(self, report: dict) -> None:
        self.report = report
        self.decision = NOT_KEPT
        self.report_view.show_report(report, audio_path=self.take_path)
        self.keep_button.setEnabled(True)
        self.discard_button.setEnabled(True)
        self.again_button.setText("Discard and try &again")
        self.kept_note.setText("Keep it to compare on the History page.")
        self.stack.setCurrentIndex(3)

    def keep(self) -> None:
        if self.report is None or self.take_script is None or self.decision != NOT_KEPT:
            return
        s, path, report = self.take_script, self.take_path, self.report
        self.keep_button.setEnabled(False)

        def kept(take) -> None:
            self.decision = KEPT
            self.discard_button.setEnabled(False)
            self.again_button.setText("Try &again")
            self.kept_note.setText("Kept. It's on the History page with your other takes.")
            self.take_kept.emit(take.application_id)

        def failed(exc) -> None:
            self.keep_button.setEnabled(True)
            self.message.emit(describe_error(exc))

        self.state.db.task(lambda st: takes.keep_take(st, s.app_id, path, report,
                                                      s.variant, s.version), kept, failed)

    def discard(self) -> None:
        if self.decision != NOT_KEPT:
            return
        self.report_view.show_report(self.report)  # its recording is going: nothing to play
        path = self.take_path
        run_task(lambda: speechwork.discard_file(path))
        self.decision = DISCARDED
        self.keep_button.setEnabled(False)
        self.discard_button.setEnabled(False)
        self.again_button.setText("Try &again")
        self.kept_note.setText("Discarded — the recording is deleted.")

    def try_again(self) -> None:
        if self.decision == NOT_KEPT:
            self.discard()
        self.report_view.stop_listening()
        self.report = None
        self.stack.setCurrentIndex(1)
        self._place_script()
        self.panel.record_button.setFocus()

    def flush(self) -> None:
        self.stop()
        self.report_view.stop_listening()
