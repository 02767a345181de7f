"""Audio files in and out: every take and rendering is read by load_audio, written
atomically, and a take cut short by a crash is read and repaired, not refused."""

from __future__ import annotations

import struct
import sys
from pathlib import Path

import numpy as np
import pytest

from coach.errors import InvalidInput
from coach.speech.wavio import (
    StreamingWavWriter,
    load_audio,
    repair_folder,
    repair_wav,
    resample,
    wav_info,
    write_wav,
)

FIXTURE = Path(__file__).parent / "fixtures" / "hello_take.wav"


def _wav_bytes(data: bytes, rate=16000, channels=1, bits=16, tag=1, data_size=None,
               extra=b"") -> bytes:
    align = channels * bits // 8
    size = len(data) if data_size is None else data_size
    fmt = struct.pack("<HHIIHH", tag, channels, rate, rate * align, align, bits)
    body = b"WAVE" + b"fmt " + struct.pack("<I", 16) + fmt + b"data" + struct.pack("<I", size)
    return b"RIFF" + struct.pack("<I", 4 + len(body) - 4 + len(data) + len(extra)) + body \
        + data + extra


def test_16_bit_round_trip_is_exact(tmp_path):
    pcm = (np.sin(np.arange(8000) / 7.0) * 20000).astype(np.int16)
    write_wav(tmp_path / "a.wav", pcm, 16000)
    back, rate = load_audio(tmp_path / "a.wav", dtype="int16")
    assert rate == 16000 and np.array_equal(back, pcm)
    f, _ = load_audio(tmp_path / "a.wav")
    assert f.dtype == np.float32 and abs(f.max() - 20000 / 32768) < 1e-4


def test_the_fixture_is_speech_at_16k(tmp_path):
    x, rate = load_audio(FIXTURE)
    assert rate == 16000 and 2.0 < len(x) / rate < 4.0 and 0.1 < np.abs(x).max() <= 1.0


def test_stereo_24_bit_is_downmixed(tmp_path):
    left, right = 0.5, -0.25
    frames = []
    for _ in range(100):
        for v in (left, right):
            i = int(v * 2**23)
            frames.append(struct.pack("<i", i)[:3])
    p = tmp_path / "s24.wav"
    p.write_bytes(_wav_bytes(b"".join(frames), rate=44100, channels=2, bits=24))
    x, rate = load_audio(p)
    assert rate == 44100 and len(x) == 100
    assert np.allclose(x, (left + right) / 2, atol=1e-6)


def test_float_and_8_bit_wavs(tmp_path):
    f = np.array([0.5, -0.5, 0.25], dtype="<f4")
    (tmp_path / "f.wav").write_bytes(_wav_bytes(f.tobytes(), bits=32, tag=3))
    assert np.allclose(load_audio(tmp_path / "f.wav")[0], f)
    (tmp_path / "u8.wav").write_bytes(_wav_bytes(bytes([128, 255, 0]), bits=8))
    assert np.allclose(load_audio(tmp_path / "u8.wav")[0], [0, 127 / 128, -1])


def test_resample_keeps_the_pitch_and_removes_what_would_alias():
    sr = 48000
    t = np.arange(sr) / sr
    tone = np.sin(2 * np.pi * 440 * t).astype(np.float32)
    y = resample(tone, sr, 16000)
    assert len(y) == 16000
    spectrum = np.abs(np.fft.rfft(y))
    assert abs(np.argmax(spectrum) - 440) <= 1  # 1 Hz bins over one second
    high = np.sin(2 * np.pi * 10000 * t).astype(np.float32)  # above 8 kHz: must vanish,
    z = resample(high, sr, 16000)  # not fold back to 6 kHz
    assert np.sqrt(np.mean(z[200:-200] ** 2)) < 0.03 * np.sqrt(np.mean(high**2))
    up = resample(tone[:4800], sr, 22050)
    assert len(up) == 2205


def test_load_audio_resamples_22050_tts_output_to_16k(tmp_path):
    x = (np.sin(2 * np.pi * 300 * np.arange(22050) / 22050) * 0.5).astype(np.float32)
    write_wav(tmp_path / "tts.wav", x, 22050)
    y, rate = load_audio(tmp_path / "tts.wav", rate=16000, dtype="int16")
    assert rate == 16000 and y.dtype == np.int16 and abs(len(y) - 16000) <= 1
    assert abs(np.argmax(np.abs(np.fft.rfft(y))) - 300) <= 1


def test_flac_and_aiff_are_read(tmp_path):
    sf = pytest.importorskip("soundfile")
    x, _ = load_audio(FIXTURE)
    sf.write(tmp_path / "t.flac", x, 16000, subtype="PCM_16")
    sf.write(tmp_path / "t.aiff", x, 16000, subtype="PCM_16")
    for name in ("t.flac", "t.aiff"):
        y, rate = load_audio(tmp_path / name)
        assert rate == 16000 and np.allclose(y, x, atol=1 / 32768)


def test_aiff_is_read_without_soundfile(tmp_path, monkeypatch):
    """SpeechRecognition's reader is the fallback when soundfile is not installed."""
    sf = pytest.importorskip("soundfile")
    x, _ = load_audio(FIXTURE)
    sf.write(tmp_path / "t.aiff", x, 16000, subtype="PCM_16")
    monkeypatch.setitem(sys.modules, "soundfile", None)  # import soundfile -> ImportError
    y, rate = load_audio(tmp_path / "t.aiff")
    assert rate == 16000 and np.allclose(y, x, atol=1 / 32768)
    (tmp_path / "notes.flac").write_text("not audio")
    with pytest.raises(InvalidInput, match="not an audio file"):
        load_audio(tmp_path / "notes.flac")


@pytest.mark.parametrize("name, content, message", [
    ("missing.wav", None, "no such audio file"),
    ("empty.wav", b"", "is empty"),
    ("short.wav", b"RIFF\x00\x00", "not a WAV file"),
    ("text.wav", b"Dear hiring manager, ...", "not an audio file"),
    ("text.mp3", b"Dear hiring manager, ...", "not an audio file"),
    ("nodata.wav", b"RIFF\x04\x00\x00\x00WAVE", "no audio format chunk"),
    ("header_only.wav", None, "holds no audio"),
    ("mulaw.wav", None, "cannot read"),
])
def test_bad_files_get_a_clear_message(tmp_path, name, content, message):
    p = tmp_path / name
    if name == "header_only.wav":
        content = _wav_bytes(b"")
    elif name == "mulaw.wav":
        content = _wav_bytes(b"\x00" * 100, bits=8, tag=7)
    if content is not None:
        p.write_bytes(content)
    with pytest.raises(InvalidInput, match=message) as exc:
        load_audio(p)
    assert "\n" not in str(exc.value) and name in str(exc.value)


def test_a_folder_is_not_audio(tmp_path):
    with pytest.raises(InvalidInput, match="is a folder"):
        load_audio(tmp_path)


def test_write_wav_replaces_atomically_and_leaves_no_temp(tmp_path):
    p = tmp_path / "out.wav"
    write_wav(p, np.zeros(100, np.int16), 16000)
    write_wav(p, np.ones(50, np.int16), 16000)
    assert wav_info(p).frames == 50
    assert [f.name for f in tmp_path.iterdir()] == ["out.wav"]


def test_streaming_writer_is_readable_while_open_and_never_clobbers(tmp_path):
    p = tmp_path / "take.wav"
    w = StreamingWavWriter(p, sync_every=0.0)  # header kept current on every write
    chunk = (np.arange(1600) % 100).astype(np.int16)
    w.write(chunk)
    w.write(chunk.tobytes())
    info = wav_info(p)
    assert info.header_ok and info.frames == 3200
    assert np.array_equal(load_audio(p, dtype="int16")[0], np.concatenate([chunk, chunk]))
    w.close()
    with pytest.raises(InvalidInput, match="already exists"):
        StreamingWavWriter(p)
    with StreamingWavWriter(p, overwrite=True) as w2:
        w2.write(chunk)
    assert wav_info(p).frames == 1600


def test_stale_header_is_read_to_the_end_and_repaired(tmp_path):
    """What a killed recorder leaves: sizes from the last sync, audio after them."""
    pcm = (np.arange(24000) % 2000 - 1000).astype("<i2").tobytes()
    p = tmp_path / "crashed.wav"
    p.write_bytes(_wav_bytes(pcm + b"\x07", data_size=32000))  # 1 s declared, 1.5 s there
    info = wav_info(p)
    assert not info.header_ok and info.frames == 24000
    assert len(load_audio(p, dtype="int16")[0]) == 24000
    assert repair_wav(p) is True
    fixed = wav_info(p)
    assert fixed.header_ok and fixed.frames == 24000 and p.stat().st_size == 44 + 48000
    assert struct.unpack("<I", p.read_bytes()[4:8])[0] == p.stat().st_size - 8
    assert repair_wav(p) is False  # healthy now: left alone
    assert np.array_equal(load_audio(p, dtype="int16")[0],
                          np.frombuffer(pcm, dtype="<i2"))


def test_zero_size_header_is_repaired(tmp_path):
    p = tmp_path / "z.wav"
    p.write_bytes(_wav_bytes(b"\x01\x00" * 800, data_size=0))
    assert repair_wav(p) and wav_info(p).frames == 800


def test_chunks_after_the_data_are_respected(tmp_path):
    """A healthy file with a LIST chunk after the audio must not be 'repaired'."""
    p = tmp_path / "tagged.wav"
    extra = b"LIST" + struct.pack("<I", 4) + b"INFO"
    p.write_bytes(_wav_bytes(b"\x01\x00" * 10, extra=extra))
    assert wav_info(p).frames == 10 and not wav_info(p).data_is_last
    before = p.read_bytes()
    assert repair_wav(p) is False and p.read_bytes() == before


def test_repair_folder_fixes_takes_and_skips_strangers(tmp_path):
    (tmp_path / "a.wav").write_bytes(_wav_bytes(b"\x01\x00" * 10, data_size=0))
    (tmp_path / "b.wav").write_bytes(_wav_bytes(b"\x01\x00" * 10))
    (tmp_path / "c.wav").write_text("not audio")
    assert repair_folder(tmp_path) == [tmp_path / "a.wav"]
    assert (tmp_path / "c.wav").read_text() == "not audio"
