"""Applications: the list (company, role, days since sent, the last follow-up, how many
are left, the next step) with search, and the form for the selected one. Adding, editing
and deleting all happen here."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coach.days import full_day
from ui import work
from ui.state import AppState
from ui.tasks import Latest
from ui.widgets.application_form import ApplicationForm
from ui.widgets.common import Notice, access, ask_to_delete, heading, muted, wrapped

COLUMNS = ("Company", "Role", "Sent", "Last follow-up", "Left", "Next step")
NEXT = COLUMNS.index("Next step")
LEFT_TIP = "Follow-ups left: at most two in two weeks, so you're keen without crowding them"


def days_text(days: int) -> str:
    return "today" if days == 0 else "yesterday" if days == 1 else f"{days} days ago"


class ApplicationsPage(QWidget):
    title = "Applications"
    message = Signal(str)

    def __init__(self, state: AppState, parent=None):
        super().__init__(parent)
        self.state = state
        self._latest = Latest()
        self._rows: list[work.AppRow] = []

        left = QWidget()
        llayout = QVBoxLayout(left)
        llayout.addWidget(heading(self.title))
        self.search = access(QLineEdit(), "Search applications")
        self.search.setPlaceholderText("Search company, role or notes")
        self.search.setClearButtonEnabled(True)
        llayout.addWidget(self.search)
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        self.model.setSortRole(Qt.ItemDataRole.UserRole)
        self.table = access(QTableView(), "Applications")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.viewport().installEventFilter(self)  # "Next step" fills spare room
        self.model.horizontalHeaderItem(COLUMNS.index("Left")).setToolTip(LEFT_TIP)
        header.setSortIndicatorShown(False)
        llayout.addWidget(self.table, 1)
        self.empty = muted(wrapped(""))
        self.empty.hide()
        llayout.addWidget(self.empty)
        buttons = QHBoxLayout()
        self.new_button = access(QPushButton("&New application"), "New application",
                                 "Ctrl+N")
        self.delete_button = access(QPushButton("&Delete…"), "Delete application")
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        llayout.addLayout(buttons)

        self.form = ApplicationForm(state)
        self.form.saved.connect(self._form_saved)
        self.form.message.connect(self.message)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.notice = Notice()
        self.right = QStackedWidget()
        self.right.addWidget(self.notice)
        self.right.addWidget(scroll)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        # The list has six columns to the form's one: give it the larger share from the start
        # (the form's wide size hint would otherwise squeeze the "Next step" column away).
        splitter.setSizes([3000, 2000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self._search_timer = QTimer(self, singleShot=True, interval=250)
        self._search_timer.timeout.connect(self.reload)
        self.search.textChanged.connect(self._search_timer.start)
        self.table.selectionModel().currentRowChanged.connect(self._picked)
        self.new_button.clicked.connect(self.new_application)
        self.delete_button.clicked.connect(self.delete_current)
        QShortcut(QKeySequence.StandardKey.Delete, self.table, self.delete_current,
                  context=Qt.ShortcutContext.WidgetShortcut)
        state.applications_changed.connect(lambda _rows: self.reload())
        state.current_changed.connect(self._current_changed)
        self.form.filled.connect(self._update_side)
        self.setTabOrder(self.search, self.table)
        self.setTabOrder(self.table, self.new_button)
        self.setTabOrder(self.new_button, self.delete_button)
        self._update_side()

    # --- the list -----------------------------------------------------------------------

    def reload(self) -> None:
        text = self.search.text()
        if not text.strip():
            self._show_rows(self.state.rows)
            return
        today = self.state.today
        self.state.db.task(lambda s: work.list_rows(s, text, today),
                           self._latest.wrap(self._show_rows))

    def _show_rows(self, rows: list[work.AppRow]) -> None:
        self._rows = rows
        self.model.removeRows(0, self.model.rowCount())
        for r in rows:
            left = "—" if r.attempts_left is None else str(r.attempts_left)
            cells = [(r.company, r.company.lower()), (r.role, r.role.lower()),
                     (days_text(r.days), r.days),
                     (r.last_attempt or "—",
                      r.last_attempt_on.isoformat() if r.last_attempt_on else ""),
                     (left, -1 if r.attempts_left is None else r.attempts_left),
                     (r.next_step, r.next_step)]
            items = []
            for text, key in cells:
                item = QStandardItem(text)
                item.setData(key, Qt.ItemDataRole.UserRole)
                item.setData(r.id, Qt.ItemDataRole.UserRole + 1)
                item.setToolTip(text)
                items.append(item)
            items[2].setToolTip(f"Résumé sent {full_day(r.date_sent, year=True)}")
            items[3].setToolTip("Nothing logged yet" if not r.last_attempt else
                                f"Last follow-up: {r.last_attempt}")
            items[4].setToolTip(r.follow_ups or LEFT_TIP)
            items[4].setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.model.appendRow(items)
        # Rows arrive from a worker after the first layout; without this the columns keep
        # the widths of their headings ("Contos…", "4 …") until the window is resized.
        self.table.horizontalHeader().resizeSections(QHeaderView.ResizeMode.ResizeToContents)
        self._fit_columns()
        query = self.search.text().strip()
        self.empty.setText(f"Nothing matches “{query}”." if query and not rows else "")
        self.empty.setVisible(bool(query and not rows))
        self._select_row(self.state.current)
        self._update_side()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _fit_columns(self) -> None:
        """Every column as wide as what it holds; "Next step" also takes any room left.
        (Stretched always, it was squeezed to a sliver in a narrow window; now the list
        scrolls sideways instead.)"""
        header = self.table.horizontalHeader()
        needed = sum(max(header.sectionSizeHint(i), self.table.sizeHintForColumn(i))
                     for i in range(len(COLUMNS)))
        room = self.table.viewport().width() >= needed
        mode = QHeaderView.ResizeMode.Stretch if room else QHeaderView.ResizeMode.ResizeToContents
        if header.sectionResizeMode(NEXT) != mode:
            header.setSectionResizeMode(NEXT, mode)

    def _select_row(self, app_id: int | None) -> None:
        sel = self.table.selectionModel()
        for i in range(self.model.rowCount()):
            if self.model.item(i, 0).data(Qt.ItemDataRole.UserRole + 1) == app_id:
                blocked = sel.blockSignals(True)
                sel.setCurrentIndex(self.model.index(i, 0),
                                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                                    | QItemSelectionModel.SelectionFlag.Rows)
                sel.blockSignals(blocked)
                return
        if app_id is None:
            blocked = sel.blockSignals(True)
            sel.clearSelection()
            sel.blockSignals(blocked)

    def _picked(self, current, _previous) -> None:
        if current.isValid():
            self.state.select(self.model.item(current.row(), 0).data(Qt.ItemDataRole.UserRole + 1))

    # --- the form -----------------------------------------------------------------------

    def _current_changed(self, app_id: int | None) -> None:
        self._select_row(app_id)
        if app_id is None:
            if self.form.app_id is not None:
                self.form.clear()
        else:
            self.form.load(app_id)
        self._update_side()

    def _update_side(self) -> None:
        if self.form.showing:
            self.right.setCurrentIndex(1)
            self.delete_button.setEnabled(self.form.app_id is not None)
            return
        self.delete_button.setEnabled(False)
        self.right.setCurrentIndex(0)
        if self.state.rows:
            self.notice.show_message("Pick an application", "Choose one from the list to see "
                                     "and edit it, or add a new one.", "&New application",
                                     self.new_application)
        else:
            self.notice.show_message(
                "No applications yet", "Add the first one: the company, the role and when "
                "your résumé went out. Add anyone you know there, too — Call Coach uses that "
                "to suggest who to talk to.", "Add your first &application",
                self.new_application)

    def new_application(self) -> None:
        self.state.select(None)
        self.form.start_new()
        self._update_side()
        self.form.company.setFocus()

    def _form_saved(self, app_id: int) -> None:
        self.delete_button.setEnabled(True)
        self.state.refresh()
        self.state.select(app_id)

    # --- deleting -------------------------------------------------------------------------

    def confirm_delete(self, title: str) -> bool:
        """Ask before deleting (tests replace this)."""
        return ask_to_delete(self, "Delete application",
                             f"Delete {title}?\n\nIts people, script versions and practice "
                             "takes are deleted with it. This can't be undone.")

    def delete_current(self) -> None:
        app_id = self.form.app_id
        if app_id is None:
            return
        title = self.form.title.text()
        if not self.confirm_delete(title):
            return
        self.form.forget(app_id)

        def done(_):
            self.state.select(None)
            self.state.refresh()
            self.message.emit(f"Deleted {title}.")

        self.state.db.task(lambda s: s.delete_application(app_id), done)

    def flush(self) -> None:
        self.form.autosave.flush()

    def activated(self) -> None:
        pass
