"""The main window: a navigation list on the left, one page at a time on the right, and a
message bar for problems. It remembers its size, the last page and the last application
(QSettings), and writes every unsaved edit before it closes."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui import tasks
from ui.pages.advice import AdvicePage
from ui.pages.applications import ApplicationsPage
from ui.pages.history import HistoryPage
from ui.pages.practice import PracticePage
from ui.pages.rehearse import RehearsePage
from ui.pages.roleplay import RolePlayPage
from ui.pages.script import ScriptPage
from ui.pages.settings import SettingsPage
from ui.state import AppState
from ui.widgets.common import MessageBar
from ui.window_menu import DocumentMenu

# (key, page class). Keys are stored in QSettings, so never rename one.
PAGES = [("applications", ApplicationsPage), ("advice", AdvicePage), ("script", ScriptPage),
         ("rehearse", RehearsePage), ("practice", PracticePage), ("history", HistoryPage),
         ("settings", SettingsPage), ("roleplay", RolePlayPage)]  # new pages go last (Alt+N)
NEW = "new"  # window/application when the window closed on an unsaved new application


class MainWindow(QMainWindow):
    def __init__(self, state: AppState, settings: QSettings, parent=None,
                 page_options: dict | None = None):
        """`page_options`: extra keyword arguments per page key, e.g. the Practice page's
        `source_factory` (tests and screenshots inject a WAV instead of the microphone)."""
        super().__init__(parent)
        self.state = state
        self.settings = settings
        state.settings = settings  # pages keep their speech choices here
        self.setWindowTitle("Call Coach")
        self.messages = MessageBar()
        self._close_refused = False
        tasks.set_error_reporter(self.messages.show_message)

        self.nav = QListWidget()
        self.nav.setAccessibleName("Pages")
        self.nav.setSpacing(max(2, self.nav.fontMetrics().lineSpacing() // 5))
        self.stack = QStackedWidget()
        self.pages: dict[str, QWidget] = {}
        for i, (key, cls) in enumerate(PAGES):
            page = cls(state, **(page_options or {}).get(key, {}))
            page.message.connect(self.messages.show_message)
            self.pages[key] = page
            self.stack.addWidget(page)
            item = QListWidgetItem(page.title)
            item.setToolTip(f"{page.title} (Alt+{i + 1})")
            self.nav.addItem(item)
            QShortcut(QKeySequence(f"Alt+{i + 1}"), self, lambda i=i: self.go(i))
        width = max(self.nav.fontMetrics().horizontalAdvance(p.title) for p in self.pages.values())
        self.nav.setFixedWidth(width + self.nav.fontMetrics().averageCharWidth() * 6)

        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.messages)
        rv.addWidget(self.stack, 1)
        central = QWidget()
        h = QHBoxLayout(central)
        h.addWidget(self.nav)
        h.addWidget(right, 1)
        self.setCentralWidget(central)

        QShortcut(QKeySequence("Ctrl+PgDown"), self, lambda: self.step(1))
        QShortcut(QKeySequence("Ctrl+PgUp"), self, lambda: self.step(-1))
        QShortcut(QKeySequence.StandardKey.New, self, self.new_application)
        self.documents = DocumentMenu(self)
        about = QAction("&About Call Coach", self)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(self.show_about)
        self.menuBar().addMenu("&Help").addAction(about)
        self.pages["practice"].take_kept.connect(lambda _id: self.pages["history"].reload())
        self.nav.currentRowChanged.connect(self._show_page)
        state.open_page.connect(self.go)
        self._restore_app = settings.value("window/application", None)
        state.applications_changed.connect(self._first_load)
        self._restore()
        state.refresh()

    # --- pages ----------------------------------------------------------------------------

    @property
    def current_key(self) -> str:
        return PAGES[self.stack.currentIndex()][0]

    def go(self, page: int | str) -> None:
        index = page if isinstance(page, int) else [k for k, _ in PAGES].index(page)
        self.nav.setCurrentRow(index)

    def analyse_recovered(self, path: Path) -> None:
        """Open a take a crash interrupted on Practice, for the application it was
        recorded for (its file name says which: app<id>-<date>-<time>.wav)."""
        m = re.match(r"app(\d+)-", path.name)
        app_id = int(m.group(1)) if m else None
        if app_id is None or self.state.row(app_id) is None:
            self.messages.show_message(
                f"The application {path.name} was recorded for is no longer here. To "
                "analyse it against another script, choose that application on Practice, "
                f"then Open a WAV file… ({path.parent}).")
            return
        self.state.select(app_id)
        self.go("practice")
        self.pages["practice"].analyse_recovered(path, app_id)

    def new_application(self) -> None:
        self.go("applications")
        self.pages["applications"].new_application()

    def show_about(self):
        from ui.about import AboutDialog

        dialog = AboutDialog(self)
        dialog.open()
        return dialog

    def step(self, delta: int) -> None:
        self.go((self.nav.currentRow() + delta) % len(PAGES))

    def _show_page(self, index: int) -> None:
        if index < 0:
            return
        self.stack.setCurrentIndex(index)
        page = self.stack.currentWidget()
        page.activated()

    def _first_load(self, rows) -> None:
        """Once the list is in: reselect the last application, or the newest one."""
        self.state.applications_changed.disconnect(self._first_load)
        if self.state.current is not None:
            return
        applications = self.pages["applications"]
        draft = applications.form.drafts.load(self.state.today)
        if draft is not None and (self._restore_app == NEW or not rows):
            applications.new_application()  # it was on screen at close: bring it back
            return
        if draft is not None:
            named = f" for {draft.company.strip()}" if draft.company.strip() else ""
            self.messages.show_message(
                f"Your new application{named} isn't saved yet; what you typed is kept. "
                "Choose New application (Ctrl+N) to finish it.")
        if not rows:
            return
        try:
            wanted = int(self._restore_app) if self._restore_app is not None else None
        except (TypeError, ValueError):
            wanted = None
        ids = [r.id for r in rows]
        self.state.select(wanted if wanted in ids else ids[0])
        self.stack.currentWidget().activated()

    # --- remembering ------------------------------------------------------------------------

    def _restore(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            line = self.fontMetrics().lineSpacing()
            room = self.screen().availableGeometry().size() * 0.9
            self.resize(min(line * 68, room.width()), min(line * 44, room.height()))
        key = self.settings.value("window/page", "applications")
        keys = [k for k, _ in PAGES]
        self.go(keys.index(key) if key in keys else 0)

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/page", self.current_key)
        form = self.pages["applications"].form
        if self.state.current is not None:
            self.settings.setValue("window/application", self.state.current)
        elif form.showing and form.app_id is None:
            self.settings.setValue("window/application", NEW)
        self.settings.sync()

    def flush(self) -> bool:
        """Write every unsaved edit now (blocking); False if something could not be."""
        ok = True
        for page in self.pages.values():
            try:
                page.flush()
            except Exception as exc:  # say so, and still write the other pages' edits
                tasks.report_error(exc)
                ok = False
        return ok

    def closeEvent(self, event) -> None:
        if not self.flush() and not self._close_refused:
            # Keep the window open once, so what could not be saved is still on screen.
            self._close_refused = True
            self.messages.show_message(
                self.messages.label.text() + " The window stayed open so nothing is lost; "
                "close it again to quit anyway.")
            event.ignore()
            return
        self.save_settings()
        tasks.drain()
        tasks.set_error_reporter(None)
        super().closeEvent(event)

