"""Recording a practice take: 16 kHz mono 16-bit from a microphone, written to disk as it
comes in, with a level for meters and the raw chunks for a live analyzer.

`Recorder.record()` blocks the calling thread (the UI runs it on a worker of its own) and
returns when the time is up, the source ends, or `stop()` is called from another thread.
The microphone's own callback only queues the bytes: disk writes and user callbacks never
run on the audio thread, so a slow disk cannot make the microphone drop audio.

Where the audio comes from is pluggable: `MicrophoneSource` (sounddevice) by default, or
`WavSource`, which plays a file in as if spoken, for tests and demos."""

from __future__ import annotations

import errno
import math
import os
import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from coach.errors import InvalidInput, NoSpace, Unavailable
from coach.speech.wavio import RATE, StreamingWavWriter, load_audio

BLOCK = RATE // 10  # 100 ms per chunk: meters update ten times a second
# a full disk, a full quota, or a file-size limit: no more audio fits
_NO_ROOM = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
NO_MIC = ("No microphone found. Connect one (or check it is switched on in the system "
          "sound settings) and try again.")


@dataclass(frozen=True)
class Level:
    """Loudness of one chunk, for a meter: dB relative to full scale (0 is clipping)."""

    rms_dbfs: float
    peak_dbfs: float
    seconds: float  # position of the chunk's end in the take
    clipped: bool


@dataclass(frozen=True)
class TakeInfo:
    path: Path
    seconds: float
    frames: int
    overflows: int  # times the microphone delivered faster than we read (audio was lost)


def level_of(pcm: np.ndarray, seconds: float = 0.0) -> Level:
    """RMS and peak of int16 samples in dBFS (floor -100 dB for digital silence)."""
    x = pcm.astype(np.float64)
    if len(x) == 0:
        return Level(-100.0, -100.0, seconds, False)
    rms = math.sqrt(float(np.mean(x * x))) / 32768.0
    peak = float(np.max(np.abs(x))) / 32768.0
    return Level(_db(rms), _db(peak), seconds, bool(peak >= 32767 / 32768))


def _db(v: float) -> float:
    return round(max(-100.0, 20.0 * math.log10(v)) if v > 0 else -100.0, 1)


class WavSource:
    """Chunks of 16 kHz mono PCM from an audio file, as a microphone would deliver them.
    `paced` sleeps between chunks to match real time (so killing mid-take is realistic);
    unpaced delivers as fast as the reader takes them."""

    def __init__(self, path: str | os.PathLike, paced: bool = True, block: int = BLOCK):
        self.pcm, _ = load_audio(path, rate=RATE, dtype="int16")
        self.paced, self.block = paced, block
        self.overflows = 0

    def chunks(self, stop: threading.Event) -> Iterator[bytes]:
        t0 = time.monotonic()
        for i in range(0, len(self.pcm), self.block):
            if stop.is_set():
                return
            if self.paced:
                due = t0 + (i + self.block) / RATE  # a mic hands over a chunk once it is full
                time.sleep(max(0.0, due - time.monotonic()))
            yield self.pcm[i: i + self.block].tobytes()

    def close(self) -> None:
        pass


def _sounddevice():
    try:
        import sounddevice
    except OSError:  # the package is installed but the PortAudio library is not
        raise Unavailable("Audio is not available: the PortAudio library is missing "
                          "(on Debian/Ubuntu: apt install libportaudio2)") from None
    return sounddevice


def input_devices() -> list[dict]:
    """Microphones PortAudio can see: index, name, channels, default (bool)."""
    sd = _sounddevice()
    try:
        default = sd.default.device[0]
        devs = sd.query_devices()
    except sd.PortAudioError:
        return []
    return [{"index": i, "name": d["name"], "channels": d["max_input_channels"],
             "default": i == default}
            for i, d in enumerate(devs) if d["max_input_channels"] > 0]


def pick_input_device(device: int | str | None) -> int | None:
    """Resolve `device` (index, or part of a name) to an input device index; None means the
    system default. Raises Unavailable when there is no microphone at all, InvalidInput
    when the one asked for does not exist (listing the ones that do)."""
    devs = input_devices()
    if not devs:
        raise Unavailable(NO_MIC)
    if device is None or device == "":
        return None if any(d["default"] for d in devs) else devs[0]["index"]
    names = ", ".join(f"{d['index']}: {d['name']}" for d in devs[:8])
    if isinstance(device, int) or str(device).isdigit():
        idx = int(device)
        if any(d["index"] == idx for d in devs):
            return idx
        raise InvalidInput(f"there is no microphone number {idx}; microphones: {names}")
    hits = [d for d in devs if str(device).lower() in d["name"].lower()]
    if not hits:
        raise InvalidInput(f"no microphone matches {device!r}; microphones: {names}")
    return hits[0]["index"]


class MicrophoneSource:
    """A sounddevice RawInputStream at 16 kHz mono int16. The PortAudio callback only
    copies each block into a queue; the recorder's thread does the rest."""

    def __init__(self, device: int | str | None = None, block: int = BLOCK):
        self.device = pick_input_device(device)
        self.block = block
        self.overflows = 0
        self._q: queue.Queue[bytes] = queue.Queue()
        self._stream = None

    def _callback(self, data, frames, time_info, status):
        if status.input_overflow:
            self.overflows += 1
        self._q.put(bytes(data))

    def chunks(self, stop: threading.Event) -> Iterator[bytes]:
        sd = _sounddevice()
        try:
            self._stream = sd.RawInputStream(samplerate=RATE, channels=1, dtype="int16",
                                             blocksize=self.block, device=self.device,
                                             callback=self._callback)
            self._stream.start()
        except (sd.PortAudioError, ValueError) as exc:
            raise Unavailable(f"The microphone could not be opened ({exc}). Check that no "
                              "other program is using it, or pick another with --device.") from None
        while not stop.is_set():
            try:
                yield self._q.get(timeout=0.5)
            except queue.Empty:
                if not self._stream.active:  # unplugged, or the driver gave up
                    raise Unavailable("The microphone stopped sending audio; the take so "
                                      "far is saved.") from None

    def close(self) -> None:
        if self._stream is not None:
            try:
                self._stream.abort()
                self._stream.close()
            finally:
                self._stream = None


class Recorder:
    """Records one take to `out_path` (16 kHz mono 16-bit WAV).

    on_level(Level) and on_chunk(np.ndarray int16) are called for every 100 ms chunk on the
    recording thread, after the chunk is on disk; keep them short. `source` is a
    MicrophoneSource (the default) or anything with chunks(stop_event) and close()."""

    def __init__(self, out_path: str | os.PathLike, device: int | str | None = None,
                 on_level: Callable[[Level], None] | None = None,
                 on_chunk: Callable[[np.ndarray], None] | None = None,
                 source=None, overwrite: bool = False):
        self.out_path = Path(out_path)
        self.on_level, self.on_chunk = on_level, on_chunk
        if not overwrite and self.out_path.exists():
            raise InvalidInput(f"{self.out_path} already exists; choose another name or "
                               "allow overwriting")
        if self.out_path.suffix.lower() != ".wav":
            raise InvalidInput(f"takes are saved as WAV: {self.out_path} should end in .wav")
        # Open the microphone before creating the file, so "no microphone" leaves no file.
        self.source = source if source is not None else MicrophoneSource(device)
        self._overwrite = overwrite
        self._stop = threading.Event()
        self.writer: StreamingWavWriter | None = None

    def stop(self) -> None:
        """Ask a running record() to finish (from any thread); the take is kept."""
        self._stop.set()

    @property
    def seconds(self) -> float:
        return self.writer.seconds if self.writer else 0.0

    def record(self, seconds: float | None = None) -> TakeInfo:
        """Record until `seconds` of audio are on disk, stop() is called, or the source
        ends. Time is counted in samples, not wall-clock, so a take is exactly as long as
        asked. The file is complete and its header correct when this returns, including
        when it raises (KeyboardInterrupt, a microphone that disappears)."""
        limit = None if seconds is None else int(round(seconds * RATE))
        if limit is not None and limit <= 0:
            raise InvalidInput("the recording length must be more than 0 seconds")
        self.writer = StreamingWavWriter(self.out_path, overwrite=self._overwrite)
        ok = False
        try:
            for chunk in self.source.chunks(self._stop):
                if limit is not None:
                    chunk = chunk[: 2 * (limit - self.writer.frames)]
                try:
                    self.writer.write(chunk)
                except OSError as exc:
                    if exc.errno not in _NO_ROOM:
                        raise
                    self.writer.trim()
                    try:
                        self.writer.close()
                    except OSError:  # the header may not reach the disk; the next start
                        pass  # repairs it (wavio.repair_wav)
                    raise NoSpace(
                        f"the disk is full, so recording stopped; the take is kept up to "
                        f"{self.writer.seconds:.1f} s in {self.out_path}. Free some space "
                        "and record again.") from None
                pcm = np.frombuffer(chunk, dtype="<i2")
                if self.on_level is not None:
                    self.on_level(level_of(pcm, self.writer.seconds))
                if self.on_chunk is not None:
                    self.on_chunk(pcm.copy())
                if limit is not None and self.writer.frames >= limit:
                    break
            ok = True
        finally:
            self.source.close()
            self.writer.close()
            if not ok and self.writer.frames == 0:  # e.g. the mic would not open: no take
                self.out_path.unlink(missing_ok=True)
        return self.info()

    def info(self) -> TakeInfo:
        """What is on disk so far (after record() returns or raises, the whole take)."""
        w = self.writer
        return TakeInfo(self.out_path, w.seconds if w else 0.0, w.frames if w else 0,
                        getattr(self.source, "overflows", 0))
