"""The desktop app, offscreen, for test_crash_app.py to kill and restart.

    python app_worker.py run DATA_DIR SEED       edit the script, then record a take
    python app_worker.py restart DATA_DIR         start as a user would; print what it says

`run` drives the real window: the Script page's editor and autosave, then the Practice
page recording from a paced source in place of the microphone (the page's own
`source_factory` hook). Like crash_worker.py it prints a JSON line after each commit.
`restart` opens the app with ui.app.start_window, the function `callcoach` uses, waits for
the start-up repair and prints the message bar's text.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.reliability.crash_worker import PacedSource, ensure_app, say, sha  # noqa: E402


def _window(data: Path, page_options=None):
    from PySide6.QtCore import QSettings

    from coach.store import Store
    from ui.app import qt_app

    app = qt_app()
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "ui.ini"), QSettings.Format.IniFormat)
    store = Store.open(data)
    return app, store, settings, page_options


def run(data: Path, rng: random.Random) -> None:
    from PySide6.QtCore import QTimer

    from ui.db import Database
    from ui.main_window import MainWindow
    from ui.state import AppState

    app, store, settings, _ = _window(data)
    app_id = ensure_app(store)
    source = PacedSource(speed=rng.choice((2.0, 4.0)))
    window = MainWindow(AppState(Database(store, data)), settings,
                        page_options={"practice": {"source_factory": lambda: source}})
    window.show()
    window.state.select(app_id)
    window.go("script")
    page = window.pages["script"]
    edits = rng.randrange(2, 6)

    def saved(snap, version) -> None:
        if version is not None:
            say(event="script", app=snap.app_id, variant=snap.variant,
                version=version.version, sha=sha(snap.text))

    page.autosave.saved.connect(saved)

    def edit(n: int = 0) -> None:
        if page.view is None:  # the script is still loading
            QTimer.singleShot(50, lambda: edit(n))
            return
        if n < edits:
            page.editor.setPlainText(f"Hi Dana, it's Sam — take {rng.random()}.\n"
                                     "How is the search going for your team?")
            page.autosave.save_now()  # what Ctrl+S does; typing waits 1.2 s for the same
            QTimer.singleShot(rng.randrange(20, 200), lambda: edit(n + 1))
        else:
            QTimer.singleShot(300, practise)

    def practise() -> None:
        window.go("practice")
        practice = window.pages["practice"]
        if practice.stack.currentIndex() != 1:
            QTimer.singleShot(50, practise)
            return
        practice.start()
        say(event="recording", path=str(practice.take_path))
        say(event="ready")

        def frames() -> None:
            if practice.session is not None:
                say(event="frames", path=str(practice.take_path),
                    frames=practice.session.recorder.writer.frames)

        poll = QTimer(window)
        poll.timeout.connect(frames)
        poll.start(50)

    QTimer.singleShot(0, edit)
    app.exec()


def restart(data: Path) -> None:
    from PySide6.QtCore import QTimer

    from ui import tasks
    from ui.app import start_window

    app, store, settings, _ = _window(data)
    window = start_window(store, data, settings)
    waited = [0]

    def check() -> None:
        tasks.drain() if hasattr(tasks, "drain") else None
        waited[0] += 1
        if window.messages.isVisible() or waited[0] > 60:
            say(event="told", text=window.messages.label.text()
                if window.messages.isVisible() else "")
            app.quit()
        else:
            QTimer.singleShot(50, check)

    QTimer.singleShot(50, check)
    app.exec()
    window.close()
    store.close()


if __name__ == "__main__":
    mode, folder = sys.argv[1], Path(sys.argv[2])
    if mode == "run":
        run(folder, random.Random(int(sys.argv[3])))
    else:
        restart(folder)
