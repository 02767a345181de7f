"""Nothing typed is lost: a new application that can't be saved yet (no role) is kept as a
draft in the settings, and comes back after leaving the form or quitting."""

from __future__ import annotations

import pytest

from coach.models import Relationship
from ui.drafts import NEW_APPLICATION

pytestmark = pytest.mark.gui


def new_form(window, qtbot, company: str):
    page = window.pages["applications"]
    window.new_application()
    qtbot.keyClicks(page.form.company, company)
    return page.form


def test_leaving_a_new_application_keeps_it_until_it_is_saved(sample, window, store, qtbot,
                                                               ui_settings):
    form = new_form(window, qtbot, "Contoso Pharma")
    form.notes.setPlainText("Saw it on the careers page.")
    form.autosave.save_now()
    assert all(a.company != "Contoso Pharma" for a in store.list_applications())
    window.state.select(sample.id)  # away to another application
    assert form.company.text() == "Northwind Analytics"
    window.go("advice")
    window.new_application()
    assert form.company.text() == "Contoso Pharma"
    assert form.notes.toPlainText() == "Saw it on the careers page."
    assert "what you typed last time" in form.status.text()

    qtbot.keyClicks(form.role, "Lab Data Analyst")
    form.autosave.save_now()
    saved = [a for a in store.list_applications() if a.company == "Contoso Pharma"]
    assert [a.role for a in saved] == ["Lab Data Analyst"]
    assert ui_settings.value(NEW_APPLICATION) is None  # saved: the draft is gone
    window.new_application()
    assert form.company.text() == "" and form.app_id is None


def test_a_draft_on_screen_at_close_is_back_after_a_restart(window, make_window, qtbot,
                                                           ui_settings):
    form = new_form(window, qtbot, "Contoso Pharma")
    form.add_contact.click()
    qtbot.keyClicks(form.c_name, "Priya Shah")
    form.c_rel.setCurrentIndex(form.c_rel.findData(Relationship.ALLY))
    window.go("advice")  # leave the page, then quit
    window.close()

    again = make_window(ui_settings)
    assert again.current_key == "advice"  # the page they left is restored as usual
    restored = again.pages["applications"].form
    assert restored.company.text() == "Contoso Pharma" and restored.app_id is None
    assert [(r.contact.name, r.contact.relationship) for r in restored._rows] == [
        ("Priya Shah", Relationship.ALLY)]


def test_a_draft_left_behind_is_mentioned_at_start(sample, window, make_window, qtbot,
                                                   ui_settings):
    new_form(window, qtbot, "Contoso Pharma")
    window.state.select(sample.id)
    window.close()
    again = make_window(ui_settings)
    assert again.state.current == sample.id  # the application they were on, as usual
    assert "Contoso Pharma isn't saved yet" in again.messages.label.text()
    again.new_application()
    assert again.pages["applications"].form.company.text() == "Contoso Pharma"


def test_clearing_what_was_typed_drops_the_draft(window, qtbot, ui_settings):
    form = new_form(window, qtbot, "X")
    assert ui_settings.value(NEW_APPLICATION)
    form.company.clear()
    assert ui_settings.value(NEW_APPLICATION) is None


def test_a_damaged_draft_is_ignored(window, ui_settings):
    ui_settings.setValue(NEW_APPLICATION, "{not json")
    window.new_application()
    assert window.pages["applications"].form.company.text() == ""
