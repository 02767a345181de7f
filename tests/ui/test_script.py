"""The Script page: the built script, the wording check as you type, one-click fixes,
and every change kept as a new version."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from coach.models import Variant
from coach.scripts import build_script
from coach.templates import load_library

pytestmark = pytest.mark.gui

RESUME_LINE = "Uh, I'm just following up on my résumé."


@pytest.fixture
def script_page(sample, window):
    window.state.select(sample.id)
    window.go("script")
    return window.pages["script"]


def built_text(store, app_id, variant, contact_name):
    app = store.get_application(app_id)
    contact = next(c for c in app.contacts if c.name == contact_name)
    return build_script(app, contact, store.get_profile(), variant,
                        library=load_library()).text()


def type_line(page, qtbot, line: str) -> None:
    editor = page.editor
    cursor = editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # QTest types ASCII only; the rest goes in as typed text does, through the cursor
    editor.insertPlainText(line)
    page.check()  # what the lint timer does once typing pauses


def test_shows_the_built_script_for_the_advisors_variant(script_page, store, sample):
    page = script_page
    assert page.variant.currentData() == Variant.LIVE  # the advisor: call Dana
    assert page.editor.text() == built_text(store, sample.id, Variant.LIVE, "Dana Reyes")
    assert [v.version for v in store.script_versions(sample.id, "live")] == [1]
    assert page.versions.count() == 1
    assert page.objections.findChildren(type(page.objections.widget()))  # cards are there
    assert page.findings.cards == []  # the built script reads clean
    assert "Nothing to fix" in page.findings.empty.text()
    assert page.focus_meter.value() > 50
    assert page.duration.text().startswith("About ")
    assert page.duration.text().endswith(" seconds.")  # "aim for 30–90 seconds", with its unit


def test_another_variant_uses_the_matching_contact(script_page, store, sample):
    page = script_page
    page.variant.setCurrentIndex(page.variant.findData(Variant.GATEKEEPER))
    page.variant.activated.emit(page.variant.currentIndex())
    assert page.editor.text() == built_text(store, sample.id, Variant.GATEKEEPER, "Jordan Ellis")


def test_typing_a_weak_line_lists_findings_and_a_fix_applies(script_page, qtbot):
    page = script_page
    type_line(page, qtbot, RESUME_LINE)
    kinds = page.findings.kinds()
    assert {"filler", "weak_phrase", "other_focus"} <= set(kinds)
    assert page.tabs.tabText(0) == f"&Wording ({len(kinds)})"
    assert len(page.editor.extraSelections()) >= 2  # underlined in place
    start = page.editor.text().index("Uh,")
    assert page.editor.findings_at(start)  # the tooltip has something to say there

    card = next(c for c in page.findings.cards if c.finding.kind == "weak_phrase")
    assert card.apply_button is not None
    before = page.editor.text()
    card.apply_button.click()
    after = page.editor.text()
    assert after != before and "following up on my résumé" not in after
    assert card.finding.suggestion in after
    assert "weak_phrase" not in page.findings.kinds()  # checked again after the change
    page.editor.undo()
    assert page.editor.text() == before  # one step to undo


def test_autosave_keeps_the_edit_as_a_new_version(script_page, store, sample, qtbot):
    page = script_page
    type_line(page, qtbot, "How is the new dashboard project going?")
    qtbot.waitUntil(lambda: not page.autosave.pending, timeout=5000)
    versions = store.script_versions(sample.id, "live")
    assert [v.version for v in versions] == [1, 2]
    assert versions[-1].text == page.editor.text()
    assert versions[-1].text.endswith("How is the new dashboard project going?")
    assert page.versions.count() == 2 and page.status.text() == "Saved as version 2."


def test_reopening_shows_the_edited_text_not_a_fresh_build(sample, make_window, store):
    window = make_window()
    window.state.select(sample.id)
    window.go("script")
    page = window.pages["script"]
    page.editor.appendPlainText("My own closing line, thank you!")
    window.close()  # saved on close, though autosave had not fired yet
    assert store.latest_script(sample.id, "live").text.endswith("My own closing line, thank you!")
    again = make_window()
    again.state.select(sample.id)
    again.go("script")
    assert again.pages["script"].editor.text().endswith("My own closing line, thank you!")


def test_picking_an_old_version_brings_its_text_back(script_page, store, sample):
    page = script_page
    original = page.editor.text()
    page.editor.setPlainText("Hi Dana, quick one: how is the team?")
    page.autosave.save_now()
    page.versions.setCurrentIndex(page.versions.findData(1))
    page.versions.activated.emit(page.versions.currentIndex())
    assert page.editor.text() == original
    page.autosave.save_now()
    assert [v.version for v in store.script_versions(sample.id, "live")] == [1, 2, 3]
    assert store.latest_script(sample.id, "live").text == original


def test_a_missing_wording_check_says_so_in_place(sample, window, monkeypatch):
    import importlib

    from ui import work

    real = importlib.import_module

    def fake(name, *a):
        if name == "coach.lint":
            raise ModuleNotFoundError("No module named 'coach.lint'", name=name)
        return real(name, *a)

    monkeypatch.setattr(work.importlib, "import_module", fake)
    window.state.select(sample.id)
    window.go("script")
    page = window.pages["script"]
    assert page.stack.currentIndex() == 1  # the script itself is still there to edit
    assert page.editor.text()
    assert "The wording check isn't available" in page.findings.empty.text()


def test_hovering_an_underlined_phrase_explains_it(script_page, qtbot):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    page = script_page
    type_line(page, qtbot, RESUME_LINE)
    editor = page.editor
    cursor = editor.textCursor()
    cursor.setPosition(editor.text().index("following"))
    pos = editor.cursorRect(cursor).center()
    QApplication.sendEvent(editor.viewport(), QHelpEvent(QEvent.Type.ToolTip, pos,
                                                         editor.viewport().mapToGlobal(pos)))
    tip = QToolTip.text()
    assert "A phrase that undersells you" in tip and "Why:" in tip and "Try instead:" in tip


def test_advice_opens_the_script_for_its_written_route(sample, window, store):
    fabrikam = next(a for a in store.list_applications() if a.company == "Fabrikam Logistics")
    window.state.select(fabrikam.id)
    window.go("advice")
    window.pages["advice"].edit_button.click()
    assert window.current_key == "script"
    page = window.pages["script"]
    assert page.variant.currentData() == Variant.EMAIL
    assert page.editor.text().startswith("Subject: ")
    assert page.duration.text().endswith("to read aloud.")
