"""The "Log a call…" dialog: one real follow-up — when, with whom, how, what happened,
notes, and the next step with its date. It edits a logged entry the same way."""

from __future__ import annotations

import dataclasses
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from coach.attempts import OUTCOMES_FOR, REPLY_DAYS, ROUTE_LABELS, outcome_label
from coach.days import add_business_days
from coach.models import Application, CallLogEntry, Outcome, Route
from ui.widgets.common import access, muted, wrapped

NOBODY = "Not noted"
MAX_TEXT = 10_000  # as on the command line: generous, but a pasted novel is a mistake


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _buddy(text: str, widget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


class CallDialog(QDialog):
    def __init__(self, app: Application, today: date, entry: CallLogEntry | None = None,
                 contact_id: int | None = None, parent=None):
        """`entry`: the one to edit; `contact_id`: whom a new one is with at first (the
        advisor's suggestion)."""
        super().__init__(parent)
        self.app, self.today = app, today
        self._entry = entry
        self._contact_id = contact_id
        self._date_touched = entry is not None and entry.next_date is not None
        self._date_toggled = entry is not None
        editing = entry is not None
        self.setWindowTitle("Edit this follow-up" if editing else "Log a follow-up")

        intro = muted(wrapped("What happened, in a few words. The advice counts it and tells "
                              "you when to try next."))
        self.when = access(QDateEdit(), "Date of the follow-up")
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("ddd d MMM yyyy")
        self.when.setMaximumDate(_qdate(today))
        self.who = access(QComboBox(), "Who you reached out to")
        for c in app.contacts:
            self.who.addItem(c.name.strip() or f"Someone ({c.relationship.label})", c.id)
        self.who.addItem(NOBODY, None)
        self.route = access(QComboBox(), "How")
        for route, label in ROUTE_LABELS.items():
            self.route.addItem(label, route)
        self.outcome = access(QComboBox(), "What happened")
        self.notes = access(QPlainTextEdit(), "Notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setPlaceholderText("What they said: a delay, a hold, who to talk to next…")
        self.notes.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)
        self.next_step = access(QLineEdit(), "Next step")
        self.next_step.setPlaceholderText("Email Dana the portfolio link")
        self.has_date = access(QCheckBox("On"), "Give the next step a date")
        self.next_date = access(QDateEdit(), "Date of the next step")
        self.next_date.setCalendarPopup(True)
        self.next_date.setDisplayFormat("ddd d MMM yyyy")
        date_row = QHBoxLayout()
        date_row.addWidget(self.has_date)
        date_row.addWidget(self.next_date, 1)
        self.problem = wrapped("")
        self.problem.hide()

        form = QFormLayout()
        for label, w in (("&Date", self.when), ("&With", self.who), ("&How", self.route),
                         ("What &happened", self.outcome), ("N&otes", self.notes),
                         ("&Next step", self.next_step)):
            form.addRow(_buddy(label, w), w)
        form.addRow(_buddy("Next step &date", self.has_date), date_row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Save changes" if editing else "Log it")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 84)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

        self.route.currentIndexChanged.connect(self._route_changed)
        self.outcome.currentIndexChanged.connect(self._suggest_next_date)
        self.when.dateChanged.connect(self._suggest_next_date)
        self.when.dateChanged.connect(self._check)
        self.next_date.dateChanged.connect(self._date_edited)
        self.has_date.toggled.connect(self._has_date_toggled)
        self.has_date.clicked.connect(self._date_chosen)
        self.next_step.textChanged.connect(self._step_typed)
        self._fill(entry)

    # --- filling ---------------------------------------------------------------------------

    def _fill(self, e: CallLogEntry | None) -> None:
        self.when.setDate(_qdate(min(e.when, self.today) if e else self.today))
        wanted = e.contact_id if e is not None else self._contact_id
        who = self.who.findData(wanted) if wanted is not None else -1
        self.who.setCurrentIndex(who if who >= 0 else self.who.count() - 1)
        self.route.setCurrentIndex(max(0, self.route.findData(e.route if e else Route.CALL)))
        self._route_changed()
        if e is not None:
            self.outcome.setCurrentIndex(max(0, self.outcome.findData(e.outcome)))
            self.notes.setPlainText(e.notes)
            self.next_step.setText(e.next_step)
        self.has_date.setChecked(bool(e and e.next_date))
        if e is not None and e.next_date is not None:
            self._set_next_date(e.next_date)
        else:
            self._suggest_next_date()
        self._has_date_toggled(self.has_date.isChecked())

    def _route_changed(self) -> None:
        """Offer what can happen on this route, the usual one first ("Spoke with them" on a
        call is not "They replied" to an email, so nothing carries over)."""
        route = Route(self.route.currentData())
        blocked = self.outcome.blockSignals(True)
        self.outcome.clear()
        for outcome in OUTCOMES_FOR[route]:
            self.outcome.addItem(outcome_label(route, outcome), outcome)
        self.outcome.setCurrentIndex(0)
        self.outcome.blockSignals(blocked)
        self._suggest_next_date()

    def _set_next_date(self, d: date) -> None:
        blocked = self.next_date.blockSignals(True)
        self.next_date.setDate(_qdate(d))
        self.next_date.blockSignals(blocked)
        self._check()

    def _suggest_next_date(self) -> None:
        """Until the user picks a date, offer the day the advisor would try again."""
        if self._date_touched or self.outcome.currentData() is None:
            self._check()
            return
        when = self.when.date().toPython()
        self._set_next_date(add_business_days(when, REPLY_DAYS[Outcome(
            self.outcome.currentData())]))

    def _date_edited(self) -> None:
        self._date_touched = True
        self._check()

    def _date_chosen(self) -> None:
        self._date_toggled = True  # the user decided; typing a next step no longer ticks it

    def _step_typed(self, text: str) -> None:
        """A next step usually has a day: tick "On" for them, until they decide."""
        if not self._date_toggled:
            self.has_date.setChecked(bool(text.strip()))

    def _has_date_toggled(self, on: bool) -> None:
        self.next_date.setEnabled(on)
        self._check()

    # --- checking and the result ---------------------------------------------------------------

    def _problem_text(self) -> str:
        when = self.when.date().toPython()
        if self.has_date.isChecked() and self.next_date.date().toPython() < when:
            return "The next step's date is before the follow-up itself; pick a later day."
        for name, text in (("The notes", self.notes.toPlainText()),
                           ("The next step", self.next_step.text())):
            if len(text.strip()) > MAX_TEXT:
                return f"{name} are very long; keep them under {MAX_TEXT:,} characters."
        return ""

    def _check(self) -> None:
        problem = self._problem_text()
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.ok.setEnabled(not problem)

    def entry(self) -> CallLogEntry:
        """The follow-up as filled in (with the edited entry's id and application)."""
        route = Route(self.route.currentData())
        fields = dict(
            application_id=self.app.id, when=self.when.date().toPython(), route=route,
            outcome=Outcome(self.outcome.currentData()), contact_id=self.who.currentData(),
            notes=self.notes.toPlainText().strip(), next_step=self.next_step.text().strip(),
            next_date=self.next_date.date().toPython() if self.has_date.isChecked() else None)
        if self._entry is not None:
            return dataclasses.replace(self._entry, **fields)
        return CallLogEntry(**fields)

    def accept(self) -> None:
        if self._problem_text():
            self._check()
            return
        super().accept()
