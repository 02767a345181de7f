"""The report's transcript on screen: punctuated as the recogniser wrote it, with each
finding's words marked and the punctuation after them left outside the mark."""

from __future__ import annotations

import pytest

from ui.widgets.report_view import ReportView, transcript_html

pytestmark = pytest.mark.gui


def report():
    words = [("Hi", ""), ("Dana,", ""), ("um", ","), ("I'm", ""), ("just", ""),
             ("following", ""), ("up", "."), ("How", ""), ("are", ""), ("things", "?")]
    out = []
    for i, (text, after) in enumerate(words):
        w = {"text": text.rstrip(","), "start": i * 0.5, "end": i * 0.5 + 0.4,
             "filler": text == "um"}
        after = "," if text.endswith(",") else after
        if after:
            w["after"] = after
        out.append(w)
    return {"schema": 1, "duration_s": 6.0, "engine": "test", "words": out,
            "findings": [
                {"kind": "filler", "text": "um", "start": 1.0, "end": 1.4,
                 "message": "A filled pause."},
                {"kind": "weak_phrase", "text": "i'm just following up", "start": 1.5,
                 "end": 3.4, "message": "About you.", "suggestion": "Ask about them."}],
            "lines": [], "metrics": {}}


def test_the_transcript_reads_as_sentences_and_marks_stop_before_the_punctuation():
    html, tips = transcript_html(report())
    assert "Hi Dana, <a href='f0' style='font-weight:bold'>um</a>, " in html
    assert ">I&#x27;m just following up</a>. How are things?" in html
    assert set(tips) == {"f0", "f1"}


def test_a_report_kept_before_punctuation_was_kept_shows_its_words(qtbot):
    old = report()
    for w in old["words"]:
        w.pop("after", None)
    view = ReportView()
    qtbot.addWidget(view)
    view.show_report(old)
    assert "Hi Dana um I'm just following up How are things" in view.transcript.toPlainText()


def _tone(path, seconds=4.0, rate=16000):
    import numpy as np

    from coach.speech.wavwrite import write_wav

    t = np.arange(int(seconds * rate)) / rate
    write_wav(path, (0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), rate)
    return path


def test_an_excerpt_is_the_stretch_asked_for_clamped_to_the_take(tmp_path):
    from coach.speech.wavio import load_audio
    from ui.speechwork import excerpt

    path = _tone(tmp_path / "take.wav")
    whole, rate = load_audio(path)
    part, r = excerpt(path, 1.25, 2.0)
    assert r == rate and len(part) == int(0.75 * rate)
    assert (part == whole[int(1.25 * rate): int(2.0 * rate)]).all()
    assert len(excerpt(path, 3.5, 9.0)[0]) == int(0.5 * rate)  # past the end: to the end
    assert len(excerpt(path, -1.0, 0.5)[0]) == int(0.5 * rate)  # before the start: from 0


def test_clicking_a_finding_plays_its_moment_with_a_little_around_it(qtbot, tmp_path,
                                                                     speaker):
    from PySide6.QtCore import QUrl

    played = speaker
    path = _tone(tmp_path / "take.wav")
    view = ReportView()
    qtbot.addWidget(view)
    view.show()
    view.show_report(report())
    assert "hear" not in view.legend.text()
    view._clicked(QUrl("f0"))
    assert played == []  # no recording at hand: nothing to play
    view.show_report(report(), audio_path=path)
    assert "click it to hear it" in view.legend.text()
    view._clicked(QUrl("f1"))  # "I'm just following up", 1.5-3.4 s
    # from 0.75 s before it to 0.75 s after, cut at the end of the 4 s take
    assert len(played) == 1 and len(played[0].audio) == (4.0 - 0.75) * 16000
    view._clicked(QUrl("f0"))  # "um", 1.0-1.4 s: the first excerpt stops
    assert played[0].state == "stopped" and len(played[1].audio) == int(1.9 * 16000)
    view.hide()  # leaving the page
    assert played[1].state == "stopped" and view.player is None


def test_without_a_speaker_the_click_says_so_beside_the_transcript(qtbot, tmp_path):
    from PySide6.QtCore import QUrl

    from coach.speech.playback import output_devices

    if output_devices():
        pytest.skip("this machine has a sound card")
    view = ReportView()
    qtbot.addWidget(view)
    view.show()
    view.show_report(report(), audio_path=_tone(tmp_path / "take.wav"))
    view._clicked(QUrl("f0"))
    assert view.player is None and "No speaker" in view.listen_note.text()
    assert view.listen_note.isVisible()


def test_the_list_of_what_to_work_on_plays_each_finding_too(qtbot, tmp_path, speaker):
    played = speaker
    r = report()
    r["findings"].append({"kind": "pace", "text": "fast", "start": 0.0, "end": 25.0,
                          "message": "About 190 words a minute here."})
    view = ReportView()
    qtbot.addWidget(view)
    view.show_report(r)
    assert "<a " not in view.findings.text()  # nothing to play without the recording
    view.show_report(r, audio_path=_tone(tmp_path / "take.wav", seconds=30.0))
    assert "<a href='w1'>0:02 — phrase to change “i&#x27;m just following up”</a>: " \
        "About you." in view.findings.text()
    view.findings.linkActivated.emit("w1")
    assert len(played[-1].audio) == int((3.4 + 0.75) * 16000) - int(0.75 * 16000)
    view.findings.linkActivated.emit("w2")  # a fast stretch: its first 8 s, not all 25
    assert len(played[-1].audio) == int(8.75 * 16000)


def test_a_recording_that_cannot_be_read_says_so_and_plays_nothing(qtbot, tmp_path):
    from PySide6.QtCore import QUrl

    broken = tmp_path / "take.wav"
    broken.write_bytes(b"RIFF\x00\x00")  # cut off: a crash mid-copy, a disk error
    view = ReportView()
    qtbot.addWidget(view)
    view.show()
    view.show_report(report(), audio_path=broken)
    view._clicked(QUrl("f0"))
    assert view.player is None
    assert view.listen_note.isVisible() and view.listen_note.text()


def test_a_long_transcript_shows_whole_where_the_page_has_room(qtbot):
    long = report()
    long["words"] = [dict(w, start=i * 0.3, end=i * 0.3 + 0.2) for i, w in
                     enumerate(long["words"] * 30)]  # 300 words, about 20 lines
    view = ReportView()
    qtbot.addWidget(view)
    view.resize(1200, 1400)
    view.show()
    view.show_report(long)
    qtbot.waitUntil(lambda: view.transcript.height() > view.fontMetrics().lineSpacing() * 15)
    bar = view.transcript.verticalScrollBar()
    assert bar.maximum() == 0  # the whole text in view, nothing to scroll
    # and a short one is not stretched into an empty box
    view.show_report(report())
    qtbot.waitUntil(lambda: view.transcript.height() < view.fontMetrics().lineSpacing() * 9)
