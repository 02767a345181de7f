"""What the pages share: the database, the data folder, which application is selected,
and the list of applications (for the pickers on the Advice and Script pages)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject, Signal

from ui import work
from ui.db import Database
from ui.tasks import Latest


class AppState(QObject):
    current_changed = Signal(object)  # application id, or None
    applications_changed = Signal(list)  # list[work.AppRow]: all applications, newest first
    profile_changed = Signal()
    open_page = Signal(str)  # a page asks the window to show another page (by key)

    def __init__(self, db: Database, today: date | None = None):
        super().__init__()
        self.db = db
        self._today = today  # fixed in screenshots and tests; otherwise the real today
        self.current: int | None = None
        self.rows: list[work.AppRow] = []
        self.requested_variant: str | None = None  # the Advice page's "Open the script"
        self._latest = Latest()

    @property
    def today(self) -> date:
        return self._today or date.today()

    def select(self, app_id: int | None) -> None:
        if app_id != self.current:
            self.current = app_id
            self.current_changed.emit(app_id)

    def row(self, app_id: int | None) -> work.AppRow | None:
        return next((r for r in self.rows if r.id == app_id), None)

    def refresh(self) -> None:
        """Reload the list of applications (after an add, edit or delete)."""
        today = self.today
        self.db.task(lambda s: work.list_rows(s, "", today), self._latest.wrap(self._loaded))

    def _loaded(self, rows: list) -> None:
        self.rows = rows
        self.applications_changed.emit(rows)
        if self.current is not None and self.row(self.current) is None:
            self.select(None)  # deleted elsewhere
