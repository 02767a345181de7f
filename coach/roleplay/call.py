"""One role-play call: the other side's lines spoken with TTS, the user's turns heard and
understood, the dialogue moved on, and the whole call kept for the replay and scores.

Blocking and thread-free, like the rest of coach: the desktop app calls it from its own
worker (ui/tasks.py run_task). The step API (`opening`, `listener`, `reply`) lets the app
play each line and record each turn itself; `play_call` drives the same steps from a
callback, and `play_recorded` from recorded turns (the headless CLI and the tests)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from coach import scratch
from coach.roleplay import turns as turns_mod
from coach.roleplay.dialogue import Dialogue
from coach.roleplay.intents import IntentRules, intent_rules
from coach.roleplay.scenario_files import Scenario
from coach.roleplay.scenarios import my_names, practice_variables
from coach.roleplay.scores import CallResult, CallTurn, score, speaking_seconds
from coach.roleplay.turns import RATE, TurnListener

BEEP_HZ = 1000.0  # the classic answering-machine tone
BEEP_S = 0.45
BEEP_GAP_S = 0.35  # between the greeting and the tone
RESPONSE_GAP_S = 0.5  # a recorded turn is heard as starting this long after their line


@dataclass
class TheirLine:
    """What the other side says next: play `pcm` (16 kHz mono, the beep included), then,
    when `expects_reply`, listen with `RolePlay.listener()`."""

    node: str
    text: str
    pcm: np.ndarray
    expects_reply: bool
    silence_s: float  # the silence that ends the reply to this line
    beep: bool = False

    @property
    def seconds(self) -> float:
        return len(self.pcm) / RATE


@dataclass
class CallEvent:
    """For a front end: "they_say" (a line is ready to play: `line`), "heard" (a reply was
    understood: `turn`, with its intents and the branch it took) and "ended" (`result`)."""

    kind: str
    line: TheirLine | None = None
    turn: CallTurn | None = None
    result: CallResult | None = None


def beep_tone(seconds: float = BEEP_S, hz: float = BEEP_HZ, level: float = 0.3) -> np.ndarray:
    """A sine tone with 10 ms fades (a hard edge would click)."""
    t = np.arange(int(seconds * RATE)) / RATE
    tone = level * np.sin(2 * np.pi * hz * t)
    fade = min(len(t) // 2, int(0.01 * RATE))
    ramp = np.linspace(0.0, 1.0, fade)
    tone[:fade] *= ramp
    tone[len(t) - fade:] *= ramp[::-1]
    return tone.astype(np.float32)


def other_voice(voices: Sequence, user_voice: str | None,
                preferred: Sequence[str] = ()) -> str | None:
    """A voice for the other side that is not the one reading the user's script: the
    scenario's first preferred voice that exists, else the first English one, else None
    (the engine's default) when there is no other voice at all."""
    def named(v, name: str | None) -> bool:
        return bool(name) and name.lower() in (v.id.lower(), v.name.lower())

    usable = [v for v in voices if not named(v, user_voice)]
    for want in preferred:
        for v in usable:
            if named(v, want):
                return v.id
    for v in usable:
        if any(str(lang).lower().startswith("en") for lang in v.languages):
            return v.id
    return None


class RolePlay:
    """One call through `scenario`. `variables`: the call-script variables (default: the
    practice names). `user_voice`: the voice the user's script is read in, which the other
    side never uses. `engine`: a recogniser (default: the process's Whisper, loaded on the
    first reply). `on_event(CallEvent)` is called on the caller's thread."""

    def __init__(self, scenario: Scenario, variables: Mapping[str, Any] | None = None, *,
                 user_voice: str | None = None, engine=None, speaker=None,
                 rules: IntentRules | None = None,
                 on_event: Callable[[CallEvent], None] | None = None):
        self.scenario = scenario
        self.variables = dict(variables) if variables is not None else \
            practice_variables(scenario)
        self.dialogue = Dialogue(scenario, self.variables)
        self.user_voice = user_voice
        self.voice: str | None = None  # chosen with the first line
        self._engine, self._speaker = engine, speaker
        self._rules = rules or intent_rules()
        self._me = my_names(self.variables)
        self.on_event = on_event
        self.turns: list[CallTurn] = []
        self._audio: list[np.ndarray] = []
        self._at = 0.0  # seconds of call so far
        self._line: TheirLine | None = None
        self._tmp = scratch.folder("roleplay")

    @property
    def over(self) -> bool:
        return self.dialogue.over

    # -- the steps ------------------------------------------------------------------------
    def opening(self) -> TheirLine:
        """The other side's first line (rendered with TTS)."""
        if self._line is not None:
            raise RuntimeError("the call has already started")
        if self._speaker is None:
            from coach.speech.tts import speaker

            self._speaker = speaker()
        # With no voice chosen the user's script is read in the engine's default voice.
        mine = self.user_voice or getattr(self._speaker, "default_voice", lambda: None)()
        self.voice = other_voice(self._speaker.voices(), mine, self.scenario.voices)
        return self._say()

    def listener(self) -> TurnListener:
        """A listener for the reply to the current line (its end-of-turn silence)."""
        line = self._current()
        return TurnListener(silence_s=line.silence_s)

    def reply(self, heard: TurnListener | np.ndarray) -> TheirLine | None:
        """The user's reply (a listener that has ended, or 16 kHz PCM): transcribe it, take
        the branch, and return the next line, or None when the call is over."""
        line = self._current()
        if not line.expects_reply:
            raise RuntimeError("the call is over; there is nobody to reply to")
        pcm = heard.audio() if isinstance(heard, TurnListener) else np.asarray(heard, np.float32)
        why = (heard.reason or "") if isinstance(heard, TurnListener) else ""
        turn = turns_mod.hear(pcm, self._recogniser(), self._rules, self._me)
        step = self.dialogue.reply(turn.gist.intents)
        start = self._at
        self._add_audio(pcm)
        m = turn.report.metrics
        call_turn = CallTurn(
            "you", step.node, turn.text, start, self._at, turn.speaking_s,
            sorted(turn.gist.intents), step.branch, step.next, turn.gist.questions,
            turn.fillers, float(m.get("longest_monologue_s") or 0.0), why)
        self.turns.append(call_turn)
        self._emit(CallEvent("heard", turn=call_turn))
        return self._say() if not self._line_was_last() else None

    def finish(self) -> CallResult:
        """The result, announced to `on_event` as "ended"."""
        result = self.result()
        self._emit(CallEvent("ended", result=result))
        return result

    def hang_up(self) -> None:
        """The user ends the call (or ran out of recorded turns)."""
        self.dialogue.hang_up()

    def result(self) -> CallResult:
        """The call so far: path, turns, scores and the audio for the replay."""
        audio = np.concatenate(self._audio) if self._audio else np.zeros(0, np.float32)
        return CallResult(self.scenario.id, self.scenario.title, list(self.dialogue.path),
                          self.dialogue.outcome or "", list(self.turns),
                          score(self.turns, self.scenario.ask), self.voice, audio)

    def close(self) -> None:
        self._tmp.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- inside ---------------------------------------------------------------------------
    def _current(self) -> TheirLine:
        if self._line is None:
            raise RuntimeError("call opening() first")
        return self._line

    def _line_was_last(self) -> bool:
        # After a reply the dialogue is on a new node, which always speaks, even when it
        # ends the call; only a call stopped for being too long has nothing more to say.
        return self.dialogue.outcome not in (None, "finished")

    def _recogniser(self):
        if self._engine is None:
            from coach.speech.recognize import whisper_engine

            self._engine = whisper_engine()
        return self._engine

    def _say(self) -> TheirLine:
        from coach.speech.wavio import load_audio

        node = self.dialogue.node
        text = self.dialogue.line()
        wav = Path(self._tmp.name) / f"line-{len(self.turns)}.wav"
        if text:
            self._speaker.render(text, wav, voice=self.voice, rate=self.scenario.rate,
                                 timings=None)
            pcm, _ = load_audio(wav, rate=RATE)
            wav.unlink(missing_ok=True)
        else:
            pcm = np.zeros(0, np.float32)
        if node.beep:
            pcm = np.concatenate([pcm, np.zeros(int(BEEP_GAP_S * RATE), np.float32),
                                  beep_tone()])
        line = TheirLine(node.id, text, pcm, not self.dialogue.over, node.silence_s, node.beep)
        start = self._at
        self._add_audio(pcm)
        self.turns.append(CallTurn("them", node.id, text, start, self._at,
                                   speaking_seconds(pcm) if text else 0.0))
        self._line = line
        self._emit(CallEvent("they_say", line=line))
        return line

    def _add_audio(self, pcm: np.ndarray) -> None:
        self._audio.append(np.asarray(pcm, np.float32))
        self._at += len(pcm) / RATE

    def _emit(self, event: CallEvent) -> None:
        if self.on_event is not None:
            self.on_event(event)


def play_call(call: RolePlay,
              answer: Callable[[TheirLine, TurnListener], bool]) -> CallResult:
    """Run the whole call: for each line that wants a reply, `answer(line, listener)` plays
    the line and feeds the listener until it has ended, returning False to hang up."""
    line = call.opening()
    while line is not None and line.expects_reply:
        listener = call.listener()
        if not answer(line, listener):
            call.hang_up()
            break
        line = call.reply(listener)
    return call.finish()


def play_recorded(call: RolePlay, recorded: Iterable[np.ndarray]) -> tuple[CallResult, int]:
    """Play the call against recorded user turns (16 kHz PCM each), each heard after a
    short gap and followed by silence until the listener takes the turn back. Returns the
    result and how many turns were left over when the call ended."""
    pending = list(recorded)

    def answer(_line: TheirLine, listener: TurnListener) -> bool:
        if not pending:
            return False
        gap = np.zeros(int(RESPONSE_GAP_S * RATE), np.float32)
        turns_mod.listen_to(np.concatenate([gap, pending.pop(0)]), listener)
        return True

    return play_call(call, answer), len(pending)
