"""In-app exports: the script read aloud as a WAV (Rehearse), the next follow-up as a
calendar event (Advice)."""

from __future__ import annotations

import wave

import numpy as np
import pytest

pytestmark = pytest.mark.gui


def test_add_to_calendar_writes_the_follow_up_as_an_ics(sample, window, store, tmp_path):
    window.state.select(sample.id)
    window.go("advice")
    page = window.pages["advice"]
    assert page.calendar_button.isVisible()
    out = tmp_path / "follow-up.ics"
    page.save_calendar_to(out)
    text = out.read_bytes().decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert "\r\nDTSTART:" in text and "BEGIN:VALARM" in text
    assert "Dana Reyes" in text  # the contact the advisor picked
    assert window.messages.label.text().startswith(f"Saved {out}")
    assert not list(tmp_path.glob(".*.part")), "no temporary file is left behind"


def test_add_to_calendar_into_a_missing_folder_says_so_and_writes_nothing(sample, window,
                                                                         tmp_path):
    window.state.select(sample.id)
    window.go("advice")
    out = tmp_path / "no such folder" / "follow-up.ics"
    window.pages["advice"].save_calendar_to(out)
    assert not out.exists()
    assert window.messages.label.text().startswith(f"Couldn't save {out}")


def test_save_audio_writes_the_script_read_aloud(sample, window, tmp_path):
    from coach.errors import CoachError
    from ui import speechwork

    try:
        speechwork.voices()
    except CoachError as exc:
        pytest.skip(f"needs text-to-speech: {exc}")
    window.state.select(sample.id)
    window.go("rehearse")
    page = window.pages["rehearse"]
    assert page.stack.currentIndex() == 1 and page.save_button.isVisible()
    out = tmp_path / "script.wav"
    page.save_audio(out)  # nothing rendered yet: it renders one for the file
    with wave.open(str(out)) as w:
        seconds = w.getnframes() / w.getframerate()
        samples = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    words = len(page.text.split())
    assert seconds > words / 300 * 60, "the whole script, not a fragment"
    assert np.abs(samples).max() > 1000, "speech, not silence"
    assert window.messages.label.text() == f"Saved the script read aloud to {out}."

    page.text = "Hello Dana."
    page.result = None
    page.read_aloud()
    page.stop()
    again = tmp_path / "short.wav"
    page.save_audio(again)  # the rendering Read it aloud made is copied as it is
    assert again.read_bytes() == page.result.path.read_bytes()
