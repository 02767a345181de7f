"""Shared for the speech pages' tests: a window whose Practice page records from a file,
and a spoken take made with the installed text-to-speech (with a weak phrase in it)."""

from __future__ import annotations

from pathlib import Path

import pytest

WEAK_TAKE_TEXT = ("Hi Dana, it is Sam Rivera. I am just calling to follow up on my "
                  "application. How is the team doing?")


def spoken_take(folder: Path, text: str = WEAK_TAKE_TEXT) -> Path:
    from coach.errors import CoachError
    from coach.speech.tts import speaker

    try:
        return speaker().render(text, Path(folder) / "spoken.wav", rate=140).path
    except CoachError as exc:
        pytest.skip(f"needs text-to-speech: {exc}")


def practice_window(qtbot, db, settings, wav: Path):
    from coach.speech.record import WavSource
    from ui.main_window import MainWindow
    from ui.state import AppState

    window = MainWindow(AppState(db), settings, page_options={
        "practice": {"source_factory": lambda: WavSource(wav, paced=False)}})
    qtbot.addWidget(window)
    window.show()
    return window
