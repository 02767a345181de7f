"""Reading a take for analysis: 16 kHz mono float PCM through the project's loader
(`coach.speech.wavio.load_audio`), with the one rule that is the analysis's own: takes
longer than MAX_SECONDS are refused before they are read, so a two-hour file gets a
clear line instead of gigabytes of memory and a long wait."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from coach.errors import InvalidInput
from coach.speech import wavio

RATE = 16000
MAX_SECONDS = 30 * 60  # a rehearsal is minutes long


def load_take(path: str | os.PathLike) -> np.ndarray:
    p = Path(path)
    seconds = _declared_seconds(p)
    if seconds is not None and seconds > MAX_SECONDS:
        raise InvalidInput(_too_long(p, seconds))
    pcm, _rate = wavio.load_audio(p, rate=RATE)
    if len(pcm) > MAX_SECONDS * RATE:
        raise InvalidInput(_too_long(p, len(pcm) / RATE))
    return np.asarray(pcm, dtype=np.float32)


def _declared_seconds(p: Path) -> float | None:
    """Length from a WAV header without reading the samples; None for other formats."""
    try:
        with open(p, "rb") as f:
            magic = f.read(4)
    except OSError:
        return None  # load_audio names the problem
    if magic not in (b"RIFF", b"RF64"):
        return None
    info = wavio.wav_info(p)
    return info.frames / info.rate if info.rate else None


def _too_long(p: Path, seconds: float) -> str:
    return (
        f"{p} is {seconds / 60:.0f} minutes long; takes up to {MAX_SECONDS // 60} minutes "
        "are analysed — trim it to the part you rehearsed"
    )
