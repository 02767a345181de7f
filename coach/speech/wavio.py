"""Audio files: load any take or rendering as mono samples (`load_audio`), and check one
is readable before slow work (`check_audio`).

Everything the analysis reads goes through `load_audio`. The rest of audio in and out lives
next door and is re-exported here, so `coach.speech.wavio` stays the one place callers
import from: the WAV container and its repair in `wavheader`, writing in `wavwrite`, and
sample conversion and resampling in `pcm`.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from coach.errors import InvalidInput  # also re-exported: callers catch it from here
from coach.speech.pcm import RATE as RATE
from coach.speech.pcm import resample as resample
from coach.speech.pcm import to_int16 as to_int16
from coach.speech.wavheader import _FLOAT, MAX_RATE, MIN_RATE, _check_file
from coach.speech.wavheader import MAX_SAMPLES as MAX_SAMPLES
from coach.speech.wavheader import WavInfo as WavInfo
from coach.speech.wavheader import _header as _header
from coach.speech.wavheader import repair_folder as repair_folder
from coach.speech.wavheader import repair_wav as repair_wav
from coach.speech.wavheader import wav_info as wav_info
from coach.speech.wavwrite import StreamingWavWriter as StreamingWavWriter
from coach.speech.wavwrite import atomic_write_bytes as atomic_write_bytes
from coach.speech.wavwrite import write_wav as write_wav


def load_audio(path: str | os.PathLike, rate: int | None = None,
               dtype: str = "float32") -> tuple[np.ndarray, int]:
    """Mono samples of an audio file and their sample rate.

    WAV (PCM 8/16/24/32-bit or float) is read directly, including takes whose header was
    left stale by a crash. FLAC/AIFF/OGG go through soundfile when it is installed, else
    SpeechRecognition's reader (WAV/AIFF/FLAC). Channels are averaged. With `rate`, the
    samples are resampled to it. `dtype` "float32" gives -1..1, "int16" gives PCM."""
    path = Path(path)
    _check_file(path)
    with open(path, "rb") as f:
        magic = f.read(12)
    if magic[:4] in (b"RIFF", b"RF64"):
        x, sr = _read_wav(path)
    else:
        x, sr = _read_other(path)
    if rate is not None and rate != sr:
        x, sr = resample(x, sr, rate), rate
    return _as(x, dtype), sr


def _too_big(path: Path, samples: int, rate: int) -> None:
    if samples > MAX_SAMPLES:
        raise InvalidInput(f"{path} holds {samples / rate / 3600:.1f} hours of audio, more "
                           "than Call Coach reads at once; a take is a few minutes long")


def check_audio(path: str | os.PathLike) -> None:
    """Raise InvalidInput now if `path` is clearly not a readable take (missing, empty, a
    folder, a broken or oversized WAV), before slow work such as loading a model."""
    path = Path(path)
    _check_file(path)
    with open(path, "rb") as f:
        magic = f.read(4)
    if magic in (b"RIFF", b"RF64"):
        info = wav_info(path)
        _too_big(path, info.frames * info.channels, info.rate)


def _read_wav(path: Path) -> tuple[np.ndarray, int]:
    info = wav_info(path)
    if info.frames == 0:
        raise InvalidInput(f"{path} holds no audio (it may have been cut short)")
    n = info.frames * info.channels
    _too_big(path, n, info.rate)
    width = info.bits // 8
    if info.format_tag == _FLOAT:
        x = np.fromfile(path, dtype=f"<f{width}", count=n, offset=info.data_offset)
        x = x.astype(np.float32)
    elif width == 3:  # 24-bit: widen each sample to 32 bits, keeping the sign
        raw = np.fromfile(path, dtype=np.uint8, count=n * 3, offset=info.data_offset)
        b = raw.reshape(-1, 3).astype(np.int32)
        x = ((b[:, 0] << 8 | b[:, 1] << 16 | b[:, 2] << 24) >> 8).astype(np.float32) / 2**23
    elif width == 1:  # 8-bit WAV is unsigned
        x = (np.fromfile(path, np.uint8, n, offset=info.data_offset).astype(np.float32) - 128) / 128
    else:
        x = np.fromfile(path, dtype=f"<i{width}", count=n, offset=info.data_offset)
        x = x.astype(np.float32) / float(2 ** (info.bits - 1))
    return _downmix(x, info.channels), info.rate


def _read_other(path: Path) -> tuple[np.ndarray, int]:
    try:
        import soundfile
    except (ImportError, OSError):  # OSError: the package is there but libsndfile is not
        soundfile = None
    if soundfile is not None:
        try:
            meta = soundfile.info(str(path))
            _too_big(path, meta.frames * meta.channels, max(1, meta.samplerate))
            if not MIN_RATE <= meta.samplerate <= MAX_RATE:
                raise InvalidInput(f"{path} is damaged: it gives a sample rate of "
                                   f"{meta.samplerate} Hz")
            x, sr = soundfile.read(str(path), dtype="float32", always_2d=True)
        except InvalidInput:
            raise
        except Exception as exc:  # soundfile raises its own LibsndfileError, a RuntimeError
            raise InvalidInput(f"{path} is not an audio file Call Coach can read ({exc})") from None
        if len(x) == 0:
            raise InvalidInput(f"{path} holds no audio")
        return x.mean(axis=1).astype(np.float32), int(sr)
    import speech_recognition as sr_mod

    try:
        with sr_mod.AudioFile(str(path)) as src:
            raw = src.stream.read(src.FRAME_COUNT)
            width, sr = src.SAMPLE_WIDTH, src.SAMPLE_RATE
    except (ValueError, EOFError, AssertionError, OSError) as exc:
        raise InvalidInput(f"{path} is not an audio file Call Coach can read "
                           f"(WAV, FLAC or AIFF): {exc}") from None
    if not raw:
        raise InvalidInput(f"{path} holds no audio")
    x = np.frombuffer(raw[: len(raw) - len(raw) % width], dtype=f"<i{width}")
    return x.astype(np.float32) / float(2 ** (8 * width - 1)), int(sr)


def _downmix(x: np.ndarray, channels: int) -> np.ndarray:
    return x if channels == 1 else x.reshape(-1, channels).mean(axis=1)


def _as(x: np.ndarray, dtype: str) -> np.ndarray:
    if dtype == "float32":
        return x.astype(np.float32, copy=False)
    if dtype == "int16":
        return to_int16(x)
    raise ValueError(f"dtype must be float32 or int16, not {dtype}")

