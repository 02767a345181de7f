"""Reading a script aloud: pyttsx3 renders it to a WAV, and every word gets its start and
end time in that WAV (for highlighting the word being heard).

pyttsx3 2.99 allows one engine per process and is not thread-safe, so one `Speaker` (get
it with `speaker()`) owns the engine on one worker thread and takes requests through a
queue. Its traps, and what we do about each (measured with espeak-ng 1.51):
- espeak runs asynchronously: runAndWait can return before the file is written, and a
  property set while espeak is busy is dropped together with the next synthesis (the
  driver's stop() cancels espeak's queue). We wait for espeak to be idle around property
  changes and wait for the end-of-message event ourselves.
- Properties queue until the first runAndWait; after it they apply at once. We mark the
  driver idle at start, so they always apply at once, and set voice, rate and volume
  before every render.
- A runAndWait with nothing to say never returns, and the driver keeps the last text and
  file name, so any later runAndWait writes that file again (this is how a later say()
  "overwrites the last WAV"). We never run it empty and clear both after each render.
- Only the last save_to_file before a runAndWait is written: one per runAndWait.
- say() shells out to aplay; we never call it. A bad voice name fails silently: we check
  voice ids against the list first. save_to_file prints to stdout: silenced.
- pyttsx3 labels every espeak WAV 22050 Hz and drops audio that arrives with the final
  event; we keep the samples ourselves and write the WAV at espeak's real rate.
Word times come from espeak's word events where we have them, else from aligning the
audio to the text (see wordtimes.py)."""

from __future__ import annotations

import ctypes
import os
import queue
import tempfile
import threading
import time
from concurrent.futures import Future
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from coach.errors import InvalidInput, Unavailable
from coach.speech.wavio import load_audio, write_wav
from coach.speech.wordtimes import WordTiming, new_aligner, speakable, to_script, word_times

NO_TTS = "text-to-speech is not available: install espeak-ng"
RATE_RANGE = (80, 400)  # words per minute that every engine can do and a listener can follow
DEFAULT_RATE = 150


@dataclass(frozen=True)
class Voice:
    id: str
    name: str
    languages: tuple[str, ...] = ()
    gender: str | None = None


@dataclass
class RenderResult:
    path: Path
    duration: float
    word_timings: list[WordTiming] = field(default_factory=list)
    voice: str = ""
    rate: int = DEFAULT_RATE
    timing_source: str = ""  # "marks", "aligned", "estimated" or "" (not asked for)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["path"] = str(self.path)
        return d


class Speaker:
    """The process's one pyttsx3 engine, driven on its own thread. Methods block until the
    worker has done the job; they may be called from any thread."""

    _live: Speaker | None = None  # pyttsx3 hands every caller the same engine object

    def __init__(self, driver_name: str | None = None):
        if Speaker._live is not None and Speaker._live._thread.is_alive():
            raise RuntimeError("one Speaker per process: use coach.speech.tts.speaker()")
        Speaker._live = self
        self._jobs: queue.Queue = queue.Queue()
        self._driver_name = driver_name
        self._voices: list[Voice] | None = None
        self._thread = threading.Thread(target=self._work, name="tts", daemon=True)
        self._thread.start()

    # -- public API ---------------------------------------------------------------------
    def voices(self) -> list[Voice]:
        return self._call(self._voices_job)

    def default_voice(self) -> str:
        """The id of the voice used when none is chosen."""
        return self._call(lambda: self._default_voice)

    def render(self, text: str, out_wav: str | os.PathLike, voice: str | None = None,
               rate: int | None = None, volume: float | None = None,
               timings: str | None = "auto") -> RenderResult:
        """Speak `text` into the WAV `out_wav` (written atomically). `timings`: "auto"
        (the best available), "marks", "aligned", "estimated", or None for none."""
        if not text or not text.strip():
            raise InvalidInput("there is no text to read aloud")
        rate = DEFAULT_RATE if rate is None else int(rate)
        if not RATE_RANGE[0] <= rate <= RATE_RANGE[1]:
            raise InvalidInput(f"speaking rate must be {RATE_RANGE[0]}-{RATE_RANGE[1]} words "
                               f"per minute, not {rate}")
        volume = 1.0 if volume is None else float(volume)
        if not 0.0 <= volume <= 1.0:
            raise InvalidInput(f"volume must be between 0 and 1, not {volume}")
        if timings not in (None, "auto", "marks", "aligned", "estimated"):
            raise ValueError(f"unknown timings method {timings!r}")
        out = Path(out_wav)
        if out.suffix.lower() != ".wav":
            raise InvalidInput(f"the spoken script is saved as WAV: {out} should end in .wav")
        if out.is_dir():
            raise InvalidInput(f"{out} is a folder")
        text = text.replace("\x00", " ")  # a NUL would end the text early in C
        return self._call(self._render_job, text, out, voice, rate, volume, timings)

    def close(self) -> None:
        if self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join(5)

    # -- worker side --------------------------------------------------------------------
    def _call(self, fn, *args):
        if not self._thread.is_alive():
            raise Unavailable("text-to-speech has been shut down")
        fut: Future = Future()
        self._jobs.put((fn, args, fut))
        return fut.result()

    def _work(self) -> None:
        engine_error = None
        try:
            self._start_engine()
        except Unavailable as exc:
            engine_error = exc
        while (job := self._jobs.get()) is not None:
            fn, args, fut = job
            try:
                if engine_error is not None:
                    raise engine_error
                fut.set_result(fn(*args))
            except BaseException as exc:  # handed to the caller's thread, which raises it
                fut.set_exception(exc)

    def _start_engine(self) -> None:
        try:
            import pyttsx3

            self._engine = pyttsx3.init(self._driver_name)
        except (ImportError, RuntimeError, OSError) as exc:  # espeak's library is missing
            raise Unavailable(NO_TTS) from exc
        self._default_voice = self._engine.getProperty("voice")
        self._espeak = self._engine.driver_name == "espeak"
        self._aligner = None
        if self._espeak:
            import pyttsx3.drivers.espeak as esd
            from pyttsx3.drivers import _espeak

            esd.print = lambda *a, **k: None  # "Audio saved to …" would pollute --json output
            self._es = _espeak
            self._driver = self._engine.proxy._driver
            self._synth_done = threading.Event()
            self._marks: list[tuple[int, int, int]] = []
            self._audio: list[bytes] = []
            self._sample_rate = 22050
            _espeak.SetSynthCallback(self._on_synth)  # sees espeak's events, then the driver
        self._engine.proxy.setBusy(False)  # properties now apply at once, never queue

    def _on_synth(self, wav, numsamples, events):
        """espeak's callback (on espeak's thread): keep word marks and audio, pass on."""
        done, i = False, 0
        while (ev := events[i]).type != self._es.EVENT_LIST_TERMINATED:
            if ev.type == self._es.EVENT_WORD:
                self._marks.append((ev.text_position - 1, ev.length, ev.audio_position))
            elif ev.type == 8:  # espeakEVENT_SAMPLERATE: the voice's real output rate
                self._sample_rate = ev.id.number or self._sample_rate
            elif ev.type == self._es.EVENT_MSG_TERMINATED:
                done = True
            i += 1
        if numsamples > 0:
            self._audio.append(ctypes.string_at(wav, numsamples * 2))
        try:
            return self._driver._onSynth(wav, numsamples, events)
        finally:
            if done:
                self._synth_done.set()

    def _voices_job(self) -> list[Voice]:
        if self._voices is None:
            self._voices = [
                Voice(str(v.id), str(v.name or v.id), tuple(str(x) for x in v.languages or ()),
                      v.gender if isinstance(v.gender, str) else None)
                for v in self._engine.getProperty("voices")]
        return self._voices

    def _check_voice(self, voice: str | None) -> str:
        if voice is None:
            return self._default_voice
        voices = self._voices_job()
        for v in voices:
            if voice.lower() in (v.id.lower(), v.name.lower()):
                return v.id
        english = [v.id for v in voices if any(x.startswith("en") for x in v.languages)]
        some = ", ".join((english or [v.id for v in voices])[:6])
        raise InvalidInput(f"unknown voice {voice!r}; try one of: {some} "
                           "(callcoach voices lists them all)")

    def _render_job(self, text, out: Path, voice, rate, volume, timings) -> RenderResult:
        voice_id = self._check_voice(voice)
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{out.stem}.", suffix=".wav", dir=out.parent)
        os.close(fd)
        spoken, where = speakable(text)
        try:
            if self._espeak:
                samples, sr, marks = self._synth_espeak(spoken, tmp, voice_id, rate, volume)
                write_wav(out, samples, sr)
            else:
                for k, v in (("voice", voice_id), ("rate", rate), ("volume", volume)):
                    self._engine.setProperty(k, v)
                self._engine.save_to_file(spoken, tmp)
                self._engine.runAndWait()
                if not os.path.exists(tmp) or os.path.getsize(tmp) == 0:
                    raise Unavailable("text-to-speech produced no audio")
                samples, sr = load_audio(tmp)  # NSSpeech may write AIFF whatever the name
                write_wav(out, samples, sr)
                marks = None
        finally:
            Path(tmp).unlink(missing_ok=True)
        result = RenderResult(out, round(len(samples) / sr, 3), voice=voice_id, rate=rate)
        if timings:
            if self._aligner is None and (timings == "aligned" or (timings == "auto"
                                                                  and not marks)):
                self._aligner = new_aligner()  # lazily: takes 0.4 s, and marks are better
            try:
                times, result.timing_source = word_times(spoken, samples, sr, marks, timings,
                                                         self._aligner)
            except ValueError as exc:  # "aligned" asked for and impossible
                raise Unavailable(str(exc)) from None
            result.word_timings = to_script(text, spoken, where, times)
        return result

    def _synth_espeak(self, text, tmp, voice_id, rate, volume):
        self._wait_idle()
        self._engine.setProperty("voice", voice_id)
        self._engine.setProperty("rate", rate)
        self._engine.setProperty("volume", volume)
        self._wait_idle()  # a property still in espeak's queue would cancel the synthesis
        self._marks, self._audio = [], []
        self._synth_done.clear()
        limit = 30.0 + len(text) / 20.0  # espeak renders ~100x real time; this is generous
        watchdog = threading.Timer(limit, self._unstick)
        watchdog.start()
        try:
            self._engine.save_to_file(text, tmp)
            self._engine.runAndWait()
            ok = self._synth_done.wait(limit)
        finally:
            watchdog.cancel()
            self._driver._text_to_say = None  # else the next runAndWait re-writes this file
            self._driver._save_file = None
        if not ok or not self._audio:
            raise Unavailable("text-to-speech stopped without producing audio; try again")
        pcm = np.frombuffer(b"".join(self._audio), dtype="<i2")
        return pcm.astype(np.float32) / 32768.0, self._sample_rate, list(self._marks)

    def _wait_idle(self, limit: float = 10.0) -> None:
        t0 = time.monotonic()
        while self._es.IsPlaying():
            if time.monotonic() - t0 > limit:
                self._unstick()
                raise Unavailable("text-to-speech is busy and not responding; try again")
            time.sleep(0.002)

    def _unstick(self) -> None:
        self._es.Cancel()
        self._driver.endLoop()


_shared: Speaker | None = None
_shared_lock = threading.Lock()


def speaker() -> Speaker:
    """The process's one Speaker (pyttsx3 allows one engine per process)."""
    global _shared
    with _shared_lock:
        if _shared is None or not _shared._thread.is_alive():
            _shared = Speaker()
        return _shared


__all__ = ["NO_TTS", "RenderResult", "Speaker", "Voice", "WordTiming", "speaker"]
