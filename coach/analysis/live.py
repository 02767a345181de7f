"""Analysis while the take is being recorded.

    live = LiveAnalyzer(script_lines, on_event=print)
    for chunk in microphone_chunks:      # 16 kHz mono float32 (or int16) numpy arrays
        live.feed(chunk)                 # may call on_event(LiveEvent(...))
    report = live.finish()               # the same Report `analyze()` gives for the file

`feed` does the recognition of each finished piece of the take (the Segmenter cuts at a
half-second silence once 8 s have gone by), so by the time the speaker stops only the
last piece is left and `finish` returns within about a second for a one-minute take. The
pieces, frames and words are exactly those the batch analysis computes, so the final
report is the batch report. `feed` blocks while a piece is recognised (a fraction of a
second); call it from a worker thread, as the UI owns the threads."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from coach.analysis import detectors, fillers, misheard, pipeline, signal
from coach.analysis.align import align
from coach.analysis.pipeline import build_report, filler_prompt, transcribe_piece
from coach.analysis.report import Report

# Words before a new piece that a weak phrase ending in it may have begun with: more than
# the longest phrase on the list, heard one word longer (misheard.find; a test checks).
ASK_BACK = 16


@dataclass
class LiveEvent:
    kind: str  # "filler" (a filled pause was just heard), "pause" (a long silence is on) or
    #            "line" (the speaker has reached script line `line`, for a teleprompter)
    start: float
    end: float
    text: str = ""
    line: int = -1


class LiveAnalyzer:
    def __init__(self, script_lines: list[str] | None = None, engine=None,
                 on_event: Callable[[LiveEvent], None] | None = None):
        if engine is None:
            from coach.speech.recognize import default_engine

            engine = default_engine()
        self.engine = engine
        self.script_lines = list(script_lines or [])
        self.on_event = on_event
        self._prompt = filler_prompt(self.script_lines)
        self._pcm = np.zeros(0, dtype=np.float32)
        self._frames: list[signal.Frames] = []
        self._n_frames = 0
        self._seg = signal.Segmenter()
        self._done_to = 0  # frames before this are recognised
        self._words: list = []
        self._line = -1  # the last script line heard so far
        self._pause_reported_at = -1
        self._lock = threading.Lock()
        self._finished = False
        self._asked_to = 0  # words put to the weak-phrase finder so far

    def feed(self, chunk) -> None:
        """Add recorded audio: float32 in [-1, 1] or int16, 16 kHz mono."""
        a = np.asarray(chunk)
        if a.dtype == np.int16:
            a = a.astype(np.float32) / 32768.0
        a = np.nan_to_num(a.astype(np.float32, copy=False).reshape(-1))
        with self._lock:
            if self._finished:
                raise RuntimeError("feed() after finish()")
            self._pcm = np.concatenate([self._pcm, a])
            total = signal.n_frames(len(self._pcm))
            if total <= self._n_frames:
                return
            fr = signal.frames_between(self._pcm, self._n_frames, total)
            self._frames.append(fr)
            self._n_frames = total
            cuts = self._seg.push(fr.energy_db)
            self._live_pause()
            for cut in cuts:
                self._recognise_to(cut)

    def _recognise_to(self, cut: int) -> None:
        speech = np.asarray(self._seg.speech, dtype=bool)
        fr = self._all_frames()  # the filler checks read all frames
        new = transcribe_piece(self.engine, self._pcm, speech, self._done_to, cut, self._prompt,
                               fr if pipeline.FIND_MISSED_FILLERS else None)
        self._done_to = cut
        self._words += new
        # A filler Whisper was unsure of, which the report leaves out ("Atlas um" for "Alex
        # Kim"), is no cue either: the speaker would be told of an "um" they never said.
        for w, name in fillers.fuse(new, (), fr):
            if name:
                self._emit(LiveEvent("filler", w.start, w.end, name))
        self._follow_script(new)
        if not self._finished:
            self._ask_weak_phrases()

    def _all_frames(self) -> signal.Frames:
        """The frames so far, joined once and kept joined (a new piece adds to them)."""
        if len(self._frames) != 1:
            self._frames = [signal.concat(self._frames)]
        return self._frames[0]

    def _follow_script(self, new: list) -> None:
        """Where in the script the speaker is: the last line said so far, aligned the same
        way as the report's `lines` (so a skipped line is stepped over, not waited for)."""
        if not self.script_lines or not new:
            return
        spoken = [w for w in self._words if not detectors.filled_pause_name(w.text)]
        said = [i for i, ln in enumerate(align(spoken, self.script_lines).lines) if ln.said]
        if said and said[-1] != self._line:
            self._line = said[-1]
            self._emit(LiveEvent("line", new[0].start, new[-1].end, line=self._line))

    def _ask_weak_phrases(self) -> None:
        """Put the words of the new piece (and the ASK_BACK before them, for a phrase
        that began in the last one) to the misheard-phrase finder, as if none were the
        script's (so it compares every stretch the report may ask about), and drop the
        answer: its sound comparisons are kept (lexicon.sounds_alike), and finish() then
        compares only the last piece's words (measured: bench/live_latency.py)."""
        texts = [w.text for w in self._words[max(0, self._asked_to - ASK_BACK):]]
        self._asked_to = len(self._words)
        misheard.find(texts, [False] * len(texts), [])

    def _live_pause(self) -> None:
        # A silence of PAUSE_S after speech, reported once while it lasts.
        speech = self._seg.speech
        run = 0
        for flag in reversed(speech):
            if flag:
                break
            run += 1
        start = len(speech) - run
        if run * signal.HOP >= detectors.PAUSE_S and start > 0 and start != self._pause_reported_at:
            self._pause_reported_at = start
            self._emit(LiveEvent("pause", start * signal.HOP, len(speech) * signal.HOP))

    def _emit(self, event: LiveEvent) -> None:
        if self.on_event is not None:
            self.on_event(event)

    def finish(self) -> Report:
        """Recognise the last piece and build the full report."""
        with self._lock:
            self._finished = True
            if self._n_frames > self._done_to:
                self._recognise_to(self._n_frames)
            fr = self._all_frames()
            return build_report(self._pcm, fr, self.script_lines, self.engine.name,
                                list(self._words))
