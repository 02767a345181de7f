"""The application form: company, role, when the résumé went out, stage, notes, and the
people the user could contact there (relationship, how they know them). Edits save
themselves shortly after typing stops (ui.autosave)."""

from __future__ import annotations

import dataclasses
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coach.models import Application, Contact, Relationship, Stage
from ui import work
from ui.autosave import Autosave
from ui.drafts import DraftStore
from ui.state import AppState
from ui.tasks import Latest
from ui.widgets.common import access, heading, muted, wrapped

STAGES = {Stage.APPLIED: "Applied", Stage.SCREENED: "Had a screening call",
          Stage.INTERVIEWED: "Interviewed", Stage.OFFER: "Got an offer", Stage.CLOSED: "Closed"}


class ContactRow:
    def __init__(self, contact: Contact):
        self.ident = work.Ident(contact.id)
        self.contact = contact

    @property
    def empty(self) -> bool:
        c = self.contact
        return not any(x.strip() for x in (c.name, c.title, c.phone, c.email, c.how_we_know,
                                           c.referred_by))

    def label(self) -> str:
        name = self.contact.name.strip() or "Someone (no name yet)"
        return f"{name} — {self.contact.relationship.label}"


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _line(name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    return access(edit, name)


class ApplicationForm(QWidget):
    saved = Signal(int)  # the application's id, after each save
    filled = Signal()  # an application (or a new one) is on the form: it loads in a worker
    message = Signal(str)  # problems for the window's message bar

    def __init__(self, state: AppState, parent=None):
        super().__init__(parent)
        self.state = state
        self._ident: work.Ident | None = None  # None: the form shows nothing
        self._rows: list[ContactRow] = []
        self._removed: list[int] = []
        self._loading = False
        self._draft_problem = ""  # why the last draft could not be kept, if it could not
        self._new_ident: work.Ident | None = None
        self._latest = Latest()
        self.autosave = Autosave(state.db, self._snapshot, work.save_application, parent=self)
        self.autosave.saved.connect(self._on_saved)
        self.autosave.state_changed.connect(self._show_state)
        self.autosave.failed.connect(self.message)
        self._build()
        QShortcut(QKeySequence.StandardKey.Save, self, self.autosave.save_now,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # --- layout ---------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.title = heading("New application")
        layout.addWidget(self.title)

        box = QGroupBox("The application")
        form = QFormLayout(box)
        self.company = _line("Company", "Northwind Analytics")
        self.role = _line("Role", "Data Analyst")
        self.sent = access(QDateEdit(), "Date the résumé was sent")
        self.sent.setCalendarPopup(True)
        self.sent.setDisplayFormat("ddd d MMM yyyy")
        self.stage = access(QComboBox(), "Stage")
        for stage, text in STAGES.items():
            self.stage.addItem(text, stage)
        self.no_calls = access(QCheckBox("The job posting asks for no calls"), "No calls")
        self.notes = access(QPlainTextEdit(), "Notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setPlaceholderText("Anything worth remembering: where you saw the "
                                      "opening, what the team works on…")
        self.notes.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)
        for label, w in (("&Company", self.company), ("&Role", self.role),
                         ("Résumé &sent", self.sent), ("S&tage", self.stage),
                         ("", self.no_calls), ("N&otes", self.notes)):
            form.addRow(self._buddy(label, w), w)
        layout.addWidget(box)

        people = QGroupBox("People you could contact there")
        playout = QVBoxLayout(people)
        row = QHBoxLayout()
        self.contact_list = access(QListWidget(), "People")
        self.contact_list.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)
        buttons = QVBoxLayout()
        self.add_contact = access(QPushButton("&Add a person"), "Add a person")
        self.remove_contact = access(QPushButton("Remo&ve"), "Remove this person")
        buttons.addWidget(self.add_contact)
        buttons.addWidget(self.remove_contact)
        buttons.addStretch(1)
        row.addWidget(self.contact_list, 1)
        row.addLayout(buttons)
        playout.addLayout(row)
        self.contact_form = QWidget()
        cform = QFormLayout(self.contact_form)
        cform.setContentsMargins(0, 0, 0, 0)
        self.c_name = _line("Name")
        self.c_rel = access(QComboBox(), "Relationship")
        for rel in Relationship:
            self.c_rel.addItem(rel.label[:1].upper() + rel.label[1:], rel)
        self.c_how = _line("How you know them", "we volunteered together at Code for Good")
        self.c_title = _line("Their job title", "Analytics Lead")
        self.c_phone = _line("Their phone")
        self.c_email = _line("Their email")
        self.c_ref = _line("Referred by", "who suggested you get in touch, if anyone")
        for label, w in (("Na&me", self.c_name), ("Re&lationship", self.c_rel),
                         ("How you &know them", self.c_how), ("&Job title", self.c_title),
                         ("&Phone", self.c_phone), ("&Email", self.c_email),
                         ("Referred &by", self.c_ref)):
            cform.addRow(self._buddy(label, w), w)
        playout.addWidget(self.contact_form)
        self.no_people = muted(wrapped("Nobody added yet. Someone you know there, or the "
                                       "receptionist, is often the best person to call."))
        playout.addWidget(self.no_people)
        layout.addWidget(people)

        self.status = muted(QLabel(""))
        access(self.status, "Save status")
        layout.addWidget(self.status)
        layout.addStretch(1)

        for w in (self.company, self.role, self.notes):
            w.textChanged.connect(self._changed)
        self.sent.dateChanged.connect(self._changed)
        self.stage.currentIndexChanged.connect(self._changed)
        self.no_calls.toggled.connect(self._changed)
        for w in (self.c_name, self.c_how, self.c_title, self.c_phone, self.c_email, self.c_ref):
            w.textChanged.connect(self._contact_changed)
        self.c_rel.currentIndexChanged.connect(self._contact_changed)
        self.contact_list.currentRowChanged.connect(self._show_contact)
        self.add_contact.clicked.connect(self._add_contact)
        self.remove_contact.clicked.connect(self._remove_contact)

    @staticmethod
    def _buddy(text: str, widget: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(widget)
        return label

    # --- showing an application -------------------------------------------------------------

    @property
    def app_id(self) -> int | None:
        return self._ident.id if self._ident else None

    @property
    def showing(self) -> bool:
        return self._ident is not None

    def load(self, app_id: int) -> None:
        if self._ident is not None and self._ident.id == app_id:
            return
        self.autosave.save_now()  # the previous application's edits go first
        self.state.db.task(lambda s: s.get_application(app_id), self._latest.wrap(self._fill))

    @property
    def drafts(self) -> DraftStore:
        db = getattr(self.state, "db", None)
        return DraftStore(getattr(db, "data_dir", None), getattr(self.state, "settings", None))

    def start_new(self) -> None:
        """An empty form, or the new application typed earlier and not saved yet."""
        self.autosave.save_now()
        self._latest.cancel()
        draft = self.drafts.load(self.state.today)
        self._fill(draft or Application(company="", role="", date_sent=self.state.today))
        if draft is not None:
            self.status.setText("Here's what you typed last time.")
            if draft.company.strip() and draft.role.strip():
                self.autosave.touch()  # complete, but its save never finished: save it now
            else:
                self.status.setText(self.status.text() + " Add the company and the role, "
                                    "and it will be saved.")
        self.company.setFocus()

    def clear(self) -> None:
        self.autosave.save_now()
        self._latest.cancel()
        self._ident = None

    def forget(self, app_id: int) -> None:
        """The application was deleted: drop its unsaved edits."""
        if self._ident is not None and self._ident.id == app_id:
            self.autosave.discard()
            self._ident = None

    def _fill(self, app: Application) -> None:
        self._loading = True
        try:
            self.company.setText(app.company)
            self.role.setText(app.role)
            self.sent.setMaximumDate(_qdate(self.state.today))
            self.sent.setDate(_qdate(app.date_sent))
            self.stage.setCurrentIndex(self.stage.findData(app.stage))
            self.no_calls.setChecked(app.no_calls)
            self.notes.setPlainText(app.notes)
            self._rows = [ContactRow(c) for c in app.contacts]
            self._removed = []
            self.contact_list.clear()
            self.contact_list.addItems([r.label() for r in self._rows])
            self._ident = work.Ident(app.id)
            if app.id is None:
                self._new_ident = self._ident  # its first save ends the draft
            self.contact_list.setCurrentRow(0 if self._rows else -1)
            self._show_contact(self.contact_list.currentRow())
            self._update_title()
            self.status.setText("" if app.id is None else "All changes saved.")
        finally:
            self._loading = False
        self.filled.emit()

    def _update_title(self) -> None:
        company, role = self.company.text().strip(), self.role.text().strip()
        self.title.setText(f"{role} at {company}" if company and role else "New application")

    # --- contacts ---------------------------------------------------------------------------

    def _current_row(self) -> ContactRow | None:
        i = self.contact_list.currentRow()
        return self._rows[i] if 0 <= i < len(self._rows) else None

    def _show_contact(self, index: int) -> None:
        row = self._current_row()
        self.contact_form.setVisible(row is not None)
        self.no_people.setVisible(not self._rows)
        self.remove_contact.setEnabled(row is not None)
        if row is None:
            return
        was, self._loading = self._loading, True
        c = row.contact
        self.c_name.setText(c.name)
        self.c_rel.setCurrentIndex(self.c_rel.findData(c.relationship))
        self.c_how.setText(c.how_we_know)
        self.c_title.setText(c.title)
        self.c_phone.setText(c.phone)
        self.c_email.setText(c.email)
        self.c_ref.setText(c.referred_by)
        self._loading = was

    def _add_contact(self) -> None:
        if self._ident is None:
            return
        self._rows.append(ContactRow(Contact(name="", relationship=Relationship.NETWORK)))
        self.contact_list.addItem(self._rows[-1].label())
        self.contact_list.setCurrentRow(len(self._rows) - 1)
        self.c_name.setFocus()

    def _remove_contact(self) -> None:
        i = self.contact_list.currentRow()
        if not 0 <= i < len(self._rows):
            return
        row = self._rows.pop(i)
        if row.ident.id is not None:
            self._removed.append(row.ident.id)
        self.contact_list.takeItem(i)
        self._show_contact(self.contact_list.currentRow())
        self._changed()

    def _contact_changed(self) -> None:
        row = self._current_row()
        if self._loading or row is None:
            return
        row.contact = dataclasses.replace(
            row.contact, name=self.c_name.text(),
            relationship=Relationship(self.c_rel.currentData()), how_we_know=self.c_how.text(),
            title=self.c_title.text(), phone=self.c_phone.text(), email=self.c_email.text(),
            referred_by=self.c_ref.text())
        self.contact_list.currentItem().setText(row.label())
        self._changed()

    # --- saving -----------------------------------------------------------------------------

    def _changed(self) -> None:
        if self._loading or self._ident is None:
            return
        self._update_title()
        if self._ident.id is None:  # not in the database yet: keep it as a draft
            self._draft_problem = self.drafts.keep(self._on_screen()) or ""
        self.autosave.touch()
        if self._ident.id is None and self._draft_problem:
            self.status.setText(f"Not saved yet, and {self._draft_problem}.")

    def _on_screen(self) -> Application:
        """The form as typed (contacts without their ids; the idents hold those)."""
        return Application(company=self.company.text(), role=self.role.text(),
                           date_sent=self.sent.date().toPython(),
                           stage=Stage(self.stage.currentData()),
                           no_calls=self.no_calls.isChecked(), notes=self.notes.toPlainText(),
                           contacts=[r.contact for r in self._rows if not r.empty])

    def _snapshot(self) -> work.AppSnapshot | None:
        if self._ident is None:
            return None
        company, role = self.company.text().strip(), self.role.text().strip()
        if not company or not role:
            also = f" Meanwhile, {self._draft_problem}." if self._draft_problem else ""
            self.status.setText("Add the company and the role, and this will be saved." + also)
            return None
        app = dataclasses.replace(self._on_screen(), company=company, role=role, contacts=[])
        contacts = [(r.ident, dataclasses.replace(r.contact, name=r.contact.name.strip()))
                    for r in self._rows if not r.empty]
        return work.AppSnapshot(self._ident, app, contacts, list(self._removed))

    def _on_saved(self, snap: work.AppSnapshot, app_id: int) -> None:
        if snap.ident is self._ident:
            self._removed = [i for i in self._removed if i not in snap.removed]
        if snap.ident is self._new_ident:
            self._new_ident = None
            self.drafts.clear()  # the new application is in the database now
        self.saved.emit(app_id)

    def _show_state(self, state: str) -> None:
        self.status.setText({"pending": "Editing…", "saving": "Saving…",
                             "saved": "All changes saved.",
                             "failed": "Not saved yet — we'll try again."}[state])
