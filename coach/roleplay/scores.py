"""How the call went: the turns in order with their times, and the scores the user
practises for — talk ratio, longest monologue, questions asked, whether the ask and the
thanks happened, fillers — plus the replay of the whole call, both sides, as one WAV."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from coach.analysis import signal

SCHEMA = 1
RATE = signal.RATE


@dataclass
class CallTurn:
    """One turn of the call. `who` is "them" or "you"; times are seconds in the replay."""

    who: str
    node: str  # the node whose line this is ("them") or that this reply answered ("you")
    text: str
    start: float
    end: float
    speaking_s: float
    intents: list[str] = field(default_factory=list)  # "you" only, from here on
    branch: str = ""  # the branch the reply took: its label, or "default"
    next: str = ""  # the node it led to
    questions: int = 0
    fillers: list[str] = field(default_factory=list)
    longest_monologue_s: float = 0.0
    end_of_turn: str = ""  # why the listener took the turn back (turns.END_OF_SPEECH, …)

    def to_dict(self) -> dict:
        d = {"who": self.who, "node": self.node, "text": self.text,
             "start": round(self.start, 2), "end": round(self.end, 2),
             "speaking_s": round(self.speaking_s, 1)}
        if self.who == "you":
            d.update(intents=self.intents, branch=self.branch, next=self.next,
                     questions=self.questions, fillers=self.fillers,
                     longest_monologue_s=self.longest_monologue_s,
                     end_of_turn=self.end_of_turn)
        return d


@dataclass
class CallScores:
    talk_ratio: float | None  # your speaking time over both sides' (None: nobody spoke)
    longest_monologue_s: float  # your longest stretch without a 1 s pause
    questions_asked: int
    made_the_ask: bool  # a reply showed one of the scenario's `ask` intents
    said_thanks: bool
    fillers: int
    filler_words: list[str]
    your_speaking_s: float
    their_speaking_s: float

    def to_dict(self) -> dict:
        return {"talk_ratio": self.talk_ratio, "longest_monologue_s": self.longest_monologue_s,
                "questions_asked": self.questions_asked, "made_the_ask": self.made_the_ask,
                "said_thanks": self.said_thanks, "fillers": self.fillers,
                "filler_words": self.filler_words,
                "your_speaking_s": round(self.your_speaking_s, 1),
                "their_speaking_s": round(self.their_speaking_s, 1)}


def score(turns: list[CallTurn], ask: frozenset[str]) -> CallScores:
    yours = [t for t in turns if t.who == "you"]
    you = sum(t.speaking_s for t in yours)
    them = sum(t.speaking_s for t in turns if t.who == "them")
    words = [w for t in yours for w in t.fillers]
    return CallScores(
        talk_ratio=round(you / (you + them), 2) if you + them > 0 else None,
        longest_monologue_s=max((t.longest_monologue_s for t in yours), default=0.0),
        questions_asked=sum(t.questions for t in yours),
        made_the_ask=any(ask & set(t.intents) for t in yours),
        said_thanks=any("thanks" in t.intents for t in yours),
        fillers=len(words), filler_words=words,
        your_speaking_s=you, their_speaking_s=them)


@dataclass
class CallResult:
    scenario: str
    title: str
    path: list[str]  # node ids, in the order the call visited them
    outcome: str  # dialogue.FINISHED, HUNG_UP or TOO_LONG
    turns: list[CallTurn]
    scores: CallScores
    their_voice: str | None
    audio: np.ndarray = field(repr=False)  # the whole call, 16 kHz mono

    @property
    def duration_s(self) -> float:
        return len(self.audio) / RATE

    def write_replay(self, path: str | os.PathLike) -> Path:
        """The whole call, both sides, as a 16-bit WAV, written atomically."""
        from coach.errors import InvalidInput
        from coach.speech.wavio import write_wav

        out = Path(path)
        if out.suffix.lower() != ".wav":
            raise InvalidInput(f"the replay is saved as WAV: {out} should end in .wav")
        if out.is_dir():
            raise InvalidInput(f"{out} is a folder")
        return write_wav(out, self.audio, RATE)

    def to_dict(self) -> dict:
        return {"schema": SCHEMA, "scenario": self.scenario, "title": self.title,
                "path": self.path, "outcome": self.outcome,
                "duration_s": round(self.duration_s, 2), "their_voice": self.their_voice,
                "turns": [t.to_dict() for t in self.turns], "scores": self.scores.to_dict()}


def speaking_seconds(pcm: np.ndarray) -> float:
    """Seconds of speech in `pcm`, by the same measure as the report's speaking_time_s."""
    fr = signal.frames_of(pcm)
    return round(float(signal.speech_mask(fr)[0].sum()) * signal.HOP, 2)
