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
    assert "Recovered 1 interrupted recording" in window.messages.label.text()
    assert wav.name in window.messages.label.text()
    window.close()
