"""The Role-play page: whole calls driven by synthesized user turns injected below the
device layer (ui.roleplay_session.RecordedTurns stands where the microphone's stream
would be; the recorder, the core's listener, Whisper and the dialogue are all real),
checking the path and scores shown, the replay, Hang up, and no microphone."""

from __future__ import annotations

import re
import stat

import numpy as np
import pytest

from coach.speech.wavio import load_audio

from ..speech_turns import USER_VOICE, render_turns

pytestmark = pytest.mark.gui

TURNS = {"warm_ask": "Hi Jordan, this is Sam Rivera. Could I please speak with Dana?",
         "thanks_bye": "Thank you so much for your help. Goodbye."}


@pytest.fixture(scope="module")
def turns(tmp_path_factory):
    """Each user turn as a WAV file, rendered once for the module."""
    return render_turns(tmp_path_factory.mktemp("turns"), TURNS, USER_VOICE)


def open_page(qtbot, db, settings, source_factory, sample, scenario="receptionist"):
    from ui.main_window import MainWindow
    from ui.state import AppState

    window = MainWindow(AppState(db), settings,
                        page_options={"roleplay": {"source_factory": source_factory}})
    qtbot.addWidget(window)
    window.show()
    window.state.select(sample.id)
    window.go("roleplay")
    page = window.pages["roleplay"]
    qtbot.waitUntil(lambda: page.setup.scenario.count() > 0)  # loaded in a worker
    page.setup.scenario.setCurrentIndex(page.setup.scenario.findData(scenario))
    return window, page


def states_seen(page) -> list[str]:
    """Every status the call panel shows, in order."""
    seen, show = [], page.panel.show_state

    def record(status, **kw):
        seen.append(status)
        show(status, **kw)

    page.panel.show_state = record
    return seen


def takes_folder(db):
    return db.data_dir / "takes"


def test_a_whole_call_shows_the_path_scores_and_both_sides(qtbot, db, ui_settings, sample,
                                                          turns, tmp_path):
    from ui.pages import roleplay
    from ui.roleplay_session import RecordedTurns

    recorded = RecordedTurns([turns["warm_ask"], turns["thanks_bye"]])
    window, page = open_page(qtbot, db, ui_settings, recorded.source, sample)
    assert "Warm and clear" in page.setup.about.text()  # the scenario's one line
    assert "Northwind Analytics" in page.setup.names.text()
    assert page.setup.start_button.isEnabled()
    seen = states_seen(page)
    page.setup.start_button.click()
    qtbot.waitUntil(lambda: page.phase == roleplay.DONE, timeout=180_000)

    assert page.stack.currentIndex() == roleplay.RESULTS
    assert seen[0] == "Calling…"
    assert seen[1:5] == [roleplay.THEY_SPEAK, roleplay.YOUR_TURN, roleplay.THINKING_TEXT,
                         roleplay.THEY_SPEAK]
    r = page.results
    assert r.path.text() == "The way it went: hello → put through → connecting"
    assert r.outcome.text().startswith("They ended the call after 0:")
    scores = r.scores.text()
    assert "You made your ask clearly." in scores
    assert "You said thank you" in scores
    assert re.search(r"You asked [1-9]\d* questions? — a question hands the call back to them",
                     scores)
    ratio = int(re.search(r"You spoke (\d+)% of the time", scores).group(1))
    assert ratio == round(page.result.scores.talk_ratio * 100) and 20 < ratio < 60
    assert "No fillers" in scores and scores.count("✓") == 6
    said = r.transcript.toPlainText()
    assert said.startswith("They: Good morning, Northwind Analytics, Jordan speaking.")
    yours = [t for t in page.result.turns if t.who == "you"]
    assert said.count("You:") == 2 and all(t.text and f"You: {t.text}" in said for t in yours)
    assert said.rstrip().endswith("Putting you through now.")

    # The replay: both sides, in takes/, private; the turn files are gone.
    replay = page.replay
    assert replay.parent == takes_folder(db) and replay.name.startswith("roleplay-receptionist-")
    assert sorted(p.name for p in takes_folder(db).iterdir()) == [replay.name]
    assert stat.S_IMODE(replay.stat().st_mode) == 0o600
    pcm, rate = load_audio(replay)
    assert len(pcm) / rate == pytest.approx(page.result.duration_s, abs=0.01)
    heard = pcm[int(yours[0].start * rate):int(yours[0].end * rate)]
    assert np.abs(heard).max() > 0.05  # the user's own voice is in it, not silence

    out = tmp_path / "exported" / "my call.wav"
    out.parent.mkdir()
    page.save_call(out)  # what Save the call as WAV… does with the chosen path
    assert out.read_bytes() == replay.read_bytes()
    assert "Saved the call" in window.messages.label.text()
    r.play_button.click()  # no speaker here: said in place; with one, it plays
    assert page.replay_player is not None or "No speaker" in r.note.text()
    page._stop_replay()

    r.delete_button.click()
    assert not replay.exists() and page.replay is None
    assert not r.play_button.isEnabled() and not r.save_button.isEnabled()
    assert "Deleted" in r.kept.text()
    assert out.exists()  # the copy the user saved is theirs
    window.close()


def test_hang_up_while_they_speak_ends_the_call(qtbot, db, ui_settings, sample, turns):
    from ui.pages import roleplay
    from ui.roleplay_session import RecordedTurns

    window, page = open_page(qtbot, db, ui_settings, RecordedTurns([turns["warm_ask"]]).source,
                             sample)
    page.start()
    assert page.phase == roleplay.THEY and "Good morning" in page.panel.transcript.toPlainText()
    page.panel.hang_up_button.click()
    qtbot.waitUntil(lambda: page.phase == roleplay.DONE, timeout=30_000)
    assert page.result.outcome == "hung-up" and page.result.path == ["hello"]
    assert page.results.outcome.text().startswith("You hung up after")
    assert "You hung up before your first turn" in page.results.scores.text()
    assert [p.name for p in takes_folder(db).iterdir()] == [page.replay.name]
    # Call again starts afresh, and its replay replaces this one.
    first = page.replay
    page.results.again_button.click()
    assert page.phase == roleplay.THEY
    page.hang_up()
    qtbot.waitUntil(lambda: page.phase == roleplay.DONE, timeout=30_000)
    assert page.replay != first and not first.exists() and page.replay.exists()
    window.close()


def test_hang_up_mid_turn_with_real_threads(qtbot, db, ui_settings, sample, turns):
    """The pool runner, as in the app: the GUI stays live while the other side is
    rendered and while the microphone (a paced stream) listens; Hang up stops it."""
    from ui import tasks
    from ui.pages import roleplay
    from ui.roleplay_session import RecordedTurns

    tasks.set_runner(tasks.run_in_pool)
    recorded = RecordedTurns([turns["warm_ask"]], paced=True)
    window, page = open_page(qtbot, db, ui_settings, recorded.source, sample)
    qtbot.waitUntil(lambda: page.setup.start_button.isEnabled(), timeout=10_000)
    page.start()
    assert page.phase == roleplay.DIALLING  # the opening line renders in a worker
    qtbot.waitUntil(lambda: page.phase == roleplay.THEY, timeout=30_000)
    page.their_line_done()  # Answer now
    assert page.panel.status.text() == roleplay.YOUR_TURN
    levels = []
    qtbot.waitUntil(lambda: levels.append(page.panel.meter.value()) or
                    (page.turn is not None and page.turn.seconds > 1.5), timeout=10_000)
    assert max(levels) > 20, "the meter moves while the user speaks"
    assert page.turn.recorder.out_path.exists()  # the turn is on disk as it comes in
    page.panel.hang_up_button.click()
    qtbot.waitUntil(lambda: page.phase == roleplay.DONE, timeout=30_000)
    assert page.result.outcome == "hung-up" and page.result.path == ["hello"]
    assert [t.who for t in page.result.turns] == ["them"]  # a turn cut short isn't scored
    assert [p.name for p in takes_folder(db).iterdir()] == [page.replay.name]
    window.close()


def test_closing_the_window_mid_call_keeps_nothing(qtbot, db, ui_settings, sample, turns):
    from ui.pages import roleplay
    from ui.roleplay_session import RecordedTurns

    recorded = RecordedTurns([turns["warm_ask"], turns["thanks_bye"]])
    window, page = open_page(qtbot, db, ui_settings, recorded.source, sample)
    page.start()
    page.their_line_done()  # the first turn is recorded and understood
    assert page.phase == roleplay.THEY and len(page.call.turns) == 3
    assert len(list(takes_folder(db).glob("*-turn1.wav"))) == 1
    window.close()
    assert list(takes_folder(db).iterdir()) == []


def test_a_microphone_gone_by_your_turn_ends_the_call_and_says_why(qtbot, db, ui_settings,
                                                                   sample):
    """The microphone was there when the page opened, gone when the turn starts: the
    real device layer refuses, the call ends, and the results say why."""
    from coach.speech.record import MicrophoneSource, input_devices
    from ui.pages import roleplay

    if input_devices():
        pytest.skip("this machine has a microphone")
    window, page = open_page(qtbot, db, ui_settings, MicrophoneSource, sample)
    page.start()
    page.their_line_done()
    qtbot.waitUntil(lambda: page.phase == roleplay.DONE, timeout=30_000)
    assert "No microphone found" in page.results.note.text()
    assert page.results.note.isVisible()
    assert page.result.path == ["hello"] and page.result.outcome == "hung-up"
    assert [p.name for p in takes_folder(db).iterdir()] == [page.replay.name]
    window.close()


def test_no_microphone_says_so_in_place(qtbot, db, ui_settings, sample, monkeypatch):
    from ui import speechwork
    from ui.pages import roleplay

    monkeypatch.setattr(speechwork, "microphones", lambda: [])
    window, page = open_page(qtbot, db, ui_settings, None, sample)
    assert page.setup.scenario.count() >= 6  # the scenarios are still there to read
    assert not page.setup.start_button.isEnabled()
    assert "No microphone found" in page.setup.problem.text()
    assert page.setup.problem.isVisible()
    page.start()  # Enter on the page, or a stray click: nothing happens, nothing breaks
    assert page.phase == roleplay.IDLE and page.stack.currentIndex() == roleplay.SETUP
    assert not takes_folder(db).exists() or not list(takes_folder(db).iterdir())
    window.close()


def test_play_the_call_is_offered_again_when_the_call_has_played_to_its_end(
        qtbot, tmp_path, speaker):
    from PySide6.QtWidgets import QWidget

    from ui.pages.roleplay_replay import ReplayActions
    from ui.widgets.roleplay_panels import ResultsPanel

    class Page(QWidget, ReplayActions):
        pass

    page = Page()
    qtbot.addWidget(page)
    page.results, page.replay, page.replay_player = ResultsPanel(page), tmp_path / "call.wav", None
    page.play_call()
    assert page.results.play_button.text() == "■ Stop &playing"
    page.replay_player.state = "finished"
    qtbot.waitUntil(lambda: page.results.play_button.text() == "▶ &Play the call",
                    timeout=3000)
    assert page.replay_player is None
