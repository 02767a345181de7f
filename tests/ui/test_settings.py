"""Settings: the data folder, the user's templates (broken ones reported), and the
speaking rate; plus the whole window on the real thread pool."""

from __future__ import annotations

import pytest

from ui import tasks

pytestmark = pytest.mark.gui


def test_shows_the_data_folder_and_saves_the_speaking_rate(sample, window, store, db):
    window.go("settings")
    page = window.pages["settings"]
    assert page.data_path.text() == str(db.data_dir)
    assert page.rate.value() == 150 and page.rate.isEnabled()
    page.rate.setValue(130)
    page.autosave.save_now()
    assert store.get_profile().speaking_rate_wpm == 130
    assert store.get_profile().name == "Sam Rivera"  # the rest of the profile is kept


def test_a_broken_template_is_named_and_the_rest_still_work(sample, window, db):
    folder = db.templates_dir
    folder.mkdir()
    (folder / "mine.toml").write_text('id = "mine"\nvariant = "live"\n', encoding="utf-8")
    window.go("settings")
    page = window.pages["settings"]
    assert "mine.toml" in page.template_status.text()
    assert page.template_status.text().startswith("Some templates couldn't be loaded")
    window.state.select(sample.id)
    window.go("script")
    script = window.pages["script"]
    assert script.editor.text()  # the built-in template still builds the script
    assert "see Settings" in script.problem.text()


def test_the_window_works_on_the_real_thread_pool(sample, make_window, store, qtbot):
    tasks.set_runner(tasks.run_in_pool)
    window = make_window()
    qtbot.waitUntil(lambda: bool(window.state.rows), timeout=5000)
    window.state.select(sample.id)
    window.go("script")
    page = window.pages["script"]
    qtbot.waitUntil(lambda: page.editor.text() != "", timeout=10000)
    qtbot.waitUntil(lambda: page.result is not None, timeout=10000)
    page.editor.appendPlainText("Uh, I'm just following up on my résumé.")
    qtbot.waitUntil(lambda: "filler" in page.findings.kinds(), timeout=10000)
    window.close()  # unsaved text is written before the window goes
    assert store.latest_script(sample.id, "live").text.endswith("on my résumé.")


def test_speech_choices_are_kept_in_qsettings(window, ui_settings, tmp_path):
    window.go("settings")
    page = window.pages["settings"]
    assert page.microphone.count() >= 1  # "No microphone found" on a machine without one
    page.voice_rate.setValue(120)
    assert int(ui_settings.value("speech/rate")) == 120
    assert page.model_status.text().startswith("Using whisper tiny.en")
    page.own_model.setChecked(True)
    page.model_folder.setText(str(tmp_path))
    page._save_speech()
    assert "incomplete" in page.model_status.text() and "bundled" in page.model_status.text()
    assert ui_settings.value("speech/model_folder") == ""
    for name in ("model.bin", "config.json"):
        (tmp_path / name).write_bytes(b"x")
    page._save_speech()
    assert page.model_status.text() == f"Using whisper ({tmp_path.name})."
    assert ui_settings.value("speech/model_folder") == str(tmp_path)


def test_profile_form_saves_the_pitch_and_rate(sample, window, store):
    window.state.select(sample.id)
    window.go("advice")
    form = window.pages["advice"].profile
    form.pitch.setText("I turn messy data into reports people use")
    form.rate.setValue(140)
    form.autosave.save_now()
    profile = store.get_profile()
    assert profile.pitch == "I turn messy data into reports people use"
    assert profile.speaking_rate_wpm == 140


def test_a_rate_changed_on_settings_is_not_undone_by_an_edit_on_advice(sample, window, store):
    window.state.select(sample.id)
    window.go("advice")
    form = window.pages["advice"].profile
    assert form.rate.value() == 150
    window.go("settings")
    settings = window.pages["settings"]
    settings.rate.setValue(120)
    settings.autosave.save_now()
    assert store.get_profile().speaking_rate_wpm == 120
    window.go("advice")
    assert form.rate.value() == 120  # the form read the profile again
    form.name.setText("Sam R. Rivera")
    form.autosave.save_now()
    profile = store.get_profile()
    assert (profile.name, profile.speaking_rate_wpm) == ("Sam R. Rivera", 120)


def test_the_profile_form_saves_only_what_was_edited_there(sample, window, store):
    import dataclasses

    window.state.select(sample.id)
    window.go("advice")
    form = window.pages["advice"].profile
    form.pitch.setText("I make dashboards people use")
    # meanwhile the rate changes behind the form's back (another window, the CLI)
    store.save_profile(dataclasses.replace(store.get_profile(), speaking_rate_wpm=133))
    form.autosave.save_now()
    profile = store.get_profile()
    assert profile.pitch == "I make dashboards people use" and profile.speaking_rate_wpm == 133


def test_opening_settings_again_keeps_a_rate_change_not_written_yet(window, store):
    window.go("settings")
    page = window.pages["settings"]
    page.rate.setValue(128)  # saved 0.6 s after the last change...
    window.go("advice")
    window.go("settings")  # ...but the page is opened again first and reads the profile
    assert page.rate.value() == 128
    page.autosave.save_now()
    assert store.get_profile().speaking_rate_wpm == 128
