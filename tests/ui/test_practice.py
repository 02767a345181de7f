"""Practice: a take recorded (from an injected file), analysed, shown with its findings,
kept or discarded; no microphone is explained in place."""

from __future__ import annotations

import html

import pytest

from coach.speech.wavio import load_audio
from coach.text import moment
from tests.ui.speech_helpers import practice_window, spoken_take

pytestmark = pytest.mark.gui


@pytest.fixture
def practice(qtbot, db, ui_settings, sample, tmp_path):
    window = practice_window(qtbot, db, ui_settings, spoken_take(tmp_path))
    window.state.select(sample.id)
    window.go("practice")
    yield window, window.pages["practice"]
    window.close()


def test_recording_analyses_the_take_and_keep_saves_it(practice, store, sample, db):
    window, page = practice
    assert page.stack.currentIndex() == 1
    shown = page.panel.lines_view.toPlainText()
    assert page.script.lines and shown.startswith(page.script.lines[0])
    assert "aim for" in page.panel.elapsed.text()
    page.toggle()  # Space: record (the injected file plays to its end), then analysis
    assert page.stack.currentIndex() == 3, "the report is shown"
    path = page.take_path
    assert path.parent == db.data_dir / "takes" and path.name.startswith(f"app{sample.id}-")
    assert path.stat().st_size > 44
    kinds = [f["kind"] for f in page.report["findings"]]
    assert "weak_phrase" in kinds
    view = page.report_view
    assert "just calling to follow up" in view.transcript.toPlainText()
    # each finding says when in the take it was, as the printed report does ("0:09 — ...")
    weak = next(f for f in page.report["findings"] if f["kind"] == "weak_phrase")
    head = f"{moment(weak['start'], weak['end'])} — phrase to change “"
    assert any(tip.startswith(head) for tip in view.tips_by_anchor.values())
    assert head in html.unescape(view.findings.text())
    assert view.tips.text().count("<li>") == 3
    assert set(view.metric_rows) >= {"words_per_minute", "fillers_per_100_words"}
    assert "of" in view.lines.text() and "said" in view.lines.text()
    assert store.list_takes(sample.id) == []
    page.keep_button.click()
    takes = store.list_takes(sample.id)
    assert len(takes) == 1
    assert takes[0].audio_path == str(path) and takes[0].report == page.report
    assert takes[0].variant == page.script.variant
    assert "Kept" in page.kept_note.text()
    assert not page.discard_button.isEnabled()


def test_discard_deletes_the_recording_and_try_again_returns(practice, store, sample):
    window, page = practice
    page.start()
    path = page.take_path
    assert path.exists()
    page.discard_button.click()
    assert not path.exists()
    assert store.list_takes(sample.id) == []
    page.again_button.click()
    assert page.stack.currentIndex() == 1


def test_playback_without_a_speaker_says_so_in_place(practice):
    window, page = practice
    page.start()
    page.play_button.click()
    from coach.speech.playback import output_devices

    if output_devices():
        pytest.skip("this machine has a sound card")
    assert "No speaker" in page.report_view.listen_note.text()
    assert "you can keep it" in page.report_view.listen_note.text()
    assert page.keep_button.isEnabled()  # the take is still there to keep


def test_hearing_a_finding_and_playing_the_take_never_sound_at_once(practice, speaker):
    from PySide6.QtCore import QUrl

    window, page = practice
    page.start()
    assert page.stack.currentIndex() == 3
    view = page.report_view
    page.play_button.click()
    whole = view.player
    assert whole.state == "playing" and page.play_button.text() == "■ Stop &playing"
    assert len(whole.audio) == len(load_audio(page.take_path)[0])
    view._clicked(QUrl("f0"))  # a finding's moment: the whole take stops
    excerpt = view.player
    assert whole.state == "stopped" and page.play_button.text() == "&Play it back"
    assert excerpt.state == "playing" and len(excerpt.audio) < 16000 * 10
    page.play_button.click()  # and the other way round
    assert excerpt.state == "stopped" and view.player.state == "playing"
    page.discard_button.click()  # the recording goes: nothing is left to play
    assert view.player is None and view.audio_path is None


def test_play_it_back_is_offered_again_when_the_take_has_played_to_its_end(
        practice, speaker, qtbot):
    window, page = practice
    page.start()
    page.play_button.click()
    assert page.play_button.text() == "■ Stop &playing"
    page.report_view.player.state = "finished"  # the device played the last sample
    qtbot.waitUntil(lambda: page.play_button.text() == "&Play it back", timeout=3000)
    assert page.report_view.player is None
    page.play_button.click()  # and a second time, stopped by hand, it stays stopped
    first = page.report_view.player
    page.play_button.click()
    assert first.state == "stopped" and page.play_button.text() == "&Play it back"


def test_no_microphone_offers_to_open_a_file(qtbot, db, ui_settings, sample, tmp_path,
                                              monkeypatch, store):
    from ui import speechwork
    from ui.main_window import MainWindow
    from ui.state import AppState

    monkeypatch.setattr(speechwork, "microphones", lambda: [])
    window = MainWindow(AppState(db), ui_settings)
    qtbot.addWidget(window)
    window.show()
    window.state.select(sample.id)
    window.go("practice")
    page = window.pages["practice"]
    assert not page.panel.record_button.isEnabled()
    assert "No microphone" in page.panel.mic_note.text() and page.panel.mic_note.isVisible()
    assert page.panel.open_file.isEnabled()
    wav = spoken_take(tmp_path)
    page.open_recording(wav)
    assert page.stack.currentIndex() == 3
    assert page.take_path != wav and page.take_path.exists()  # a copy in takes/
    page.keep_button.click()
    page.discard_button.click()  # does nothing once kept
    assert wav.exists() and page.take_path.exists()
    assert len(store.list_takes(sample.id)) == 1
    window.close()


def test_space_records_but_not_while_a_drop_down_has_focus(practice, qtbot):
    from PySide6.QtCore import Qt

    window, page = practice
    window.activateWindow()
    for combo in (page.variant, page.picker):
        combo.setFocus()
        qtbot.keyClick(combo, Qt.Key.Key_Space)
        combo.hidePopup()  # Space is the drop-down's own: it opens its list
        assert page.take_path is None and page.stack.currentIndex() == 1, combo
    page.panel.lines_view.setFocus()
    qtbot.keyClick(page.panel.lines_view, Qt.Key.Key_Space)
    assert page.take_path is not None, "Space anywhere else on the page records"
    assert page.stack.currentIndex() == 3
