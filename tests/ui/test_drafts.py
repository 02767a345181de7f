"""Nothing typed is lost: a new application that can't be saved yet (no role) is kept as a
draft in the data folder, and comes back after leaving the form or quitting."""

from __future__ import annotations

import pytest

from coach import drafts
from coach.models import Relationship
from ui.drafts import LEGACY_KEY

pytestmark = pytest.mark.gui


def draft_of(window):
    path = window.state.db.data_dir / drafts.NEW_APPLICATION
    return path.read_text(encoding="utf-8") if path.exists() else None


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
    assert draft_of(window) is None  # saved: the draft is gone
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


def test_clearing_what_was_typed_drops_the_draft(window, qtbot):
    form = new_form(window, qtbot, "X")
    assert '"company": "X"' in draft_of(window)
    assert (window.state.db.data_dir / drafts.NEW_APPLICATION).stat().st_mode & 0o777 == 0o600
    form.company.clear()
    assert draft_of(window) is None


def test_a_damaged_draft_is_ignored(window):
    drafts.write(window.state.db.data_dir, "{not json")
    window.new_application()
    assert window.pages["applications"].form.company.text() == ""


def test_a_draft_an_earlier_version_kept_in_the_settings_moves_into_the_data_folder(
        window, ui_settings):
    ui_settings.setValue(LEGACY_KEY, '{"company": "Fabrikam", "role": "", "contacts": []}')
    window.new_application()
    assert window.pages["applications"].form.company.text() == "Fabrikam"
    assert not ui_settings.contains(LEGACY_KEY)
    assert '"company": "Fabrikam"' in draft_of(window)


def test_each_data_folder_has_its_own_draft(tmp_path):
    from datetime import date

    from coach.models import Application
    from ui.drafts import DraftStore

    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    DraftStore(a).keep(Application(company="Contoso", role="", date_sent=date(2026, 11, 2)))
    assert DraftStore(a).load(date(2026, 12, 1)).company == "Contoso"
    assert DraftStore(b).load(date(2026, 12, 1)) is None


def test_a_draft_that_cannot_be_written_is_said_and_what_is_typed_stays(window, qtbot,
                                                                        monkeypatch):
    def full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(drafts, "write", full)
    form = new_form(window, qtbot, "Contoso")
    assert form.company.text() == "Contoso"
    assert "couldn't keep a draft of this" in form.status.text()
    assert "No space left on device" in form.status.text()
    form.autosave.save_now()  # no role yet, so not saved: both things are said
    assert form.status.text().startswith("Add the company and the role")
    assert "couldn't keep a draft of this" in form.status.text()
