"""Opening the desktop app, and rendering its screens to PNG files.

`run(args)` is what `callcoach` with no command calls (ui.launch). `screenshots_main` is
for `callcoach gui --screenshots DIR`: every screen, offscreen, on a sample application.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox

from coach.errors import CoachError
from ui import tasks
from ui.db import Database
from ui.main_window import PAGES, MainWindow
from ui.state import AppState

ORGANISATION = APPLICATION = "Call Coach"
SAMPLE_EDIT = ("Hi Dana, it's Sam Rivera.\n"
               "Uh, I'm just following up on my résumé. I applied last week and I think I'm "
               "a great fit.\n"
               "Do you know if they got it?")


def _qapp() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    return app


def _open_store(data_dir_arg):
    from coach.paths import data_dir
    from coach.store import Store

    folder = data_dir(data_dir_arg)
    return Store.open(folder), folder


def run(args) -> int:
    app = _qapp()
    try:
        store, folder = _open_store(getattr(args, "data_dir", None))
    except (CoachError, OSError, sqlite3.Error) as exc:
        QMessageBox.critical(None, "Call Coach", f"Call Coach couldn't open your data: {exc}")
        return 2
    window = MainWindow(AppState(Database(store, folder)), QSettings())
    window.show()
    try:
        return app.exec()
    finally:
        store.close()


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


def render_screenshots(out_dir, data_dir, *, dark: bool = False,
                       size: tuple[int, int] = (1280, 820)) -> list[Path]:
    """Render every screen to `out_dir/<screen>.png` (and a few extra states: the written
    advice, the script with wording findings). `data_dir` gets the sample application when
    it holds no applications; otherwise its own data is shown. Runs tasks inline so each
    screen is complete when grabbed; uses throwaway QSettings, never the user's."""
    from ui.sample import seed

    app = _qapp()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    store, folder = _open_store(data_dir)
    if not store.list_applications():
        seed(store)
    old_palette, old_style = app.palette(), app.style().name()
    if dark:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    previous = tasks.set_runner(tasks.run_inline)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="callcoach-shots-") as tmp:
        settings = QSettings(str(Path(tmp) / "ui.ini"), QSettings.Format.IniFormat)
        state = AppState(Database(store, folder))
        window = MainWindow(state, settings)
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        window.resize(*size)
        window.show()
        try:
            northwind = next((r.id for r in state.rows if r.company == "Northwind Analytics"),
                             state.current)
            state.select(northwind)

            def shot(name: str) -> None:
                for _ in range(3):  # wrapped text settles its height over a few passes
                    app.processEvents()
                path = out / f"{name}.png"
                window.grab().save(str(path))
                written.append(path)

            for key, _cls in PAGES:
                window.go(key)
                shot(key)
            page = window.pages["script"]
            window.go("script")
            if page.view is not None:  # the wording check at work, without saving it
                page._loading = True
                page.editor.setPlainText(SAMPLE_EDIT)
                page._loading = False
                page.check()
                shot("script-findings")
                page.tabs.setCurrentIndex(1)
                shot("script-objections")
                page.tabs.setCurrentIndex(0)
            written_app = next((r.id for r in state.rows if r.stage.value == "interviewed"),
                               None)
            if written_app is not None:
                state.select(written_app)
                window.go("advice")
                shot("advice-written")
        finally:
            window.pages["script"].autosave.discard()
            window.close()
            tasks.set_runner(previous)
            store.close()
            if dark:
                app.setPalette(old_palette)
                app.setStyle(old_style)
    return written


def screenshots_main(out_dir, data_dir=None) -> int:
    """`callcoach gui --screenshots DIR`: light screens in DIR, dark ones in DIR/dark.
    Without `data_dir` the sample lives in a temporary folder, deleted afterwards."""
    if QApplication.instance() is None and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # nothing flashes on screen
    try:
        with tempfile.TemporaryDirectory(prefix="callcoach-sample-") as tmp:
            folder = data_dir or tmp
            paths = render_screenshots(out_dir, folder)
            paths += render_screenshots(Path(out_dir) / "dark", folder, dark=True)
    except (CoachError, OSError, sqlite3.Error) as exc:
        print(f"callcoach: error: {exc}", file=sys.stderr)
        return 2
    for p in paths:
        print(p)
    return 0
