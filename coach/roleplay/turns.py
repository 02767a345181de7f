"""The user's turn: hearing when it ends, and what was said in it.

`TurnListener` takes the microphone's chunks as they come and says when the turn is over:
after `silence_s` (0.8 s) of silence following speech, as a person on the phone would
take the turn back. Speech is decided frame by frame with the analysis's own causal
detector (signal.Segmenter: energy against a running noise floor), so the listener and
the transcription agree on what counts as speech. Saying nothing for NO_SPEECH_S also
ends the turn; that is the "silence" intent.

`hear()` transcribes the turn offline with the practice analysis's pieces (framing,
transcription with the filler prompt, the report with fillers and monologue length) and
reads its gist with the intent rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from coach.analysis import pipeline, signal
from coach.analysis.report import Report
from coach.roleplay.intents import Gist, IntentRules
from coach.roleplay.scenario_files import DEFAULT_SILENCE_S

RATE = signal.RATE
MIN_SPEECH_S = 0.2  # this much speech before a silence can end the turn (a cough can't)
NO_SPEECH_S = 5.0  # nothing said this long: the turn ends as silence ("Hello? Anyone there?")
MAX_TURN_S = 120.0  # a turn this long ends however it goes (a voicemail has a limit too)

END_OF_SPEECH = "end-of-speech"
NO_SPEECH = "no-speech"
MAX_LENGTH = "max-length"


class TurnListener:
    """Feed 16 kHz mono chunks (float32 in -1..1, or int16); `ended` turns True when the
    turn is over. Not latched: feeding more audio after a pause (a recorded turn that
    pauses mid-way) carries on listening, so a caller decides when to stop feeding."""

    def __init__(self, silence_s: float = DEFAULT_SILENCE_S, no_speech_s: float = NO_SPEECH_S,
                 max_s: float = MAX_TURN_S):
        self.silence_s, self.no_speech_s, self.max_s = silence_s, no_speech_s, max_s
        self._chunks: list[np.ndarray] = []
        self._pcm = np.zeros(0, dtype=np.float32)  # the tail not yet framed, plus context
        self._offset = 0  # samples of the turn before self._pcm
        self._n_frames = 0
        self._seg = signal.Segmenter()
        self._speech_frames = 0
        self._last_speech = -1  # index of the last speech frame

    def feed(self, chunk) -> bool:
        a = np.asarray(chunk)
        if a.dtype == np.int16:
            a = a.astype(np.float32) / 32768.0
        a = np.nan_to_num(a.astype(np.float32, copy=False).reshape(-1))
        self._chunks.append(a)
        self._pcm = np.concatenate([self._pcm, a])
        total = signal.n_frames(self._offset + len(self._pcm))
        if total > self._n_frames:
            first = self._n_frames - self._offset // signal.HOP_N
            fr = signal.frames_between(self._pcm, first, total - self._offset // signal.HOP_N)
            start = len(self._seg.speech)
            self._seg.push(fr.energy_db)
            for i, flag in enumerate(self._seg.speech[start:], start):
                if flag:
                    self._speech_frames += 1
                    self._last_speech = i
            self._n_frames = total
            keep = (self._n_frames * signal.HOP_N) - self._offset  # drop what is framed
            self._offset += keep
            self._pcm = self._pcm[keep:]
        return self.ended

    @property
    def seconds(self) -> float:
        return sum(len(c) for c in self._chunks) / RATE

    @property
    def heard_speech(self) -> bool:
        return self._speech_frames * signal.HOP >= MIN_SPEECH_S

    @property
    def speech_end_s(self) -> float | None:
        """When the last speech so far ended, seconds from the turn's start."""
        return (self._last_speech + 1) * signal.HOP if self._last_speech >= 0 else None

    @property
    def reason(self) -> str | None:
        """Why the turn is over (END_OF_SPEECH, NO_SPEECH, MAX_LENGTH), or None."""
        heard = self._n_frames * signal.HOP
        if self.heard_speech and heard - self.speech_end_s >= self.silence_s:
            return END_OF_SPEECH
        if not self.heard_speech and heard >= self.no_speech_s:
            return NO_SPEECH
        if self.seconds >= self.max_s:
            return MAX_LENGTH
        return None

    @property
    def ended(self) -> bool:
        return self.reason is not None

    def audio(self) -> np.ndarray:
        """Everything fed so far, as one float32 array."""
        return np.concatenate(self._chunks) if self._chunks else np.zeros(0, np.float32)


def listen_to(pcm: np.ndarray, listener: TurnListener, block: int = RATE // 10) -> TurnListener:
    """Play recorded audio into `listener` as a microphone would, then silence until the
    turn ends (a recording ends where the speaker stopped, not where the listener would
    have spoken). For headless role-play and tests."""
    pcm = np.asarray(pcm, dtype=np.float32)
    for i in range(0, len(pcm), block):
        listener.feed(pcm[i:i + block])
    quiet = np.zeros(block, dtype=np.float32)
    while not listener.ended:
        listener.feed(quiet)
    return listener


@dataclass
class HeardTurn:
    """A user turn, transcribed and understood."""

    text: str  # as recognised, with punctuation
    gist: Gist
    report: Report  # the practice report of the turn: words, fillers, monologue, …

    @property
    def speaking_s(self) -> float:
        return float(self.report.metrics.get("speaking_time_s") or 0.0)

    @property
    def fillers(self) -> list[str]:
        return [f.text or "" for f in self.report.findings if f.kind == "filler"]


def hear(pcm: np.ndarray, engine, rules: IntentRules, me: Sequence[str] = ()) -> HeardTurn:
    """Transcribe a turn (16 kHz float PCM) and read its gist. The steps are analyze()'s,
    kept apart here because the intents need Whisper's punctuation ("?"), which the
    report's words drop."""
    pcm = np.nan_to_num(np.asarray(pcm, dtype=np.float32))
    fr = signal.frames_of(pcm)
    regions = signal.speech_regions(signal.speech_mask(fr)[0])
    raw = pipeline.transcribe(engine, pcm, fr, pipeline.filler_prompt(None)) if regions else []
    report = pipeline.build_report(pcm, fr, None, engine.name, raw)
    kept = {round(w.end, 3) for w in report.words}  # words outside speech were dropped
    text = " ".join((w.raw or w.text).strip() for w in raw if round(w.end, 3) in kept)
    return HeardTurn(text, rules.classify(text, me), report)
