"""Opening the desktop app, and checking it works (the self-test).

`run(args)` is what `callcoach` with no command calls (ui.launch). The screenshots of
`callcoach gui --screenshots DIR` are made in ui/screenshots.py.
`self_test()` is for `callcoach --self-test`: the window, a script, a PDF and an analysis,
offscreen, with a one-line reason on failure.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from coach.errors import CoachError
from ui import tasks
from ui.db import Database
from ui.main_window import MainWindow
from ui.state import AppState

ORGANISATION = APPLICATION = "Call Coach"


def qt_app() -> QApplication:
    """The running QApplication (made now if there is none), named and with its icon."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    # Wayland and the desktop's dock match the window to call-coach.desktop by this name.
    QGuiApplication.setDesktopFileName("call-coach")
    from ui.about import app_icon

    icon = app_icon()
    if icon is not None:  # the SVG ships with checkouts and installers, not with pip
        app.setWindowIcon(icon)
    return app


def chosen_data_dir(args, settings: QSettings) -> str | None:
    """--data-dir, else $CALLCOACH_DATA_DIR, else the folder chosen in Settings, else None
    for the default (coach.paths.data_dir(None) handles the variable and the default)."""
    import os

    from coach.paths import ENV_VAR

    return getattr(args, "data_dir", None) or (
        None if os.environ.get(ENV_VAR) else settings.value("data_dir", None) or None)


def run(args) -> int:
    from ui.data_dialogs import open_data

    app = qt_app()
    settings = QSettings()
    # The window's lock on the folder is taken before the database is touched, and held
    # until the process ends: a second window says so and leaves the data alone.
    opened = open_data(chosen_data_dir(args, settings))
    if opened is None:
        return 2
    start_window(opened.store, opened.folder, settings)
    try:
        return app.exec()
    finally:
        opened.store.close()
        opened.lock.release()


def start_window(store, folder: Path, settings: QSettings) -> MainWindow:
    """Show the main window, then repair any take a crash or kill interrupted (its WAV
    header still says 'empty') and tell the user what was recovered."""
    window = MainWindow(AppState(Database(store, folder)), settings)
    window.show()

    def recovered(fixed: list[Path]) -> None:
        if fixed:
            newest = max(fixed, key=lambda p: p.name[p.name.find("-"):])  # by date and time
            if len(fixed) == 1:
                text = (f"Recovered an interrupted recording, complete up to its last "
                        f"second: {newest.name}. Analyse it now, or later from Practice › "
                        "Open a WAV file…")
            else:
                names = ", ".join(p.name for p in fixed[:3]) + (" …" if len(fixed) > 3 else "")
                text = (f"Recovered {len(fixed)} interrupted recordings, complete up to their "
                        f"last second: {names}. Analyse the newest now; the others are on "
                        "Practice › Open a WAV file…")
            window.messages.show_message(text, "&Analyse it",
                                         lambda: window.analyse_recovered(newest))

    def repair() -> list[Path]:
        from coach import scratch
        from coach.speech.wavio import repair_folder

        scratch.sweep()  # what a killed run left in the temp folder (a role-play's voice)
        return repair_folder(Path(folder) / "takes")

    tasks.run_task(repair, recovered)

    def backup_failed(exc: BaseException) -> None:
        window.messages.show_message(f"Today's backup of your data couldn't be made: "
                                     f"{tasks.describe_error(exc)}")

    from coach.backup import auto_backup

    # once a day at most, under the database lock like every other use of the store
    window.state.db.task(lambda s: auto_backup(folder, s.conn), None, backup_failed)
    return window


# --- screenshots -------------------------------------------------------------------------


def dark_palette() -> QPalette:
    p = QPalette()
    roles = QPalette.ColorRole
    for role, rgb in ((roles.Window, (37, 37, 40)), (roles.WindowText, (230, 230, 230)),
                      (roles.Base, (28, 28, 30)), (roles.AlternateBase, (48, 48, 52)),
                      (roles.Text, (230, 230, 230)), (roles.Button, (48, 48, 52)),
                      (roles.ButtonText, (230, 230, 230)), (roles.Highlight, (52, 110, 200)),
                      (roles.HighlightedText, (255, 255, 255)), (roles.ToolTipBase, (48, 48, 52)),
                      (roles.ToolTipText, (230, 230, 230)),
                      (roles.PlaceholderText, (160, 160, 165)),
                      (roles.Link, (110, 165, 255)), (roles.Mid, (70, 70, 75)),
                      (roles.Light, (80, 80, 85)), (roles.Dark, (20, 20, 22))):
        p.setColor(role, QColor(*rgb))
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(125, 125, 130))
    return p


def asset(name: str) -> Path:
    from importlib.resources import files

    return Path(str(files("ui") / "assets" / name))


def self_test() -> int:
    """`callcoach --self-test`: open the window offscreen, build a script, print it to PDF
    and analyse the bundled recording. 0 when all work; otherwise 1 and one line saying
    which step failed and why."""
    if QApplication.instance() is None and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    step = "starting"
    try:
        app = qt_app()
        from coach import documents
        from coach.sample import seed
        from coach.store import Store
        from ui import speechwork, work
        from ui.printing import print_to_pdf

        previous = tasks.set_runner(tasks.run_inline)
        with tempfile.TemporaryDirectory(prefix="callcoach-selftest-") as tmp:
            folder = Path(tmp)
            store = Store.open(folder)
            try:
                step = "opening the window"
                sample = seed(store)
                settings = QSettings(str(folder / "ui.ini"), QSettings.Format.IniFormat)
                window = MainWindow(AppState(Database(store, folder)), settings)
                window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
                window.show()
                app.processEvents()
                window.close()
                step = "building a script"
                view = work.load_script(store, folder / "templates", sample.id)
                if not view.text.strip():
                    raise RuntimeError(view.problem or "the script came out empty")
                step = "printing to PDF"
                pdf = folder / "cards.pdf"
                print_to_pdf(documents.build(store, sample.id, "cards"), pdf)
                if not pdf.is_file() or pdf.stat().st_size == 0:
                    raise RuntimeError("the PDF is empty")
                step = "analysing a recording"
                report = speechwork.analyse_file(asset("selftest.wav"), view.text.splitlines())
                if report.get("schema") != 1 or not report.get("words"):
                    raise RuntimeError("no words were recognised in the bundled recording")
            finally:
                store.close()
                tasks.set_runner(previous)
    except Exception as exc:  # every failure is one line: the step and the reason
        reason = str(exc) if isinstance(exc, CoachError | RuntimeError) else \
            f"{type(exc).__name__}: {exc}"
        print(f"callcoach: self-test failed while {step}: {' '.join(reason.split())}",
              file=sys.stderr)
        return 1
    print("callcoach: self-test passed (window, script, PDF, speech analysis)")
    return 0
