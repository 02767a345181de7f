"""The call log on the Advice page: log, edit and delete a follow-up through the real
dialog, the advice and the Applications list following each change, and a next step as
a calendar reminder."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog

from coach.days import add_business_days
from coach.models import CallLogEntry, Outcome, Route
from ui.widgets.call_dialog import CallDialog

from ..test_documents_export import unescape, unfold

pytestmark = pytest.mark.gui
TODAY = date.today()


def qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def filling(route=None, outcome=None, who=None, notes="", step="", next_date=None,
            when=None, seen=None):
    """A stand-in for the user at the real dialog: set its fields, press OK."""
    def run(dialog: CallDialog):
        if seen is not None:
            seen.append(dialog)
        if when is not None:
            dialog.when.setDate(qdate(when))
        if route is not None:
            dialog.route.setCurrentIndex(dialog.route.findData(route))
        if outcome is not None:
            dialog.outcome.setCurrentIndex(dialog.outcome.findData(outcome))
        if who is not None:
            dialog.who.setCurrentIndex(dialog.who.findText(who))
        if notes:
            dialog.notes.setPlainText(notes)
        if step:
            dialog.next_step.setText(step)
        if next_date is not None:
            dialog.has_date.setChecked(True)
            dialog.next_date.setDate(qdate(next_date))
        dialog.accept()
        return dialog.entry() if dialog.result() == QDialog.DialogCode.Accepted else None
    return run


@pytest.fixture
def advice(sample, window):
    window.state.select(sample.id)
    window.go("advice")
    return window.pages["advice"]


def list_row(window, company):
    page = window.pages["applications"]
    m = page.model
    for r in range(m.rowCount()):
        if m.item(r, 0).text() == company:
            return [m.item(r, c).text() for c in range(m.columnCount())]
    raise AssertionError(company)


def test_logging_a_voicemail_updates_the_advice_and_the_list(advice, window, store, sample):
    panel = advice.call_log
    assert advice.headline.text().startswith("Call Dana Reyes")
    seen = []
    panel.run_dialog = filling(outcome=Outcome.VOICEMAIL, notes="Left a short message",
                               seen=seen)
    panel.log_button.click()
    assert seen[0].who.currentText() == "Dana Reyes"  # the advisor's suggestion comes first
    [entry] = store.list_calls(sample.id)
    assert (entry.when, entry.route, entry.outcome) == (TODAY, Route.CALL, Outcome.VOICEMAIL)
    assert entry.contact_id == sample.contacts[0].id and entry.notes == "Left a short message"
    assert entry.next_step == "" and entry.next_date is None

    pause = add_business_days(TODAY, 2)
    assert advice.headline.text().startswith("Give Northwind Analytics until")
    assert "You left Dana a voicemail" in advice.reasons.text()
    assert advice.attempts.text().startswith("One follow-up logged in the last two weeks, "
                                             "so one left")
    item = panel.table.topLevelItem(0)
    assert [item.text(c) for c in range(5)] == ["Today", "Call", "Dana Reyes",
                                                "Left a voicemail", ""]
    assert panel.details.text() == "Notes: Left a short message"
    assert not panel.remind_button.isEnabled()  # no next-step date to remind of
    assert "Logged." in window.messages.label.text()
    row = list_row(window, "Northwind Analytics")
    assert row[3:5] == ["Voicemail · today", "1"]
    assert row[5] == f"Wait until {pause:%a} {pause.day} {pause:%b}"


def test_a_next_step_typed_in_the_dialog_gets_the_advisors_day(advice, window, store, sample):
    panel = advice.call_log
    panel.run_dialog = filling(outcome=Outcome.VOICEMAIL, step="Email Dana a short note")
    panel.log_button.click()
    [entry] = store.list_calls(sample.id)
    # Typing a next step ticked its date, on the day the advisor would try again.
    assert entry.next_step == "Email Dana a short note"
    assert entry.next_date == add_business_days(TODAY, 2)
    assert panel.table.topLevelItem(0).text(4).startswith("Email Dana a short note · ")
    assert panel.remind_button.isEnabled()
    assert "Email Dana a short note" in advice.reasons.text()
    assert list_row(window, "Northwind Analytics")[5].startswith("Email Dana a short note (")


def test_the_dialog_fits_outcomes_to_the_route_and_refuses_an_earlier_next_date(advice, sample):
    dialog = CallDialog(sample, TODAY, contact_id=sample.contacts[1].id)
    assert dialog.who.currentText() == "Jordan Ellis"
    outcomes = [dialog.outcome.itemText(i) for i in range(dialog.outcome.count())]
    assert outcomes == ["Spoke with them", "Left a voicemail", "No answer"]
    dialog.route.setCurrentIndex(dialog.route.findData(Route.EMAIL))
    assert [dialog.outcome.itemData(i) for i in range(dialog.outcome.count())] == [
        Outcome.EMAIL_SENT, Outcome.REACHED]
    assert dialog.outcome.itemText(1) == "They replied"
    assert dialog.when.maximumDate() == qdate(TODAY)  # no attempts in the future
    dialog.when.setDate(qdate(TODAY - timedelta(days=3)))
    dialog.has_date.setChecked(True)
    dialog.next_date.setDate(qdate(TODAY - timedelta(days=5)))
    assert not dialog.ok.isEnabled() and "before the follow-up itself" in dialog.problem.text()
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    dialog.next_date.setDate(qdate(TODAY))
    assert dialog.ok.isEnabled() and dialog.problem.isHidden()
    entry = dialog.entry()
    assert (entry.route, entry.outcome, entry.next_date) == (Route.EMAIL, Outcome.EMAIL_SENT,
                                                             TODAY)
    dialog.has_date.setChecked(False)
    assert dialog.entry().next_date is None


def test_editing_a_follow_up_keeps_what_was_not_changed(advice, store, sample):
    entry = store.add_call(CallLogEntry(sample.id, TODAY - timedelta(days=1), Route.CALL,
                                        Outcome.NO_ANSWER, contact_id=sample.contacts[1].id,
                                        notes="rang twice"))
    advice.reload()
    panel = advice.call_log
    assert panel.selected.id == entry.id and not panel.remind_button.isEnabled()
    seen = []
    panel.run_dialog = filling(outcome=Outcome.REACHED, step="Call back Thursday",
                               next_date=TODAY + timedelta(days=2), seen=seen)
    panel.edit_button.click()
    assert seen[0].windowTitle() == "Edit this follow-up" and seen[0].ok.text() == \
        "Save changes"
    got = store.get_call(entry.id)
    assert (got.outcome, got.next_step, got.next_date) == (
        Outcome.REACHED, "Call back Thursday", TODAY + timedelta(days=2))
    assert (got.when, got.contact_id, got.notes) == (entry.when, entry.contact_id, "rang twice")
    assert len(store.list_calls(sample.id)) == 1
    assert panel.table.topLevelItem(0).text(3) == "Spoke with them"
    assert "Call back Thursday" in advice.reasons.text()  # their word sets the next date


def test_cancelling_the_dialog_saves_nothing(advice, store, sample):
    advice.call_log.run_dialog = lambda dialog: None
    advice.call_log.log_button.click()
    assert store.list_calls(sample.id) == []


def test_deleting_asks_first_and_the_advice_forgets_it(advice, window, store, sample):
    store.add_call(CallLogEntry(sample.id, TODAY, Route.CALL, Outcome.VOICEMAIL))
    advice.reload()
    panel = advice.call_log
    asked = []
    panel.confirm_delete = lambda what: asked.append(what) or False
    panel.delete_button.click()
    assert asked[0].startswith("the call on ") and len(store.list_calls(sample.id)) == 1
    panel.confirm_delete = lambda what: True
    panel.delete_button.click()
    assert store.list_calls(sample.id) == []
    assert panel.empty.isVisible() and not panel.table.isVisible()
    assert not panel.edit_button.isEnabled() and not panel.delete_button.isEnabled()
    assert panel.edit_button.isHidden() and panel.remind_button.isHidden()  # only "Log a call…"
    assert "you have two left" in advice.attempts.text()
    assert advice.headline.text().startswith("Call Dana Reyes")
    assert list_row(window, "Northwind Analytics")[3:5] == ["—", "2"]


def test_add_reminder_to_calendar_writes_the_next_step(advice, store, sample, tmp_path,
                                                       window):
    soon = TODAY + timedelta(days=3)
    store.add_call(CallLogEntry(sample.id, TODAY, Route.CALL, Outcome.REACHED,
                                contact_id=sample.contacts[0].id, next_step="Send the "
                                "portfolio, as Dana asked", next_date=soon))
    advice.reload()
    out = tmp_path / "next.ics"
    advice.call_log.save_reminder_to(out)
    p = unfold(out.read_bytes().decode("utf-8"))
    assert p["VCALENDAR/VEVENT/DTSTART;VALUE=DATE"] == f"{soon:%Y%m%d}"
    assert unescape(p["VCALENDAR/VEVENT/SUMMARY"]) == (
        "Send the portfolio, as Dana asked — Data Analyst at Northwind Analytics")
    assert "you spoke with Dana Reyes" in unescape(p["VCALENDAR/VEVENT/DESCRIPTION"])
    assert f"Saved {out}" in window.messages.label.text()


def test_a_reminder_into_a_missing_folder_says_so(advice, store, sample, tmp_path, window):
    store.add_call(CallLogEntry(sample.id, TODAY, Route.CALL, Outcome.REACHED,
                                next_date=TODAY + timedelta(days=1)))
    advice.reload()
    out = tmp_path / "missing" / "next.ics"
    advice.call_log.save_reminder_to(out)
    assert not out.exists()
    assert window.messages.label.text().startswith(f"Couldn't save {out}")
