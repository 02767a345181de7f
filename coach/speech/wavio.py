"""Audio files: load any take or rendering as mono samples, write WAVs atomically, and
write a take while it is being recorded so that a crash or a kill keeps it.

Everything the analysis reads goes through `load_audio`; everything we write is 16-bit PCM
WAV. WAV is parsed here rather than with `wave`, because a take whose recorder was killed
has a header whose sizes are stale, and we want to read (and repair) it, not reject it.
"""

from __future__ import annotations

import os
import struct
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from coach.errors import InvalidInput

RATE = 16000  # what the recorder writes and the analysis reads
# Beyond these a file is not a take: refuse it before allocating gigabytes (a damaged or
# sparse file can claim any size; a header claiming 1 Hz would be resampled 16000-fold).
MAX_SAMPLES = 1 << 28  # about 4.6 hours of 16 kHz mono; 1 GB as float32
MIN_RATE, MAX_RATE = 1000, 768_000
_PCM, _FLOAT, _EXTENSIBLE = 1, 3, 0xFFFE
_HEADER = struct.Struct("<4sI4s4sIHHIIHH4sI")  # canonical 44-byte header, fmt then data


@dataclass(frozen=True)
class WavInfo:
    """Where the samples are in a WAV file, and whether its header tells the truth."""

    format_tag: int  # 1 = integer PCM, 3 = IEEE float
    channels: int
    rate: int
    bits: int
    data_offset: int
    declared_bytes: int  # the data chunk's size field
    available_bytes: int  # whole frames actually present after data_offset
    data_is_last: bool  # nothing follows the data chunk, so the file end is the data end

    @property
    def frame_bytes(self) -> int:
        return self.channels * self.bits // 8

    @property
    def frames(self) -> int:
        return self.available_bytes // self.frame_bytes

    @property
    def header_ok(self) -> bool:
        return self.declared_bytes == self.available_bytes


def wav_info(path: str | os.PathLike) -> WavInfo:
    """Parse a WAV file's chunks. Raises InvalidInput naming what is wrong."""
    path = Path(path)
    size = _check_file(path)
    with open(path, "rb") as f:
        head = f.read(12)
        if len(head) < 12 or head[:4] not in (b"RIFF", b"RF64") or head[8:12] != b"WAVE":
            raise InvalidInput(f"{path} is not a WAV file")
        fmt = None
        pos = 12
        while pos + 8 <= size:
            f.seek(pos)
            cid, csize = struct.unpack("<4sI", f.read(8))
            body = pos + 8
            if cid == b"fmt ":
                fmt = _parse_fmt(path, f.read(min(csize, 40)))
            elif cid == b"data":
                if fmt is None:
                    raise InvalidInput(f"{path} is damaged: its audio comes before its format")
                fbytes = fmt[1] * fmt[3] // 8
                remaining = size - body
                # A killed recorder leaves a stale size (0, or a second behind); RF64 and
                # streaming writers put 0xFFFFFFFF there. Unless a real chunk follows the
                # declared end, the audio runs to the end of the file.
                end = body + csize + (csize & 1)
                last = end >= size or csize == 0xFFFFFFFF or not _chunk_at(f, end, size)
                have = remaining if last else min(csize, remaining)
                return WavInfo(*fmt, body, csize, have - have % fbytes, last)
            pos = body + csize + (csize & 1)  # chunks are padded to even sizes
    if fmt is None:
        raise InvalidInput(f"{path} is damaged: it has no audio format chunk")
    raise InvalidInput(f"{path} is damaged: it has no audio data")


def _chunk_at(f, pos: int, size: int) -> bool:
    """Whether a plausible chunk header (an id of ASCII letters, digits and spaces, such
    as "LIST" or "id3 ", and a size that fits in the file) sits at `pos`; audio samples
    almost never look like one."""
    if pos + 8 > size:
        return False
    f.seek(pos)
    cid, csize = struct.unpack("<4sI", f.read(8))
    ok_id = cid.strip(b" ").isalnum() and cid[:1] != b" "
    return ok_id and pos + 8 + csize <= size


def _parse_fmt(path: Path, b: bytes) -> tuple[int, int, int, int]:
    if len(b) < 16:
        raise InvalidInput(f"{path} is damaged: its format chunk is cut short")
    tag, channels, rate, _, _, bits = struct.unpack("<HHIIHH", b[:16])
    if tag == _EXTENSIBLE and len(b) >= 26:
        tag = struct.unpack("<H", b[24:26])[0]  # first two bytes of the sub-format GUID
    ok = (tag == _PCM and bits in (8, 16, 24, 32)) or (tag == _FLOAT and bits in (32, 64))
    if not ok or channels < 1:
        kind = "compressed" if tag not in (_PCM, _FLOAT) else f"{bits}-bit"
        raise InvalidInput(f"{path} uses {kind} audio that Call Coach cannot read; "
                           "save it as 16-bit PCM WAV")
    if not MIN_RATE <= rate <= MAX_RATE:
        raise InvalidInput(f"{path} is damaged: its header gives a sample rate of {rate} Hz")
    return tag, channels, rate, bits


def _check_file(path: Path) -> int:
    if not path.exists():
        raise InvalidInput(f"no such audio file: {path}")
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder, not an audio file")
    size = path.stat().st_size
    if size == 0:
        raise InvalidInput(f"{path} is empty")
    return size


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


def to_int16(x: np.ndarray) -> np.ndarray:
    """Float -1..1 to 16-bit PCM, clipped (int16 input passes through). Scaled by 32768,
    the inverse of how PCM is read, so PCM -> float -> PCM gives back the same samples."""
    if x.dtype == np.int16:
        return x
    return np.clip(np.round(x * 32768.0), -32768, 32767).astype(np.int16)


def resample(x: np.ndarray, src: int, dst: int, block: int = 1 << 18) -> np.ndarray:
    """Resample mono float samples from `src` to `dst` Hz.

    Band-limits with a windowed-sinc low-pass below the lower Nyquist, then interpolates
    linearly. Good enough for speech (the analysis looks below 4 kHz) and, working in
    blocks, keeps memory flat for hour-long takes."""
    x = np.asarray(x, dtype=np.float32)
    if src == dst or len(x) == 0:
        return x.copy()
    cutoff = 0.45 * min(src, dst) / src  # as a fraction of the source rate
    taps = 63
    k = np.arange(taps) - (taps - 1) / 2
    h = (2 * cutoff * np.sinc(2 * cutoff * k) * np.hamming(taps)).astype(np.float32)
    h /= h.sum()
    pad = taps // 2
    n_out = int(len(x) * dst // src)
    out = np.empty(n_out, dtype=np.float32)
    step = src / dst
    for o0 in range(0, n_out, block):
        o1 = min(n_out, o0 + block)
        pos = np.arange(o0, o1) * step
        i0 = int(pos[0])
        i1 = min(len(x), int(pos[-1]) + 2)
        lo, hi = max(0, i0 - pad), min(len(x), i1 + pad)
        seg = np.convolve(x[lo:hi], h, mode="same")[i0 - lo: i1 - lo]
        out[o0:o1] = np.interp(pos - i0, np.arange(len(seg)), seg)
    return out


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


def _header(rate: int, channels: int, data_bytes: int) -> bytes:
    align = channels * 2
    return _HEADER.pack(b"RIFF", 36 + data_bytes, b"WAVE", b"fmt ", 16, _PCM, channels, rate,
                        rate * align, align, 16, b"data", data_bytes)


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


def repair_wav(path: str | os.PathLike) -> bool:
    """Make a WAV's header sizes match the audio actually in the file (after a crash or a
    kill while recording). Drops a trailing partial frame. Returns True if it changed the
    file. Call it when opening a take; it does nothing to a healthy file."""
    path = Path(path)
    info = wav_info(path)
    if info.header_ok and not info.data_is_last:
        return False
    size = path.stat().st_size
    end = info.data_offset + info.available_bytes
    riff = end - 8
    with open(path, "r+b") as f:
        f.seek(4)
        riff_declared = struct.unpack("<I", f.read(4))[0]
        if info.header_ok and riff_declared == riff and size == end:
            return False
        if info.data_is_last and size > end:
            f.truncate(end)  # a half-written last frame would shift every later read
        f.seek(4)
        f.write(struct.pack("<I", riff))
        f.seek(info.data_offset - 4)
        f.write(struct.pack("<I", info.available_bytes))
        f.flush()
        os.fsync(f.fileno())
    return True


def repair_folder(folder: str | os.PathLike) -> list[Path]:
    """Repair every WAV in `folder` (run once at start-up on the takes folder); returns the
    files that were repaired. Files that are not WAVs at all are left alone."""
    fixed = []
    for p in sorted(Path(folder).glob("*.wav")):
        try:
            if repair_wav(p):
                fixed.append(p)
        except InvalidInput:
            continue
    return fixed
