"""The Applications page: add, edit, search and delete, all saved to the store."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from coach.models import Relationship

pytestmark = pytest.mark.gui


def table_rows(page) -> list[list[str]]:
    m = page.model
    return [[m.item(r, c).text() for c in range(m.columnCount())] for r in range(m.rowCount())]


def test_empty_store_invites_the_first_application(window):
    page = window.pages["applications"]
    assert page.right.currentWidget() is page.notice
    assert page.notice.title.text() == "No applications yet"
    assert page.notice.button.isVisible()


def test_add_an_application_through_the_form(window, store, qtbot):
    page = window.pages["applications"]
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    form = page.form
    assert form.company.hasFocus()
    qtbot.keyClicks(form.company, "Northwind Analytics")
    form.autosave.save_now()
    assert store.list_applications() == []  # no role yet: not saveable, and it says so
    assert "company and the role" in form.status.text()
    qtbot.keyClicks(form.role, "Data Analyst")
    form.sent.setDate(form.sent.date().addDays(-8))
    qtbot.mouseClick(form.add_contact, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(form.c_name, "Dana Reyes")
    form.c_rel.setCurrentIndex(form.c_rel.findData(Relationship.NETWORK))
    qtbot.keyClicks(form.c_how, "we volunteered together at Code for Good")
    qtbot.waitUntil(lambda: not form.autosave.pending, timeout=5000)  # saved after a pause

    apps = store.list_applications()
    assert [(a.company, a.role) for a in apps] == [("Northwind Analytics", "Data Analyst")]
    assert apps[0].date_sent == date.today() - timedelta(days=8)
    [dana] = apps[0].contacts
    assert (dana.name, dana.relationship, dana.how_we_know) == (
        "Dana Reyes", Relationship.NETWORK, "we volunteered together at Code for Good")
    rows = table_rows(page)
    assert rows[0][:3] == ["Northwind Analytics", "Data Analyst", "8 days ago"]
    assert rows[0][3:5] == ["—", "2"]  # nothing logged yet: both follow-ups left
    assert rows[0][5].startswith("Call Dana Reyes")
    assert window.state.current == apps[0].id
    assert form.title.text() == "Data Analyst at Northwind Analytics"
    assert form.status.text() == "All changes saved."


def test_editing_saves_to_the_same_application(sample, window, store, qtbot):
    page = window.pages["applications"]
    window.state.select(sample.id)
    form = page.form
    assert form.company.text() == "Northwind Analytics"
    form.role.setText("Senior Data Analyst")
    form.contact_list.setCurrentRow(1)
    assert form.c_name.text() == "Jordan Ellis"
    form.c_phone.setText("555-010-9999")
    form.autosave.save_now()
    app = store.get_application(sample.id)
    assert app.role == "Senior Data Analyst"
    assert [c.phone for c in app.contacts] == ["", "555-010-9999"]
    assert len(store.list_applications()) == 3
    form.contact_list.setCurrentRow(0)
    qtbot.mouseClick(form.remove_contact, Qt.MouseButton.LeftButton)
    form.autosave.save_now()
    assert [c.name for c in store.get_application(sample.id).contacts] == ["Jordan Ellis"]


def test_search_filters_the_list(sample, window, qtbot):
    page = window.pages["applications"]
    assert len(table_rows(page)) == 3
    page.search.setText("northwind")
    page.reload()
    assert [r[0] for r in table_rows(page)] == ["Northwind Analytics"]
    page.search.setText("nothing like this")
    page.reload()
    assert table_rows(page) == [] and page.empty.text() == "Nothing matches “nothing like this”."


def test_delete_asks_first_and_removes_it(sample, window, store, monkeypatch):
    page = window.pages["applications"]
    window.state.select(sample.id)
    asked = []
    monkeypatch.setattr(page, "confirm_delete", lambda title: asked.append(title) or False)
    page.delete_current()
    assert asked == ["Data Analyst at Northwind Analytics"]
    assert len(store.list_applications()) == 3  # "Keep it"
    monkeypatch.setattr(page, "confirm_delete", lambda title: True)
    page.delete_current()
    assert sample.id not in [a.id for a in store.list_applications()]
    assert "Northwind Analytics" not in [r[0] for r in table_rows(page)]
    assert window.state.current is None
    assert window.messages.label.text() == "Deleted Data Analyst at Northwind Analytics."


def test_closing_the_window_saves_what_was_just_typed(sample, make_window, store):
    window = make_window()
    window.state.select(sample.id)
    form = window.pages["applications"].form
    form.notes.setPlainText("Dana said the team is hiring two analysts.")
    assert form.autosave.pending  # typed, not saved yet
    window.close()
    assert store.get_application(sample.id).notes == "Dana said the team is hiring two analysts."


def test_tab_moves_through_the_form_in_reading_order(sample, window, qtbot):
    window.state.select(sample.id)
    form = window.pages["applications"].form
    form.company.setFocus()
    qtbot.keyClick(form.company, Qt.Key.Key_Tab)
    assert form.role.hasFocus()


def test_the_delete_question_keeps_by_default_and_deletes_only_when_asked(qtbot):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

    from ui.widgets.common import ask_to_delete

    parent = QWidget()
    qtbot.addWidget(parent)

    def answer(with_delete: bool):
        box = next(w for w in QApplication.topLevelWidgets()
                   if isinstance(w, QMessageBox) and w.isVisible())
        assert box.defaultButton().text() == "Keep it"
        button = next(b for b in box.buttons() if b.text() == "Delete") if with_delete \
            else box.defaultButton()
        button.click()

    for with_delete in (False, True):
        QTimer.singleShot(50, lambda w=with_delete: answer(w))
        assert ask_to_delete(parent, "Delete follow-up", "Delete it?") is with_delete


def test_the_form_shows_when_the_application_arrives_after_the_click(sample, make_window,
                                                                     deferred, qtbot):
    window = make_window()
    deferred()
    page = window.pages["applications"]
    window.state.select(None)
    deferred()
    assert page.right.currentWidget() is page.notice  # nothing picked
    window.state.select(sample.id)
    assert page.right.currentWidget() is page.notice  # still loading in a worker
    deferred()
    assert page.right.currentIndex() == 1 and page.form.company.text() == sample.company


def test_columns_fit_rows_that_arrive_after_the_window_is_shown(sample, make_window,
                                                                deferred, qtbot):
    window = make_window()
    window.resize(1280, 760)
    qtbot.wait(10)
    deferred()  # the list arrives
    qtbot.wait(10)
    table = window.pages["applications"].table
    for column in range(3):  # company, role, sent: each as wide as its longest entry
        assert table.columnWidth(column) >= table.sizeHintForColumn(column)
    window.resize(700, 760)  # too narrow for all: it scrolls sideways, nothing squeezed
    qtbot.wait(10)
    assert table.columnWidth(5) >= table.sizeHintForColumn(5)
