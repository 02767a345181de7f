"""Advice: the advisor's card for the selected application — the route, who, why, when,
how many follow-ups are left — the drafted message when writing is the better route, and
the profile the advice rests on."""

from __future__ import annotations

import html
from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from coach.days import full_day, time_of_day
from coach.lint_model import BLANK
from coach.models import Route, Stage
from ui import exports, work
from ui.state import AppState
from ui.tasks import Latest, describe_error
from ui.widgets.app_picker import AppPicker
from ui.widgets.call_log import CallLogPanel
from ui.widgets.common import Notice, access, grow_with_text, heading, muted, wrapped
from ui.widgets.profile_form import ProfileForm

ROUTE_WORDS = {Route.CALL: "Call", Route.EMAIL: "Email", Route.LINKEDIN: "LinkedIn message",
               Route.WAIT: "Wait for now"}


def sureness(confidence: float) -> str:
    pct = round(confidence * 100)
    word = "confident" if confidence >= 0.85 else "fairly sure" if confidence >= 0.7 else \
        "a reasonable guess"
    return f"{word} ({pct}%)"


def bullets(lines: list[str]) -> str:
    """A list with hanging indents; the words (which hold what the user typed, such as a
    company name) are escaped, so nothing typed is ever read as markup."""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    return f"<ul style='margin-left: 0; -qt-list-indent: 1'>{items}</ul>"


def blanks_in(text: str) -> list[str]:
    """The "[…]" blanks a drafted message still holds, in order, each once."""
    return list(dict.fromkeys(m[0] for m in BLANK.finditer(text)))


def blanks_note(blanks: list[str]) -> str:
    if not blanks:
        return ""
    what = " and ".join(f"“{b}”" for b in blanks)
    return (f"Before you send it, put your own words in place of {what}. "
            "To keep your words for next time, edit it on the Script page.")


def slot_text(slot: datetime, today: date) -> str:
    day = ("today" if slot.date() == today else "tomorrow"
           if slot.date() == today + timedelta(days=1) else full_day(slot))
    return f"{day}, {time_of_day(slot)}"


class AdvicePage(QWidget):
    title = "Advice"
    message = Signal(str)

    def __init__(self, state: AppState, parent=None):
        super().__init__(parent)
        self.state = state
        self._latest = Latest()
        self._readiness_latest = Latest()
        self.view: work.AdviceView | None = None

        top = QHBoxLayout()
        top.addWidget(heading(self.title))
        top.addStretch(1)
        self.picker = AppPicker(state)
        top.addWidget(self.picker)

        self.notice = Notice()
        self.card = self._build_card()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.card)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.notice)
        self.stack.addWidget(scroll)

        self.profile = ProfileForm(state)
        self.profile.message.connect(self.message)
        self.readiness_box = QGroupBox("Ready for the call?")
        rv = QVBoxLayout(self.readiness_box)
        self.readiness = access(wrapped(""), "Call readiness")
        rv.addWidget(self.readiness)
        side = QVBoxLayout()
        side.addWidget(self.profile)
        side.addWidget(self.readiness_box)
        side.addStretch(1)

        body = QHBoxLayout()
        body.addWidget(self.stack, 3)
        body.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)

        state.current_changed.connect(lambda _id: self.reload())
        state.profile_changed.connect(self.reload)
        self._loaded_profile = False

    def _build_card(self) -> QWidget:
        card = QWidget()
        v = QVBoxLayout(card)
        v.setContentsMargins(0, 0, 0, 0)
        self.route = muted(QLabel())
        self.headline = heading("", 1.3)
        access(self.headline, "Advice")
        self.who = wrapped()
        self.reasons = wrapped()
        self.reasons.setTextFormat(Qt.TextFormat.RichText)
        access(self.reasons, "Why")
        self.when = wrapped()
        access(self.when, "When")
        for w in (self.route, self.headline, self.who):
            v.addWidget(w)
        for title, w in (("Why", self.reasons), ("When", self.when)):
            v.addSpacing(self.fontMetrics().lineSpacing() // 2)
            v.addWidget(heading(title, 1.05))
            v.addWidget(w)

        self.draft_box = QGroupBox("Your message, ready to send")
        d = QVBoxLayout(self.draft_box)
        self.draft = access(QTextEdit(), "Drafted message")
        self.draft.setReadOnly(True)
        self.draft.setAcceptRichText(False)
        grow_with_text(self.draft, 10, whole=True)  # all of it in view, not a scrolling box
        self.draft_problem = wrapped()
        # The templates leave one thing for the user to say ("[something you enjoyed
        # discussing]"): a copied message must not go out with the brackets in it.
        self.blanks = wrapped()
        access(self.blanks, "Blanks to fill in")
        row = QHBoxLayout()
        self.copy_button = access(QPushButton("&Copy message"), "Copy message")
        self.edit_button = access(QPushButton("&Edit on the Script page"),
                                  "Edit the message on the Script page")
        self.copied = muted(QLabel(""))
        row.addWidget(self.copy_button)
        row.addWidget(self.edit_button)
        row.addWidget(self.copied, 1)
        d.addWidget(self.draft)
        d.addWidget(self.draft_problem)
        d.addWidget(self.blanks)
        d.addLayout(row)
        v.addSpacing(self.fontMetrics().lineSpacing() // 2)
        v.addWidget(self.draft_box)

        row = QHBoxLayout()
        self.script_button = access(QPushButton("Open the &script"), "Open the script")
        row.addWidget(self.script_button)
        self.calendar_button = access(QPushButton("&Add to calendar…"),
                                      "Add the next follow-up to your calendar",
                                      "Saves an .ics file any calendar app can import")
        row.addWidget(self.calendar_button)
        row.addStretch(1)
        v.addLayout(row)

        # The call log sits under the advice it changes: log a call, and the card updates.
        self.call_log = CallLogPanel(self.state)
        self.call_log.message.connect(self.message)
        self.call_log.changed.connect(self._log_changed)
        self.attempts = self.call_log.note  # how many follow-ups are left, and when next
        v.addSpacing(self.fontMetrics().lineSpacing())
        v.addWidget(heading("Your follow-ups", 1.05))
        v.addWidget(self.call_log)
        v.addStretch(1)
        self.copy_button.clicked.connect(self.copy_draft)
        self.edit_button.clicked.connect(self.open_script)
        self.script_button.clicked.connect(self.open_script)
        self.calendar_button.clicked.connect(self.add_to_calendar)
        return card

    # --- loading --------------------------------------------------------------------------

    def activated(self) -> None:
        if not self._loaded_profile:
            self._loaded_profile = True
            self.profile.load()
        if self.view is None or self.view.app.id != self.state.current:
            self.reload()
        elif self.state.current is not None:  # a take may have been kept since
            self._load_readiness(self.state.current)

    def reload(self) -> None:
        app_id = self.state.current
        if app_id is None:
            self._latest.cancel()
            self._readiness_latest.cancel()
            self.readiness.setText("Pick an application to see how ready you are for its "
                                   "call.")
            self.view = None
            self.notice.show_message(
                "Pick an application", "Advice is for one application at a time. Choose one "
                "above, or add one on the Applications page.", "Go to &Applications",
                lambda: self.state.open_page.emit("applications"))
            self.stack.setCurrentIndex(0)
            return
        if not self.isVisible() and self.view is None:
            return  # loads when the page is shown
        templates, today = self.state.db.templates_dir, self.state.today
        t = self._latest.new()
        if self.view is not None and self.view.app.id != app_id:
            self.copy_button.setEnabled(False)  # the draft on screen is the last one's
        self._load_readiness(app_id)
        self.state.db.task(lambda s: work.load_advice(s, templates, app_id, today),
                           t(self.show_view), t(self._failed))

    def _load_readiness(self, app_id: int) -> None:
        from ui import speechwork

        def show(history) -> None:
            self.readiness.setText(history.readiness)

        self.state.db.task(lambda s: speechwork.load_history(s, app_id),
                           self._readiness_latest.wrap(show), lambda _exc: None)

    def _failed(self, exc: BaseException) -> None:
        from ui.tasks import describe_error

        self.view = None
        self.notice.show_message("No advice right now", describe_error(exc))
        self.stack.setCurrentIndex(0)

    def show_view(self, view: work.AdviceView) -> None:
        self.view = view
        a = view.advice
        if a is None:
            self.notice.show_message("No advice for this one yet", view.problem)
            self.stack.setCurrentIndex(0)
            return
        self.route.setText(f"{ROUTE_WORDS[a.route]} · {sureness(a.confidence)}")
        self.headline.setText(a.headline)
        c = a.contact
        if c is not None:
            name = c.name.strip() or "Someone there"
            how = f" — {c.how_we_know.strip()}" if c.how_we_know.strip() else ""
            # The advice says "Call Dana": the number belongs beside it.
            number = ""
            if a.route == Route.CALL:
                number = (f" · {c.phone.strip()}" if c.phone.strip() else
                          " · no phone number saved yet (add it on the Applications page)")
            self.who.setText(f"{name}, {c.relationship.label}{how}{number}")
        else:
            self.who.setText("")
        self.who.setVisible(bool(self.who.text()))
        self.reasons.setText(bullets(a.reasons))
        nothing = a.route == Route.WAIT and a.when.note == "No follow-up needed."
        when = [a.when.note]
        if not nothing:
            when.append(f"Best window: {a.when.window}.")
            # The advisor works in days; a slot earlier today has gone, so leave it out.
            if a.when.suggested > datetime.now() or self.state.today != date.today():
                when.append(f"Next good slot: {slot_text(a.when.suggested, self.state.today)}.")
        self.when.setText("\n".join(when))
        self.call_log.show_log(view.app, view.calls, view.follow_ups,
                               c.id if c is not None else None)
        written = a.route in (Route.EMAIL, Route.LINKEDIN)
        self.draft_box.setVisible(written)
        if written:
            self.draft_box.setTitle("Your LinkedIn message, ready to send"
                                    if a.route == Route.LINKEDIN else
                                    "Your email, ready to send")
            self.draft.setPlainText(view.draft)
            self.draft.setVisible(bool(view.draft))
            self.copy_button.setEnabled(bool(view.draft))
            self.draft_problem.setText(view.draft_problem)
            self.draft_problem.setVisible(bool(view.draft_problem))
            blanks = blanks_in(view.draft)
            self.blanks.setText(blanks_note(blanks))
            self.blanks.setVisible(bool(blanks))
            self.copied.setText("")
        # a message to send has no call to get ready for
        self.readiness_box.setVisible(not written)
        # a written route has its own "Edit on the Script page" beside the message
        self.script_button.setVisible(not written and (a.route != Route.WAIT or c is not None))
        self.script_button.setText("Open the &script" if a.route == Route.CALL else
                                   "Prepare the &script")
        # an offer or a closed application has no follow-up to schedule
        self.calendar_button.setVisible(not nothing and
                                        view.app.stage not in (Stage.OFFER, Stage.CLOSED))
        self.stack.setCurrentIndex(1)

    # --- actions --------------------------------------------------------------------------

    def _log_changed(self) -> None:
        """A follow-up was logged, edited or deleted: new advice, and a new list row."""
        self.reload()
        self.state.refresh()

    def copy_draft(self) -> None:
        text = self.draft.toPlainText()
        QGuiApplication.clipboard().setText(text)
        self.copied.setText("Copied — paste it into your message, then fill in the part in "
                            "brackets." if blanks_in(text) else
                            "Copied — paste it into your message.")

    def open_script(self) -> None:
        if self.view is not None and self.view.advice is not None:
            self.state.requested_variant = self.view.advice.variant.value
        self.state.open_page.emit("script")

    def with_calendar_event(self, then) -> None:
        """Build the follow-up's .ics in a worker, then call `then(text)` here."""
        from coach import documents

        app_id = self.state.current
        if app_id is None:
            return
        self.state.db.task(lambda s: documents.follow_up_ics(s, app_id), then,
                           lambda exc: self.message.emit(
                               f"Couldn't make the calendar event: {describe_error(exc)}"))

    def add_to_calendar(self) -> None:
        self.with_calendar_event(self._choose_calendar_file)

    def _choose_calendar_file(self, text: str) -> None:
        name = exports.file_stem(f"Follow up - {self.picker.currentText()}", "Follow up")
        path = exports.ask_save_path(self, "Add to calendar", name, ".ics",
                                     "Calendar event (*.ics)")
        if path is not None:
            self.write_calendar(text, path)

    def save_calendar_to(self, path) -> None:
        """Add to calendar without the file dialog (tests)."""
        self.with_calendar_event(lambda text: self.write_calendar(text, path))

    def write_calendar(self, text: str, path) -> None:
        from coach.files import write_atomic

        dest = Path(path)
        exports.write_in_background(lambda: write_atomic(dest, text), dest,
                                    f"Saved {dest}. Open it, or import it into your calendar "
                                    "app, to add the follow-up.", self.message.emit)

    def flush(self) -> None:
        self.profile.autosave.flush()
