"""Rehearse: hear the script read aloud with each word lit up as it is spoken, at a voice
and pace of your choosing; pause, resume, stop. Teleprompter mode shows large text that
scrolls with the spoken word. Without a speaker the words still light up at the voice's
pace, so the user can read along; without a speech engine the page says so in place."""

from __future__ import annotations

from bisect import bisect_right
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from coach import scratch
from coach.errors import CoachError
from ui import exports, speechwork
from ui.pages.speech_common import settings_of, speech_page_header
from ui.silent_clock import SilentClock
from ui.state import AppState
from ui.tasks import Latest, describe_error, run_task
from ui.widgets.common import Notice, access, muted, space_shortcut, wrapped
from ui.widgets.read_along import ReadAlongView


class RehearsePage(QWidget):
    title = "Rehearse"
    message = Signal(str)

    def __init__(self, state: AppState, parent=None):
        super().__init__(parent)
        self.state = state
        self.script: speechwork.PracticeScript | None = None
        self.text = ""
        self.result = None  # coach.speech.tts.RenderResult
        self.player = None
        self.silent = False
        self.current_word = -1
        self._starts: list[float] = []
        self._latest = Latest()  # the script of the application picked
        self._render_latest = Latest()  # Read it aloud's rendering of the text shown
        self.tts_problem = ""  # why reading aloud isn't possible, once the voices say so
        self._voices_loaded = False
        self._tmp = scratch.folder("rehearse")

        top, self.variant, self.picker = speech_page_header(self.title, state)

        controls = QHBoxLayout()
        self.play_button = access(QPushButton("▶ &Read it aloud"), "Read the script aloud")
        self.pause_button = access(QPushButton("&Pause"), "Pause or resume")
        self.stop_button = access(QPushButton("S&top"), "Stop reading")
        for b in (self.play_button, self.pause_button, self.stop_button):
            controls.addWidget(b)
        self.prompter = access(QCheckBox("&Teleprompter"), "Teleprompter mode")
        controls.addWidget(self.prompter)
        controls.addStretch(1)
        self.save_button = access(QPushButton("Save a&udio…"),
                                  "Save the read-aloud audio as a WAV file")
        controls.addWidget(self.save_button)
        choices = QHBoxLayout()
        self.voice = access(QComboBox(), "Voice")
        self.voice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.voice.setMinimumContentsLength(16)
        voice_label = QLabel("&Voice")
        voice_label.setBuddy(self.voice)
        choices.addWidget(voice_label)
        choices.addWidget(self.voice)
        self.rate = access(QSpinBox(), "Reading pace, words a minute")
        self.rate.setRange(80, 300)
        self.rate.setSingleStep(10)
        self.rate.setSuffix(" words a minute")
        rate_label = QLabel("P&ace")
        rate_label.setBuddy(self.rate)
        choices.addWidget(rate_label)
        choices.addWidget(self.rate)
        choices.addStretch(1)

        self.status = access(muted(wrapped("")), "Reading status")
        self.view = access(ReadAlongView(), "Script being read")

        body = QWidget()
        bv = QVBoxLayout(body)
        bv.setContentsMargins(0, 0, 0, 0)
        bv.addLayout(controls)
        bv.addLayout(choices)
        bv.addWidget(self.status)
        bv.addWidget(self.view, 1)
        self.notice = Notice()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.notice)
        self.stack.addWidget(body)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

        self.timer = QTimer(self)
        self.timer.setInterval(50)
        self.timer.timeout.connect(self._tick)
        self.space = space_shortcut(self, self.play_pause)  # Space plays and pauses
        self.play_button.clicked.connect(self.read_aloud)
        self.pause_button.clicked.connect(self.pause_resume)
        self.stop_button.clicked.connect(self.stop)
        self.prompter.toggled.connect(self.set_teleprompter)
        self.save_button.clicked.connect(self.choose_audio_file)
        self.voice.activated.connect(lambda _i: self._remember())
        self.rate.valueChanged.connect(lambda _v: self._remember())
        state.current_changed.connect(lambda _id: self.reload())
        self.variant.activated.connect(lambda _i: self.reload())
        self._set_playing(False)

    # --- loading ----------------------------------------------------------------------------

    def activated(self) -> None:
        if not self._voices_loaded:
            self._voices_loaded = True
            s = settings_of(self.state)
            self.rate.blockSignals(True)
            self.rate.setValue(int(s.value("speech/rate", 150)))
            self.rate.blockSignals(False)
            run_task(speechwork.voices, self._show_voices, self._no_tts)
        if self.script is None or self.script.app_id != self.state.current:
            self.reload()

    def _show_voices(self, voices: list) -> None:
        wanted = str(settings_of(self.state).value("speech/voice", "") or "")
        english = [v for v in voices if any(lang.startswith("en") for lang in v.languages)]
        others = [v for v in voices if v not in english]
        self.voice.clear()
        self.voice.addItem("Default voice", "")
        for v in english + others:
            self.voice.addItem(v.name, v.id)
        i = self.voice.findData(wanted)
        self.voice.setCurrentIndex(max(0, i))

    def _no_tts(self, exc: BaseException) -> None:
        self.tts_problem = describe_error(exc)
        self.notice.show_message(
            "Reading aloud isn't available", f"{self.tts_problem} You can still practise "
            "on the Practice page, reading the script yourself.")
        self.stack.setCurrentIndex(0)

    def _remember(self) -> None:
        s = settings_of(self.state)
        s.setValue("speech/voice", self.voice.currentData() or "")
        s.setValue("speech/rate", self.rate.value())
        self.result = None  # a new voice or pace needs a new rendering

    def reload(self) -> None:
        self.stop()
        self._drop_rendering()
        app_id = self.state.current
        if app_id is None:
            self._latest.cancel()
            self.script = None
            self.notice.show_message("Pick an application", "Choose an application above to "
                                     "hear its script.")
            self.stack.setCurrentIndex(0)
            return
        if self.tts_problem:
            return
        variant = self.variant.currentData() if self.script is not None and \
            self.script.app_id == app_id else None
        templates = self.state.db.templates_dir
        t = self._latest.new()
        self.state.db.task(lambda s: speechwork.practice_script(s, templates, app_id, variant),
                           t(self._show_script), t(self._failed))

    def _failed(self, exc: BaseException) -> None:
        if not self.tts_problem:  # that notice says more: nothing can be read aloud at all
            self.notice.show_message("Nothing to read yet", describe_error(exc))
            self.stack.setCurrentIndex(0)

    def _drop_rendering(self) -> None:
        """A rendering on its way is of text no longer shown: its answer is dropped, so
        Read it aloud (off while it renders) must work again."""
        self._render_latest.cancel()
        self.play_button.setEnabled(True)

    def _show_script(self, script) -> None:
        self.stop()  # Read it aloud may have been pressed while this loaded
        self._drop_rendering()
        self.script = script
        i = self.variant.findData(script.variant)
        if i >= 0:
            self.variant.setCurrentIndex(i)
        self.text = "\n\n".join(script.lines)
        self.result = None
        self.view.setPlainText(self.text)
        self.status.setText("Press Read it aloud to hear the script; each word lights up as "
                            "it's spoken.")
        if self.tts_problem:  # the voices answered first: their notice stays
            return
        if not script.lines:
            self.notice.show_message("The script is empty", "Write or build the script on "
                                     "the Script page first.")
            self.stack.setCurrentIndex(0)
            return
        self.stack.setCurrentIndex(1)

    # --- reading ----------------------------------------------------------------------------

    def read_aloud(self) -> None:
        if self.player is not None and self.player.state == "paused":
            self.pause_resume()
            return
        self.stop()
        if self.result is not None:
            self._start(self.result)
            return
        text, out, voice, rate = self.text, Path(self._tmp.name), \
            self.voice.currentData() or None, self.rate.value()
        self.status.setText("Getting the voice ready…")
        self.play_button.setEnabled(False)
        t = self._render_latest.new()
        run_task(lambda: speechwork.render_speech(text, out, voice, rate), t(self._rendered),
                 t(self._render_failed))

    def _render_failed(self, exc: BaseException) -> None:
        self.play_button.setEnabled(True)
        self.status.setText(describe_error(exc))

    def _rendered(self, result) -> None:
        self.play_button.setEnabled(True)
        self.result = result
        self._start(result)

    def _start(self, result) -> None:
        self._starts = [w.start for w in result.word_timings]
        self.silent = False
        try:
            from coach.speech.playback import Player

            self.player = Player(str(result.path))
            self.player.play()
            self.status.setText("Reading aloud…")
        except (CoachError, OSError) as exc:
            self.silent = True
            self.player = SilentClock(result.duration)
            self.player.play()
            self.status.setText(f"{describe_error(exc)} The words still light up at the "
                                "voice's pace, so you can read along.")
        self._set_playing(True)
        self.timer.start()

    def play_pause(self) -> None:
        if self.player is None:
            if self.stack.currentWidget() is self.notice or not self.play_button.isEnabled():
                return  # Space over a notice: the text behind it is not this page's now
            self.read_aloud()
        else:
            self.pause_resume()

    def pause_resume(self) -> None:
        if self.player is None:
            return
        if self.player.state == "playing":
            self.player.pause()
            self.pause_button.setText("&Resume")
        elif self.player.state == "paused":
            self.player.resume()
            self.pause_button.setText("&Pause")

    def stop(self) -> None:
        self.timer.stop()
        if self.player is not None:
            self.player.close() if not isinstance(self.player, SilentClock) else \
                self.player.stop()
            self.player = None
        self._set_playing(False)
        self.highlight(-1)

    def _set_playing(self, playing: bool) -> None:
        self.pause_button.setEnabled(playing)
        self.stop_button.setEnabled(playing)
        self.pause_button.setText("&Pause")

    def _tick(self) -> None:
        p = self.player
        if p is None:
            return
        self.highlight_at(p.position)
        if p.state in ("finished", "stopped") or p.position >= getattr(p, "duration", 0) > 0:
            self.timer.stop()
            self._set_playing(False)
            self.player = None
            self.status.setText("Done. Read it again, or try it yourself on the Practice page.")

    def highlight_at(self, seconds: float) -> None:
        i = bisect_right(self._starts, seconds) - 1
        self.highlight(i)

    def highlight(self, index: int) -> None:
        if index == self.current_word:
            return
        self.current_word = index
        if index < 0 or self.result is None or index >= len(self.result.word_timings):
            self.view.unlight()
            return
        w = self.result.word_timings[index]
        self.view.light(w.start_char, w.end_char, follow=self.prompter.isChecked())

    def highlighted_text(self) -> str:
        return self.view.lit_text()

    def set_teleprompter(self, on: bool) -> None:
        self.view.set_large(on)
        self.status.setVisible(not on)
        self.picker.setVisible(not on)
        self.variant.setVisible(not on)

    # --- saving the audio -------------------------------------------------------------------

    def choose_audio_file(self) -> None:
        name = exports.file_stem(f"{self.picker.currentText()} read aloud", "Call script")
        path = exports.ask_save_path(self, "Save the read-aloud audio", name, ".wav",
                                     "WAV audio (*.wav)")
        if path is not None:
            self.save_audio(path)

    def save_audio(self, path) -> None:
        """Write the script read aloud (at the chosen voice and pace) to `path`: the
        rendering already made for Read it aloud, or a new one made now."""
        from coach.files import copy_atomic

        dest = Path(path)

        def copy(result) -> None:
            self.save_button.setEnabled(True)
            exports.write_in_background(lambda: copy_atomic(result.path, dest), dest,
                                        f"Saved the script read aloud to {dest}.",
                                        self.message.emit)

        if self.result is not None:
            copy(self.result)
            return
        text, voice, rate = self.text, self.voice.currentData() or None, self.rate.value()
        out = Path(self._tmp.name) / "export"  # its own file: Read it aloud may be playing
        self.save_button.setEnabled(False)

        def failed(exc: BaseException) -> None:
            self.save_button.setEnabled(True)
            self.message.emit(f"Couldn't save the audio: {describe_error(exc)}")

        run_task(lambda: speechwork.render_speech(text, out, voice, rate), copy, failed)

    def flush(self) -> None:
        self.stop()
