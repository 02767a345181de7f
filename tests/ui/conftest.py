"""Fixtures for the desktop app's tests: offscreen Qt, a private data folder and settings
file per test, and tasks that run inline so every test is deterministic."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

import pytest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

# One QApplication for the whole session, made when this file is collected (before any
# test runs): a test elsewhere that prints in-process (ui.printing.ensure_app) would
# otherwise make a plain QGuiApplication first, and creating a QWidget then aborts.
_APP = QApplication.instance() or QApplication(["callcoach-tests"])


@pytest.fixture(autouse=True)
def inline_tasks():
    """run_task runs its function and callback at once (like picard's fake thread pool);
    the message reporter is reset so no test sees another's window."""
    from ui import tasks

    previous = tasks.set_runner(tasks.run_inline)
    yield
    tasks.set_runner(previous)
    tasks.set_error_reporter(None)


@pytest.fixture
def deferred():
    """Tasks whose results come back later, as from real workers: `drain()` delivers them
    (and any they start) in the order they were asked for; `drain(n)` only the first n.
    Inline tasks hide every bug where a page decides what to show before its worker's
    answer is in, or lets an answer for an earlier choice overwrite a later one."""
    from ui import tasks

    queue = []

    def later(fn, on_done, on_error):
        queue.append((fn, on_done, on_error))

    def drain(count: int | None = None):
        while queue and (count is None or count > 0):
            tasks.run_inline(*queue.pop(0))
            count = None if count is None else count - 1

    previous = tasks.set_runner(later)
    yield drain
    tasks.set_runner(previous)


@pytest.fixture
def ui_settings(tmp_path):
    """A throwaway settings file: nothing touches the user's real configuration."""
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "ui-settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def db(store, data_dir):
    from coach.paths import data_dir as resolve
    from ui.db import Database

    return Database(store, resolve(data_dir))


@pytest.fixture
def sample(store):
    """Sam Rivera's applications; returns the Northwind one (Dana Reyes, Jordan Ellis)."""
    from coach.sample import seed

    return seed(store)


@pytest.fixture
def make_window(qtbot, db, ui_settings):
    """Open the main window (shown offscreen) on the test's store and settings."""
    from ui.main_window import MainWindow
    from ui.state import AppState

    opened = []

    def make(settings=None):
        window = MainWindow(AppState(db), settings or ui_settings)
        qtbot.addWidget(window)
        window.show()
        opened.append(window)
        return window

    yield make
    for window in opened:  # close (and flush) while the store is still open
        window.close()


@pytest.fixture
def window(make_window):
    return make_window()


@pytest.fixture
def speaker(monkeypatch):
    """A stand-in for the sound device only (coach.speech.playback.Player): the pages'
    own code runs, and the players they made are in the returned list, newest last, each
    with the `audio` it was given and a `state` the test can move on ("finished")."""
    from coach.speech import playback

    made = []

    class Player:
        def __init__(self, audio, rate=None):
            self.audio, self.rate, self.state = audio, rate, "ready"
            made.append(self)

        def play(self):
            self.state = "playing"

        def close(self):
            if self.state in ("playing", "paused"):
                self.state = "stopped"

    monkeypatch.setattr(playback, "Player", Player)
    return made
