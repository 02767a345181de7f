"""Role-play: a practice call against a simulated listener. Choose a scenario and the
application whose names it uses, Start the call; the other side's line is shown and
played, then the microphone listens until the user stops talking (the core's listener
decides), the reply is understood and the call branches. Hang up at any time. At the end:
the scores in words, both sides' transcript, Play the call and Save the call as WAV….

The call is a small state machine on the GUI thread; every blocking step (the other
side's text-to-speech, recording a turn, transcribing it) runs through run_task, and its
answer moves the machine on. Without a microphone the page says so and offers nothing
it cannot do."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from coach.errors import CoachError
from ui import roleplay_session, speechwork
from ui.pages.roleplay_replay import ReplayActions
from ui.pages.speech_common import settings_of
from ui.silent_clock import SilentClock
from ui.state import AppState
from ui.tasks import describe_error, run_task
from ui.widgets.app_picker import AppPicker
from ui.widgets.common import heading
from ui.widgets.roleplay_panels import CallPanel, ResultsPanel, SetupPanel

SETUP, CALL, RESULTS = range(3)  # the stack's panels
# Phases of the call. DIALLING and THINKING wait for a worker, YOU for the recording.
IDLE, DIALLING, THEY, YOU, THINKING, ENDING, DONE = (
    "idle", "dialling", "they", "you", "thinking", "ending", "done")
THEY_SPEAK = "They are speaking…"
YOUR_TURN = "Your turn — speak when ready"
THINKING_TEXT = "Thinking…"
NO_MIC = ("No microphone found, so a role-play call isn't possible right now. Connect one "
          "(or switch it on in the system sound settings) and come back to this page.")


class RolePlayPage(ReplayActions, QWidget):
    title = "Role-play"
    message = Signal(str)

    def __init__(self, state: AppState, parent=None, source_factory=None):
        super().__init__(parent)
        self.state = state
        # None: the microphone. Tests and screenshots pass RecordedTurns(...).source.
        self.source_factory = source_factory
        self.library = None
        self.scenario = None  # the scenario of the call in progress or just finished
        self.call = None  # coach.roleplay.RolePlay
        self.files: roleplay_session.CallFiles | None = None
        self.line = None  # the other side's line being played
        self.turn: roleplay_session.TurnSession | None = None
        self.player = None  # their line: a Player, or a SilentClock without a speaker
        self.result = None
        self.replay = None  # the replay WAV under takes/, until deleted
        self.replay_player = None
        self.phase = IDLE
        self.has_mic = True
        self._hanging_up = False
        self._problem = ""  # why the call ended early, for the results
        self._gen = 0  # which call the workers' answers belong to (see _ours)
        self._checked = False

        top = QHBoxLayout()
        top.addWidget(heading(self.title))
        top.addStretch(1)
        self.picker = AppPicker(state)
        top.addWidget(self.picker)
        self.setup = SetupPanel()
        self.panel = CallPanel()
        self.results = ResultsPanel()
        self.stack = QStackedWidget()
        for w in (self.setup, self.panel, self.results):
            self.stack.addWidget(w)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

        self.timer = QTimer(self)
        self.timer.setInterval(50)
        self.timer.timeout.connect(self._tick)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.hang_up,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.setup.start_clicked.connect(self.start)
        self.setup.scenario.currentIndexChanged.connect(lambda _i: self._describe())
        self.panel.hang_up_clicked.connect(self.hang_up)
        self.panel.answer_clicked.connect(self.their_line_done)
        self.results.play_clicked.connect(self.play_call)
        self.results.save_clicked.connect(self.choose_save_path)
        self.results.delete_clicked.connect(self.delete_recording)
        self.results.again_clicked.connect(self.start)
        self.results.other_clicked.connect(self.choose_another)
        state.current_changed.connect(lambda _id: self._describe())
        state.applications_changed.connect(lambda _rows: self._describe())
        self._enable_start()  # once the scenarios are in

    # --- setting up ---------------------------------------------------------------------

    def activated(self) -> None:
        if self._checked:
            return
        self._checked = True
        if self.source_factory is None:
            run_task(speechwork.microphones, self._mics)
        folder = self._setting("speech/model_folder")
        run_task(lambda: speechwork.ENGINES.get(folder), None, lambda _e: None)
        run_task(partial(roleplay_session.scenarios, self.state.db.data_dir), self._scenarios)

    def _setting(self, key: str) -> str:
        return str(settings_of(self.state).value(key, "") or "")

    def _mics(self, devices: list) -> None:
        self.has_mic = bool(devices)
        self.setup.show_problem("" if self.has_mic else NO_MIC)
        self._enable_start()

    def _scenarios(self, library) -> None:
        self.library = library
        self.setup.show_scenarios(library.list(), self._setting("roleplay/scenario"))
        for problem in library.errors:  # the others still load; say which file was skipped
            self.message.emit(f"A role-play scenario was skipped: {problem}")
        self._describe()
        self._enable_start()

    def _enable_start(self) -> None:
        ok = self.has_mic and self.library is not None and self.setup.scenario.count() > 0
        self.setup.start_button.setEnabled(ok)
        self.results.again_button.setEnabled(ok)

    def _chosen(self):
        sid = self.setup.scenario.currentData()
        return self.library.scenarios.get(sid) if self.library is not None and sid else None

    def _describe(self) -> None:
        scenario = self._chosen()
        self.setup.about.setText(scenario.about if scenario else "")
        row = self.state.row(self.state.current)
        self.setup.names.setText(
            f"The other side uses the names from {row.title}." if row is not None else
            "No application chosen, so the call uses practice names (Sam Rivera calling "
            "Northwind Analytics). Choose one above to hear your own.")

    def choose_another(self) -> None:
        self._stop_replay()
        self.stack.setCurrentIndex(SETUP)
        self.setup.scenario.setFocus()

    # --- the call -------------------------------------------------------------------------

    @property
    def in_call(self) -> bool:
        return self.phase not in (IDLE, DONE)

    def start(self) -> None:
        scenario = self._chosen()
        if self.in_call or scenario is None or not self.has_mic:
            return
        self._stop_replay()
        settings_of(self.state).setValue("roleplay/scenario", scenario.id)
        self.scenario, self.call, self.result, self._hanging_up = scenario, None, None, False
        self._problem = ""
        self.files = roleplay_session.CallFiles.new(self.state.db.data_dir, scenario.id)
        self._gen += 1
        self.phase = DIALLING
        self.panel.show_turns([])
        self.panel.show_note("")
        self.panel.show_level(None, None)
        self.panel.who.setText(f"{scenario.title} — {scenario.about}")
        self.panel.show_state("Calling…")
        self.stack.setCurrentIndex(CALL)
        self.picker.setEnabled(False)
        self.panel.hang_up_button.setFocus()
        db, app_id = self.state.db, self.state.current
        voice, folder = self._setting("speech/voice") or None, self._setting("speech/model_folder")
        gen, files = self._gen, self.files

        def connected(opened) -> None:
            if gen != self._gen:  # the window closed meanwhile: this call is not wanted
                roleplay_session.discard_call(opened[0], files)
            else:
                self._connected(opened)

        run_task(lambda: roleplay_session.start_call(db, app_id, scenario, voice, folder),
                 connected, self._ours(self._could_not_start))

    def _ours(self, callback):
        """`callback` for a worker's answer, dropped (and the call's files deleted) when
        the page has moved on since — the window closing mid-call."""
        gen, call, files = self._gen, self.call, self.files

        def run(*args) -> None:
            if gen == self._gen:
                callback(*args)
            elif call is not None:
                roleplay_session.discard_call(call, files)

        return run

    def _connected(self, opened) -> None:
        self.call, line = opened
        if self._hanging_up:
            self._end()
        else:
            self._they_say(line)

    def _could_not_start(self, exc: BaseException) -> None:
        self._back_to_setup(f"The call couldn't start: {describe_error(exc)}")

    def _back_to_setup(self, problem: str = "") -> None:
        self.phase = IDLE
        self.picker.setEnabled(bool(self.state.rows))
        self.stack.setCurrentIndex(SETUP)
        self.setup.show_problem(problem)

    def _they_say(self, line) -> None:
        self.phase, self.line = THEY, line
        self.panel.show_turns(self.call.turns)
        self.panel.show_level(None, None)
        self.panel.show_state(THEY_SPEAK, answer=line.expects_reply)
        try:
            from coach.speech.playback import Player

            self.player = Player(line.pcm, rate=roleplay_session.RATE)
            self.player.play()
        except (CoachError, OSError) as exc:
            # Read along instead: the turn comes when they would have finished speaking.
            self.player = SilentClock(line.seconds)
            self.player.play()
            self.panel.show_note(f"{describe_error(exc)} Read their line above; your turn "
                                 "starts when they would have finished (or press Answer now).")
        self.timer.start()

    def their_line_done(self) -> None:
        """Their line has been played (or the user cut in with Answer now)."""
        if self.phase != THEY:
            return
        self._stop_player()
        if self.line is not None and self.line.expects_reply and not self.call.over:
            self._listen()
        else:
            self._end()

    def _listen(self) -> None:
        self.phase = YOU
        self.panel.show_state(YOUR_TURN)
        listener = self.call.listener()
        n = sum(1 for t in self.call.turns if t.who == "you") + 1
        try:
            source = self.source_factory() if self.source_factory is not None else None
            turn = roleplay_session.TurnSession(self.files.turn(n), listener, source,
                                                self._setting("speech/microphone") or None)
        except (CoachError, OSError) as exc:
            self._problem = f"{describe_error(exc)} The call ended there."
            self._end()
            return
        self.turn = turn
        self.timer.start()
        run_task(turn.record, self._ours(lambda _info: self._heard(turn)),
                 self._ours(lambda exc: self._turn_failed(turn, exc)))

    def _turn_failed(self, turn, exc: BaseException) -> None:
        self._problem = f"{describe_error(exc)} The call ended there."
        self._hanging_up = True
        self._heard(turn)

    def _heard(self, turn) -> None:
        self.turn = None
        self.panel.show_level(None, None)
        if self._hanging_up:
            self._end()  # a turn cut short by Hang up is not transcribed
            return
        self.phase = THINKING
        self.panel.show_state(THINKING_TEXT)
        call, listener = self.call, turn.listener
        run_task(lambda: call.reply(listener), self._ours(self._replied),
                 self._ours(self._reply_failed))

    def _replied(self, line) -> None:
        if line is None or self._hanging_up:
            self._end()
        else:
            self._they_say(line)

    def _reply_failed(self, exc: BaseException) -> None:
        self._problem = f"Your last turn couldn't be understood: {describe_error(exc)}"
        self._end()

    def hang_up(self) -> None:
        """End the call now. A worker that is busy (their next line, your transcript) is
        let finish first; its answer then ends the call instead of carrying it on."""
        if not self.in_call or self.phase == ENDING:
            return
        self._hanging_up = True
        if self.phase == THEY:
            self._end()
        elif self.phase == YOU and self.turn is not None:
            self.turn.stop()  # the recording returns and _heard ends the call
        else:
            self.panel.show_state("Hanging up…", hang_up=False)

    def _end(self) -> None:
        self._stop_player()
        self.timer.stop()
        self.phase = ENDING
        self.panel.show_state("Ending the call…", hang_up=False)
        call, files = self.call, self.files
        run_task(lambda: roleplay_session.finish_call(call, files), self._ours(self._finished),
                 self._ours(self._finish_failed))

    def _finished(self, done) -> None:
        self.result, self.replay = done
        self.phase = DONE
        self.picker.setEnabled(bool(self.state.rows))
        self.results.show_result(self.result, self.scenario.ask, True)
        self.results.show_note(self._problem)
        self.stack.setCurrentIndex(RESULTS)
        self.results.again_button.setFocus()

    def _finish_failed(self, exc: BaseException) -> None:
        self._back_to_setup(f"The call ended, but it couldn't be saved for playing back: "
                            f"{describe_error(exc)}")

    def _tick(self) -> None:
        if self.phase == THEY and self.player is not None:
            p = self.player
            if p.state in ("finished", "stopped") or p.position >= p.duration:
                self.their_line_done()
        elif self.phase == YOU and self.turn is not None:
            self.panel.show_level(self.turn.level, self.turn.seconds)

    def _stop_player(self) -> None:
        player, self.player = self.player, None
        if player is not None:
            player.close()

    # --- after the call: Play, Save as WAV…, Delete are ReplayActions (roleplay_replay) ------

    def flush(self) -> None:
        """The window is closing: stop listening and playing. A call in progress is not
        kept (it was never finished): its turn files are deleted, now or when the busy
        worker answers, and the page is back at the start should the window stay open."""
        self.timer.stop()
        self._stop_player()
        self._stop_replay()
        if not self.in_call:
            return
        busy = self.turn is not None or self.phase in (DIALLING, THINKING, ENDING)
        if self.turn is not None:
            self.turn.stop()
            self.turn = None
        if not busy and self.call is not None:
            roleplay_session.discard_call(self.call, self.files)
        self._gen += 1
        self.call = None
        self._back_to_setup()
