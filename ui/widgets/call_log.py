"""The call log for one application: the follow-ups the user made (newest first), how many
are left and when to try next, and the buttons to log, edit and delete one, or put its
next step in the calendar. Every save goes through the store in a worker; `changed` tells
the page (and the Applications list) to look again."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coach.attempts import ROUTE_LABELS, outcome_label
from coach.days import full_day, short_day
from coach.models import Application, CallLogEntry
from ui import exports, work
from ui.tasks import describe_error
from ui.widgets.call_dialog import CallDialog
from ui.widgets.common import access, ask_to_delete, muted, wrapped

COLUMNS = ("Date", "How", "With", "What happened", "Next step")
EMPTY = ("Nothing logged yet. After a call, a voicemail or an email, log it here: the advice "
         "counts it and tells you when to try again.")


def day_text(d: date, today: date) -> str:
    if d == today:
        return "Today"
    if d == today - timedelta(days=1):
        return "Yesterday"
    return short_day(d) + ("" if d.year == today.year else f" {d.year}")


class CallLogPanel(QWidget):
    changed = Signal()  # an entry was added, edited or deleted, and is saved
    message = Signal(str)

    def __init__(self, state, parent=None):
        super().__init__(parent)
        self.state = state
        self.app: Application | None = None
        self.calls: list[CallLogEntry] = []
        self.suggested_contact: int | None = None

        self.note = access(wrapped(), "Follow-ups left")
        self.table = access(QTreeWidget(), "Your follow-ups")
        self.table.setColumnCount(len(COLUMNS))
        self.table.setHeaderLabels(list(COLUMNS))
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAllColumnsShowFocus(True)
        header = self.table.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.details = muted(wrapped(""))
        access(self.details, "Notes of the selected follow-up")
        self.empty = muted(wrapped(EMPTY))

        self.log_button = access(QPushButton("Lo&g a call…"), "Log a call",
                                 "Record a real call, voicemail, email or message")
        self.edit_button = access(QPushButton("Ed&it…"), "Edit the selected follow-up")
        self.delete_button = access(QPushButton("&Delete…"), "Delete the selected follow-up")
        self.remind_button = access(QPushButton("Add &reminder to calendar…"),
                                    "Add the selected next step to your calendar",
                                    "Saves an .ics file any calendar app can import")
        row = QHBoxLayout()
        for b in (self.log_button, self.edit_button, self.delete_button, self.remind_button):
            row.addWidget(b)
        row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.table)
        layout.addWidget(self.details)
        layout.addWidget(self.empty)
        layout.addLayout(row)

        self.log_button.clicked.connect(self.log_call)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.remind_button.clicked.connect(self.add_reminder)
        self.table.itemDoubleClicked.connect(lambda *_: self.edit_selected())
        self.table.currentItemChanged.connect(lambda *_: self._update_buttons())
        QShortcut(QKeySequence.StandardKey.Delete, self.table, self.delete_selected,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self._update_buttons()

    # --- showing ---------------------------------------------------------------------------

    def show_log(self, app: Application, calls: list[CallLogEntry], note: str,
                 suggested_contact: int | None = None) -> None:
        keep = self.selected.id if self.selected is not None and self.app is not None \
            and self.app.id == app.id else None
        self.app, self.calls, self.suggested_contact = app, list(calls), suggested_contact
        self.note.setText(note)
        self.note.setVisible(bool(note))
        today = self.state.today
        names = {c.id: c.name.strip() or c.relationship.label for c in app.contacts}
        self.table.clear()
        for e in sorted(calls, key=lambda e: (e.when, e.id or 0), reverse=True):
            step = e.next_step or ("Follow up" if e.next_date else "")
            if e.next_date is not None:
                step += f" · {day_text(e.next_date, today)}"
            item = QTreeWidgetItem([day_text(e.when, today), ROUTE_LABELS[e.route],
                                    names.get(e.contact_id, "—"),
                                    outcome_label(e.route, e.outcome), step])
            item.setData(0, Qt.ItemDataRole.UserRole, e.id)
            if e.notes:
                for col in range(len(COLUMNS)):
                    item.setToolTip(col, e.notes)
            self.table.addTopLevelItem(item)
            if e.id == keep:
                self.table.setCurrentItem(item)
        # As tall as its rows (two to eight), so a short log leaves no empty box behind.
        rows = min(max(len(calls), 2), 8)
        row_h = self.table.sizeHintForRow(0) if calls else self.fontMetrics().lineSpacing()
        self.table.setFixedHeight(self.table.header().sizeHint().height() + rows * row_h
                                  + 2 * self.table.frameWidth() + 2)
        self.table.setVisible(bool(calls))
        self.empty.setVisible(not calls)
        if calls and self.table.currentItem() is None:
            self.table.setCurrentItem(self.table.topLevelItem(0))
        self._update_buttons()

    @property
    def selected(self) -> CallLogEntry | None:
        item = self.table.currentItem()
        if item is None:
            return None
        entry_id = item.data(0, Qt.ItemDataRole.UserRole)
        return next((e for e in self.calls if e.id == entry_id), None)

    def _update_buttons(self) -> None:
        e = self.selected
        self.log_button.setEnabled(self.app is not None)
        self.edit_button.setEnabled(e is not None)
        self.delete_button.setEnabled(e is not None)
        self.remind_button.setEnabled(e is not None and e.next_date is not None)
        for b in (self.edit_button, self.delete_button, self.remind_button):
            b.setVisible(bool(self.calls))  # nothing logged: only "Log a call…" makes sense
        self.remind_button.setToolTip("" if e is None or e.next_date is not None else
                                      "Give this follow-up a next-step date first (Edit…)")
        self.details.setText(f"Notes: {e.notes}" if e is not None and e.notes else "")
        self.details.setVisible(bool(self.details.text()))

    # --- logging, editing, deleting --------------------------------------------------------

    def run_dialog(self, dialog: CallDialog) -> CallLogEntry | None:
        """Show the dialog; the entry when the user saved it (tests replace this)."""
        return dialog.entry() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def log_call(self) -> None:
        if self.app is not None:
            self._save(self.run_dialog(CallDialog(self.app, self.state.today,
                                                  contact_id=self.suggested_contact,
                                                  parent=self)), "Logged. ")

    def edit_selected(self) -> None:
        e = self.selected
        if self.app is not None and e is not None:
            self._save(self.run_dialog(CallDialog(self.app, self.state.today, e, parent=self)),
                       "Saved your changes. ")

    def _save(self, entry: CallLogEntry | None, said: str) -> None:
        if entry is None:
            return

        def done(saved: CallLogEntry) -> None:
            self.message.emit(said + "The advice below takes it into account.")
            self.changed.emit()

        self.state.db.task(lambda s: work.save_call(s, entry), done,
                           lambda exc: self.message.emit(
                               f"Couldn't save the follow-up: {describe_error(exc)}"))

    def confirm_delete(self, what: str) -> bool:
        """Ask before deleting (tests replace this)."""
        return ask_to_delete(self, "Delete follow-up",
                             f"Delete {what} from your call log?\n\nThe advice will no longer "
                             "count it. This can't be undone.")

    def delete_selected(self) -> None:
        e = self.selected
        if e is None:
            return
        what = f"the {ROUTE_LABELS[e.route].lower()} on {full_day(e.when)}"
        if not self.confirm_delete(what):
            return

        def done(_) -> None:
            self.message.emit(f"Deleted {what}.")
            self.changed.emit()

        self.state.db.task(lambda s: s.delete_call(e.id), done,
                           lambda exc: self.message.emit(
                               f"Couldn't delete the follow-up: {describe_error(exc)}"))

    # --- the reminder ----------------------------------------------------------------------

    def _with_reminder(self, entry_id: int, then) -> None:
        from coach import documents

        self.state.db.task(lambda s: documents.next_step_ics(s, entry_id), then,
                           lambda exc: self.message.emit(
                               f"Couldn't make the reminder: {describe_error(exc)}"))

    def add_reminder(self) -> None:
        e = self.selected
        if e is None or e.next_date is None or self.app is None:
            return
        name = exports.file_stem(f"Next step - {self.app.company} - {e.next_date.isoformat()}",
                                 "Next step")

        def choose(text: str) -> None:
            path = exports.ask_save_path(self, "Add reminder to calendar", name, ".ics",
                                         "Calendar event (*.ics)")
            if path is not None:
                self._write(text, path, e.next_date)

        self._with_reminder(e.id, choose)

    def save_reminder_to(self, path) -> None:
        """Add the selected next step to the calendar without the file dialog (tests)."""
        e = self.selected
        if e is not None:
            self._with_reminder(e.id, lambda text: self._write(text, path, e.next_date))

    def _write(self, text: str, path, day: date) -> None:
        from coach.files import write_atomic

        dest = Path(path)
        exports.write_in_background(
            lambda: write_atomic(dest, text), dest,
            f"Saved {dest}. Open it, or import it into your calendar app, for a reminder on "
            f"the morning of {full_day(day)}.", self.message.emit)
