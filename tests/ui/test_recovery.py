"""A take interrupted by a crash is repaired when the app starts, and the user is told."""

import pytest

pytestmark = pytest.mark.gui


def test_interrupted_take_is_repaired_and_announced(qtbot, store, data_dir, ui_settings):
    import wave

    import numpy as np

    from coach.paths import data_dir as resolve
    from coach.speech.wavio import load_audio, wav_info
    from ui.app import start_window

    folder = resolve(data_dir)
    takes = folder / "takes"
    takes.mkdir()
    wav = takes / "app1-20261125-101500.wav"
    tone = (np.sin(np.arange(16000) / 5) * 8000).astype(np.int16)
    with wave.open(str(wav), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(tone.tobytes())
    # a kill before the first header refresh: the sizes still say the file is empty
    raw = bytearray(wav.read_bytes())
    raw[4:8] = (36).to_bytes(4, "little")
    data_at = raw.index(b"data") + 4
    raw[data_at:data_at + 4] = bytes(4)
    wav.write_bytes(bytes(raw))
    assert wav_info(wav).declared_bytes == 0

    window = start_window(store, folder, ui_settings)
    qtbot.addWidget(window)
    assert wav_info(wav).declared_bytes == len(tone) * 2
    assert len(load_audio(wav)[0]) == len(tone)
    assert window.messages.isVisible()
    assert "Recovered an interrupted recording" in window.messages.label.text()
    assert wav.name in window.messages.label.text()
    window.close()


def _interrupted(wav):
    """`wav` as a kill before the first header refresh leaves it: sizes say 'empty'."""
    raw = bytearray(wav.read_bytes())
    raw[4:8] = (36).to_bytes(4, "little")
    data_at = raw.index(b"data") + 4
    raw[data_at:data_at + 4] = bytes(4)
    wav.write_bytes(bytes(raw))


def test_the_recovered_take_is_analysed_for_its_application_in_one_click(
        qtbot, store, sample, data_dir, ui_settings, tmp_path):
    import shutil

    from coach.paths import data_dir as resolve
    from tests.ui.speech_helpers import spoken_take
    from ui.app import start_window

    folder = resolve(data_dir)
    (folder / "takes").mkdir()
    older = folder / "takes" / f"app{sample.id}-20261124-090000.wav"
    wav = folder / "takes" / f"app{sample.id}-20261125-101500.wav"
    shutil.copyfile(spoken_take(tmp_path), wav)
    shutil.copyfile(wav, older)
    _interrupted(wav), _interrupted(older)

    window = start_window(store, folder, ui_settings)
    qtbot.addWidget(window)
    bar = window.messages
    assert "Recovered 2 interrupted recordings" in bar.label.text()
    assert "Analyse the newest now" in bar.label.text()
    assert bar.action_button.isVisible() and bar.action_button.text() == "&Analyse it"
    window.go("advice")
    window.state.select(None)
    bar.action_button.click()
    page = window.pages["practice"]
    assert window.current_key == "practice" and window.state.current == sample.id
    assert not bar.isVisible()
    assert page.stack.currentIndex() == 3, "the report of the newest one is shown"
    assert page.take_path == wav  # analysed where it is: no copy
    assert "weak_phrase" in [f["kind"] for f in page.report["findings"]]
    page.keep_button.click()
    assert [t.audio_path for t in store.list_takes(sample.id)] == [str(wav)]
    window.close()


def test_a_recovered_take_of_a_deleted_application_says_where_it_is(
        qtbot, store, data_dir, ui_settings):
    import wave

    from coach.paths import data_dir as resolve
    from ui.app import start_window

    folder = resolve(data_dir)
    (folder / "takes").mkdir()
    wav = folder / "takes" / "app999-20261125-101500.wav"
    with wave.open(str(wav), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(16000)
        w.writeframes(bytes(32000))
    _interrupted(wav)
    window = start_window(store, folder, ui_settings)
    qtbot.addWidget(window)
    window.messages.action_button.click()
    text = window.messages.label.text()
    assert "app999-20261125-101500.wav was recorded for is no longer here" in text
    assert str(wav.parent) in text and window.current_key != "practice"
    assert wav.exists()
    window.close()


def test_a_take_not_kept_yet_is_not_replaced_by_the_recovered_one(
        qtbot, store, sample, data_dir, ui_settings, tmp_path):
    import shutil

    from coach.paths import data_dir as resolve
    from tests.ui.speech_helpers import spoken_take
    from ui.app import start_window

    folder = resolve(data_dir)
    (folder / "takes").mkdir()
    wav = folder / "takes" / f"app{sample.id}-20261125-101500.wav"
    shutil.copyfile(spoken_take(tmp_path), wav)
    _interrupted(wav)
    window = start_window(store, folder, ui_settings)
    qtbot.addWidget(window)
    window.state.select(sample.id)
    window.go("practice")
    page = window.pages["practice"]
    page.report, page.decision = {"findings": []}, "not kept"  # a take on screen, undecided
    shown = page.take_path
    window.analyse_recovered(wav)
    assert page.take_path == shown
    assert "Finish with the take on screen first" in window.messages.label.text()
    window.close()
