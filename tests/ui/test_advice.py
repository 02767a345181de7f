"""The Advice page shows the advisor's card for the selected application."""

from __future__ import annotations

import html
from datetime import date, timedelta

import pytest
from PySide6.QtGui import QGuiApplication

from coach.advice import advise

pytestmark = pytest.mark.gui


def expected(store, app_id):
    return advise(store.get_application(app_id), store.get_profile(), store.list_calls(app_id),
                  date.today())


def test_selecting_an_application_shows_the_advisors_headline(sample, window, store):
    window.state.select(sample.id)
    window.go("advice")
    page = window.pages["advice"]
    advice = expected(store, sample.id)
    assert page.headline.text() == advice.headline
    assert page.headline.text().startswith("Call Dana Reyes")
    assert all(html.escape(reason) in page.reasons.text() for reason in advice.reasons)
    assert advice.when.note in page.when.text()
    assert "you have two left" in page.attempts.text()
    assert page.call_log.empty.isVisible() and not page.call_log.table.isVisible()
    assert page.route.text().startswith("Call · ")
    assert not page.draft_box.isVisible()  # a call: no drafted message
    assert page.readiness_box.isVisible()
    assert "no phone number saved yet" in page.who.text()  # Dana's number isn't on file


def test_written_route_shows_the_draft_with_a_copy_button(sample, window, store, qtbot):
    fabrikam = next(a for a in store.list_applications() if a.company == "Fabrikam Logistics")
    window.state.select(fabrikam.id)
    window.go("advice")
    page = window.pages["advice"]
    assert page.headline.text() == expected(store, fabrikam.id).headline
    assert page.draft_box.isVisible()
    draft = page.draft.toPlainText()
    assert "Hi Lee" in draft and "Sam Rivera" in draft
    page.copy_button.click()
    assert QGuiApplication.clipboard().text() == draft
    assert page.copied.text().startswith("Copied")
    # the template's blank is named, so the message never goes out with brackets in it
    assert "[something you enjoyed discussing]" in draft
    assert page.blanks.isVisible()
    assert "“[something you enjoyed discussing]”" in page.blanks.text()
    assert "fill in the part in brackets" in page.copied.text()
    assert not page.readiness_box.isVisible()  # a message to send: no call to get ready for
    # the whole message is in view: the box grew to its text instead of scrolling
    qtbot.waitUntil(lambda: page.draft.verticalScrollBar().maximum() == 0, timeout=3000)
    window.state.select(sample.id)  # a call again: the readiness box is back
    assert page.headline.text().startswith("Call ") and page.readiness_box.isVisible()


def test_editing_the_profile_saves_it_and_updates_the_advice(sample, window, store):
    window.state.select(sample.id)
    window.go("advice")
    page = window.pages["advice"]
    page.profile.written.setChecked(True)
    page.profile.autosave.save_now()
    assert store.get_profile().prefers_written is True
    assert store.get_profile().speaking_rate_wpm == 150  # fields it doesn't own are kept
    assert page.headline.text() == expected(store, sample.id).headline
    assert "email" in page.headline.text().lower()
    assert page.draft_box.isVisible()


def test_no_application_selected_says_what_to_do(window):
    window.go("advice")
    page = window.pages["advice"]
    assert page.stack.currentWidget() is page.notice
    assert page.notice.title.text() == "Pick an application"
    page.notice.button.click()
    assert window.current_key == "applications"


def test_a_missing_advisor_is_explained_in_place(sample, window, monkeypatch):
    import importlib

    from ui import work

    real = importlib.import_module

    def fake(name, *a):
        if name == "coach.advice":
            raise ModuleNotFoundError("No module named 'coach.advice'", name=name)
        return real(name, *a)

    monkeypatch.setattr(work.importlib, "import_module", fake)
    window.state.select(sample.id)
    window.go("advice")
    page = window.pages["advice"]
    assert page.stack.currentWidget() is page.notice
    assert "The advisor isn't available" in page.notice.body.text()


def test_with_no_application_the_readiness_line_is_not_the_last_ones(window, sample):
    window.state.select(sample.id)
    window.go("advice")
    page = window.pages["advice"]
    assert "Pick an application" not in page.readiness.text()
    window.state.select(None)
    assert page.readiness.text().startswith("Pick an application")


def test_copy_is_off_while_another_applications_message_loads(make_window, sample, store,
                                                             deferred):
    from coach.models import PhoneComfort

    profile = store.get_profile()
    profile.phone_comfort = PhoneComfort.SO_SO  # written routes: every card has a draft
    store.save_profile(profile)
    window = make_window()
    deferred()
    window.state.select(sample.id)
    window.go("advice")
    deferred()
    page = window.pages["advice"]
    assert page.copy_button.isEnabled() and page.draft.toPlainText()
    other = next(a for a in store.list_applications() if a.id != sample.id)
    window.state.select(other.id)
    assert not page.copy_button.isEnabled()  # the draft shown is still the last one's
    deferred()
    assert page.view.app.id == other.id
    assert page.copy_button.isEnabled() == bool(page.view.draft)


def test_a_call_window_that_closed_today_moves_the_slot_to_the_next_good_day(store,
                                                                              monkeypatch):
    """At 3 pm on a Wednesday the 9:30–11:30 window has gone: the Advice page and the
    Applications list offer Thursday 9:30, as the CLI and the calendar event do, rather
    than a slot earlier today (which the page then hid, leaving no slot at all)."""
    from datetime import datetime as real_datetime

    from tests.docs_sample import add_app
    from ui import work

    wednesday = date(2026, 12, 2)

    class Today(date):
        @classmethod
        def today(cls):
            return wednesday

    class Clock(real_datetime):
        @classmethod
        def now(cls, tz=None):
            return real_datetime(2026, 12, 2, 15, 0)

    monkeypatch.setattr(work, "date", Today)
    monkeypatch.setattr(work, "datetime", Clock)
    app = add_app(store, sent=date(2026, 11, 20))
    view = work.load_advice(store, None, app.id, today=wednesday)
    assert view.advice.when.suggested == real_datetime(2026, 12, 3, 9, 30)
    (row,) = [r for r in work.list_rows(store, today=wednesday) if r.id == app.id]
    assert row.next_step.endswith("· Thu 3 Dec")  # not "· today"


def test_the_number_to_call_stands_beside_the_advice_to_call(window, store):
    from tests.docs_sample import add_app

    app = add_app(store, sent=date.today() - timedelta(days=9))  # Dana, 555-010-2200
    window.state.refresh()
    window.state.select(app.id)
    window.go("advice")
    page = window.pages["advice"]
    assert page.headline.text().startswith("Call Dana Reyes")
    assert page.who.text().endswith("· 555-010-2200")
