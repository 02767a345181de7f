"""Writing WAVs: a whole take or rendering at once, atomically (`write_wav`), or a take
while it is being recorded (`StreamingWavWriter`), so that a crash or a kill keeps it.
Everything we write is 16-bit PCM WAV.
"""

from __future__ import annotations

import os
import struct
import tempfile
import time
from pathlib import Path

import numpy as np

from coach.errors import InvalidInput
from coach.speech.pcm import RATE, to_int16
from coach.speech.wavheader import _header


def write_wav(path: str | os.PathLike, samples: np.ndarray, rate: int) -> Path:
    """Write mono samples (float -1..1 or int16) as a 16-bit WAV, atomically: a reader sees
    the old file or the new one, never half of one."""
    path = Path(path)
    pcm = to_int16(np.asarray(samples)).astype("<i2").tobytes()
    return atomic_write_bytes(path, _header(rate, 1, len(pcm)) + pcm)


def atomic_write_bytes(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


class StreamingWavWriter:
    """A 16-bit WAV written as the audio arrives.

    Every chunk is handed to the OS at once, so a killed process loses nothing it was given;
    about once a second the header's sizes are brought up to date and the file is fsynced,
    so even a power cut keeps all but the last second. A file left with stale sizes is put
    right by `repair_wav`."""

    def __init__(self, path: str | os.PathLike, rate: int = RATE, channels: int = 1,
                 sync_every: float = 1.0, overwrite: bool = False):
        self.path = Path(path)
        self.rate, self.channels = rate, channels
        self._sync_every = sync_every
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: never clobber a take the user already has. 0600: a recording is private
        # (fchmod as well, for a file being overwritten, whatever its mode was).
        flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if overwrite else os.O_EXCL)
        try:
            fd = os.open(self.path, flags, 0o600)
        except FileExistsError:
            raise InvalidInput(f"{self.path} already exists; choose another name or "
                               "allow overwriting") from None
        os.fchmod(fd, 0o600)
        self._f = open(fd, "wb", buffering=0)  # noqa: SIM115 (closed in close())
        self._f.write(_header(rate, channels, 0))
        self.data_bytes = 0
        self._last_sync = time.monotonic()

    @property
    def frames(self) -> int:
        return self.data_bytes // (2 * self.channels)

    @property
    def seconds(self) -> float:
        return self.frames / self.rate

    def write(self, pcm: bytes | np.ndarray) -> None:
        if isinstance(pcm, np.ndarray):
            pcm = to_int16(pcm).astype("<i2").tobytes()
        view = memoryview(pcm)
        while view:  # an unbuffered write may take part of a chunk when the disk fills up
            n = self._f.write(view)
            self.data_bytes += n
            view = view[n:]
        if time.monotonic() - self._last_sync >= self._sync_every:
            self.sync()

    def trim(self) -> None:
        """Drop a half-written sample at the end (after a write failed part-way), so the
        header never promises audio that is not there."""
        whole = self.data_bytes - self.data_bytes % (2 * self.channels)
        if whole != self.data_bytes:
            self._f.truncate(44 + whole)
            self.data_bytes = whole

    def sync(self) -> None:
        """Make the header's sizes match what has been written, and push it all to disk."""
        self._f.seek(4)
        self._f.write(struct.pack("<I", 36 + self.data_bytes))
        self._f.seek(40)
        self._f.write(struct.pack("<I", self.data_bytes))
        self._f.seek(0, os.SEEK_END)
        os.fsync(self._f.fileno())
        self._last_sync = time.monotonic()

    def close(self) -> None:
        if not self._f.closed:
            try:
                self.sync()
            finally:
                self._f.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
