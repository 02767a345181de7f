"""Rehearse: the script read aloud by the real speech engine, the spoken word lit up in
time; without a sound card the highlight still follows the voice's pace."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.gui


@pytest.fixture
def rehearse(window, sample):
    from coach.errors import CoachError
    from ui import speechwork

    try:
        speechwork.voices()
    except CoachError as exc:
        pytest.skip(f"needs text-to-speech: {exc}")
    window.state.select(sample.id)
    window.go("rehearse")
    return window.pages["rehearse"]


def test_reading_aloud_renders_and_highlights_each_word_in_time(rehearse):
    page = rehearse
    assert page.stack.currentIndex() == 1 and page.voice.count() > 1
    page.text = "Hello Dana, it's Sam."
    page.view.setPlainText(page.text)
    page.result = None
    page.read_aloud()
    result = page.result
    assert result is not None and result.duration > 0.5
    words = [w.word for w in result.word_timings]
    assert words[:2] == ["Hello", "Dana"]
    for i, w in enumerate(result.word_timings):
        page.highlight_at((w.start + w.end) / 2)
        assert page.current_word == i
        assert page.highlighted_text() == page.text[w.start_char:w.end_char]
    page.stop()
    assert page.highlighted_text() == "" and not page.stop_button.isEnabled()


def test_without_a_speaker_the_words_still_light_up(rehearse, qtbot):
    from coach.speech.playback import output_devices
    from ui.pages.rehearse import SilentClock

    if output_devices():
        pytest.skip("this machine has a sound card")
    page = rehearse
    page.read_aloud()
    assert isinstance(page.player, SilentClock) and page.silent
    assert "No speaker" in page.status.text() and "read along" in page.status.text()
    qtbot.waitUntil(lambda: page.current_word >= 1, timeout=5000)
    page.pause_resume()
    assert page.player.state == "paused" and page.pause_button.text() == "&Resume"
    held = page.player.position
    qtbot.wait(150)
    assert page.player.position == held
    page.pause_resume()
    assert page.player.state == "playing"
    page.stop()
    assert page.player is None


def test_teleprompter_makes_the_text_large(rehearse):
    page = rehearse
    before = page.view.font().pointSizeF()
    page.prompter.setChecked(True)
    assert page.view.font().pointSizeF() > before * 1.5
    page.prompter.setChecked(False)
    assert page.view.font().pointSizeF() == pytest.approx(before)


def test_no_speech_engine_is_explained_in_place(window, sample, monkeypatch):
    from coach.errors import Unavailable
    from ui import speechwork

    def missing():
        raise Unavailable("text-to-speech is not available: install espeak-ng")

    monkeypatch.setattr(speechwork, "voices", missing)
    window.state.select(sample.id)
    window.go("rehearse")
    page = window.pages["rehearse"]
    assert page.stack.currentIndex() == 0
    assert "isn't available" in page.notice.title.text()
    assert "espeak-ng" in page.notice.body.text()


def test_space_plays_and_pauses_unless_a_control_uses_it(window, sample, qtbot):
    from PySide6.QtCore import Qt

    window.state.select(sample.id)
    window.go("rehearse")
    window.activateWindow()
    page = window.pages["rehearse"]
    calls = []
    page.space.activated.disconnect()
    page.space.activated.connect(lambda: calls.append("toggle"))  # what Space triggers
    page.voice.setFocus()
    qtbot.keyClick(page.voice, Qt.Key.Key_Space)
    page.voice.hidePopup()  # Space is the drop-down's own: it opens its list
    assert calls == []
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Space)
    assert calls == ["toggle"]


def test_space_over_a_notice_reads_nothing(window, sample, monkeypatch):
    window.state.select(sample.id)
    window.go("rehearse")
    page = window.pages["rehearse"]
    assert page.text  # the script was loaded once
    window.state.select(None)  # "Pick an application": the old text is still behind it
    assert page.stack.currentWidget() is page.notice
    asked = []
    monkeypatch.setattr(page, "read_aloud", lambda: asked.append(page.text))
    page.play_pause()  # what Space does
    assert asked == []
