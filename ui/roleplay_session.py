"""The blocking side of a role-play call on the desktop (Qt-free, like ui.speechwork): one
user turn recorded to disk while the core's listener decides when it is over, where the
call's audio is kept, and the steps the Role-play page runs through `run_task`.

Where the audio lives follows the takes: each turn is written to `<data>/takes/` as it
is spoken (0600 in a 0700 folder, so a crash loses nothing and the start-up repair sees
it), named `roleplay-<scenario>-<date>-<time>-turn<N>.wav`. When the call ends the turns
are folded into one replay with both sides, `roleplay-<scenario>-<date>-<time>.wav`, and
the turn files are deleted. Only the newest replay is kept: a new call replaces the last
one, so private recordings never pile up unseen. Nothing leaves the folder unless the
user saves a copy (Save the call as WAV…)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np

from coach.speech.record import BLOCK
from coach.speech.wavio import RATE, load_audio
from coach.takes import TAKES
from ui.speechwork import ENGINES
from ui.take_session import RecordingSession

PREFIX = "roleplay-"
TURN = "-turn"


@dataclass
class CallFiles:
    """The files of one call under <data>/takes."""

    folder: Path
    stem: str  # roleplay-<scenario>-<date>-<time>

    @classmethod
    def new(cls, data_dir: Path, scenario_id: str, now: datetime | None = None) -> CallFiles:
        folder = Path(data_dir) / TAKES
        stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
        stem, n = f"{PREFIX}{scenario_id}-{stamp}", 2
        while any(folder.glob(f"{stem}*.wav")):  # two calls in one second: never share
            stem, n = f"{PREFIX}{scenario_id}-{stamp}-{n}", n + 1
        return cls(folder, stem)

    def turn(self, n: int) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        return self.folder / f"{self.stem}{TURN}{n}.wav"

    @property
    def replay(self) -> Path:
        return self.folder / f"{self.stem}.wav"

    def turns(self) -> list[Path]:
        return sorted(self.folder.glob(f"{self.stem}{TURN}*.wav"))

    def remove_turns(self) -> None:
        for p in self.turns():
            p.unlink(missing_ok=True)


def older_replays(folder: Path, keep: Path) -> list[Path]:
    """Replays of earlier calls (not turn files a crash may have left: those are the
    start-up repair's to report)."""
    return [p for p in Path(folder).glob(f"{PREFIX}*.wav")
            if p != keep and TURN not in p.stem]


class TurnSession(RecordingSession):
    """One turn of the user's: the Recorder writes it to `path` while every chunk goes to
    the core's TurnListener; when the listener says the turn is over, recording stops.
    `level` is read by the page's timer (one assignment per chunk, so reads are whole)."""

    def __init__(self, path: Path, listener, source=None, device=None):
        self.listener = listener
        super().__init__(path, source, device)

    def _on_chunk(self, pcm) -> None:  # the recording thread
        if self.listener.feed(pcm):
            self.recorder.stop()


# --- the steps, each run in a worker -----------------------------------------------------


def scenarios(data_dir: Path):
    """The built-in scenarios and the user's own in <data>/scenarios."""
    from coach.roleplay import load_scenarios

    return load_scenarios(Path(data_dir) / "scenarios")



def start_call(db, app_id: int | None, scenario, user_voice: str | None,
               model_folder: str = ""):
    """A RolePlay filled in with the application's names (practice names without one) and
    its opening line, rendered: (call, line)."""
    from coach.roleplay import RolePlay, variables_for

    variables = None
    if app_id is not None:
        variables = db.call(lambda s: variables_for(s.get_application(app_id),
                                                    s.get_profile(), scenario))
    call = RolePlay(scenario, variables, user_voice=user_voice,
                    engine=ENGINES.get(model_folder))
    try:
        return call, call.opening()
    except BaseException:
        call.close()
        raise


def finish_call(call, files: CallFiles):
    """End the call (a no-op when it is over already), write the replay, delete the turn
    files and any earlier replay: (result, replay path)."""
    try:
        call.hang_up()
        result = call.finish()
        replay = result.write_replay(files.replay)
        files.remove_turns()
        for old in older_replays(files.folder, replay):
            old.unlink(missing_ok=True)
        return result, replay
    finally:
        call.close()


def discard_call(call, files: CallFiles) -> None:
    """The window is closing mid-call: nothing is kept (the call was never finished)."""
    try:
        files.remove_turns()
    finally:
        if call is not None:
            call.close()


# --- recorded turns in place of a microphone -----------------------------------------------


class RecordedTurns:
    """Stands in for the microphone in tests, demos and screenshots: each turn the page
    listens for hears the next recording (after a short gap, as a person draws breath),
    then a quiet room until the recorder stops, as a caller who has said their piece and
    waits. With no recordings left, only the quiet room. `source()` is the page's
    source_factory; each source is what coach.speech.record.Recorder reads from."""

    def __init__(self, turns: Sequence, paced: bool = False, gap_s: float = 0.3):
        self.pending = [_int16(t) for t in turns]
        self.paced, self.gap = paced, np.zeros(int(gap_s * RATE), np.int16)

    def add(self, *turns) -> None:
        """More turns, heard after the ones already waiting (WAV paths or 16 kHz PCM)."""
        self.pending += [_int16(t) for t in turns]

    def source(self) -> _TurnSource:
        pcm = self.pending.pop(0) if self.pending else np.zeros(0, np.int16)
        return _TurnSource(np.concatenate([self.gap, pcm]), self.paced)


def _int16(turn) -> np.ndarray:
    if isinstance(turn, np.ndarray):
        a = turn
        return a if a.dtype == np.int16 else (np.clip(a, -1, 1) * 32767).astype(np.int16)
    return load_audio(turn, rate=RATE, dtype="int16")[0]


class _TurnSource:
    overflows = 0

    def __init__(self, pcm: np.ndarray, paced: bool):
        self.pcm, self.paced = pcm, paced

    def chunks(self, stop: threading.Event) -> Iterator[bytes]:
        quiet = np.zeros(BLOCK, np.int16)
        t0, i = time.monotonic(), 0
        while not stop.is_set():
            block = self.pcm[i:i + BLOCK] if i < len(self.pcm) else quiet
            if self.paced:
                time.sleep(max(0.0, t0 + (i + BLOCK) / RATE - time.monotonic()))
            i += BLOCK
            yield block.tobytes()

    def close(self) -> None:
        pass
