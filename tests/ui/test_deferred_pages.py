"""The pages driven as a user would, with worker results that come back later (the
`deferred` runner), as they do with real threads: what is shown once the answers are in
matches the data, and an answer for an earlier choice never replaces a later one."""

from __future__ import annotations

import wave
from types import SimpleNamespace

import pytest

from coach.errors import Unavailable
from tests.ui.speech_helpers import practice_window

pytestmark = pytest.mark.gui


def other_app(window, company: str = "Fabrikam Logistics") -> int:
    return next(r.id for r in window.state.rows if r.company == company)


def opened_on(make_window, deferred, app_id: int, page: str):
    window = make_window()
    deferred()  # the list of applications
    window.state.select(app_id)
    window.go(page)
    deferred()
    return window, window.pages[page]


# --- Rehearse ----------------------------------------------------------------------------


def test_rehearse_keeps_saying_reading_aloud_is_unavailable_when_the_script_comes_later(
        sample, make_window, deferred, monkeypatch):
    from ui import speechwork

    def missing():
        raise Unavailable("text-to-speech is not available: install espeak-ng")

    monkeypatch.setattr(speechwork, "voices", missing)
    window = make_window()
    deferred()
    window.state.select(sample.id)
    window.go("rehearse")  # asks for the voices, then the script: the voices answer first
    deferred()
    page = window.pages["rehearse"]
    assert page.stack.currentIndex() == 0
    assert "isn't available" in page.notice.title.text()


def test_rehearse_read_aloud_works_again_after_switching_while_the_voice_renders(
        sample, make_window, deferred, monkeypatch):
    from ui import speechwork

    monkeypatch.setattr(speechwork, "render_speech", lambda *a: None)  # never delivered
    window, page = opened_on(make_window, deferred, sample.id, "rehearse")
    page.read_aloud()
    assert not page.play_button.isEnabled()  # "Getting the voice ready…"
    other = other_app(window)
    window.state.select(other)
    deferred()
    assert page.script.app_id == other and page.stack.currentIndex() == 1
    assert page.play_button.isEnabled() and page.player is None


def test_rehearse_read_aloud_while_the_script_loads_does_not_lose_the_script(
        sample, make_window, deferred, monkeypatch):
    from ui import speechwork

    monkeypatch.setattr(speechwork, "render_speech", lambda *a: None)
    window, page = opened_on(make_window, deferred, sample.id, "rehearse")
    other = other_app(window)
    window.state.select(other)
    page.read_aloud()  # still the previous text: its rendering is dropped when the new comes
    deferred()
    assert page.script.app_id == other
    assert page.view.toPlainText() == "\n\n".join(page.script.lines)
    assert page.play_button.isEnabled() and page.player is None


def test_rehearse_a_script_that_cannot_load_is_explained_in_place(sample, make_window,
                                                                  deferred, monkeypatch):
    from coach.errors import CoachError
    from ui import speechwork

    window, page = opened_on(make_window, deferred, sample.id, "rehearse")
    assert page.stack.currentIndex() == 1

    def broken(*_a):
        raise CoachError("The script templates couldn't be read.")

    monkeypatch.setattr(speechwork, "practice_script", broken)
    window.state.select(other_app(window))
    deferred()
    assert page.stack.currentIndex() == 0  # not the previous application's script
    assert page.notice.title.text() == "Nothing to read yet"


# --- Script ------------------------------------------------------------------------------


def test_script_typed_while_the_next_one_loads_is_saved_for_its_own_script(
        sample, make_window, deferred, store):
    window, page = opened_on(make_window, deferred, sample.id, "script")
    variant = page.view.variant.value
    other = other_app(window)
    window.state.select(other)  # its script loads in a worker…
    page.editor.setPlainText(page.editor.text() + "\nTyped while it loaded.")  # …and on typing
    deferred()
    assert page.view.app.id == other
    page.autosave.save_now()  # the pause after typing
    deferred()
    assert store.latest_script(sample.id, variant).text.endswith("Typed while it loaded.")
    assert all("Typed while" not in v.text
               for v in store.script_versions(other, page.view.variant.value))


# --- Settings ----------------------------------------------------------------------------


def test_settings_changing_the_pace_before_the_lists_arrive_keeps_mic_and_voice(
        make_window, deferred, ui_settings, monkeypatch):
    from ui import speechwork

    monkeypatch.setattr(speechwork, "microphones", lambda: [{"name": "Desk mic"}])
    monkeypatch.setattr(speechwork, "voices", lambda: [
        SimpleNamespace(name="Gemma", id="gmw/en-GB", languages=["en-gb"])])
    ui_settings.setValue("speech/microphone", "Desk mic")
    ui_settings.setValue("speech/voice", "gmw/en-GB")
    window = make_window()
    deferred()
    window.go("settings")
    page = window.pages["settings"]
    page.voice_rate.setValue(page.voice_rate.value() + 10)  # the lists are still coming
    deferred()
    assert ui_settings.value("speech/microphone") == "Desk mic"
    assert ui_settings.value("speech/voice") == "gmw/en-GB"
    assert page.microphone.currentData() == "Desk mic"
    assert page.voice.currentData() == "gmw/en-GB"


# --- Practice ----------------------------------------------------------------------------


@pytest.fixture
def silence(tmp_path):
    path = tmp_path / "silence.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(b"\0\0" * 1600)
    return path


@pytest.fixture
def second_call(store, sample):
    """Another application whose advice is a call (the sample's others are written)."""
    from coach.models import Application, Contact, Relationship

    return store.add_application(Application(
        company="Tailspin Toys", role="Data Analyst", date_sent=sample.date_sent,
        contacts=[Contact(name="Avery Kim", relationship=Relationship.NETWORK,
                          phone="555-010-3300", how_we_know="a friend from college")])).id


@pytest.fixture
def practice(qtbot, db, ui_settings, sample, second_call, silence, deferred):
    window = practice_window(qtbot, db, ui_settings, silence)
    deferred()
    window.state.select(sample.id)
    window.go("practice")
    deferred()
    page = window.pages["practice"]
    assert page.stack.currentIndex() == 1 and page.script.app_id == sample.id
    yield window, page
    window.close()


REPORT = {"duration_s": 1.0, "words": [], "findings": [], "metrics": {}, "lines": []}


def test_practice_a_take_analysed_while_another_application_loads_is_kept_for_its_own(
        practice, sample, second_call, store, silence, deferred, monkeypatch):
    from ui import speechwork

    monkeypatch.setattr(speechwork, "analyse_file", lambda *_a: dict(REPORT))
    window, page = practice
    other = second_call
    window.state.select(other)  # its script loads…
    page.open_recording(silence)  # …while a file is analysed against the one on screen
    deferred(1)  # the other script is in first
    assert page.stack.currentIndex() == 2, "still analysing, not a record panel"
    deferred()
    assert page.stack.currentIndex() == 3  # the take's report
    page.keep()
    deferred()
    assert [t.application_id for t in store.list_takes(sample.id)] == [sample.id]
    assert store.list_takes(other) == []
    page.try_again()  # now the script of the application picked
    assert page.stack.currentIndex() == 1 and page.script.app_id == other


def test_practice_copies_an_opened_recording_on_the_worker_not_the_window(
        practice, silence, deferred, monkeypatch):
    from ui import speechwork

    monkeypatch.setattr(speechwork, "analyse_file", lambda *_a: dict(REPORT))
    _window, page = practice
    page.open_recording(silence)
    dest = page.take_path
    assert page.stack.currentIndex() == 2 and not dest.exists(), \
        "the copy waits for the worker: the window stays free"
    deferred()
    assert dest.read_bytes() == silence.read_bytes() and page.stack.currentIndex() == 3


def test_practice_says_which_recording_could_not_be_read_and_keeps_nothing(
        practice, tmp_path, deferred):
    _window, page = practice
    said = []
    page.message.connect(said.append)
    gone = tmp_path / "moved-away.wav"
    page.open_recording(gone)
    deferred()
    assert said == [f"Couldn't read {gone}: No such file or directory"]
    assert page.stack.currentIndex() == 1 and page.take_path is None
    assert not list((page.state.db.data_dir / "takes").glob("*"))


def test_practice_does_not_record_the_previous_script_while_the_next_loads(
        practice, second_call, deferred):
    window, page = practice
    window.state.select(second_call)
    page.toggle()  # Space
    assert page.session is None
    deferred()
    assert page.panel.record_button.isEnabled()
