"""Playing a rendering or a take through the speakers, with pause, resume, stop, seek and a
position callback (for highlighting the word being heard).

The PortAudio callback runs on PortAudio's own thread; it only copies samples and reports
the position, so `on_position` must be short (the UI posts it to its own thread). Pausing
keeps the stream open and sends silence: resuming is then instant and cannot fail the way
re-opening a device can."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np

from coach.errors import InvalidInput, Unavailable
from coach.speech.record import _sounddevice
from coach.speech.wavio import load_audio, resample

NO_SPEAKER = "No speaker or headphones found, so Call Coach cannot play audio."


def output_devices() -> list[dict]:
    """Outputs PortAudio can see: index, name, default (bool)."""
    sd = _sounddevice()
    try:
        default = sd.default.device[1]
        devs = sd.query_devices()
    except sd.PortAudioError:
        return []
    return [{"index": i, "name": d["name"], "default": i == default}
            for i, d in enumerate(devs) if d["max_output_channels"] > 0]


def pick_output_device(device: int | str | None) -> int | None:
    devs = output_devices()
    if not devs:
        raise Unavailable(NO_SPEAKER)
    if device is None or device == "":
        return None if any(d["default"] for d in devs) else devs[0]["index"]
    names = ", ".join(f"{d['index']}: {d['name']}" for d in devs[:8])
    hits = [d for d in devs if (str(device).isdigit() and d["index"] == int(device))
            or (not str(device).isdigit() and str(device).lower() in d["name"].lower())]
    if not hits:
        raise InvalidInput(f"no speaker matches {device!r}; outputs: {names}")
    return hits[0]["index"]


class Player:
    """Plays mono audio (a file path, or float samples with their `rate`).

    States: "ready", "playing", "paused", "finished", "stopped". `on_position(seconds)` is
    called about 20 times a second with the position being heard (output latency taken
    off); `on_finished()` once when the end is reached."""

    def __init__(self, audio: str | os.PathLike | np.ndarray, rate: int | None = None,
                 device: int | str | None = None,
                 on_position: Callable[[float], None] | None = None,
                 on_finished: Callable[[], None] | None = None):
        if isinstance(audio, (str, os.PathLike)):
            self.samples, self.rate = load_audio(Path(audio))
        else:
            if rate is None:
                raise ValueError("rate is needed with raw samples")
            self.samples, self.rate = np.asarray(audio, dtype=np.float32), int(rate)
        self.device = pick_output_device(device)
        self.on_position, self.on_finished = on_position, on_finished
        self.state = "ready"
        self._pos = 0  # next sample to hand to the device, in self.rate samples
        self._paused = False
        self._latency = 0.0
        self._stream = None
        self._done = threading.Event()

    @property
    def duration(self) -> float:
        return len(self.samples) / self.rate

    @property
    def position(self) -> float:
        """Seconds into the audio that the listener is hearing now."""
        return max(0.0, min(self._pos / self.rate - self._latency, self.duration))

    def play(self) -> None:
        """Start (or restart after finish/stop) from the current position, or resume."""
        if self.state == "paused":
            return self.resume()
        if self.state == "playing":
            return
        if self._pos >= len(self.samples):
            self._pos = 0
        self._open()
        self._paused = False
        self._done.clear()
        self.state = "playing"
        self._stream.start()

    def pause(self) -> None:
        if self.state == "playing":
            self._paused = True
            self.state = "paused"

    def resume(self) -> None:
        if self.state == "paused":
            self._paused = False
            self.state = "playing"

    def stop(self) -> None:
        """Stop and rewind; the next play() starts at the beginning."""
        self._close()
        self._pos = 0
        if self.state != "ready":
            self.state = "stopped"
        self._done.set()

    def seek(self, seconds: float) -> None:
        self._pos = int(min(max(0.0, seconds), self.duration) * self.rate)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until playback finishes or is stopped; False if `timeout` ran out first."""
        return self._done.wait(timeout)

    def close(self) -> None:
        """Release the device; a player closed mid-way is stopped (wait() returns)."""
        self._close()
        if self.state in ("playing", "paused"):
            self.state = "stopped"
        self._done.set()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._close()

    def _open(self) -> None:
        sd = _sounddevice()
        self._close()
        try:
            sd.check_output_settings(self.device, samplerate=self.rate, channels=1,
                                     dtype="float32")
        except (sd.PortAudioError, ValueError):
            # The device does not take this rate (many take only 44.1/48 kHz): convert.
            target = int(sd.query_devices(self.device, "output")["default_samplerate"])
            self._pos = self._pos * target // self.rate
            self.samples, self.rate = resample(self.samples, self.rate, target), target
        try:
            self._stream = sd.OutputStream(
                samplerate=self.rate, channels=1, dtype="float32", device=self.device,
                blocksize=self.rate // 20, callback=self._callback,
                finished_callback=self._finished)
        except (sd.PortAudioError, ValueError) as exc:
            raise Unavailable(f"The speaker could not be opened ({exc}).") from None
        self._latency = float(self._stream.latency or 0.0)

    def _close(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            stream.abort()
            stream.close()

    def _callback(self, out, frames, time_info, status):
        if self._paused:
            out.fill(0)
            return
        pos = self._pos
        n = max(0, min(frames, len(self.samples) - pos))
        out[:n, 0] = self.samples[pos: pos + n]
        out[n:] = 0
        self._pos = pos + n
        if self.on_position is not None:
            self.on_position(self.position)
        if self._pos >= len(self.samples):
            raise _sounddevice().CallbackStop

    def _finished(self):
        # Called by PortAudio when the stream ends for any reason; only a natural end
        # (everything handed over, not stopped) counts as finished.
        if self._stream is not None and self._pos >= len(self.samples):
            self.state = "finished"
            if self.on_finished is not None:
                self.on_finished()
        self._done.set()


def play_file(path: str | os.PathLike, device: int | str | None = None,
              on_position: Callable[[float], None] | None = None) -> float:
    """Play a file to the end (blocking); returns its duration in seconds."""
    with Player(path, device=device, on_position=on_position) as p:
        p.play()
        p.wait()
        return p.duration
