"""The blocking speech work behind Rehearse, Practice and History, as plain functions.

Qt-free like ui.work: the pages call these through `run_task`. The recogniser is loaded
once per process, in a worker (about a second), and shared by every analysis.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from coach.errors import CoachError, InvalidInput
from coach.models import Take
from ui import work

# --- the recogniser ------------------------------------------------------------------------


class Engines:
    """One recogniser per model folder ("" is the bundled one), loaded on first use."""

    def __init__(self):
        self._lock = threading.Lock()
        self._engines: dict[str, object] = {}

    def get(self, folder: str = ""):
        with self._lock:  # a second caller waits for the first load instead of repeating it
            if folder not in self._engines:
                from coach.analysis import lexicon
                from coach.speech.recognize import default_engine

                self._engines[folder] = default_engine(folder or None)
                # read here, in the worker that loads the model, not when a live take
                # finishes (the weak-phrase finder reads it)
                lexicon.dictionary()
            return self._engines[folder]

    def ready(self, folder: str = ""):
        """The engine if it is loaded already, else None (never blocks on a load)."""
        return self._engines.get(folder)


ENGINES = Engines()


# --- the script to practise --------------------------------------------------------------


@dataclass
class PracticeScript:
    app_id: int
    variant: str
    title: str
    lines: list[str]
    budget: tuple[float, float] | None = None
    version: int | None = None
    rate_wpm: int = 150
    problem: str = ""


def practice_script(store, templates_dir: Path | None, app_id: int,
                    variant: str | None = None) -> PracticeScript:
    """The lines of the saved script text (the user's edits), as the Script page shows it."""
    view = work.load_script(store, templates_dir, app_id, variant)
    lines = [ln.strip() for ln in view.text.splitlines() if ln.strip()]
    budget = tuple(view.script.budget_seconds) if view.script is not None and \
        view.script.budget_seconds else None
    version = view.versions[-1].version if view.versions else None
    return PracticeScript(app_id, view.variant.value, f"{view.app.role} at {view.app.company}",
                          lines, budget, version, view.profile.speaking_rate_wpm, view.problem)


# --- takes -------------------------------------------------------------------------------


def analyse_file(path, lines: list[str], model_folder: str = "") -> dict:
    from coach.analysis.pipeline import analyze

    return analyze(str(path), lines, engine=ENGINES.get(model_folder)).to_dict()


def discard_file(path) -> None:
    Path(path).unlink(missing_ok=True)


# --- history -----------------------------------------------------------------------------

PLOTTED = (("fillers_per_100_words", "Fillers per 100 words"),
           ("words_per_minute", "Pace (words a minute)"),
           ("script_coverage", "Script lines said (%)"),
           ("other_focus", "Focus on them (%)"))


@dataclass
class History:
    app_id: int
    takes: list[Take] = field(default_factory=list)  # oldest first, analysed ones only
    readiness: str = ""
    ready: bool = False


def metric(take: Take, key: str) -> float | None:
    v = ((take.report or {}).get("metrics") or {}).get(key)
    if not isinstance(v, int | float):
        return None
    return float(v) * 100 if key in ("script_coverage", "other_focus") else float(v)


def load_history(store, app_id: int) -> History:
    takes = [t for t in store.list_takes(app_id) if t.report]
    ready, text = readiness(takes)
    return History(app_id, takes, text, ready)


# The target ends a user may set in Settings, as (band key, "low" or "high").
TARGET_ENDS = (("words_per_minute", "low"), ("words_per_minute", "high"),
               ("fillers_per_100_words", "high"), ("longest_pause_s", "high"),
               ("script_coverage", "low"), ("other_focus", "low"))
_bands: tuple | None = None  # the bands last read from settings (on the GUI thread)


def current_bands(settings) -> tuple:
    """The target bands with the user's choices from QSettings ("targets/<key>/low" and
    "/high", in the band's own units: ratios for percentages). Also remembered for
    readiness(), which runs in a worker that has no settings (a tuple is safe to share)."""
    global _bands
    from coach.documents.targets import BY_KEY, with_overrides

    overrides: dict[str, tuple[float | None, float | None]] = {}
    for key, end in TARGET_ENDS:
        band = BY_KEY[key]
        low, high = overrides.get(key, (band.low, band.high))
        raw = settings.value(f"targets/{key}/{end}", None)
        try:
            value = float(raw) if raw not in (None, "") else None
        except (TypeError, ValueError):
            value = None  # a hand-edited settings file: keep the usual target
        if value is not None:
            low, high = (value, high) if end == "low" else (low, value)
        overrides[key] = (low, high)
    _bands = with_overrides(overrides)
    return _bands


def window_bands(widget) -> tuple:
    """current_bands() from the settings of `widget`'s main window (which tests give
    settings of their own), else the application's QSettings."""
    from PySide6.QtCore import QSettings

    settings = getattr(widget.window(), "settings", None)
    return current_bands(settings if isinstance(settings, QSettings) else QSettings())


def readiness(takes: list[Take], recent: int = 2, bands: tuple | None = None
              ) -> tuple[bool, str]:
    """Whether the latest takes meet the targets, else what to practise — kindly. Without
    `bands`, the ones last read from settings (current_bands), else the usual ones."""
    from coach.documents.targets import BANDS, evaluate

    bands = bands or _bands or BANDS

    if not takes:
        return False, ("No practice takes yet. Record one on the Practice page when you're "
                       "ready — even one run-through helps.")
    def misses(take) -> dict[str, str]:
        return {c.band.label: c.verdict
                for c in evaluate((take.report or {}).get("metrics") or {}, bands)
                if c.status not in (None, "ok")}

    last = takes[-recent:]
    missed: dict[str, str] = {}
    for t in last:
        for label, verdict in misses(t).items():
            missed.setdefault(label, verdict)
    if not missed:
        which = "Your last take meets" if len(last) == 1 else f"Your last {len(last)} takes meet"
        return True, f"{which} every target. You sound ready for the call."
    if not misses(takes[-1]):
        return False, ("Your last take met every target. One more like it and you're ready "
                       "for the call.")
    # What to practise comes from the latest take alone: naming something the user has
    # just fixed would be unkind and wrong.
    latest = misses(takes[-1])
    items = "; ".join(f"{b.label.lower()} ({latest[b.label]})" for b in bands
                      if b.label in latest)
    lead = "Nearly there. To practise next:" if len(latest) <= 2 else "Worth practising next:"
    return False, f"{lead} {items}."


def delete_take(store, take_id: int) -> None:
    try:
        store.delete_take(take_id)
    except CoachError:
        pass  # gone already: from the user's point of view it is deleted


# --- reading aloud -----------------------------------------------------------------------


def start_playing(audio, rate: int | None = None) -> tuple[object | None, str]:
    """(a Player already playing `audio` — a file's path, or samples at `rate` — "") or
    (None, why it can't play) — no sound device, an unreadable file — for the page to say
    beside it."""
    from ui.tasks import describe_error

    try:
        from coach.speech.playback import Player

        player = Player(str(audio) if rate is None else audio, rate)
        player.play()
    except (CoachError, OSError) as exc:
        return None, describe_error(exc)
    return player, ""


def excerpt(path, start: float, end: float | None):
    """The samples of `path` from `start` to `end` seconds (clamped to the file), and their
    rate: the stretch of a take a finding is about, to hear it again. Reads the file: run
    it on a worker (a take can be hours long)."""
    from coach.speech.wavio import load_audio

    samples, rate = load_audio(path)
    a = min(max(0, int(start * rate)), len(samples))
    b = len(samples) if end is None else min(max(a, int(end * rate)), len(samples))
    return samples[a:b], rate


def render_speech(text: str, out_dir: Path, voice: str | None, rate: int):
    """Speak `text` into a WAV under `out_dir`; returns coach.speech.tts.RenderResult."""
    from coach.speech.tts import speaker

    if not text.strip():
        raise InvalidInput("There's no script text to read aloud yet.")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    return speaker().render(text, out_dir / "rehearse.wav", voice=voice or None, rate=rate)


def voices() -> list:
    from coach.speech.tts import speaker

    return speaker().voices()


def microphones() -> list[dict]:
    from coach.speech.record import input_devices

    try:
        return input_devices()
    except CoachError:
        return []
